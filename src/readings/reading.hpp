// The readings domain's model: one home-device reading as every input shape (telemed JSON, Open
// mHealth, FHIR R4, Bluetooth LE bytes) is read into, before plausibility and classification
// (docs/readings.md). Plain values; no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "telemed/decimal.hpp"

namespace telemed::readings {

/// What was measured.
enum class Kind : std::uint8_t { blood_pressure, glucose };

/// Units a reading may be given in. Thresholds name their own unit; values are compared in the
/// threshold's unit (docs/readings.md, "Units").
enum class Unit : std::uint8_t {
    mmhg,       ///< "mmHg" (UCUM "mm[Hg]")
    kpa,        ///< "kPa"
    mg_per_dl,  ///< "mg/dL"
    mmol_per_l, ///< "mmol/L"
    per_minute, ///< "/min": pulse
};

/// The unit's name in telemed JSON ("mmHg", "kPa", "mg/dL", "mmol/L", "/min").
std::string_view unit_name(Unit unit) noexcept;
/// The unit's key in message arguments, which the messages turn into each language's
/// abbreviation: "mmHg", "kPa", "mg_dL", "mmol_L", "per_min".
std::string_view unit_key(Unit unit) noexcept;
/// The unit's UCUM code ("mm[Hg]", "kPa", "mg/dL", "mmol/L", "/min").
std::string_view unit_ucum(Unit unit) noexcept;

/// The meal a glucose measurement relates to (BLE 0x2A34 and Open mHealth's temporal
/// relationship to meal).
enum class Meal : std::uint8_t { preprandial, postprandial, fasting, casual, bedtime };
/// "preprandial", "postprandial", "fasting", "casual", "bedtime".
std::string_view meal_name(Meal meal) noexcept;

/// Where a blood pressure was measured: the thresholds differ (docs/readings.md).
enum class Setting : std::uint8_t { home, office, ambulatory };
/// "home", "office", "ambulatory".
std::string_view setting_name(Setting setting) noexcept;

/// A value that is a number, or one the device could only bound: LO / HI on a glucometer's
/// display (below / above the device's range). A censored value is never used as a number.
struct Measured {
    enum class Censoring : std::uint8_t { none, below_device_range, above_device_range };
    Censoring censoring = Censoring::none;
    Decimal value;                       ///< when censoring is none
    std::optional<Decimal> device_limit; ///< censored: the device's limit, when known
};

/// What a device reports beside the values (BLE status bits, Open mHealth and telemed flags): a
/// bit set, named in JSON by device_flag_name().
enum class DeviceFlag : std::uint32_t {
    body_movement = 1u << 0,
    cuff_too_loose = 1u << 1,
    irregular_pulse = 1u << 2,
    pulse_above_range = 1u << 3,
    pulse_below_range = 1u << 4,
    improper_position = 1u << 5,
    battery_low = 1u << 6,
    sensor_malfunction = 1u << 7,
    sample_size_insufficient = 1u << 8,
    strip_insertion_error = 1u << 9,
    strip_type_incorrect = 1u << 10,
    result_above_device_range = 1u << 11,
    result_below_device_range = 1u << 12,
    temperature_too_high = 1u << 13,
    temperature_too_low = 1u << 14,
    read_interrupted = 1u << 15,
    general_device_fault = 1u << 16,
    time_fault = 1u << 17,
};
/// Every flag, in bit order.
inline constexpr DeviceFlag all_device_flags[] = {
    DeviceFlag::body_movement,
    DeviceFlag::cuff_too_loose,
    DeviceFlag::irregular_pulse,
    DeviceFlag::pulse_above_range,
    DeviceFlag::pulse_below_range,
    DeviceFlag::improper_position,
    DeviceFlag::battery_low,
    DeviceFlag::sensor_malfunction,
    DeviceFlag::sample_size_insufficient,
    DeviceFlag::strip_insertion_error,
    DeviceFlag::strip_type_incorrect,
    DeviceFlag::result_above_device_range,
    DeviceFlag::result_below_device_range,
    DeviceFlag::temperature_too_high,
    DeviceFlag::temperature_too_low,
    DeviceFlag::read_interrupted,
    DeviceFlag::general_device_fault,
    DeviceFlag::time_fault,
};
/// The flag's name in JSON: "body_movement", "sensor_malfunction"…
std::string_view device_flag_name(DeviceFlag flag) noexcept;
/// The flag of a name, or nothing.
std::optional<DeviceFlag> device_flag_named(std::string_view name) noexcept;

/// A blood-pressure measurement, in the unit sent.
struct BloodPressure {
    Unit unit = Unit::mmhg; ///< mmhg or kpa
    Decimal systolic;
    Decimal diastolic;
    std::optional<Decimal> mean;  ///< mean arterial pressure, when the device gives it
    std::optional<Decimal> pulse; ///< beats per minute
};

/// A glucose measurement, in the unit sent.
struct Glucose {
    Unit unit = Unit::mmol_per_l; ///< mg_per_dl or mmol_per_l
    Measured value;
    std::optional<Meal> meal;
    /// A control-solution test (the sample type or location says so): not patient data.
    bool control_solution = false;
};

/// The device that measured.
struct Device {
    std::string id; ///< the embedder's or the device's id, 1–64 characters
    std::string model;
    std::string serial;
};

/// When it was measured.
struct MeasuredAt {
    std::chrono::system_clock::time_point instant;
    /// The offset the time is shown with: as written, or the patient's zone's offset at that
    /// instant when the time was written without one.
    std::chrono::minutes offset{0};
    /// True when the text had no offset and was read in the patient's zone.
    bool read_in_zone = false;
    /// When read in the zone: the clocks went back and the earlier instant was taken.
    bool ambiguous = false;
};

/// One reading as read from its input, not yet checked for plausibility.
struct Reading {
    Kind kind = Kind::blood_pressure;
    std::string patient_ref; ///< opaque; masked in every message
    Device device;
    MeasuredAt measured_at;
    Setting setting = Setting::home;
    std::optional<BloodPressure> blood_pressure; ///< when kind is blood_pressure
    std::optional<Glucose> glucose;              ///< when kind is glucose
    std::uint32_t flags = 0;                     ///< DeviceFlag bits
    bool signed_by_device = false; ///< came in an envelope whose signature was verified

    /// Whether a flag is set.
    bool has(DeviceFlag flag) const noexcept {
        return (flags & static_cast<std::uint32_t>(flag)) != 0;
    }
};

} // namespace telemed::readings
