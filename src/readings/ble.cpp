// Bluetooth LE characteristic decoders (docs/readings-ble.md). Every read goes through Cursor,
// which checks the length first, so no decoder can read past the end of its bytes.
#include "readings/ble.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace telemed::readings::ble {

namespace {

// ---------------------------------------------------------------------------------------------
// Field names (static storage: DecodeProblem::field refers to them)
// ---------------------------------------------------------------------------------------------

struct DateTimeFieldNames {
    std::string_view year, month, day, hours, minutes, seconds;
};

constexpr DateTimeFieldNames time_stamp_fields = {"time_stamp.year",    "time_stamp.month",
                                                  "time_stamp.day",     "time_stamp.hours",
                                                  "time_stamp.minutes", "time_stamp.seconds"};

constexpr DateTimeFieldNames base_time_fields = {"base_time.year",    "base_time.month",
                                                 "base_time.day",     "base_time.hours",
                                                 "base_time.minutes", "base_time.seconds"};

// ---------------------------------------------------------------------------------------------
// Cursor: bounds-checked little-endian reads that record their own problems
// ---------------------------------------------------------------------------------------------

class Cursor {
public:
    Cursor(std::span<const std::uint8_t> bytes, std::vector<DecodeProblem>& problems) noexcept
        : bytes_(bytes), problems_(problems) {}

    std::size_t offset() const noexcept { return offset_; }

    void report(ProblemCode code, std::size_t at, std::string_view field, std::uint32_t value) {
        problems_.push_back(DecodeProblem{code, at, field, value});
    }

    std::optional<std::uint8_t> u8(std::string_view field) {
        if (!available(1, field)) {
            return std::nullopt;
        }
        return bytes_[offset_++];
    }

    std::optional<std::uint16_t> u16(std::string_view field) {
        if (!available(2, field)) {
            return std::nullopt;
        }
        const auto low = bytes_[offset_];
        const auto high = bytes_[offset_ + 1];
        offset_ += 2;
        return static_cast<std::uint16_t>(low | (high << 8));
    }

    // A signed 16-bit field: two's complement, which C++20 defines for the narrowing cast.
    std::optional<std::int16_t> s16(std::string_view field) {
        const auto raw = u16(field);
        if (!raw) {
            return std::nullopt;
        }
        return static_cast<std::int16_t>(*raw);
    }

    // An SFLOAT; the reserved value is reported here, once for every field that can carry it.
    std::optional<Sfloat> sfloat(std::string_view field) {
        const auto at = offset_;
        const auto raw = u16(field);
        if (!raw) {
            return std::nullopt;
        }
        const auto value = decode_sfloat(*raw);
        if (value.kind == SfloatKind::reserved) {
            report(ProblemCode::ble_sfloat_reserved, at, field, *raw);
        }
        return value;
    }

    // A field this module does not interpret: only its length is checked.
    bool skip(std::size_t size, std::string_view field) {
        if (!available(size, field)) {
            return false;
        }
        offset_ += size;
        return true;
    }

    // After the last announced field: anything left is reported, never silently ignored.
    void expect_end() {
        if (offset_ < bytes_.size()) {
            report(ProblemCode::ble_trailing_bytes, offset_, "end",
                   static_cast<std::uint32_t>(bytes_.size() - offset_));
        }
    }

private:
    bool available(std::size_t size, std::string_view field) {
        if (bytes_.size() - offset_ >= size) {
            return true;
        }
        report(ProblemCode::ble_truncated, offset_, field, static_cast<std::uint32_t>(size));
        return false;
    }

