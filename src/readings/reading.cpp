// Names of the readings model's values, as they appear in JSON (docs/readings.md).
#include "readings/reading.hpp"

namespace telemed::readings {

std::string_view unit_name(Unit unit) noexcept {
    switch (unit) {
    case Unit::mmhg:
        return "mmHg";
    case Unit::kpa:
        return "kPa";
    case Unit::mg_per_dl:
        return "mg/dL";
    case Unit::mmol_per_l:
        return "mmol/L";
    case Unit::per_minute:
        return "/min";
    }
    return "mmHg";
}

std::string_view unit_key(Unit unit) noexcept {
    switch (unit) {
    case Unit::mg_per_dl:
        return "mg_dL";
    case Unit::mmol_per_l:
        return "mmol_L";
    case Unit::per_minute:
        return "per_min";
    default:
        return unit_name(unit);
    }
}

std::string_view unit_ucum(Unit unit) noexcept {
    return unit == Unit::mmhg ? std::string_view("mm[Hg]") : unit_name(unit);
}

std::string_view meal_name(Meal meal) noexcept {
    switch (meal) {
    case Meal::preprandial:
        return "preprandial";
    case Meal::postprandial:
        return "postprandial";
    case Meal::fasting:
        return "fasting";
    case Meal::casual:
        return "casual";
    case Meal::bedtime:
        return "bedtime";
    }
    return "casual";
}

std::string_view setting_name(Setting setting) noexcept {
    switch (setting) {
    case Setting::home:
        return "home";
    case Setting::office:
        return "office";
    case Setting::ambulatory:
        return "ambulatory";
    }
    return "home";
}

std::string_view device_flag_name(DeviceFlag flag) noexcept {
    switch (flag) {
    case DeviceFlag::body_movement:
        return "body_movement";
    case DeviceFlag::cuff_too_loose:
        return "cuff_too_loose";
    case DeviceFlag::irregular_pulse:
        return "irregular_pulse";
    case DeviceFlag::pulse_above_range:
        return "pulse_above_range";
    case DeviceFlag::pulse_below_range:
        return "pulse_below_range";
    case DeviceFlag::improper_position:
        return "improper_position";
    case DeviceFlag::battery_low:
        return "battery_low";
    case DeviceFlag::sensor_malfunction:
        return "sensor_malfunction";
    case DeviceFlag::sample_size_insufficient:
        return "sample_size_insufficient";
    case DeviceFlag::strip_insertion_error:
        return "strip_insertion_error";
    case DeviceFlag::strip_type_incorrect:
        return "strip_type_incorrect";
    case DeviceFlag::result_above_device_range:
        return "result_above_device_range";
    case DeviceFlag::result_below_device_range:
        return "result_below_device_range";
    case DeviceFlag::temperature_too_high:
        return "temperature_too_high";
    case DeviceFlag::temperature_too_low:
        return "temperature_too_low";
    case DeviceFlag::read_interrupted:
        return "read_interrupted";
    case DeviceFlag::general_device_fault:
        return "general_device_fault";
    case DeviceFlag::time_fault:
        return "time_fault";
    }
    return "general_device_fault";
}

std::optional<DeviceFlag> device_flag_named(std::string_view name) noexcept {
    for (const DeviceFlag flag : all_device_flags) {
        if (device_flag_name(flag) == name) {
            return flag;
        }
    }
    return std::nullopt;
}

} // namespace telemed::readings
