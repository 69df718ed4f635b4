// The rules the readings domain applies, and the parameters each reads from its rule sets
// (readings_*_rules.json beside this file). Thresholds are exact decimals in the unit their
// source uses, named by each rule's "unit" parameter (docs/readings.md).
#include "rules/specs.hpp"

namespace telemed::readings {

namespace {

using rules::ParamSpec;
using rules::ParamType;

// A pressure in mmHg, a pulse in beats per minute.
ParamSpec pressure(std::string_view name) {
    return {name, ParamType::decimal, 0, 400};
}
// A glucose concentration in the rule's unit (mg/dL reaches 2000; mmol/L stays far below).
ParamSpec glucose(std::string_view name) {
    return {name, ParamType::decimal, 0, 2000};
}
// The unit a glucose rule's thresholds are written in.
ParamSpec glucose_unit() {
    return {"unit", ParamType::string, 0, 0, {"mg/dL", "mmol/L"}};
}
// The unit a pressure rule's thresholds are written in.
ParamSpec pressure_unit() {
    return {"unit", ParamType::string, 0, 0, {"mmHg"}};
}
// The recommended action of an alert, in both languages.
ParamSpec action(std::string_view name = "action") {
    return {name, ParamType::string_map, 0, 0, {"en", "ru"}};
}
// Device flags, by name (DeviceFlag).
ParamSpec flags(std::string_view name) {
    return {name,
            ParamType::strings,
            0,
            0,
            {"body_movement", "cuff_too_loose", "irregular_pulse", "pulse_above_range",
             "pulse_below_range", "improper_position", "battery_low", "sensor_malfunction",
             "sample_size_insufficient", "strip_insertion_error", "strip_type_incorrect",
             "result_above_device_range", "result_below_device_range", "temperature_too_high",
             "temperature_too_low", "read_interrupted", "general_device_fault", "time_fault"}};
}

} // namespace

std::vector<rules::RuleSpec> rule_specs() {
    return {
        // Plausibility: is it a possible measurement at all?
        {"readings.bp.plausible_range",
         "readings",
         {pressure_unit(), pressure("systolic_min"), pressure("systolic_max"),
          pressure("diastolic_min"), pressure("diastolic_max")}},
        {"readings.bp.pulse_range", "readings", {pressure("min"), pressure("max")}},
        {"readings.bp.order", "readings", {}},
        {"readings.glucose.plausible_range",
         "readings",
         {glucose_unit(), glucose("min"), glucose("max")}},
        {"readings.glucose.control_solution", "readings", {}},
        {"readings.device.faults", "readings", {flags("reject"), flags("warn")}},
        {"readings.time.future_skew", "readings", {{"minutes", ParamType::integer, 0, 720}}},
        {"readings.time.backfill_limit", "readings", {{"days", ParamType::integer, 1, 1000}}},
        {"readings.duplicates", "readings", {}},
        {"readings.units.conversion",
         "readings",
         {{"mg_dl_per_mmol_l", ParamType::decimal, 1, 100},
          {"mmhg_per_kpa", ParamType::decimal, 1, 100}}},
        // Classification: what does a plausible value mean?
        {"readings.bp.office_categories",
         "readings",
         {pressure_unit(), pressure("systolic_normal_from"), pressure("systolic_high_normal_from"),
          pressure("systolic_grade_1_from"), pressure("systolic_grade_2_from"),
          pressure("systolic_grade_3_from"), pressure("diastolic_normal_from"),
          pressure("diastolic_high_normal_from"), pressure("diastolic_grade_1_from"),
          pressure("diastolic_grade_2_from"), pressure("diastolic_grade_3_from")}},
        {"readings.bp.home_threshold",
         "readings",
         {pressure_unit(), pressure("systolic_from"), pressure("diastolic_from")}},
        {"readings.bp.urgent",
         "readings",
         {pressure_unit(), pressure("systolic_from"), pressure("diastolic_from"), action()}},
        {"readings.bp.hypotension",
         "readings",
         {pressure_unit(), pressure("systolic_below"), action()}},
        {"readings.bp.target_default",
         "readings",
         {pressure_unit(), pressure("systolic_below"), pressure("diastolic_below"), action()}},
        {"readings.glucose.hypoglycaemia",
         "readings",
         {glucose_unit(), glucose("level_1_below"), glucose("level_2_below"),
          action("level_1_action"), action("level_2_action")}},
        {"readings.glucose.targets",
         "readings",
         {glucose_unit(), glucose("preprandial_min"), glucose("preprandial_max"),
          glucose("postprandial_below"), action()}},
        {"readings.glucose.ketone_check", "readings", {glucose_unit(), glucose("above"), action()}},
        // Series (readings.summary)
        {"readings.bp.home_protocol",
         "readings",
         {{"days", ParamType::integer, 2, 31},
          {"morning_from_hour", ParamType::integer, 0, 24},
          {"morning_to_hour", ParamType::integer, 0, 24},
          {"evening_from_hour", ParamType::integer, 0, 24},
          {"evening_to_hour", ParamType::integer, 0, 24}}},
        {"readings.glucose.time_in_range",
         "readings",
         {glucose_unit(), glucose("low"), glucose("high")}},
        {"readings.gaps", "readings", {{"hours", ParamType::integer, 1, 720}}},
        {"readings.summary.stable_course",
         "readings",
         {{"min_readings", ParamType::integer, 1, 1000},
          {"min_percent_in_range", ParamType::integer, 0, 100}}},
        {"readings.glucose.hba1c_targets",
         "readings",
         {glucose_unit(),
          {"fasting_below", ParamType::decimal_map, 0, 2000},
          {"postprandial_below", ParamType::decimal_map, 0, 2000},
          {"min_age", ParamType::integer, 0, 25},
          action()}},
    };
}

} // namespace telemed::readings
