// Bluetooth LE readings: the IEEE 11073-20601 SFLOAT, the Blood Pressure Measurement (0x2A35),
// Glucose Measurement (0x2A18) and Glucose Measurement Context (0x2A34) characteristics, and the
// hex text that carries their bytes in JSON. Pure functions: no I/O, no state, no exceptions of
// their own; a decoder allocates only its result. Layouts, bits and sources: docs/readings-ble.md.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <date/date.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "telemed/decimal.hpp"

namespace telemed::readings::ble {

/// The 16-bit GATT characteristic UUIDs this module decodes.
enum class Characteristic : std::uint16_t {
    blood_pressure_measurement = 0x2A35,
    glucose_measurement = 0x2A18,
    glucose_measurement_context = 0x2A34,
};

// ---------------------------------------------------------------------------------------------
// Exact decimals and the SFLOAT
// ---------------------------------------------------------------------------------------------

/// Exact decimals are the library's one decimal type (include/telemed/decimal.hpp).
using telemed::compare;
using telemed::Decimal;

/// What an SFLOAT holds: a number, or one of the special values IEEE 11073-20601 reserves.
enum class SfloatKind : std::uint8_t {
    number,
    nan,            ///< 0x07FF: not a number (e.g. a mean pressure the device did not compute)
    nres,           ///< 0x0800: not at this resolution
    plus_infinity,  ///< 0x07FE
    minus_infinity, ///< 0x0802
    reserved,       ///< 0x0801: reserved for future use; decoders report ble_sfloat_reserved
};

/// A decoded IEEE 11073-20601 16-bit SFLOAT: a 4-bit signed exponent (high nibble) and a 12-bit
/// signed mantissa. mantissa and exponent are 0 unless kind is number. As transmitted the exponent
/// lies in −8…7 and the mantissa in −2048…2047; a unit shift (shifted()) may move the exponent.
struct Sfloat {
    SfloatKind kind = SfloatKind::number;
    std::int32_t mantissa = 0;
    std::int32_t exponent = 0;

    /// The value as an exact decimal; meaningful only when kind is number.
    Decimal decimal() const noexcept { return {mantissa, exponent}; }

    /// The value as a double: quiet NaN for nan, nres and reserved, ±infinity for the infinities.
    double to_double() const noexcept;

    /// The same reading times 10^power (a unit change); special values stay as they are.
    Sfloat shifted(std::int32_t power) const noexcept;
};

/// Decodes the 16 bits of an SFLOAT (already assembled from its little-endian bytes). The five
/// special values are recognised on the whole 16-bit pattern, before sign extension, as the
/// standard defines them with exponent 0: 0xF7FF is the number 2047·10⁻¹, not NaN.
Sfloat decode_sfloat(std::uint16_t raw) noexcept;

// ---------------------------------------------------------------------------------------------
// Problems and results
// ---------------------------------------------------------------------------------------------

/// Stable problem codes of this module (their names key the message catalogue later).
enum class ProblemCode : std::uint8_t {
    ble_truncated,       ///< the bytes end where a field is expected; nothing after it is read
    ble_trailing_bytes,  ///< bytes remain after the last field the flags announce
    ble_reserved_flags,  ///< reserved bits are set in a flags byte (decoding stops: the layout is
                         ///< unknown) or in a status word (decoding goes on)
    ble_reserved_value,  ///< an enumerated field holds a value reserved for future use
    ble_invalid_time,    ///< a date-time field is out of range (month 13, day 32, hour 24…)
    ble_sfloat_reserved, ///< an SFLOAT holds the reserved value 0x0801
    invalid_hex,         ///< the hex text is not pairs of hex digits (optionally space-separated)
};

/// The stable name of a problem code: "ble_truncated", "invalid_hex"…
std::string_view code_name(ProblemCode code) noexcept;

/// One problem found in the bytes (or the hex text). Carries no reading values beyond the
/// offending field's raw value.
struct DecodeProblem {
    ProblemCode code = ProblemCode::ble_truncated;
    /// Byte offset in the characteristic value of the field concerned (for ble_truncated: where
    /// the missing field starts; for ble_trailing_bytes: the first extra byte). For invalid_hex,
    /// the offset in the text of the first character that breaks the format (the text's length
    /// when it ends too early); all characters before it are ASCII, so it is also the character
    /// offset.
    std::size_t offset = 0;
    /// The field expected or concerned there, e.g. "systolic", "time_stamp.month",
    /// "sensor_status", "end"; for invalid_hex "hex_digit" or "hex_digit_or_space". Refers to
    /// static storage.
    std::string_view field;
    /// The offending raw value: the bytes the field needs (ble_truncated), the number of extra
    /// bytes (ble_trailing_bytes), the reserved bits that are set (ble_reserved_flags), the value
    /// (ble_reserved_value, ble_invalid_time), 0x0801 (ble_sfloat_reserved), the character's byte
    /// or 0 at the end of the text (invalid_hex).
    std::uint32_t value = 0;
};

/// Either a decoded value or the problems that prevent it (at least one), never both.
template <class T> class Decoded {
public:
    /// A successful decode.
    Decoded(T value) : state_(std::move(value)) {}
    /// A failed decode; `problems` must not be empty.
    Decoded(std::vector<DecodeProblem> problems) : state_(std::move(problems)) {}
    /// True when a value is held.
    bool ok() const noexcept { return state_.index() == 0; }
    /// The value; only when ok().
    const T& value() const& { return *std::get_if<0>(&state_); }
    /// The value, moved out; only when ok().
    T&& value() && { return std::move(*std::get_if<0>(&state_)); }
    /// The problems, in byte order of discovery; empty when ok().
    std::span<const DecodeProblem> problems() const noexcept {
        const auto* problems = std::get_if<1>(&state_);
        return problems == nullptr ? std::span<const DecodeProblem>{} : *problems;
    }

private:
    std::variant<T, std::vector<DecodeProblem>> state_;
};

// ---------------------------------------------------------------------------------------------
// Device date-time
// ---------------------------------------------------------------------------------------------

/// The device's clock reading (GATT Date Time: 7 bytes). It has no zone or offset: it is a local
/// wall-clock time, read in the patient's zone by the caller. 0 in year, month or day means
/// "unknown". Decoders check the ranges: year 1582…9999, month 1…12, a day that exists in that
/// month (29 February when the year is unknown), hours 0…23, minutes and seconds 0…59.
struct LocalDateTime {
    std::uint16_t year = 0;
    std::uint8_t month = 0;
    std::uint8_t day = 0;
    std::uint8_t hours = 0;
    std::uint8_t minutes = 0;
    std::uint8_t seconds = 0;

