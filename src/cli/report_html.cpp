// The HTML report of `telemed readings --report`: one self-contained page, an inline SVG chart per
// patient (blood pressure with its target band, glucose with its target range, alerts marked). No
// script and no external resource, every text escaped, only the opaque patient_ref (no names or
// dates of birth: the readings carry none).
#include "readings_model.hpp"
#include "texts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace telemed_cli {

namespace {

constexpr double chart_width = 960;
constexpr double margin_left = 56;
constexpr double margin_right = 132;
constexpr double bp_top = 34;
constexpr double bp_bottom = 274;
constexpr double glucose_top = 334;
constexpr double glucose_bottom = 494;
constexpr double chart_height = 530;

std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string num(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string whole(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
}

// Maps instants and values to the panel's pixels.
struct Scale {
    std::int64_t t0;
    std::int64_t t1;
    double v0;
    double v1;
    double top;
    double bottom;
    [[nodiscard]] double x(std::int64_t t) const {
        return margin_left + static_cast<double>(t - t0) / static_cast<double>(t1 - t0) *
                                 (chart_width - margin_left - margin_right);
    }
    [[nodiscard]] double y(double v) const {
        return bottom - (std::clamp(v, v0, v1) - v0) / (v1 - v0) * (bottom - top);
    }
};

// The time span of both series, padded so that a single reading still has room.
std::pair<std::int64_t, std::int64_t> time_span(const PatientStats& p) {
    std::int64_t first = INT64_MAX;
    std::int64_t last = INT64_MIN;
    for (const Series* series : {p.blood_pressure.get(), p.glucose.get()}) {
        for (const ChartPoint& point : series->points())
            first = std::min(first, point.t_ms), last = std::max(last, point.t_ms);
        for (const AlertMarker& marker : series->alerts())
            first = std::min(first, marker.t_ms), last = std::max(last, marker.t_ms);
    }
    if (first > last)
        first = last = 0;
    const std::int64_t pad = std::max<std::int64_t>((last - first) / 40, 3'600'000);
    return {first - pad, last + pad};
}

void grid(std::ostringstream& svg, const Scale& scale, double step) {
    for (double v = std::ceil(scale.v0 / step) * step; v <= scale.v1 + 1e-9; v += step) {
        svg << "<line class=\"grid\" x1=\"" << margin_left << "\" x2=\""
            << chart_width - margin_right << "\" y1=\"" << num(scale.y(v)) << "\" y2=\""
            << num(scale.y(v)) << "\"/>"
            << "<text class=\"tick\" x=\"" << margin_left - 6 << "\" y=\"" << num(scale.y(v) + 4)
            << "\" text-anchor=\"end\">" << whole(v) << "</text>";
    }
}

// Date labels: at the local midnights (every k days, at most 8 labels) for spans up to 400 days,
// else at even intervals labelled with the month.
void date_ticks(std::ostringstream& svg, const Scale& scale, int offset_minutes) {
    constexpr std::int64_t day = 86'400'000;
    const std::int64_t offset = std::int64_t{offset_minutes} * 60'000;
    const std::int64_t days = (scale.t1 - scale.t0) / day + 1;
    const auto label = [&](std::int64_t t, const std::string& text) {
        svg << "<line class=\"grid\" x1=\"" << num(scale.x(t)) << "\" x2=\"" << num(scale.x(t))
            << "\" y1=\"" << num(scale.top) << "\" y2=\"" << num(scale.bottom)
            << "\"/><text class=\"tick\" x=\"" << num(scale.x(t)) << "\" y=\""
            << num(scale.bottom + 18) << "\" text-anchor=\"middle\">" << text << "</text>";
    };
    if (days > 400) {
        for (int i = 0; i <= 6; ++i) {
            const std::int64_t t = scale.t0 + (scale.t1 - scale.t0) * i / 6;
            label(t, civil_date(t, offset_minutes).substr(0, 7));
        }
        return;
    }
    const std::int64_t step = (days + 7) / 8 * day;
    // The first local midnight at or after the start.
    std::int64_t t = ((scale.t0 + offset) / day + 1) * day - offset;
    for (; t <= scale.t1; t += step)
        label(t, civil_date(t, offset_minutes).substr(5));
}

void band(std::ostringstream& svg, const Scale& scale, double from, double to,
          const std::string& title) {
    svg << "<rect class=\"band\" x=\"" << margin_left << "\" width=\""
        << chart_width - margin_left - margin_right << "\" y=\"" << num(scale.y(to))
        << "\" height=\"" << num(scale.y(from) - scale.y(to)) << "\"><title>" << escape(title)
        << "</title></rect>";
}

void limit_line(std::ostringstream& svg, const Scale& scale, double value, const char* css,
                const std::string& text) {
    svg << "<line class=\"" << css << "\" x1=\"" << margin_left << "\" x2=\""
        << chart_width - margin_right << "\" y1=\"" << num(scale.y(value)) << "\" y2=\""
        << num(scale.y(value)) << "\"/><text class=\"limit-label\" x=\""
        << chart_width - margin_right + 6 << "\" y=\"" << num(scale.y(value) + 4)
        << "\" text-anchor=\"start\">" << escape(text) << "</text>";
}

// The range of each downsampled point (lowest to highest reading it pools), drawn under its line.
void envelope(std::ostringstream& svg, const Scale& scale, const std::vector<ChartPoint>& points,
              bool second, const char* css) {
    bool pooled = false;
    for (const ChartPoint& p : points)
        pooled = pooled || (second ? p.b_low != p.b_high : p.a_low != p.a_high);
    if (!pooled)
        return;
    svg << "<polygon class=\"" << css << "-range\" points=\"";
    for (const ChartPoint& p : points)
        svg << num(scale.x(p.t_ms)) << ',' << num(scale.y(second ? p.b_high : p.a_high)) << ' ';
    for (auto p = points.rbegin(); p != points.rend(); ++p)
        svg << num(scale.x(p->t_ms)) << ',' << num(scale.y(second ? p->b_low : p->a_low)) << ' ';
    svg << "\"/>";
}

void line_series(std::ostringstream& svg, const Scale& scale, const std::vector<ChartPoint>& points,
                 bool second, const char* css) {
    if (points.empty())
        return;
    svg << "<polyline class=\"" << css << "\" points=\"";
    for (const ChartPoint& p : points)
        svg << num(scale.x(p.t_ms)) << ',' << num(scale.y(second ? p.b : p.a)) << ' ';
    svg << "\"/>";
    if (points.size() > 120)
        return; // dense series: the line alone reads better
    for (const ChartPoint& p : points)
        svg << "<circle class=\"" << css << "-dot\" r=\"2.5\" cx=\"" << num(scale.x(p.t_ms))
            << "\" cy=\"" << num(scale.y(second ? p.b : p.a)) << "\"/>";
}

void alert_markers(std::ostringstream& svg, const Scale& scale, const Series& series,
                   int offset_minutes) {
    for (const AlertMarker& marker : series.alerts())
        svg << "<g class=\"alert " << escape(*marker.severity) << "\"><circle r=\""
            << (*marker.severity == "info" ? "3" : "7") << "\" cx=\"" << num(scale.x(marker.t_ms))
            << "\" cy=\"" << num(scale.y(marker.value)) << "\"/><title>"
            << civil_date(marker.t_ms, offset_minutes) << ' ' << escape(*marker.severity) << ' '
            << escape(*marker.code) << "</title></g>";
}

void bp_panel(std::ostringstream& svg, const PatientStats& p, const ChartThresholds& th,
              std::pair<std::int64_t, std::int64_t> span, Lang lang) {
    const Series& series = *p.blood_pressure;
    const auto points = series.points();
    double low = 40;
    double high = std::max(200.0, th.bp_urgent_systolic + 20);
    for (const ChartPoint& point : points)
        low = std::min(low, std::floor(point.b / 20) * 20),
        high = std::max(high, std::ceil(point.a / 20) * 20);
    const Scale scale{span.first, span.second, low, high, bp_top, bp_bottom};
    const double systolic_target =
        p.bp_target_systolic > 0 ? p.bp_target_systolic : th.bp_systolic_target;
    const double diastolic_target =
        p.bp_target_diastolic > 0 ? p.bp_target_diastolic : th.bp_diastolic_target;
    svg << "<g class=\"panel bp\"><text class=\"panel-title\" x=\"" << margin_left << "\" y=\"16\">"
        << escape(tr(lang, "report.bp_title")) << "</text>";
    band(svg, scale, diastolic_target, systolic_target, tr(lang, "report.bp_band"));
    grid(svg, scale, 20);
    limit_line(svg, scale, systolic_target, "target",
               std::string(tr(lang, "report.sys_target")) + " < " + whole(systolic_target));
    limit_line(svg, scale, diastolic_target, "target",
               std::string(tr(lang, "report.dia_target")) + " < " + whole(diastolic_target));
    limit_line(svg, scale, th.bp_urgent_systolic, "urgent-line",
               std::string(tr(lang, "report.urgent")) + " ≥ " + whole(th.bp_urgent_systolic));
    if (points.empty())
        svg << "<text class=\"empty\" x=\"480\" y=\"150\" text-anchor=\"middle\">"
            << escape(tr(lang, "report.no_bp")) << "</text>";
    date_ticks(svg, scale, p.utc_offset_minutes); // under the series
    envelope(svg, scale, points, false, "sys");
    envelope(svg, scale, points, true, "dia");
    line_series(svg, scale, points, false, "sys");
    line_series(svg, scale, points, true, "dia");
    alert_markers(svg, scale, series, p.utc_offset_minutes);
    svg << "</g>";
}

void glucose_panel(std::ostringstream& svg, const PatientStats& p, const ChartThresholds& th,
                   std::pair<std::int64_t, std::int64_t> span, Lang lang) {
    const Series& series = *p.glucose;
    const auto points = series.points();
    double high = 15;
    for (const ChartPoint& point : points)
        high = std::max(high, std::ceil(point.a / 5) * 5);
    const Scale scale{span.first, span.second, 0, high, glucose_top, glucose_bottom};
    svg << "<g class=\"panel glucose\"><text class=\"panel-title\" x=\"" << margin_left << "\" y=\""
        << glucose_top - 18 << "\">" << escape(tr(lang, "report.glucose_title")) << "</text>";
    band(svg, scale, th.glucose_low, th.glucose_high,
         std::string(tr(lang, "report.glucose_band")) + " " + num(th.glucose_low) + "–" +
             num(th.glucose_high));
    grid(svg, scale, 5);
    if (points.empty())
        svg << "<text class=\"empty\" x=\"480\" y=\"420\" text-anchor=\"middle\">"
            << escape(tr(lang, "report.no_glucose")) << "</text>";
    date_ticks(svg, scale, p.utc_offset_minutes); // under the series
    envelope(svg, scale, points, false, "glu");
    line_series(svg, scale, points, false, "glu");
    alert_markers(svg, scale, series, p.utc_offset_minutes);
    svg << "</g>";
}

std::string chart(const PatientStats& p, const ChartThresholds& th, Lang lang) {
    std::ostringstream svg;
    svg << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << chart_width
        << ' ' << chart_height << "\" role=\"img\" aria-label=\""
        << escape(tr(lang, "report.chart_label")) << ' ' << escape(p.ref) << "\" data-patient=\""
        << escape(p.ref) << "\">";
    const auto span = time_span(p);
    bp_panel(svg, p, th, span, lang);
    glucose_panel(svg, p, th, span, lang);
    svg << "</svg>";
    return svg.str();
}

std::string legend(Lang lang) {
    std::ostringstream out;
    out << "<ul class=\"legend\"><li><span class=\"key sys\"></span>"
        << escape(tr(lang, "report.legend_sys")) << "</li>"
        << "<li><span class=\"key dia\"></span>" << escape(tr(lang, "report.legend_dia")) << "</li>"
        << "<li><span class=\"key glu\"></span>" << escape(tr(lang, "report.legend_glu")) << "</li>"
        << "<li><span class=\"key band\"></span>" << escape(tr(lang, "report.legend_band"))
        << "</li>"
        << "<li><span class=\"key ring urgent\"></span>" << escape(tr(lang, "report.legend_urgent"))
        << "</li>"
        << "<li><span class=\"key ring warning\"></span>"
        << escape(tr(lang, "report.legend_warning")) << "</li>"
        << "<li><span class=\"key ring info\"></span>" << escape(tr(lang, "report.legend_info"))
        << "</li></ul>";
    return out.str();
}

std::string mean(double sum, std::size_t n) {
    return n == 0 ? "—" : num(sum / static_cast<double>(n));
}

std::string patient_section(const PatientStats& p, const ChartThresholds& th, Lang lang) {
    std::ostringstream out;
    const auto count = [&p](const char* severity) {
        const auto found = p.severities.find(severity);
        return found == p.severities.end() ? std::size_t{0} : found->second;
    };
    out << "<section class=\"patient\"><h2>" << escape(tr(lang, "report.patient")) << ' '
        << escape(p.ref) << "</h2><dl class=\"facts\">"
        << "<div><dt>" << escape(tr(lang, "readings.col.accepted")) << "</dt><dd>" << p.accepted
        << "</dd></div>"
        << "<div><dt>" << escape(tr(lang, "readings.col.rejected")) << "</dt><dd>" << p.rejected
        << "</dd></div>"
        << "<div><dt>" << escape(tr(lang, "report.bp_mean")) << "</dt><dd>"
        << (p.bp_count ? mean(p.systolic_sum, p.bp_count) + "/" + mean(p.diastolic_sum, p.bp_count)
                       : "—")
        << "</dd></div>"
        << "<div><dt>" << escape(tr(lang, "report.glucose_mean")) << "</dt><dd>"
        << mean(p.glucose_sum, p.glucose_count) << "</dd></div>"
        << "<div><dt>" << escape(tr(lang, "report.alerts"))
        << "</dt><dd><span class=\"sev urgent\">" << count("urgent")
        << "</span> / <span class=\"sev warning\">" << count("warning")
        << "</span> / <span class=\"sev info\">" << count("info") << "</span></dd></div></dl>"
        << chart(p, th, lang);
    const std::size_t hidden = p.blood_pressure->alerts_total() + p.glucose->alerts_total() -
                               p.blood_pressure->alerts().size() - p.glucose->alerts().size();
    if (hidden > 0)
        out << "<p class=\"note\">" << hidden << ' ' << escape(tr(lang, "report.alerts_hidden"))
            << "</p>";
    out << "</section>";
    return out.str();
}

constexpr const char* style = R"(
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
header{background:#24476b;color:#fff;padding:20px 32px}header h1{margin:0 0 6px;font-size:24px}header p{margin:0;opacity:.9}
main{padding:16px 32px 32px;max-width:1040px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:18px;padding:0;margin:8px 0 16px;font-size:13px}
.key{display:inline-block;width:22px;height:10px;margin-right:6px;vertical-align:middle}
.key.sys{background:#b3261e}.key.dia{background:#1f5fa8}.key.glu{background:#6b3fa0}.key.band{background:#cfe8d4;border:1px solid #7fb88c}
.key.ring{width:12px;height:12px;border-radius:50%;background:#fff;border:3px solid}.key.urgent{border-color:#d32f2f}.key.warning{border-color:#ef8a00}.key.info{border-color:#7a8794}
section.patient{background:#fff;border:1px solid #d5dce3;border-radius:8px;padding:16px 20px;margin:0 0 20px}
section.patient h2{margin:0 0 10px;font-size:19px}
dl.facts{display:flex;flex-wrap:wrap;gap:28px;margin:0 0 10px}dl.facts div{min-width:90px}dt{font-size:12px;color:#5b6875}dd{margin:2px 0 0;font-size:17px;font-weight:bold}
.sev.urgent{color:#d32f2f}.sev.warning{color:#b86a00}.sev.info{color:#5b6875}
svg.chart{width:100%;height:auto;display:block}
.band{fill:#cfe8d4;opacity:.75}.grid{stroke:#e3e8ed;stroke-width:1}.tick,.unit{font-size:11px;fill:#5b6875}.panel-title{font-size:14px;font-weight:bold;fill:#1d2733}
.target{stroke:#3d8b4f;stroke-width:1;stroke-dasharray:5 4}.urgent-line{stroke:#d32f2f;stroke-width:1;stroke-dasharray:2 3}.limit-label{font-size:11px;fill:#3d6b47}
polyline{fill:none;stroke-width:2}polyline.sys{stroke:#b3261e}polyline.dia{stroke:#1f5fa8}polyline.glu{stroke:#6b3fa0}
.sys-range{fill:#b3261e;opacity:.13}.dia-range{fill:#1f5fa8;opacity:.13}.glu-range{fill:#6b3fa0;opacity:.13}
.sys-dot{fill:#b3261e}.dia-dot{fill:#1f5fa8}.glu-dot{fill:#6b3fa0}
.alert circle{fill:none;stroke-width:3}.alert.info circle{stroke-width:1.2}.alert.urgent circle{stroke:#d32f2f}.alert.warning circle{stroke:#ef8a00}.alert.info circle{stroke:#7a8794}
.empty{font-size:13px;fill:#7a8794}.note{font-size:13px;color:#5b6875}
table.summary{border-collapse:collapse;margin:8px 0 20px;background:#fff;font-size:13px}table.summary th,table.summary td{border:1px solid #d5dce3;padding:4px 10px;text-align:right}table.summary th:first-child,table.summary td:first-child{text-align:left}
footer{padding:0 32px 24px;font-size:12px;color:#5b6875;max-width:1040px}
)";

} // namespace

void render_report(std::ostream& html, const ReadingsStats& stats,
                   const std::vector<std::string>& files, Lang lang) {
    html << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::ru ? "ru" : "en")
         << "\"><head><meta charset=\"utf-8\">"
         << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
            "'unsafe-inline'\">"
         << "<title>" << escape(tr(lang, "report.title")) << "</title><style>" << style
         << "</style></head><body><header><h1>" << escape(tr(lang, "report.title")) << "</h1><p>";
    for (std::size_t i = 0; i < files.size(); ++i)
        html << (i ? ", " : "") << escape(files[i]);
    html << " — " << escape(tr(lang, "readings.lines")) << ' ' << stats.lines() << ", "
         << escape(tr(lang, "demo.kir.accepted")) << ' ' << stats.accepted() << ", "
         << escape(tr(lang, "demo.kir.rejected_count")) << ' ' << stats.rejected()
         << " · libtelemed " << escape(tm_version_string()) << "</p></header><main>"
         << legend(lang);
    std::size_t charted = 0;
    for (const auto& patient : stats.patients()) {
        if (!patient->blood_pressure)
            break;
        html << patient_section(*patient, stats.thresholds(), lang);
        ++charted;
    }
    html << "</main><footer><p>" << escape(tr(lang, "report.limits")) << ' '
         << ReadingsLimits::report_patients << ", " << ReadingsLimits::chart_points << ", "
         << ReadingsLimits::alert_markers << ", " << ReadingsLimits::info_markers << ".</p>";
    if (stats.patients().size() > charted)
        html << "<p>" << stats.patients().size() - charted << ' '
             << escape(tr(lang, "report.more_patients")) << "</p>";
    html << "</footer></body></html>\n";
}

} // namespace telemed_cli
