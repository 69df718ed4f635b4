// The readings domain's internal steps, shared by its operations (operations.cpp), the stream
// (stream.cpp) and the summary (summary.cpp): read a reading, check that it is possible, classify
// it, write the result. docs/readings.md describes each step.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readings/read.hpp"
#include "readings/reading.hpp"
#include "rules/selection.hpp"
#include "telemed/context.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::readings::detail {

/// The doctor's blood-pressure target for one patient, in mmHg: below both.
struct BloodPressureTarget {
    Decimal systolic_below;
    Decimal diastolic_below;
};

/// The doctor's glucose targets for one patient: explicit ranges in one unit, or an individual
/// HbA1c target that the «Алгоритмы» table turns into glucose targets.
struct GlucoseTarget {
    Unit unit = Unit::mmol_per_l;
    std::optional<Decimal> fasting_min;        ///< fasting, before meals and at bedtime
    std::optional<Decimal> fasting_below;      ///< fasting, before meals and at bedtime
    std::optional<Decimal> postprandial_below; ///< after meals
    std::optional<Decimal> hba1c_target;       ///< percent, e.g. 7.0
};

/// Who the readings belong to, as far as the rules need: never a name or a date of birth.
struct Patient {
    std::string pointer;                   ///< where it was read ("/patient"), for problems
    const date::time_zone* zone = nullptr; ///< times without an offset are read in it
    std::string zone_name;
    std::optional<std::int64_t> age_years; ///< completed years, for age-limited targets
    bool pregnant = false;
    std::optional<BloodPressureTarget> blood_pressure_target;
    std::optional<GlucoseTarget> glucose_target;
};

/// Reads a patient object ({"zone", "age_years", "pregnant", "targets"}) at `pointer`; an absent
/// one (nullptr) is the context's zone and no targets.
Patient read_patient(const json::bj::value* value, const std::string& pointer,
                     const Context& context, json::Problems& problems);

/// Reads one reading in any accepted shape at `pointer` (telemed JSON, Open mHealth, FHIR R4
/// Observation, a signed envelope around one of them, or Bluetooth LE bytes). `*native`, when
/// given, is set when the reading is unsigned telemed JSON, whose fields have the model's paths.
std::optional<Reading> read_reading(const json::bj::value& value, const std::string& pointer,
                                    const Context& context, const Patient& patient,
                                    json::Problems& problems, bool* native = nullptr);

/// How serious an alert is.
enum class AlertSeverity : std::uint8_t { info, warning, urgent };
/// "info", "warning", "urgent".
std::string_view severity_name(AlertSeverity severity) noexcept;

/// An alert raised by a plausible reading.
struct Alert {
    std::string code; ///< e.g. "bp_urgent"; its messages are "<code>.doctor" and "<code>.patient"
    AlertSeverity severity = AlertSeverity::info;
    const rules::Rule* rule = nullptr;   ///< the rule that raised it (its action, its id)
    json::Args args;                     ///< message arguments: values and thresholds
    std::string action_param = "action"; ///< the rule parameter holding the action text
};

/// The ESH office categories, in rank order.
enum class Category : std::uint8_t {
    not_classified,
    optimal,
    normal,
    high_normal,
    grade_1,
    grade_2,
    grade_3
};
/// "optimal", "normal", "high_normal", "grade_1", "grade_2", "grade_3" ("" when not classified).
std::string_view category_name(Category category) noexcept;

/// Where a glucose value lies.
enum class Band : std::uint8_t {
    not_classified,
    hypoglycaemia_level_2,
    hypoglycaemia_level_1,
    below_target,
    in_target,
    above_target,
    no_target,
    below_device_range,
    above_device_range,
};
/// The band's name in JSON ("hypoglycaemia_level_2", …; "" when not classified).
std::string_view band_name(Band band) noexcept;

/// What a plausible reading means.
struct Classification {
    // Blood pressure
    Category category = Category::not_classified; ///< ESH office category
    bool isolated_systolic = false;               ///< systolic ≥ grade 1, diastolic below it
    std::optional<bool> above_home_threshold;     ///< home readings
    std::optional<BloodPressureTarget> target;
    std::string target_source; ///< "patient" or the rule id
    std::optional<bool> above_target;
    Decimal systolic_mmhg; ///< the values in mmHg (converted from kPa when sent in kPa)
    Decimal diastolic_mmhg;
    // Glucose
    Band glucose_band = Band::not_classified;
    std::string glucose_target_source;
    // Both
    std::string local_date; ///< the measurement's calendar date in the patient's zone
    std::vector<Alert> alerts;
};

