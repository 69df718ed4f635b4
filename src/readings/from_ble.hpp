// Bluetooth LE measurements as readings: the decoded structs of readings/ble.hpp mapped to the
// readings model (readings/reading.hpp), with the device's zone-less clock read in the patient's
// zone. Pure functions: no I/O, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "readings/ble.hpp"
#include "readings/reading.hpp"
#include "json/strict.hpp"

namespace date {
class time_zone;
}

namespace telemed::readings {

/// What a BLE measurement needs besides its bytes: the patient's zone and who measured whom.
struct BleOrigin {
    /// The patient's zone: the device's clock is read in it. Never null (std::invalid_argument).
    const date::time_zone* zone = nullptr;
    Device device;           ///< as the caller knows it (the bytes carry no device identity)
    std::string patient_ref; ///< opaque, copied into the reading
    /// The JSON pointer the problems' pointers start with: "/ble/systolic" with the default.
    std::string pointer = "/ble";
};

/// A BLE measurement as a reading: the reading when there is no error (warnings may accompany
/// it), else none. The problems use pointers `<origin.pointer>/<field>` so that they merge into a
/// JSON report.
struct FromBle {
    std::optional<Reading> reading;
    json::Problems problems;
};

/// A Blood Pressure Measurement (0x2A35) as a reading (kind blood_pressure, setting home).
///
/// - Unit: mmHg → Unit::mmhg, kPa → Unit::kpa, the values as sent (no conversion).
/// - systolic, diastolic: NaN, NRes or the reserved value → ble_value_missing; ±∞ →
///   ble_value_infinite (errors).
/// - mean_arterial_pressure and pulse_rate: NaN → absent (devices send NaN for a MAP they did not
///   compute); NRes, ±∞ or the reserved value → absent with the warning ble_value_dropped. The
///   pulse only when the flags announce it.
/// - time_stamp: absent, or with an unknown date → ble_time_unknown; a date-time out of range
///   (only possible in a struct not made by the decoder) → ble_invalid_time; read in the zone
///   (nonexistent_local_time: error; ambiguous_local_time: warning, the earlier instant).
/// - Status bits → DeviceFlag bits (device_flags()).
FromBle from_ble(const ble::BloodPressureMeasurement& measurement, const BleOrigin& origin);

/// A Glucose Measurement (0x2A18), with its context (0x2A34) when the caller has one, as a
/// reading (kind glucose, setting home).
///
/// - Time: base_time + time_offset_minutes, added as wall-clock minutes, then read in the zone
///   (pointer <base>/base_time; problems as for blood pressure).
/// - No concentration (flags 0x02 clear) → ble_no_concentration (error).
/// - Unit: mg/dL or mmol/L with the shifted value.
/// - Censoring: +∞ or sensor status result_above_device_range → above the device range (HI);
///   −∞ or result_below_device_range → below (LO); no device_limit, and a number sent beside
///   such a status bit is not used. Both directions at once → ble_censoring_conflict. NaN, NRes
///   or the reserved value without a range bit → ble_value_missing.
/// - Control solution (type 10 or location 4) → Glucose::control_solution.
/// - Context: its sequence number must equal the measurement's (else ble_context_mismatch,
///   error, pointer <base>/context/sequence_number); one the measurement did not announce
///   (flags 0x10 clear) but whose sequence number matches is used, with the warning
///   ble_context_unannounced. Its meal → Glucose::meal. An announced context that is not given
///   is not a problem: the meal is absent.
/// - Sensor status bits → DeviceFlag bits (device_flags()).
FromBle from_ble(const ble::GlucoseMeasurement& measurement,
                 const std::optional<ble::GlucoseContext>& context, const BleOrigin& origin);

/// The DeviceFlag bits of a Blood Pressure Measurement Status: each bit, the pulse rate range as
/// pulse_above_range / pulse_below_range.
std::uint32_t device_flags(const ble::BloodPressureStatus& status) noexcept;

/// The DeviceFlag bits of a Sensor Status Annunciation: all twelve bits.
std::uint32_t device_flags(const ble::GlucoseSensorStatus& status) noexcept;

/// The readings model's meal of a BLE meal.
Meal meal_of(ble::Meal meal) noexcept;

/// Adds decoder problems to a report, all as errors, with code code_name(), pointer
/// `<pointer>/<field>` (a dotted field becomes pointer segments: "time_stamp.month" →
/// "/ble/time_stamp/month") and args offset, field and value (decimal). invalid_hex points at
/// `pointer` itself, the hex text, since its field names what was expected there.
void add_decode_problems(std::span<const ble::DecodeProblem> problems, json::Problems& out,
                         std::string_view pointer = "/ble");

} // namespace telemed::readings