    std::span<const std::uint8_t> bytes_;
    std::vector<DecodeProblem>& problems_;
    std::size_t offset_ = 0;
};

// Reserved bits in a flags byte may announce fields this decoder does not know, so the layout of
// the rest is unknown: report and stop rather than guess.
bool check_reserved_flags(Cursor& in, std::size_t at, std::string_view field, std::uint32_t value,
                          std::uint32_t reserved_mask) {
    if ((value & reserved_mask) == 0) {
        return true;
    }
    in.report(ProblemCode::ble_reserved_flags, at, field, value & reserved_mask);
    return false;
}

// Reserved bits in a status word do not change the layout: report them and read on.
void check_reserved_status(Cursor& in, std::size_t at, std::string_view field, std::uint16_t value,
                           std::uint16_t defined_mask) {
    const std::uint32_t reserved =
        static_cast<std::uint32_t>(value) & ~static_cast<std::uint32_t>(defined_mask) & 0xFFFFu;
    if (reserved != 0) {
        in.report(ProblemCode::ble_reserved_flags, at, field, reserved);
    }
}

// ---------------------------------------------------------------------------------------------
// Date-time (7 bytes)
// ---------------------------------------------------------------------------------------------

unsigned days_in_month(unsigned year, unsigned month) noexcept {
    constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month != 2) {
        return days[month - 1];
    }
    // An unknown year (0) could be a leap year, so 29 February stands.
    const bool leap = year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    return leap ? 29 : 28;
}

// Reports each out-of-range field of a date-time read at `start`.
void check_date_time(Cursor& in, std::size_t start, const LocalDateTime& t,
                     const DateTimeFieldNames& names) {
    const auto invalid = [&](std::size_t relative, std::string_view field, unsigned value) {
        in.report(ProblemCode::ble_invalid_time, start + relative, field, value);
    };
    if (t.year != 0 && (t.year < 1582 || t.year > 9999)) {
        invalid(0, names.year, t.year);
    }
    if (t.month > 12) {
        invalid(2, names.month, t.month);
    }
    const unsigned longest_day =
        (t.month >= 1 && t.month <= 12) ? days_in_month(t.year, t.month) : 31;
    if (t.day > longest_day) {
        invalid(3, names.day, t.day);
    }
    if (t.hours > 23) {
        invalid(4, names.hours, t.hours);
    }
    if (t.minutes > 59) {
        invalid(5, names.minutes, t.minutes);
    }
    if (t.seconds > 59) {
        invalid(6, names.seconds, t.seconds);
    }
}

std::optional<LocalDateTime> read_date_time(Cursor& in, const DateTimeFieldNames& names) {
    const auto start = in.offset();
    const auto year = in.u16(names.year);
    if (!year) {
        return std::nullopt;
    }
    LocalDateTime t;
    t.year = *year;
    for (auto [field, name] :
         {std::pair{&t.month, names.month}, std::pair{&t.day, names.day},
          std::pair{&t.hours, names.hours}, std::pair{&t.minutes, names.minutes},
          std::pair{&t.seconds, names.seconds}}) {
        const auto byte = in.u8(name);
        if (!byte) {
            return std::nullopt;
        }
        *field = *byte;
    }
    check_date_time(in, start, t, names);
    return t;
}

// ---------------------------------------------------------------------------------------------
// Blood Pressure Measurement: the steps
// ---------------------------------------------------------------------------------------------

namespace bp {
constexpr std::uint8_t unit_kpa = 0x01;
constexpr std::uint8_t time_stamp_present = 0x02;
constexpr std::uint8_t pulse_rate_present = 0x04;
constexpr std::uint8_t user_id_present = 0x08;
constexpr std::uint8_t status_present = 0x10;
constexpr std::uint32_t reserved_flags = 0xE0;
constexpr std::uint16_t status_defined = 0x003F;
} // namespace bp

bool read_flags(Cursor& in, BloodPressureMeasurement& m) {
    const auto flags = in.u8("flags");
    if (!flags || !check_reserved_flags(in, 0, "flags", *flags, bp::reserved_flags)) {
        return false;
    }
    m.flags = *flags;
    m.unit = (*flags & bp::unit_kpa) != 0 ? PressureUnit::kpa : PressureUnit::mmhg;
    return true;
}

bool read_pressures(Cursor& in, BloodPressureMeasurement& m) {
    for (auto [field, name] :
         {std::pair{&m.systolic, "systolic"}, std::pair{&m.diastolic, "diastolic"},
          std::pair{&m.mean_arterial_pressure, "mean_arterial_pressure"}}) {
        const auto value = in.sfloat(name);
        if (!value) {
            return false;
        }
        *field = *value;
    }
    return true;
}