/// Where the problems of one reading point: at the field in a telemed JSON reading, or at the
/// reading itself for the other shapes (whose fields have other paths), with the field named
/// in the problem's arguments.
struct Pointers {
    std::string reading; ///< the reading's pointer
    bool native = true;  ///< telemed JSON: field paths below `reading` are the model's
    /// The pointer of a field given by its path in telemed JSON ("/blood_pressure/systolic").
    std::string at(std::string_view path) const {
        return native ? reading + std::string(path) : reading;
    }
};

/// Plausibility: adds an error for every reason the reading is not a possible patient
/// measurement, and warnings for doubtful ones. Rules are taken from `view` and recorded. A rule
/// the check needs and the context lacks is an Error (Status::rules): nothing is accepted
/// unchecked.
std::optional<Error> check_plausibility(const Context& context, const rules::View& view,
                                        rules::Trace& trace, const Reading& reading,
                                        const Pointers& at, json::Problems& problems);

/// Classification of a plausible reading: category, targets, alerts. Problems: targets that do
/// not apply to the patient (errors), values too precise to convert.
Classification classify(const rules::View& view, rules::Trace& trace, const Reading& reading,
                        const Patient& patient, const Pointers& at, json::Problems& problems);

/// What became of one reading.
struct Outcome {
    std::optional<Reading> reading; ///< read, plausible and classified without error
    Classification classification;
    json::Problems problems;
    std::optional<Error> error; ///< a rule the checks need is missing: the whole call fails
    /// Whether the reading was accepted.
    bool accepted() const { return reading && !problems.has_errors(); }
};

/// The steps for one reading at `pointer`: read (any shape), plausibility, classification.
Outcome evaluate(const Context& context, const rules::View& view, rules::Trace& trace,
                 const json::bj::value& value, const std::string& pointer, const Patient& patient);

/// Compares a value in `unit` with a threshold in `threshold_unit`, in the threshold's unit (by
/// exact multiplication with readings.units.conversion, recorded when used); nothing when the
/// units cannot be converted.
std::optional<std::strong_ordering> compare_in_units(const rules::View& view, rules::Trace& trace,
                                                     Decimal value, Unit unit, Decimal threshold,
                                                     Unit threshold_unit);

/// The unit a threshold rule's "unit" parameter names.
Unit rule_unit(const rules::Rule& rule);

/// Writes the members "reading" (normalised) and "classification" and "alerts".
void write_accepted(json::Writer& out, const Reading& reading, const Classification& c);

/// Writes the reading's normalised form as an object.
void write_reading(json::Writer& out, const Reading& reading);

/// Writes one alert with its messages and action.
void write_alert(json::Writer& out, const Alert& alert);

/// Remembers the readings of one batch or stream to find repeats: same device, instant, kind and
/// values. Keeps at most `window` keys (the oldest go first), so that a stream's memory stays
/// bounded.
class Duplicates {
public:
    explicit Duplicates(std::size_t window) : window_(window) {}
    /// The index of the first reading with this key, or nothing (and the key is remembered).
    std::optional<std::size_t> seen(const std::string& key, std::size_t index);

private:
    std::size_t window_;
    std::unordered_map<std::string, std::size_t> first_;
    std::deque<std::string> order_;
};

/// Whether an accepted reading repeats an earlier one; if so adds duplicate_reading (args
/// first_index, first = first_pointer_base + index) at `pointer`. Nothing when the rule
/// readings.duplicates is off.
bool check_duplicate(const Reading& reading, const rules::View& view, rules::Trace& trace,
                     Duplicates& duplicates, std::size_t index, const std::string& pointer,
                     const std::string& first_pointer_base, json::Problems& problems);

/// The key under which two readings are the same measurement: device, instant, kind and values.
std::string duplicate_key(const Reading& reading);

} // namespace telemed::readings::detail