    /// Whether year, month and day are all known.
    bool date_known() const noexcept { return year != 0 && month != 0 && day != 0; }

    /// The wall-clock time as a zone-less local time point, when the date is known and valid.
    std::optional<date::local_seconds> local_time() const noexcept;
};

// ---------------------------------------------------------------------------------------------
// Blood Pressure Measurement 0x2A35
// ---------------------------------------------------------------------------------------------

/// The unit of the three pressures (flags bit 0). kPa is kept as sent: the conversion to mmHg is
/// not a power of ten, so it belongs to the classification step.
enum class PressureUnit : std::uint8_t { mmhg, kpa };

/// Bits 3–4 of the measurement status.
enum class PulseRateRange : std::uint8_t { within, exceeds_upper_limit, below_lower_limit };

/// The Blood Pressure Measurement Status word (u16).
struct BloodPressureStatus {
    bool body_movement = false;        ///< bit 0: the body moved during the measurement
    bool cuff_too_loose = false;       ///< bit 1: cuff fit too loose
    bool irregular_pulse = false;      ///< bit 2: irregular pulse detected
    PulseRateRange pulse_rate_range{}; ///< bits 3–4 (3 is reserved: ble_reserved_value)
    bool improper_position = false;    ///< bit 5: improper measurement position
    std::uint16_t raw = 0;             ///< the word as sent
};

/// A decoded Blood Pressure Measurement.
struct BloodPressureMeasurement {
    std::uint8_t flags = 0; ///< as sent
    PressureUnit unit = PressureUnit::mmhg;
    Sfloat systolic;
    Sfloat diastolic;
    Sfloat mean_arterial_pressure;
    std::optional<LocalDateTime> time_stamp;   ///< flags bit 1
    std::optional<Sfloat> pulse_rate;          ///< flags bit 2, beats per minute
    std::optional<std::uint8_t> user_id;       ///< flags bit 3, as sent (not interpreted)
    std::optional<BloodPressureStatus> status; ///< flags bit 4
};

/// Decodes a Blood Pressure Measurement value (7 to 19 bytes).
Decoded<BloodPressureMeasurement>
decode_blood_pressure_measurement(std::span<const std::uint8_t> bytes);

// ---------------------------------------------------------------------------------------------
// Glucose Measurement 0x2A18
// ---------------------------------------------------------------------------------------------

/// The clinical unit a concentration is given in after the exact unit shift.
enum class GlucoseUnit : std::uint8_t {
    mg_per_dl,  ///< sent in kg/L (flags 0x04 clear); kg/L × 100 000 = mg/dL
    mmol_per_l, ///< sent in mol/L (flags 0x04 set); mol/L × 1000 = mmol/L
};

/// The sample type (low nibble of the type/sample-location byte).
enum class GlucoseSampleType : std::uint8_t {
    capillary_whole_blood = 1,
    capillary_plasma = 2,
    venous_whole_blood = 3,
    venous_plasma = 4,
    arterial_whole_blood = 5,
    arterial_plasma = 6,
    undetermined_whole_blood = 7,
    undetermined_plasma = 8,
    interstitial_fluid = 9,
    control_solution = 10,
};

/// The sample location (high nibble of the type/sample-location byte).
enum class GlucoseSampleLocation : std::uint8_t {
    finger = 1,
    alternate_site_test = 2,
    earlobe = 3,
    control_solution = 4,
    not_available = 15,
};

/// A glucose concentration with its sample.
struct GlucoseConcentration {
    GlucoseUnit unit = GlucoseUnit::mg_per_dl;
    Sfloat value;       ///< in `unit`: the transmitted digits, exponent shifted by 5 or 3
    Sfloat transmitted; ///< as sent, in kg/L (mg_per_dl) or mol/L (mmol_per_l)
    GlucoseSampleType type = GlucoseSampleType::capillary_whole_blood;
    GlucoseSampleLocation location = GlucoseSampleLocation::finger;

