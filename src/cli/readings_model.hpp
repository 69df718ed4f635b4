// `telemed readings`: what is kept while readings stream by. Everything here is bounded whatever
// the input's size (docs/cli.md, "Limits"): per-patient sums and counts, chart points downsampled
// to a fixed number per patient, a capped list of rejected lines with an exact count.
#pragma once

#include "common.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace telemed_cli {

/// Limits of `telemed readings` (docs/cli.md, "Limits").
struct ReadingsLimits {
    static constexpr std::size_t patients =
        10'000; ///< patients tabulated; more are summed as "others"
    static constexpr std::size_t report_patients = 50;  ///< patients with charts in the HTML report
    static constexpr std::size_t chart_points = 500;    ///< downsampled points per chart
    static constexpr std::size_t alert_markers = 300;   ///< urgent and warning markers per chart
    static constexpr std::size_t info_markers = 100;    ///< information markers per chart
    static constexpr std::size_t rejected_default = 20; ///< rejected lines listed by default
    static constexpr std::size_t rejected_max = 10'000; ///< the most --max-rejected may ask for
    static constexpr std::size_t line_bytes =
        65'536; ///< longest line (the stream's max_line_bytes)
};

/// One point of a chart: an instant and one or two values (blood pressure: systolic and diastolic).
struct ChartPoint {
    std::int64_t t_ms = 0; ///< milliseconds since 1970
    double a = 0;          ///< systolic mmHg, or glucose mmol/L (a bucket's mean)
    double b = 0;          ///< diastolic mmHg (blood pressure only)
    double a_low = 0;      ///< the lowest and highest `a` of a bucket
    double a_high = 0;     ///< (equal to `a` for a single reading)
    double b_low = 0;      ///< idem for `b`
    double b_high = 0;     ///< idem
};

/// An alert drawn on a chart: 32 bytes, its texts shared (ReadingsStats keeps each name once).
struct AlertMarker {
    std::int64_t t_ms = 0;                 ///< when
    double value = 0;                      ///< at which value (systolic mmHg, or glucose mmol/L)
    const std::string* severity = nullptr; ///< "urgent", "warning" or "info"
    const std::string* code = nullptr;     ///< the alert's code
};

/// Alert markers kept as they stream by, at most `cap`: past it every second one is dropped and
/// from then on only every second one is kept (and so on), so that those drawn stay spread over
/// time.
class MarkerPool {
public:
    /// A pool of at most `cap` markers.
    explicit MarkerPool(std::size_t cap) : cap_(cap) {}
    /// Offers a marker.
    void add(const AlertMarker& marker);
    /// The markers kept, in input order.
    [[nodiscard]] const std::vector<AlertMarker>& markers() const { return markers_; }

private:
    std::size_t cap_;
    std::size_t stride_ = 1;
    std::size_t offered_ = 0;
    std::vector<AlertMarker> markers_;
};

/// A time series downsampled as it streams by: readings are pooled into buckets of consecutive
/// readings (in input order); when there are more than `max_points` buckets, neighbours are merged
/// and the bucket width doubles. Alerts are kept apart as markers: urgent and warning ones up to
/// `max_alerts`, information ones up to `max_info` (MarkerPool).
class Series {
public:
    /// A series of at most `max_points` plotted points and the given numbers of markers.
    Series(std::size_t max_points, std::size_t max_alerts, std::size_t max_info)
        : max_points_(max_points), serious_(max_alerts), info_(max_info) {}
    /// Adds a reading.
    void add(const ChartPoint& point);
    /// Adds an alert marker (its reading is added with add() too).
    void add_alert(const AlertMarker& marker);
    /// The plotted points: each bucket's mean instant and values.
    [[nodiscard]] std::vector<ChartPoint> points() const;
    /// The markers kept: information first, so that urgent and warning ones are drawn on top.
    [[nodiscard]] std::vector<AlertMarker> alerts() const;
    /// Every alert added, kept or not.
    [[nodiscard]] std::size_t alerts_total() const { return alerts_total_; }
    /// Readings added.
    [[nodiscard]] std::size_t count() const { return count_; }

private:
    struct Bucket {
        std::int64_t t_sum = 0; // relative to base_ms_, so that a long series cannot overflow
        double a_sum = 0;
        double b_sum = 0;
        double a_low = 0;
        double a_high = 0;
        double b_low = 0;
        double b_high = 0;
        std::size_t n = 0;
    };
    void merge_pairs();
    std::size_t max_points_;
    MarkerPool serious_;
    MarkerPool info_;
    std::size_t width_ = 1;
    std::size_t count_ = 0;
    std::size_t alerts_total_ = 0;
    std::int64_t base_ms_ = 0;
    std::vector<Bucket> buckets_;
};

