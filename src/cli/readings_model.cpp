#include "readings_model.hpp"

#include <algorithm>

namespace telemed_cli {

namespace json = boost::json;

void Series::add(const ChartPoint& point) {
    if (count_ == 0)
        base_ms_ = point.t_ms;
    ++count_;
    if (buckets_.empty() || buckets_.back().n == width_)
        buckets_.push_back({0, 0, 0, point.a, point.a, point.b, point.b, 0});
    Bucket& bucket = buckets_.back();
    bucket.a_low = std::min(bucket.a_low, point.a);
    bucket.a_high = std::max(bucket.a_high, point.a);
    bucket.b_low = std::min(bucket.b_low, point.b);
    bucket.b_high = std::max(bucket.b_high, point.b);
    bucket.t_sum += point.t_ms - base_ms_;
    bucket.a_sum += point.a;
    bucket.b_sum += point.b;
    ++bucket.n;
    if (buckets_.size() > max_points_)
        merge_pairs();
}

void Series::merge_pairs() {
    std::vector<Bucket> merged;
    merged.reserve(buckets_.size() / 2 + 1);
    for (std::size_t i = 0; i < buckets_.size(); i += 2) {
        Bucket bucket = buckets_[i];
        if (i + 1 < buckets_.size()) {
            bucket.t_sum += buckets_[i + 1].t_sum;
            bucket.a_sum += buckets_[i + 1].a_sum;
            bucket.b_sum += buckets_[i + 1].b_sum;
            bucket.n += buckets_[i + 1].n;
            bucket.a_low = std::min(bucket.a_low, buckets_[i + 1].a_low);
            bucket.a_high = std::max(bucket.a_high, buckets_[i + 1].a_high);
            bucket.b_low = std::min(bucket.b_low, buckets_[i + 1].b_low);
            bucket.b_high = std::max(bucket.b_high, buckets_[i + 1].b_high);
        }
        merged.push_back(bucket);
    }
    buckets_ = std::move(merged);
    width_ *= 2;
}

void MarkerPool::add(const AlertMarker& marker) {
    if (offered_++ % stride_ != 0)
        return;
    markers_.push_back(marker);
    if (markers_.size() <= cap_)
        return;
    std::vector<AlertMarker> kept;
    for (std::size_t i = 0; i < markers_.size(); i += 2)
        kept.push_back(markers_[i]);
    markers_ = std::move(kept);
    stride_ *= 2;
}

void Series::add_alert(const AlertMarker& marker) {
    ++alerts_total_;
    (*marker.severity == "info" ? info_ : serious_).add(marker);
}

std::vector<AlertMarker> Series::alerts() const {
    std::vector<AlertMarker> out = info_.markers();
    out.insert(out.end(), serious_.markers().begin(), serious_.markers().end());
    return out;
}

std::vector<ChartPoint> Series::points() const {
    std::vector<ChartPoint> out;
    out.reserve(buckets_.size());
    for (const Bucket& bucket : buckets_) {
        const double n = static_cast<double>(bucket.n);
        out.push_back({base_ms_ + bucket.t_sum / static_cast<std::int64_t>(bucket.n),
                       bucket.a_sum / n, bucket.b_sum / n, bucket.a_low, bucket.a_high,
                       bucket.b_low, bucket.b_high});
    }
    return out;
}

ReadingsStats::ReadingsStats(std::size_t max_rejected, std::size_t chart_patients,
                             ChartThresholds thresholds)
    : max_rejected_(max_rejected), chart_patients_(chart_patients), thresholds_(thresholds) {
    others_.ref = "…";
}

PatientStats& ReadingsStats::patient(const std::string& ref) {
    const auto found = by_ref_.find(ref);
    if (found != by_ref_.end())
        return *found->second;
    if (patients_.size() >= ReadingsLimits::patients)
        return others_;
    auto stats = std::make_unique<PatientStats>();
    stats->ref = ref;
    if (patients_.size() < chart_patients_) {
        stats->blood_pressure =
            std::make_unique<Series>(ReadingsLimits::chart_points, ReadingsLimits::alert_markers,
                                     ReadingsLimits::info_markers);
        stats->glucose =
            std::make_unique<Series>(ReadingsLimits::chart_points, ReadingsLimits::alert_markers,
                                     ReadingsLimits::info_markers);
    }
    PatientStats& kept = *stats;
    by_ref_.emplace(ref, stats.get());
    patients_.push_back(std::move(stats));
    return kept;
}

namespace {

double number(const json::value* value) {
    if (value == nullptr)
        return 0;
    if (value->is_double())
        return value->as_double();
    if (value->is_int64())
        return static_cast<double>(value->as_int64());
    if (value->is_uint64())
        return static_cast<double>(value->as_uint64());
    return 0;
}

// The glucose value in mmol/L, or nothing for LO/HI (bounds, not numbers).
std::optional<double> glucose_mmol(const json::value& glucose, double mg_dl_per_mmol_l) {
    const json::value* value = find_pointer(glucose, "/value");
    if (value == nullptr || !value->is_number())
        return std::nullopt;
    const double raw = number(value);
    return string_at(glucose, "unit") == "mg/dL" ? raw / mg_dl_per_mmol_l : raw;
}

// The stream's pointers start with the line's index ("/20/blood_pressure/systolic"); the line
// number is shown apart, so the pointer is given within the reading.
std::string within_reading(const std::string& pointer) {
    const std::size_t next = pointer.find('/', 1);
    const bool indexed = pointer.size() > 1 && pointer[0] == '/' &&
                         pointer.find_first_not_of("0123456789", 1) ==
                             (next == std::string::npos ? pointer.size() : next);
    if (!indexed)
        return pointer;
    return next == std::string::npos ? std::string() : pointer.substr(next);
}

ChartPoint reading_point(std::int64_t t_ms, double a, double b) {
    return {t_ms, a, b, a, a, b, b};
}

void count_alerts(PatientStats& stats, const json::value& alerts, Series* series,
                  const ChartPoint& at, std::set<std::string, std::less<>>& names) {
    for (const json::value& alert : alerts.as_array()) {
        const std::string& code = *names.insert(string_at(alert, "code")).first;
        const std::string& severity = *names.insert(string_at(alert, "severity")).first;
        ++stats.alerts[code];
        ++stats.severities[severity];
        if (series != nullptr)
            series->add_alert({at.t_ms, at.a, &severity, &code});
    }
}

} // namespace

void ReadingsStats::take_accepted(const json::value& result) {
    ++accepted_;
    const json::value& reading = result.at("reading");
    const json::value& classification = result.at("classification");
    PatientStats& stats = patient(string_at(reading, "patient_ref"));
    if (stats.accepted++ == 0)
        stats.utc_offset_minutes =
            instant_offset_minutes(string_at(reading, "measured_at")).value_or(0);
    const std::string category = string_at(classification, "category");
    ++stats.categories[category.empty() ? string_at(classification, "band") : category];
    const std::int64_t t_ms = parse_instant_ms(string_at(reading, "measured_at")).value_or(0);
    if (string_at(reading, "kind") == "blood_pressure") {
        const ChartPoint point =
            reading_point(t_ms, number(find_pointer(classification, "/systolic_mmhg")),
                          number(find_pointer(classification, "/diastolic_mmhg")));
        ++stats.bp_count;
        stats.systolic_sum += point.a;
        stats.diastolic_sum += point.b;
        if (stats.bp_target_systolic == 0) {
            stats.bp_target_systolic =
                number(find_pointer(classification, "/target/systolic_below"));
            stats.bp_target_diastolic =
                number(find_pointer(classification, "/target/diastolic_below"));
        }
        if (stats.blood_pressure)
            stats.blood_pressure->add(point);
        count_alerts(stats, result.at("alerts"), stats.blood_pressure.get(), point, names_);
        return;
    }
    const auto mmol = glucose_mmol(reading.at("glucose"), thresholds_.mg_dl_per_mmol_l);
    const ChartPoint point = reading_point(t_ms, mmol.value_or(0), 0);
    if (mmol) {
        ++stats.glucose_count;
        stats.glucose_sum += *mmol;
        if (stats.glucose)
            stats.glucose->add(point);
    }
    count_alerts(stats, result.at("alerts"), mmol ? stats.glucose.get() : nullptr, point, names_);
}

void ReadingsStats::take_result(const json::value& result, std::size_t file, std::size_t line,
                                const std::string& patient_hint) {
    if (result.at("accepted").as_bool())
        return take_accepted(result);
    RejectedLine rejection{file, line, patient_hint, "", "", "", "", ""};
    const json::value* problems = find_pointer(result, "/problems");
    if (problems != nullptr && problems->is_array()) {
        // The first error names the reason; warnings may come before it.
        for (const json::value& problem : problems->as_array()) {
            if (string_at(problem, "severity") != "error")
                continue;
            rejection.code = string_at(problem, "code");
            rejection.pointer = within_reading(string_at(problem, "pointer"));
            rejection.rule = string_at(problem, "rule");
            rejection.message_en = string_at(problem.at("message"), "en");
            rejection.message_ru = string_at(problem.at("message"), "ru");
            break;
        }
    }
    take_rejection(std::move(rejection));
}

void ReadingsStats::take_rejection(RejectedLine rejection) {
    ++rejected_;
    if (!rejection.patient_ref.empty())
        ++patient(rejection.patient_ref).rejected;
    keep_rejected(std::move(rejection));
}

void ReadingsStats::keep_rejected(RejectedLine rejection) {
    // Keep the lowest (file, line) pairs: lines rejected here and by the stream arrive out of
    // order.
    rejected_lines_.push_back(std::move(rejection));
    if (rejected_lines_.size() < 2 * max_rejected_ + 16)
        return;
    const auto order = [](const RejectedLine& x, const RejectedLine& y) {
        return x.file != y.file ? x.file < y.file : x.line < y.line;
    };
    std::sort(rejected_lines_.begin(), rejected_lines_.end(), order);
    rejected_lines_.resize(max_rejected_);
}

std::vector<RejectedLine> ReadingsStats::rejected_lines() const {
    std::vector<RejectedLine> out = rejected_lines_;
    std::sort(out.begin(), out.end(), [](const RejectedLine& x, const RejectedLine& y) {
        return x.file != y.file ? x.file < y.file : x.line < y.line;
    });
    if (out.size() > max_rejected_)
        out.resize(max_rejected_);
    return out;
}

} // namespace telemed_cli