    /// A control-solution test (by type or by location): not patient data.
    bool is_control_solution() const noexcept {
        return type == GlucoseSampleType::control_solution ||
               location == GlucoseSampleLocation::control_solution;
    }
};

/// The Sensor Status Annunciation word (u16).
struct GlucoseSensorStatus {
    bool battery_low = false;               ///< 0x0001
    bool sensor_malfunction = false;        ///< 0x0002
    bool sample_size_insufficient = false;  ///< 0x0004
    bool strip_insertion_error = false;     ///< 0x0008
    bool strip_type_incorrect = false;      ///< 0x0010
    bool result_above_device_range = false; ///< 0x0020: higher than the device can process (HI)
    bool result_below_device_range = false; ///< 0x0040: lower than the device can process (LO)
    bool temperature_too_high = false;      ///< 0x0080
    bool temperature_too_low = false;       ///< 0x0100
    bool read_interrupted = false;          ///< 0x0200: strip pulled too soon
    bool general_device_fault = false;      ///< 0x0400
    bool time_fault = false;                ///< 0x0800: the time may be inaccurate
    std::uint16_t raw = 0;                  ///< the word as sent
};

/// A decoded Glucose Measurement.
struct GlucoseMeasurement {
    std::uint8_t flags = 0; ///< as sent
    std::uint16_t sequence_number = 0;
    LocalDateTime base_time;
    std::optional<std::int16_t> time_offset_minutes;   ///< flags 0x01; add to base_time
    std::optional<GlucoseConcentration> concentration; ///< flags 0x02
    std::optional<GlucoseSensorStatus> sensor_status;  ///< flags 0x08
    bool context_follows = false;                      ///< flags 0x10: a 0x2A34 with this
                                                       ///< sequence number follows
};

/// Decodes a Glucose Measurement value (10 to 17 bytes).
Decoded<GlucoseMeasurement> decode_glucose_measurement(std::span<const std::uint8_t> bytes);

// ---------------------------------------------------------------------------------------------
// Glucose Measurement Context 0x2A34
// ---------------------------------------------------------------------------------------------

/// The meal a glucose measurement relates to.
enum class Meal : std::uint8_t {
    preprandial = 1,  ///< before a meal
    postprandial = 2, ///< after a meal
    fasting = 3,
    casual = 4, ///< snacks, drinks…
    bedtime = 5,
};

/// A decoded Glucose Measurement Context. Only the sequence number and the meal are interpreted;
/// the other fields announced by the flags are checked for length and skipped.
struct GlucoseContext {
    std::uint8_t flags = 0;                     ///< as sent: which optional fields were present
    std::uint16_t sequence_number = 0;          ///< pairs the context with its measurement
    std::optional<std::uint8_t> extended_flags; ///< flags 0x80; only 0 is accepted (all reserved)
    std::optional<Meal> meal;                   ///< flags 0x02
};

/// Decodes a Glucose Measurement Context value (3 to 17 bytes).
Decoded<GlucoseContext> decode_glucose_measurement_context(std::span<const std::uint8_t> bytes);

// ---------------------------------------------------------------------------------------------
// Hex text
// ---------------------------------------------------------------------------------------------

/// Reads the bytes of a characteristic value given as hex text in JSON: pairs of hex digits
/// (either case), with at most one ASCII space between two pairs ("F014", "f0 14"). No "0x"
/// prefix, no other separators, no leading or trailing space. "" is zero bytes. The first
/// character that breaks this is reported as invalid_hex with its offset; an odd number of digits
/// is reported at the end of the text.
Decoded<std::vector<std::uint8_t>> read_hex(std::string_view text);

} // namespace telemed::readings::ble