/// What is known of one patient's readings.
struct PatientStats {
    std::string ref;               ///< the reading's opaque patient_ref
    std::size_t accepted = 0;      ///< readings accepted
    std::size_t rejected = 0;      ///< rejected lines attributed to the patient
    std::size_t bp_count = 0;      ///< blood-pressure readings accepted
    double systolic_sum = 0;       ///< mmHg
    double diastolic_sum = 0;      ///< mmHg
    std::size_t glucose_count = 0; ///< glucose readings with a number (LO/HI excluded)
    double glucose_sum = 0;        ///< mmol/L
    std::map<std::string, std::size_t> categories; ///< ESH category or glucose band → count
    std::map<std::string, std::size_t> alerts;     ///< alert code → count
    std::map<std::string, std::size_t> severities; ///< "urgent" / "warning" / "info" → count
    double bp_target_systolic = 0;                 ///< the target the library applied (first seen)
    double bp_target_diastolic = 0;                ///< idem
    int utc_offset_minutes = 0; ///< of the first reading: the charts' dates are read in it
    std::unique_ptr<Series> blood_pressure; ///< chart data, only for patients in the report
    std::unique_ptr<Series> glucose;        ///< idem
};

/// One rejected line: where, whose (when known) and why.
struct RejectedLine {
    std::size_t file = 0;    ///< index of the file on the command line
    std::size_t line = 0;    ///< 1-based line number in that file
    std::string patient_ref; ///< "" when the line does not say
    std::string code;        ///< first problem's code
    std::string pointer;     ///< its JSON pointer
    std::string rule;        ///< its rule
    std::string message_en;  ///< its messages
    std::string message_ru;  ///< (no personal data: the library's or this program's)
};

/// Thresholds drawn on the charts, read from the library's rules (rule.explain).
struct ChartThresholds {
    double bp_systolic_target = 140;   ///< readings.bp.target_default
    double bp_diastolic_target = 90;   ///< idem
    double bp_urgent_systolic = 180;   ///< readings.bp.urgent
    double glucose_low = 3.9;          ///< readings.glucose.time_in_range, mmol/L
    double glucose_high = 10.0;        ///< idem
    double mg_dl_per_mmol_l = 18.0156; ///< readings.units.conversion
};

/// Everything `telemed readings` gathers over its input.
class ReadingsStats {
public:
    /// Aggregates with charts for the first `chart_patients` patients.
    ReadingsStats(std::size_t max_rejected, std::size_t chart_patients, ChartThresholds thresholds);
    /// Takes one result line of the stream (an accepted or rejected reading).
    void take_result(const boost::json::value& result, std::size_t file, std::size_t line,
                     const std::string& patient_hint);
    /// Takes a line this program rejected itself (CSV or BLE text it could not read).
    void take_rejection(RejectedLine rejection);

    /// Lines read (every reading line, accepted or rejected).
    [[nodiscard]] std::size_t lines() const { return accepted_ + rejected_; }
    /// Readings accepted.
    [[nodiscard]] std::size_t accepted() const { return accepted_; }
    /// Lines rejected: the exact count.
    [[nodiscard]] std::size_t rejected() const { return rejected_; }
    /// The patients tabulated, in order of first appearance.
    [[nodiscard]] const std::vector<std::unique_ptr<PatientStats>>& patients() const {
        return patients_;
    }
    /// Readings of patients beyond the table's limit, summed.
    [[nodiscard]] const PatientStats& others() const { return others_; }
    /// Rejected lines with the lowest (file, line), at most max_rejected.
    [[nodiscard]] std::vector<RejectedLine> rejected_lines() const;
    /// The thresholds the charts draw.
    [[nodiscard]] const ChartThresholds& thresholds() const { return thresholds_; }

private:
    PatientStats& patient(const std::string& ref);
    void take_accepted(const boost::json::value& result);
    void keep_rejected(RejectedLine rejection);
    std::size_t max_rejected_;
    std::size_t chart_patients_;
    ChartThresholds thresholds_;
    std::size_t accepted_ = 0;
    std::size_t rejected_ = 0;
    std::vector<std::unique_ptr<PatientStats>> patients_;
    std::map<std::string, PatientStats*, std::less<>> by_ref_;
    PatientStats others_;
    std::set<std::string, std::less<>> names_; // alert codes and severities, each kept once
    std::vector<RejectedLine> rejected_lines_;
};

/// Prints the summary per patient and the rejected lines (readings_output.cpp).
void print_readings_text(const ReadingsStats& stats, const std::vector<std::string>& files,
                         Lang lang);

/// The same as one JSON document.
boost::json::value readings_json(const ReadingsStats& stats, const std::vector<std::string>& files);

/// Renders the self-contained HTML report: one section per charted patient with an inline SVG chart
/// of blood pressure (with its target band) and of glucose (with its target range), alerts marked.
/// No script, every text escaped, no names or dates of birth (only the opaque patient_ref).
/// The page is written to `html` as it is made, one patient at a time, so that it is never held
/// whole.
void render_report(std::ostream& html, const ReadingsStats& stats,
                   const std::vector<std::string>& files, Lang lang);

} // namespace telemed_cli