bool read_time_stamp(Cursor& in, BloodPressureMeasurement& m) {
    if ((m.flags & bp::time_stamp_present) == 0) {
        return true;
    }
    m.time_stamp = read_date_time(in, time_stamp_fields);
    return m.time_stamp.has_value();
}

bool read_pulse_rate(Cursor& in, BloodPressureMeasurement& m) {
    if ((m.flags & bp::pulse_rate_present) == 0) {
        return true;
    }
    m.pulse_rate = in.sfloat("pulse_rate");
    return m.pulse_rate.has_value();
}

bool read_user_id(Cursor& in, BloodPressureMeasurement& m) {
    if ((m.flags & bp::user_id_present) == 0) {
        return true;
    }
    m.user_id = in.u8("user_id");
    return m.user_id.has_value();
}

BloodPressureStatus interpret_status(std::uint16_t raw) noexcept {
    BloodPressureStatus s;
    s.raw = raw;
    s.body_movement = (raw & 0x0001) != 0;
    s.cuff_too_loose = (raw & 0x0002) != 0;
    s.irregular_pulse = (raw & 0x0004) != 0;
    const auto range = (raw >> 3) & 0x3;
    s.pulse_rate_range = range == 1   ? PulseRateRange::exceeds_upper_limit
                         : range == 2 ? PulseRateRange::below_lower_limit
                                      : PulseRateRange::within;
    s.improper_position = (raw & 0x0020) != 0;
    return s;
}

