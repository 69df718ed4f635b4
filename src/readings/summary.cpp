// readings.summary: a patient's readings over a window of calendar days in the patient's zone
// (docs/readings.md, "Series"). Named steps: read and judge every reading, keep those in the
// window, then the home blood-pressure protocol, glucose time in range, gaps, alerts (also in the
// shape of eligibility.evaluate's facts.alerts) and the stable-course evidence.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <date/tz.h>

#include "core/dates.hpp"
#include "core/response.hpp"
#include "readings/internal.hpp"
#include "telemed/readings.hpp"

namespace telemed::readings {

namespace {

using detail::Alert;
using detail::AlertSeverity;
using detail::Band;
using detail::Outcome;
using json::ObjectReader;
using Clock = std::chrono::system_clock;

constexpr int max_window_days = 366;

// One accepted reading in the window.
struct Kept {
    std::size_t index;
    Reading reading;
    detail::Classification c;
    date::local_seconds local; // wall-clock time in the patient's zone
};

// An exact running sum of decimals (aligned to the smallest exponent seen), so that a mean is
// compared with a threshold without rounding: mean ≥ t ⇔ sum ≥ t·n.
class ExactSum {
public:
    void add(Decimal d) {
        if (!ok_) {
            return;
        }
        align(d.exponent);
        std::int64_t m = d.mantissa;
        for (int e = d.exponent; e > exponent_ && ok_; --e) {
            ok_ = !__builtin_mul_overflow(m, 10, &m);
        }
        ok_ = ok_ && !__builtin_add_overflow(sum_, m, &sum_);
        ++count_;
    }
    bool ok() const { return ok_ && count_ > 0; }
    std::size_t count() const { return count_; }
    // sum compared with threshold·count, exactly.
    std::optional<std::strong_ordering> compare_mean(Decimal threshold) const {
        const auto scaled = multiply(threshold, Decimal{static_cast<std::int64_t>(count_), 0});
        if (!ok() || !scaled) {
            return std::nullopt;
        }
        return compare(Decimal{sum_, exponent_}, *scaled);
    }
    // The mean rounded half away from zero to one decimal, as text ("131.5").
    std::string mean_text() const {
        const double mean = Decimal{sum_, exponent_}.to_double() / static_cast<double>(count_);
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.1f", std::round(mean * 10.0) / 10.0);
        return buffer;
    }

private:
    void align(std::int32_t exponent) {
        while (exponent < exponent_ && ok_) {
            ok_ = !__builtin_mul_overflow(sum_, 10, &sum_);
            --exponent_;
        }
    }
    std::int64_t sum_ = 0;
    std::int32_t exponent_ = 0;
    std::size_t count_ = 0;
    bool ok_ = true;
};

std::string one_decimal_percent(std::size_t part, std::size_t whole) {
    char buffer[32];
    const double percent = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    std::snprintf(buffer, sizeof buffer, "%.1f", std::round(percent * 10.0) / 10.0);
    return buffer;
}

// The instant a calendar day starts in the zone (the earlier one if midnight repeats; the end of
// the gap if it was skipped).
Clock::time_point day_start(date::year_month_day day, const date::time_zone* zone) {
    return dates::resolve_local(date::local_days(day), zone).instant;
}

struct Request {
    detail::Patient patient;
    std::optional<date::year_month_day> from, to;
    const json::bj::array* readings = nullptr;
};

Request read_request(ObjectReader& r, const Context& context, json::Problems& problems) {
    Request q;
    q.patient = detail::read_patient(r.value("patient", false), "/patient", context, problems);
    if (const auto* w = r.value("window", true)) {
        ObjectReader window(*w, r, "window");
        q.from = window.date("from", true);
        q.to = window.date("to", true);
        // Instants are held to 1900–2199 (dates::resolve_local): so are the window's days.
        for (const auto& [day, key] : {std::pair{&q.from, "from"}, std::pair{&q.to, "to"}}) {
            if (*day && ((*day)->year() < date::year{1900} || (*day)->year() > date::year{2199})) {
                problems.add("time_out_of_range", window.at(key));
                day->reset();
            }
        }
        window.finish();
        if (q.from && q.to) {
            const auto days = (date::sys_days(*q.to) - date::sys_days(*q.from)).count();
            if (days < 0) {
                problems.add("date_order", window.at("to"));
            } else if (days + 1 > max_window_days) {
                problems.add("out_of_range", window.at("to"), {},
                             {{"min", "1"}, {"max", std::to_string(max_window_days)}});
            }
        }
    }
    q.readings = r.array("readings", true);
    return q;
}

// Step 1: every reading judged; the accepted ones of the window kept, in time order.
struct Judged {
    std::vector<Kept> kept;
    std::size_t accepted = 0, rejected = 0, outside = 0;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> rejections;
};

Result<Judged> judge(const Context& context, const rules::View& view, rules::Trace& trace,
                     const Request& q) {
    Judged j;
    detail::Duplicates duplicates(q.readings->size());
    const auto zone = q.patient.zone;
    for (std::size_t i = 0; i < q.readings->size(); ++i) {
        const std::string pointer = json::pointer_index("/readings", i);
        Outcome o = detail::evaluate(context, view, trace, (*q.readings)[i], pointer, q.patient);
        if (o.error) {
            return *o.error;
        }
        if (o.accepted() && detail::check_duplicate(*o.reading, view, trace, duplicates, i, pointer,
                                                    "/readings/", o.problems)) {
            o.reading.reset();
        }
        if (!o.accepted()) {
            ++j.rejected;
            std::vector<std::string> codes;
            for (const auto& p : o.problems.all()) {
                if (p.severity == Severity::error) {
                    codes.push_back(p.code);
                }
            }
            j.rejections.emplace_back(i, std::move(codes));
            continue;
        }
        ++j.accepted;
        const auto local =
            zone->to_local(date::floor<std::chrono::seconds>(o.reading->measured_at.instant));
        const date::year_month_day day{date::floor<date::days>(local)};
        if (date::sys_days(day) < date::sys_days(*q.from) ||
            date::sys_days(day) > date::sys_days(*q.to)) {
            ++j.outside;
            continue;
        }
        j.kept.push_back(Kept{i, std::move(*o.reading), std::move(o.classification), local});
    }
    std::stable_sort(j.kept.begin(), j.kept.end(), [](const Kept& a, const Kept& b) {
        return a.reading.measured_at.instant < b.reading.measured_at.instant;
    });
    return j;
}

// Step 2: the home blood-pressure protocol over the window's last `days` days, the first of them
// dropped.
struct Protocol {
    const rules::Rule* rule = nullptr;
    date::year_month_day first, dropped, last;
    std::size_t days = 0, complete_days = 0;
    ExactSum systolic, diastolic;
    std::optional<bool> above_home_threshold, above_target;
};

Protocol home_protocol(const rules::View& view, rules::Trace& trace, const Request& q,
                       const Judged& j) {
    Protocol p;
    const bool any_home = std::any_of(j.kept.begin(), j.kept.end(), [](const Kept& k) {
        return k.reading.blood_pressure && k.reading.setting == Setting::home;
    });
    // Without home blood-pressure readings there is no protocol (null), and the rule is not
    // applied.
    p.rule = any_home ? view.use("readings.bp.home_protocol", trace) : nullptr;
    if (p.rule == nullptr) {
        return p;
    }
    const auto days = p.rule->integer("days");
    const auto window_days = (date::sys_days(*q.to) - date::sys_days(*q.from)).count() + 1;
    const auto span = std::min<std::int64_t>(days, window_days);
    p.last = *q.to;
    p.first = date::year_month_day{date::sys_days(*q.to) - date::days{span - 1}};
    p.dropped = p.first;
    p.days = static_cast<std::size_t>(span - 1);
    const auto hour_in = [&](long hour, const char* from, const char* to) {
        return hour >= p.rule->integer(from) && hour < p.rule->integer(to);
    };
    std::vector<std::pair<bool, bool>> sessions(p.days); // per day kept: morning, evening
    for (const auto& k : j.kept) {
        if (!k.reading.blood_pressure || k.reading.setting != Setting::home) {
            continue;
        }
        const auto day = date::floor<date::days>(k.local);
        const auto offset = (day - date::local_days(p.dropped)).count();
        if (offset < 1 || offset > static_cast<long>(p.days)) {
            continue; // outside the protocol's days, or the dropped first day
        }
        const long hour = date::hh_mm_ss(k.local - day).hours().count();
        const bool morning = hour_in(hour, "morning_from_hour", "morning_to_hour");
        const bool evening = hour_in(hour, "evening_from_hour", "evening_to_hour");
        if (!morning && !evening) {
            continue;
        }
        auto& s = sessions[static_cast<std::size_t>(offset - 1)];
        (morning ? s.first : s.second) = true;
        p.systolic.add(k.c.systolic_mmhg);
        p.diastolic.add(k.c.diastolic_mmhg);
    }
    p.complete_days = static_cast<std::size_t>(
        std::count(sessions.begin(), sessions.end(), std::pair<bool, bool>{true, true}));
    if (!p.systolic.ok() || !p.diastolic.ok()) {
        return p;
    }
    const auto at_or_above = [&](const ExactSum& sum, Decimal t) {
        const auto order = sum.compare_mean(t);
        return order && *order >= 0;
    };
    if (const auto* home = view.use("readings.bp.home_threshold", trace)) {
        p.above_home_threshold = at_or_above(p.systolic, home->decimal("systolic_from")) ||
                                 at_or_above(p.diastolic, home->decimal("diastolic_from"));
    }
    std::optional<detail::BloodPressureTarget> target = q.patient.blood_pressure_target;
    if (!target) {
        if (const auto* rule = view.use("readings.bp.target_default", trace)) {
            target = detail::BloodPressureTarget{rule->decimal("systolic_below"),
                                                 rule->decimal("diastolic_below")};
        }
    }
    if (target) {
        p.above_target = at_or_above(p.systolic, target->systolic_below) ||
                         at_or_above(p.diastolic, target->diastolic_below);
    }
    return p;
}

// Step 3: glucose readings below, within and above the range.
struct TimeInRange {
    const rules::Rule* rule = nullptr;
    std::size_t total = 0, very_low = 0, low = 0, in_range = 0, high = 0;
};

TimeInRange time_in_range(const rules::View& view, rules::Trace& trace, const Judged& j) {
    TimeInRange t;
    const bool any = std::any_of(j.kept.begin(), j.kept.end(),
                                 [](const Kept& k) { return k.reading.glucose.has_value(); });
    t.rule = any ? view.use("readings.glucose.time_in_range", trace) : nullptr;
    if (t.rule == nullptr) {
        return t;
    }
    const Unit unit = detail::rule_unit(*t.rule);
    for (const auto& k : j.kept) {
        if (!k.reading.glucose) {
            continue;
        }
        ++t.total;
        const auto& g = *k.reading.glucose;
        if (k.c.glucose_band == Band::hypoglycaemia_level_2) {
            ++t.very_low;
            continue;
        }
        if (g.value.censoring != Measured::Censoring::none) {
            ++(g.value.censoring == Measured::Censoring::below_device_range ? t.low : t.high);
            continue;
        }
        const auto low = detail::compare_in_units(view, trace, g.value.value, g.unit,
                                                  t.rule->decimal("low"), unit);
        const auto high = detail::compare_in_units(view, trace, g.value.value, g.unit,
                                                   t.rule->decimal("high"), unit);
        if (low && *low < 0) {
            ++t.low;
        } else if (high && *high <= 0) {
            ++t.in_range;
        } else {
            ++t.high;
        }
    }
    return t;
}

// Step 4: stretches without a reading longer than the rule's hours, from the window's first
// instant to its last (or now, when the window reaches past it).
struct Gap {
    Clock::time_point from, to;
    long hours;
};

std::vector<Gap> gaps(const Context& context, const rules::View& view, rules::Trace& trace,
                      const Request& q, const Judged& j) {
    std::vector<Gap> out;
    const auto* rule = view.use("readings.gaps", trace);
    if (rule == nullptr) {
        return out;
    }
    const auto zone = q.patient.zone;
    const auto start = day_start(*q.from, zone);
    const auto end =
        std::min(context.now(),
                 day_start(date::year_month_day{date::sys_days(*q.to) + date::days{1}}, zone));
    const std::chrono::hours limit{rule->integer("hours")};
    auto previous = start;
    const auto consider = [&](Clock::time_point next) {
        if (next - previous > limit) {
            out.push_back({previous, next,
                           static_cast<long>(
                               std::chrono::floor<std::chrono::hours>(next - previous).count())});
        }
        previous = std::max(previous, next);
    };
    for (const auto& k : j.kept) {
        consider(k.reading.measured_at.instant);
    }
    if (end > previous) {
        consider(end);
    }
    return out;
}

std::string local_date(Clock::time_point instant, const date::time_zone* zone) {
    return json::format_date(dates::calendar_date(instant, zone));
}

std::string zoned_text(Clock::time_point instant, const date::time_zone* zone) {
    return dates::format_date_time(instant, dates::utc_offset(instant, zone));
}

// Step 5: the alerts, each with its date in the patient's zone.
struct DatedAlert {
    std::string date;
    std::optional<std::size_t> index; // the reading's; none for a gap
    Alert alert;
};

std::vector<DatedAlert> alerts(const Request& q, const Judged& j, const std::vector<Gap>& found,
                               const rules::View& view, rules::Trace& trace) {
    std::vector<DatedAlert> out;
    for (const auto& k : j.kept) {
        for (const auto& a : k.c.alerts) {
            out.push_back({k.c.local_date, k.index, a});
        }
    }
    const auto* rule = found.empty() ? nullptr : view.use("readings.gaps", trace);
    for (const auto& gap : found) {
        Alert a{"readings_gap",
                AlertSeverity::warning,
                nullptr,
                {{"hours", std::to_string(gap.hours)},
                 {"from", zoned_text(gap.from, q.patient.zone)},
                 {"to", zoned_text(gap.to, q.patient.zone)}}};
        a.rule = rule;
        a.action_param.clear();
        out.push_back({local_date(gap.to, q.patient.zone), std::nullopt, std::move(a)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const DatedAlert& a, const DatedAlert& b) { return a.date < b.date; });
    return out;
}

void write_protocol(json::Writer& out, const Protocol& p) {
    out.key("home_protocol");
    if (p.rule == nullptr) {
        out.null();
        return;
    }
    out.begin_object();
    out.member("first_day", json::format_date(p.first));
    out.member("dropped_day", json::format_date(p.dropped));
    out.member("last_day", json::format_date(p.last));
    out.key("days").integer(static_cast<std::int64_t>(p.days));
    out.key("days_with_both_sessions").integer(static_cast<std::int64_t>(p.complete_days));
    out.key("complete").boolean(p.days > 0 && p.complete_days == p.days);
    out.key("readings").integer(static_cast<std::int64_t>(p.systolic.count()));
    if (p.systolic.ok() && p.diastolic.ok()) {
        out.key("systolic_mean").number(*Decimal::parse(p.systolic.mean_text()));
        out.key("diastolic_mean").number(*Decimal::parse(p.diastolic.mean_text()));
    } else {
        out.key("systolic_mean").null().key("diastolic_mean").null();
    }
    out.key("above_home_threshold");
    p.above_home_threshold ? out.boolean(*p.above_home_threshold) : out.null();
    out.key("above_target");
    p.above_target ? out.boolean(*p.above_target) : out.null();
    out.end_object();
}

void write_time_in_range(json::Writer& out, const TimeInRange& t) {
    out.key("time_in_range");
    if (t.rule == nullptr) {
        out.null();
        return;
    }
    const auto n = [](std::size_t v) { return static_cast<std::int64_t>(v); };
    out.begin_object();
    out.key("readings").integer(n(t.total));
    out.key("very_low").integer(n(t.very_low));
    out.key("low").integer(n(t.low));
    out.key("in_range").integer(n(t.in_range));
    out.key("high").integer(n(t.high));
    out.key("percent_in_range").number(*Decimal::parse(one_decimal_percent(t.in_range, t.total)));
    out.end_object();
}

} // namespace

Response summarize(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    auto view = rules::View::select(context, "readings", context.today());
    if (!view.ok()) {
        return core::fail(view.error());
    }
    rules::Trace trace;
    json::Problems problems;
    ObjectReader r(parsed.value(), "", problems);
    const Request q = read_request(r, context, problems);
    r.finish();
    if (problems.has_errors() || q.readings == nullptr || !q.from || !q.to) {
        return core::reject(trace, problems.take());
    }
    auto judged = judge(context, view.value(), trace, q);
    if (!judged.ok()) {
        return core::fail(judged.error());
    }
    const Judged& j = judged.value();
    const Protocol protocol = home_protocol(view.value(), trace, q, j);
    const TimeInRange tir = time_in_range(view.value(), trace, j);
    const auto found_gaps = gaps(context, view.value(), trace, q, j);
    const auto all_alerts = alerts(q, j, found_gaps, view.value(), trace);

    json::Writer out = core::begin();
    out.key("window").begin_object().member("from", json::format_date(*q.from));
    out.member("to", json::format_date(*q.to)).member("zone", q.patient.zone_name).end_object();
    const auto n = [](std::size_t v) { return static_cast<std::int64_t>(v); };
    out.key("readings").begin_object();
    out.key("total").integer(n(q.readings->size()));
    out.key("accepted").integer(n(j.accepted)).key("rejected").integer(n(j.rejected));
    out.key("outside_window").integer(n(j.outside)).key("in_window").integer(n(j.kept.size()));
    out.end_object();
    out.key("rejected").begin_array();
    for (const auto& [index, codes] : j.rejections) {
        out.begin_object().key("index").integer(n(index)).key("codes").begin_array();
        for (const auto& code : codes) {
            out.string(code);
        }
        out.end_array().end_object();
    }
    out.end_array();
    out.key("blood_pressure").begin_object();
    write_protocol(out, protocol);
    out.end_object();
    out.key("glucose").begin_object();
    write_time_in_range(out, tir);
    out.end_object();
    out.key("gaps").begin_array();
    for (const auto& g : found_gaps) {
        out.begin_object()
            .member("from", zoned_text(g.from, q.patient.zone))
            .member("to", zoned_text(g.to, q.patient.zone))
            .key("hours")
            .integer(g.hours)
            .end_object();
    }
    out.end_array();
    out.key("alerts").begin_array();
    for (const auto& a : all_alerts) {
        out.begin_object().member("date", a.date).key("index");
        a.index ? out.integer(n(*a.index)) : out.null();
        out.key("alert");
        detail::write_alert(out, a.alert);
        out.end_object();
    }
    out.end_array();
    // The alerts as eligibility.evaluate reads them (facts.alerts): urgent stays urgent, a
    // warning is routine, information is left out.
    out.key("facts").begin_object().key("alerts").begin_array();
    for (const auto& a : all_alerts) {
        if (a.alert.severity == AlertSeverity::info) {
            continue;
        }
        out.begin_object().member("date", a.date);
        out.member("severity", a.alert.severity == AlertSeverity::urgent ? "urgent" : "routine");
        out.end_object();
    }
    out.end_array().end_object();
    // Stable course: the evidence always; a verdict only under the (unconfirmed) rule.
    const auto urgent = static_cast<std::size_t>(
        std::count_if(all_alerts.begin(), all_alerts.end(), [](const DatedAlert& a) {
            return a.alert.severity == AlertSeverity::urgent;
        }));
    out.key("stable_course").begin_object();
    out.key("evidence").begin_object();
    out.key("readings").integer(n(j.kept.size()));
    out.key("urgent_alerts").integer(n(urgent));
    out.key("hypoglycaemia_level_2").integer(n(tir.very_low));
    out.key("gaps").integer(n(found_gaps.size()));
    out.key("home_average_above_target");
    protocol.above_target ? out.boolean(*protocol.above_target) : out.null();
    out.key("percent_in_range");
    tir.total > 0 ? out.number(*Decimal::parse(one_decimal_percent(tir.in_range, tir.total)))
                  : out.null();
    out.end_object();
    if (const auto* rule = view.value().use("readings.summary.stable_course", trace)) {
        std::vector<std::string> reasons;
        if (j.kept.size() < static_cast<std::size_t>(rule->integer("min_readings"))) {
            reasons.emplace_back("too_few_readings");
        }
        if (urgent > 0) {
            reasons.emplace_back("urgent_alerts");
        }
        if (tir.very_low > 0) {
            reasons.emplace_back("hypoglycaemia_level_2");
        }
        if (!found_gaps.empty()) {
            reasons.emplace_back("gaps");
        }
        if (protocol.above_target.value_or(false)) {
            reasons.emplace_back("home_average_above_target");
        }
        if (tir.total > 0 &&
            tir.in_range * 100 <
                tir.total * static_cast<std::size_t>(rule->integer("min_percent_in_range"))) {
            reasons.emplace_back("time_in_range_below_minimum");
        }
        out.key("assessed").boolean(true).key("stable").boolean(reasons.empty());
        out.key("reasons").begin_array();
        for (const auto& reason : reasons) {
            out.string(reason);
        }
        out.end_array();
    } else {
        out.key("assessed").boolean(false);
    }
    out.end_object();
    core::write_problems(out, problems.all());
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::readings