bool read_status(Cursor& in, BloodPressureMeasurement& m) {
    if ((m.flags & bp::status_present) == 0) {
        return true;
    }
    const auto at = in.offset();
    const auto raw = in.u16("measurement_status");
    if (!raw) {
        return false;
    }
    check_reserved_status(in, at, "measurement_status", *raw, bp::status_defined);
    if (((*raw >> 3) & 0x3) == 3) {
        in.report(ProblemCode::ble_reserved_value, at, "measurement_status.pulse_rate_range", 3);
    }
    m.status = interpret_status(*raw);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Glucose Measurement: the steps
// ---------------------------------------------------------------------------------------------

namespace glucose {
constexpr std::uint8_t time_offset_present = 0x01;
constexpr std::uint8_t concentration_present = 0x02;
constexpr std::uint8_t unit_mol_per_l = 0x04;
constexpr std::uint8_t sensor_status_present = 0x08;
constexpr std::uint8_t context_follows = 0x10;
constexpr std::uint32_t reserved_flags = 0xE0;
constexpr std::uint16_t sensor_status_defined = 0x0FFF;
// kg/L × 10^5 = mg/dL; mol/L × 10^3 = mmol/L.
constexpr std::int32_t kg_per_l_to_mg_per_dl = 5;
constexpr std::int32_t mol_per_l_to_mmol_per_l = 3;
} // namespace glucose

bool read_flags(Cursor& in, GlucoseMeasurement& m) {
    const auto flags = in.u8("flags");
    if (!flags || !check_reserved_flags(in, 0, "flags", *flags, glucose::reserved_flags)) {
        return false;
    }
    m.flags = *flags;
    m.context_follows = (*flags & glucose::context_follows) != 0;
    return true;
}

bool read_sequence_number(Cursor& in, std::uint16_t& sequence_number) {
    const auto value = in.u16("sequence_number");
    if (!value) {
        return false;
    }
    sequence_number = *value;
    return true;
}

bool read_base_time(Cursor& in, GlucoseMeasurement& m) {
    const auto t = read_date_time(in, base_time_fields);
    if (!t) {
        return false;
    }
    m.base_time = *t;
    return true;
}

bool read_time_offset(Cursor& in, GlucoseMeasurement& m) {
    if ((m.flags & glucose::time_offset_present) == 0) {
        return true;
    }
    m.time_offset_minutes = in.s16("time_offset");
    return m.time_offset_minutes.has_value();
}

bool known_sample_type(unsigned nibble) noexcept {
    return nibble >= 1 && nibble <= 10;
}

bool known_sample_location(unsigned nibble) noexcept {
    return (nibble >= 1 && nibble <= 4) || nibble == 15;
}

bool read_concentration(Cursor& in, GlucoseMeasurement& m) {
    if ((m.flags & glucose::concentration_present) == 0) {
        return true;
    }
    const auto transmitted = in.sfloat("concentration");
    if (!transmitted) {
        return false;
    }
    const auto at = in.offset();
    const auto type_location = in.u8("type_sample_location");
    if (!type_location) {
        return false;
    }
    const unsigned type = *type_location & 0x0Fu;
    const unsigned location = (*type_location >> 4) & 0x0Fu;
    if (!known_sample_type(type)) {
        in.report(ProblemCode::ble_reserved_value, at, "sample_type", type);
    }
    if (!known_sample_location(location)) {
        in.report(ProblemCode::ble_reserved_value, at, "sample_location", location);
    }
    GlucoseConcentration c;
    const bool molar = (m.flags & glucose::unit_mol_per_l) != 0;
    c.unit = molar ? GlucoseUnit::mmol_per_l : GlucoseUnit::mg_per_dl;
    c.transmitted = *transmitted;
    c.value = transmitted->shifted(molar ? glucose::mol_per_l_to_mmol_per_l
                                         : glucose::kg_per_l_to_mg_per_dl);
    c.type = static_cast<GlucoseSampleType>(type);
    c.location = static_cast<GlucoseSampleLocation>(location);
    m.concentration = c;
    return true;
}

GlucoseSensorStatus interpret_sensor_status(std::uint16_t raw) noexcept {
    const auto bit = [raw](unsigned mask) { return (raw & mask) != 0; };
    GlucoseSensorStatus s;
    s.raw = raw;
    s.battery_low = bit(0x0001);
    s.sensor_malfunction = bit(0x0002);
    s.sample_size_insufficient = bit(0x0004);
    s.strip_insertion_error = bit(0x0008);
    s.strip_type_incorrect = bit(0x0010);
    s.result_above_device_range = bit(0x0020);
    s.result_below_device_range = bit(0x0040);
    s.temperature_too_high = bit(0x0080);
    s.temperature_too_low = bit(0x0100);
    s.read_interrupted = bit(0x0200);
    s.general_device_fault = bit(0x0400);
    s.time_fault = bit(0x0800);
    return s;
}

bool read_sensor_status(Cursor& in, GlucoseMeasurement& m) {
    if ((m.flags & glucose::sensor_status_present) == 0) {
        return true;
    }
    const auto at = in.offset();
    const auto raw = in.u16("sensor_status");
    if (!raw) {
        return false;
    }
    check_reserved_status(in, at, "sensor_status", *raw, glucose::sensor_status_defined);
    m.sensor_status = interpret_sensor_status(*raw);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Glucose Measurement Context: the steps
// ---------------------------------------------------------------------------------------------

namespace context {
constexpr std::uint8_t carbohydrate_present = 0x01;
constexpr std::uint8_t meal_present = 0x02;
constexpr std::uint8_t tester_health_present = 0x04;
constexpr std::uint8_t exercise_present = 0x08;
constexpr std::uint8_t medication_present = 0x10;
// 0x20 (medication in litres, else kilograms) only qualifies a skipped field.
constexpr std::uint8_t hba1c_present = 0x40;
constexpr std::uint8_t extended_flags_present = 0x80;
// Every extended flag is reserved: any set bit may announce a field this decoder does not know.
constexpr std::uint32_t extended_flags_reserved = 0xFF;
} // namespace context

bool read_flags(Cursor& in, GlucoseContext& c) {
    const auto flags = in.u8("flags");
    if (!flags) {
        return false;
    }
    c.flags = *flags;
    return true;
}

// The extended flags come right after the sequence number, before the carbohydrate fields.
bool read_extended_flags(Cursor& in, GlucoseContext& c) {
    if ((c.flags & context::extended_flags_present) == 0) {
        return true;
    }
    const auto at = in.offset();
    const auto extended = in.u8("extended_flags");
    if (!extended || !check_reserved_flags(in, at, "extended_flags", *extended,
                                           context::extended_flags_reserved)) {
        return false;
    }
    c.extended_flags = *extended;
    return true;
}

bool skip_carbohydrate(Cursor& in, const GlucoseContext& c) {
    return (c.flags & context::carbohydrate_present) == 0 ||
           (in.skip(1, "carbohydrate_id") && in.skip(2, "carbohydrate"));
}

bool read_meal(Cursor& in, GlucoseContext& c) {
    if ((c.flags & context::meal_present) == 0) {
        return true;
    }
    const auto at = in.offset();
    const auto meal = in.u8("meal");
    if (!meal) {
        return false;
    }
    if (*meal < 1 || *meal > 5) {
        in.report(ProblemCode::ble_reserved_value, at, "meal", *meal);
        return true;
    }
    c.meal = static_cast<Meal>(*meal);
    return true;
}

bool skip_tester_health(Cursor& in, const GlucoseContext& c) {
    return (c.flags & context::tester_health_present) == 0 || in.skip(1, "tester_health");
}

bool skip_exercise(Cursor& in, const GlucoseContext& c) {
    return (c.flags & context::exercise_present) == 0 ||
           (in.skip(2, "exercise_duration") && in.skip(1, "exercise_intensity"));
}

bool skip_medication(Cursor& in, const GlucoseContext& c) {
    return (c.flags & context::medication_present) == 0 ||
           (in.skip(1, "medication_id") && in.skip(2, "medication"));
}

bool skip_hba1c(Cursor& in, const GlucoseContext& c) {
    return (c.flags & context::hba1c_present) == 0 || in.skip(2, "hba1c");
}

// ---------------------------------------------------------------------------------------------
// Hex
// ---------------------------------------------------------------------------------------------

int hex_digit_value(char ch) noexcept {
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
    }
    return -1;
}

DecodeProblem hex_problem(std::string_view text, std::size_t at, std::string_view expected) {
    const std::uint32_t found =
        at < text.size() ? static_cast<std::uint32_t>(static_cast<unsigned char>(text[at])) : 0u;
    return DecodeProblem{ProblemCode::invalid_hex, at, expected, found};
}

} // namespace

// -------------------------------------------------------------------------------------------------
// Public functions
// -------------------------------------------------------------------------------------------------

double Sfloat::to_double() const noexcept {
    switch (kind) {
    case SfloatKind::number:
        return decimal().to_double();
    case SfloatKind::plus_infinity:
        return std::numeric_limits<double>::infinity();
    case SfloatKind::minus_infinity:
        return -std::numeric_limits<double>::infinity();
    case SfloatKind::nan:
    case SfloatKind::nres:
    case SfloatKind::reserved:
        break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Sfloat Sfloat::shifted(std::int32_t power) const noexcept {
    if (kind != SfloatKind::number) {
        return *this;
    }
    return Sfloat{kind, mantissa, exponent + power};
}

Sfloat decode_sfloat(std::uint16_t raw) noexcept {
    // Step 1: the special values, on the raw pattern (sign extension would turn 0x0800 into the
    // ordinary-looking −2048).
    switch (raw) {
    case 0x07FF:
        return Sfloat{SfloatKind::nan, 0, 0};
    case 0x0800:
        return Sfloat{SfloatKind::nres, 0, 0};
    case 0x07FE:
        return Sfloat{SfloatKind::plus_infinity, 0, 0};
    case 0x0802:
        return Sfloat{SfloatKind::minus_infinity, 0, 0};
    case 0x0801:
        return Sfloat{SfloatKind::reserved, 0, 0};
    default:
        break;
    }
    // Step 2: sign-extend the 4-bit exponent and the 12-bit mantissa.
    std::int32_t exponent = (raw >> 12) & 0x0F;
    if (exponent >= 0x8) {
        exponent -= 0x10;
    }
    std::int32_t mantissa = raw & 0x0FFF;
    if (mantissa >= 0x800) {
        mantissa -= 0x1000;
    }
    return Sfloat{SfloatKind::number, mantissa, exponent};
}

std::string_view code_name(ProblemCode code) noexcept {
    switch (code) {
    case ProblemCode::ble_truncated:
        return "ble_truncated";
    case ProblemCode::ble_trailing_bytes:
        return "ble_trailing_bytes";
    case ProblemCode::ble_reserved_flags:
        return "ble_reserved_flags";
    case ProblemCode::ble_reserved_value:
        return "ble_reserved_value";
    case ProblemCode::ble_invalid_time:
        return "ble_invalid_time";
    case ProblemCode::ble_sfloat_reserved:
        return "ble_sfloat_reserved";
    case ProblemCode::invalid_hex:
        return "invalid_hex";
    }
    return "unknown";
}

std::optional<date::local_seconds> LocalDateTime::local_time() const noexcept {
    if (!date_known()) {
        return std::nullopt;
    }
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    if (!ymd.ok() || hours > 23 || minutes > 59 || seconds > 59) {
        return std::nullopt;
    }
    return date::local_days{ymd} + std::chrono::hours{hours} + std::chrono::minutes{minutes} +
           std::chrono::seconds{seconds};
}

Decoded<BloodPressureMeasurement>
decode_blood_pressure_measurement(std::span<const std::uint8_t> bytes) {
    std::vector<DecodeProblem> problems;
    Cursor in(bytes, problems);
    BloodPressureMeasurement m;
    const bool complete = read_flags(in, m) && read_pressures(in, m) && read_time_stamp(in, m) &&
                          read_pulse_rate(in, m) && read_user_id(in, m) && read_status(in, m);
    if (complete) {
        in.expect_end();
    }
    if (!problems.empty()) {
        return problems;
    }
    return m;
}

Decoded<GlucoseMeasurement> decode_glucose_measurement(std::span<const std::uint8_t> bytes) {
    std::vector<DecodeProblem> problems;
    Cursor in(bytes, problems);
    GlucoseMeasurement m;
    const bool complete = read_flags(in, m) && read_sequence_number(in, m.sequence_number) &&
                          read_base_time(in, m) && read_time_offset(in, m) &&
                          read_concentration(in, m) && read_sensor_status(in, m);
    if (complete) {
        in.expect_end();
    }
    if (!problems.empty()) {
        return problems;
    }
    return m;
}

Decoded<GlucoseContext> decode_glucose_measurement_context(std::span<const std::uint8_t> bytes) {
    std::vector<DecodeProblem> problems;
    Cursor in(bytes, problems);
    GlucoseContext c;
    const bool complete = read_flags(in, c) && read_sequence_number(in, c.sequence_number) &&
                          read_extended_flags(in, c) && skip_carbohydrate(in, c) &&
                          read_meal(in, c) && skip_tester_health(in, c) && skip_exercise(in, c) &&
                          skip_medication(in, c) && skip_hba1c(in, c);
    if (complete) {
        in.expect_end();
    }
    if (!problems.empty()) {
        return problems;
    }
    return c;
}

Decoded<std::vector<std::uint8_t>> read_hex(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() / 2);
    std::size_t at = 0;
    while (at < text.size()) {
        // Step 1: after a byte, one optional space, which must be followed by another byte.
        if (!bytes.empty()) {
            if (text[at] == ' ') {
                ++at;
            } else if (hex_digit_value(text[at]) < 0) {
                return std::vector<DecodeProblem>{hex_problem(text, at, "hex_digit_or_space")};
            }
        }
        // Step 2: two hex digits.
        if (at >= text.size() || hex_digit_value(text[at]) < 0) {
            return std::vector<DecodeProblem>{hex_problem(text, at, "hex_digit")};
        }
        if (at + 1 >= text.size() || hex_digit_value(text[at + 1]) < 0) {
            return std::vector<DecodeProblem>{hex_problem(text, at + 1, "hex_digit")};
        }
        bytes.push_back(static_cast<std::uint8_t>(hex_digit_value(text[at]) * 16 +
                                                  hex_digit_value(text[at + 1])));
        at += 2;
    }
    return bytes;
}

} // namespace telemed::readings::ble
