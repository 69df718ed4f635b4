// Bluetooth LE decoders against bytes worked out by hand from shared/reference/devices.md
// ("Bluetooth LE formats"). Multi-byte fields are little-endian: 0x0078 is sent as 78 00.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <gtest/gtest.h>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "readings/ble.hpp"

namespace telemed::readings::ble {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::string describe(std::span<const DecodeProblem> problems) {
    std::ostringstream out;
    for (const auto& p : problems) {
        out << code_name(p.code) << "@" << p.offset << " " << p.field << "=" << p.value << "; ";
    }
    return out.str();
}

// The decoded value, or a default one after recording a failure.
template <class T> T expect_ok(const Decoded<T>& d) {
    EXPECT_TRUE(d.ok()) << describe(d.problems());
    return d.ok() ? d.value() : T{};
}

// One expected problem.
struct Expected {
    ProblemCode code;
    std::size_t offset;
    std::string_view field;
    std::uint32_t value;
};

template <class T>
void expect_problems(const Decoded<T>& d, const std::vector<Expected>& expected) {
    ASSERT_FALSE(d.ok());
    const auto problems = d.problems();
    ASSERT_EQ(problems.size(), expected.size()) << describe(problems);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(problems[i].code, expected[i].code) << describe(problems);
        EXPECT_EQ(problems[i].offset, expected[i].offset) << describe(problems);
        EXPECT_EQ(problems[i].field, expected[i].field) << describe(problems);
        EXPECT_EQ(problems[i].value, expected[i].value) << describe(problems);
    }
}

// ---------------------------------------------------------------------------------------------
// SFLOAT
// ---------------------------------------------------------------------------------------------

struct SfloatCase {
    std::uint16_t raw;
    SfloatKind kind;
    std::int32_t mantissa;
    std::int32_t exponent;
    const char* text; // "" for the special values
};

TEST(BleSfloat, HandWorkedValues) {
    const SfloatCase cases[] = {
        // The five special values, recognised on the raw pattern before sign extension.
        {0x07FF, SfloatKind::nan, 0, 0, ""},
        {0x0800, SfloatKind::nres, 0, 0, ""}, // sign-extended it would look like −2048
        {0x07FE, SfloatKind::plus_infinity, 0, 0, ""},
        {0x0802, SfloatKind::minus_infinity, 0, 0, ""}, // would look like −2046
        {0x0801, SfloatKind::reserved, 0, 0, ""},       // would look like −2047
        // 0xF014: exponent 0xF = −1, mantissa 0x014 = 20 → 20·10⁻¹ = 2.0.
        {0xF014, SfloatKind::number, 20, -1, "2.0"},
        // 0xEFFB: exponent 0xE = 14 − 16 = −2, mantissa 0xFFB = 4091 − 4096 = −5 → −0.05.
        {0xEFFB, SfloatKind::number, -5, -2, "-0.05"},
        // 0x0078: exponent 0, mantissa 120 → 120 (a systolic pressure in mmHg).
        {0x0078, SfloatKind::number, 120, 0, "120"},
        // 0xF3A5: exponent −1, mantissa 0x3A5 = 933 → 93.3.
        {0xF3A5, SfloatKind::number, 933, -1, "93.3"},
        // 0x0FFF: exponent 0, mantissa 0xFFF = −1 → −1.
        {0x0FFF, SfloatKind::number, -1, 0, "-1"},
        // 0x2001: exponent 2, mantissa 1 → 100.
        {0x2001, SfloatKind::number, 1, 2, "100"},
        // 0x0000 → 0.
        {0x0000, SfloatKind::number, 0, 0, "0"},
        // 0xF000: exponent −1, mantissa 0 → 0.0 (the precision is kept).
        {0xF000, SfloatKind::number, 0, -1, "0.0"},
        // The extremes: 0x77FF = 2047·10⁷, 0x8800 = −2048·10⁻⁸.
        {0x77FF, SfloatKind::number, 2047, 7, "20470000000"},
        {0x8800, SfloatKind::number, -2048, -8, "-0.00002048"},
        // Mantissa 0x7FF with a non-zero exponent is an ordinary number, not NaN:
        // 0xF7FF = 2047·10⁻¹ = 204.7; 0xF800 = −2048·10⁻¹ = −204.8.
        {0xF7FF, SfloatKind::number, 2047, -1, "204.7"},
        {0xF800, SfloatKind::number, -2048, -1, "-204.8"},
    };
    for (const auto& c : cases) {
        const auto s = decode_sfloat(c.raw);
        EXPECT_EQ(s.kind, c.kind) << std::hex << c.raw;
        EXPECT_EQ(s.mantissa, c.mantissa) << std::hex << c.raw;
        EXPECT_EQ(s.exponent, c.exponent) << std::hex << c.raw;
        if (c.kind == SfloatKind::number) {
            EXPECT_EQ(s.decimal().to_string(), c.text) << std::hex << c.raw;
        }
    }
}

TEST(BleSfloat, DoubleAccessor) {
    EXPECT_EQ(decode_sfloat(0xF014).to_double(), 2.0); // exactly
    EXPECT_EQ(decode_sfloat(0xEFFB).to_double(), -0.05);
    EXPECT_EQ(decode_sfloat(0xF001).to_double(), 0.1); // 1·10⁻¹: the double nearest 0.1
    EXPECT_TRUE(std::isnan(decode_sfloat(0x07FF).to_double()));
    EXPECT_TRUE(std::isnan(decode_sfloat(0x0800).to_double()));
    EXPECT_TRUE(std::isnan(decode_sfloat(0x0801).to_double()));
    EXPECT_EQ(decode_sfloat(0x07FE).to_double(), std::numeric_limits<double>::infinity());
    EXPECT_EQ(decode_sfloat(0x0802).to_double(), -std::numeric_limits<double>::infinity());
}

TEST(BleSfloat, EveryPatternDecodesConsistently) {
    for (std::uint32_t raw = 0; raw <= 0xFFFF; ++raw) {
        const auto s = decode_sfloat(static_cast<std::uint16_t>(raw));
        if (raw >= 0x07FE && raw <= 0x0802) {
            EXPECT_NE(s.kind, SfloatKind::number) << raw;
            continue;
        }
        ASSERT_EQ(s.kind, SfloatKind::number) << raw;
        ASSERT_GE(s.exponent, -8);
        ASSERT_LE(s.exponent, 7);
        ASSERT_GE(s.mantissa, -2048);
        ASSERT_LE(s.mantissa, 2047);
        // Re-encoding gives the same bits back.
        const auto reencoded = ((static_cast<std::uint32_t>(s.exponent) & 0xFu) << 12) |
                               (static_cast<std::uint32_t>(s.mantissa) & 0xFFFu);
        ASSERT_EQ(reencoded, raw);
        // The decimal string read back by strtod (correctly rounded) is the double accessor.
        const auto text = s.decimal().to_string();
        ASSERT_EQ(std::strtod(text.c_str(), nullptr), s.to_double()) << text;
    }
}

TEST(BleSfloat, ShiftKeepsSpecialValues) {
    EXPECT_EQ(decode_sfloat(0x07FE).shifted(5).kind, SfloatKind::plus_infinity);
    EXPECT_EQ(decode_sfloat(0x07FF).shifted(3).exponent, 0);
    const auto shifted = decode_sfloat(0xF014).shifted(3); // 2.0 → 2000
    EXPECT_EQ(shifted.mantissa, 20);
    EXPECT_EQ(shifted.exponent, 2);
}

// ---------------------------------------------------------------------------------------------
// Decimal
// ---------------------------------------------------------------------------------------------

TEST(BleDecimal, PlainNotationKeepsThePrecision) {
    EXPECT_EQ((Decimal{20, -1}.to_string()), "2.0");
    EXPECT_EQ((Decimal{-5, -2}.to_string()), "-0.05");
    EXPECT_EQ((Decimal{12, 2}.to_string()), "1200");
    EXPECT_EQ((Decimal{123, -1}.to_string()), "12.3");
    EXPECT_EQ((Decimal{123, -3}.to_string()), "0.123");
    EXPECT_EQ((Decimal{95, -5}.to_string()), "0.00095");
    EXPECT_EQ((Decimal{95, 0}.to_string()), "95");
    EXPECT_EQ((Decimal{0, 2}.to_string()), "0"); // not "000", which JSON forbids
    EXPECT_EQ((Decimal{-2147483647 - 1, 0}.to_string()), "-2147483648");
    // Far exponents use E notation instead of a huge string; still JSON numbers.
    EXPECT_EQ((Decimal{12, 40}.to_string()), "12E+40");
    EXPECT_EQ((Decimal{-12, -40}.to_string()), "-12E-40");
    std::string out = "x=";
    Decimal{54, -1}.append_to(out);
    EXPECT_EQ(out, "x=5.4");
}

TEST(BleDecimal, ExactComparison) {
    using std::strong_ordering;
    EXPECT_EQ(compare({20, -1}, {2, 0}), strong_ordering::equal); // 2.0 = 2
    EXPECT_EQ(compare({100, -2}, {1, 0}), strong_ordering::equal);
    EXPECT_EQ(compare({0, 5}, {0, -3}), strong_ordering::equal);
    // 70 mg/dL ÷ 18.0156 = 3.886 mmol/L, which is below the 3.9 threshold.
    EXPECT_EQ(compare({3886, -3}, {39, -1}), strong_ordering::less);
    EXPECT_EQ(compare({39, -1}, {3886, -3}), strong_ordering::greater);
    EXPECT_EQ(compare({39, -4}, {39, -4}), strong_ordering::equal);
    EXPECT_EQ(compare({-5, -2}, {0, 0}), strong_ordering::less);
    EXPECT_EQ(compare({-1, 0}, {-2, 0}), strong_ordering::greater);
    EXPECT_EQ(compare({-2, 0}, {-15, -1}), strong_ordering::less); // −2 < −1.5
    EXPECT_EQ(compare({2047, 7}, {2047, 6}), strong_ordering::greater);
    EXPECT_EQ(compare({1, 10}, {2147483647, 0}), strong_ordering::greater);
    EXPECT_EQ(compare({999999999, -9}, {1, 0}), strong_ordering::less); // 0.999999999 < 1
    EXPECT_EQ(compare({1, 0}, {1000000000, -9}), strong_ordering::equal);
}

TEST(BleDecimal, ShiftIsExact) {
    // 0.00095 kg/L × 100 000 = 95 mg/dL; 0.0054 mol/L × 1000 = 5.4 mmol/L.
    EXPECT_EQ((Decimal{95, -5}.shifted(5).to_string()), "95");
    EXPECT_EQ((Decimal{54, -4}.shifted(3).to_string()), "5.4");
    EXPECT_EQ((Decimal{54, -4}.shifted(3).to_double()), 5.4);
}

// ---------------------------------------------------------------------------------------------
// Hex text
// ---------------------------------------------------------------------------------------------

TEST(BleHex, PairsWithOptionalSingleSpaces) {
    EXPECT_EQ(expect_ok(read_hex("F014")), (Bytes{0xF0, 0x14}));
    EXPECT_EQ(expect_ok(read_hex("f014")), (Bytes{0xF0, 0x14}));
    EXPECT_EQ(expect_ok(read_hex("f0 14")), (Bytes{0xF0, 0x14}));
    EXPECT_EQ(expect_ok(read_hex("00 78 0050 00")), (Bytes{0x00, 0x78, 0x00, 0x50, 0x00}));
    EXPECT_EQ(expect_ok(read_hex("aBcD")), (Bytes{0xAB, 0xCD}));
    EXPECT_EQ(expect_ok(read_hex("")), Bytes{});
}

TEST(BleHex, RejectsWithTheCharacterOffset) {
    using P = ProblemCode;
    // Odd length: the second digit of the last pair is missing at the end of the text.
    expect_problems(read_hex("F01"), {{P::invalid_hex, 3, "hex_digit", 0}});
    expect_problems(read_hex("F"), {{P::invalid_hex, 1, "hex_digit", 0}});
    // A non-hex character where a digit must be.
    expect_problems(read_hex("F0G4"), {{P::invalid_hex, 2, "hex_digit_or_space", 'G'}});
    expect_problems(read_hex("FG"), {{P::invalid_hex, 1, "hex_digit", 'G'}});
    expect_problems(read_hex("0xF0"), {{P::invalid_hex, 1, "hex_digit", 'x'}});
    expect_problems(read_hex("F0:14"), {{P::invalid_hex, 2, "hex_digit_or_space", ':'}});
    expect_problems(read_hex("F0-14"), {{P::invalid_hex, 2, "hex_digit_or_space", '-'}});
    // Spaces only between whole bytes, one at a time, never at the ends.
    expect_problems(read_hex("F 014"), {{P::invalid_hex, 1, "hex_digit", ' '}});
    expect_problems(read_hex("F0  14"), {{P::invalid_hex, 3, "hex_digit", ' '}});
    expect_problems(read_hex(" F0"), {{P::invalid_hex, 0, "hex_digit", ' '}});
    expect_problems(read_hex("F0 "), {{P::invalid_hex, 3, "hex_digit", 0}});
    expect_problems(read_hex("F0\t14"), {{P::invalid_hex, 2, "hex_digit_or_space", '\t'}});
    // Non-ASCII: the offset counts the ASCII characters before it.
    expect_problems(read_hex("F0\xC3\xA9"), {{P::invalid_hex, 2, "hex_digit_or_space", 0xC3}});
}

// ---------------------------------------------------------------------------------------------
// Blood Pressure Measurement 0x2A35
// ---------------------------------------------------------------------------------------------

TEST(BleBloodPressure, MinimalInMmHg) {
    // flags 00 (mmHg, nothing optional) | SYS 78 00 = 120 | DIA 50 00 = 80 | MAP A5 F3 = 0xF3A5 =
    // 933·10⁻¹ = 93.3.
    const auto m = expect_ok(
        decode_blood_pressure_measurement(Bytes{0x00, 0x78, 0x00, 0x50, 0x00, 0xA5, 0xF3}));
    EXPECT_EQ(m.unit, PressureUnit::mmhg);
    EXPECT_EQ(m.systolic.decimal().to_string(), "120");
    EXPECT_EQ(m.diastolic.decimal().to_string(), "80");
    EXPECT_EQ(m.mean_arterial_pressure.decimal().to_string(), "93.3");
    EXPECT_FALSE(m.time_stamp);
    EXPECT_FALSE(m.pulse_rate);
    EXPECT_FALSE(m.user_id);
    EXPECT_FALSE(m.status);
}

TEST(BleBloodPressure, KilopascalsWithMeanPressureNotComputed) {
    // flags 01 (kPa) | SYS A0 F0 = 0xF0A0 = 160·10⁻¹ = 16.0 | DIA 6B F0 = 0xF06B = 107·10⁻¹ = 10.7
    // | MAP FF 07 = 0x07FF = NaN.
    const auto m = expect_ok(
        decode_blood_pressure_measurement(Bytes{0x01, 0xA0, 0xF0, 0x6B, 0xF0, 0xFF, 0x07}));
    EXPECT_EQ(m.unit, PressureUnit::kpa);
    EXPECT_EQ(m.systolic.decimal().to_string(), "16.0");
    EXPECT_EQ(m.diastolic.decimal().to_string(), "10.7");
    EXPECT_EQ(m.mean_arterial_pressure.kind, SfloatKind::nan);
}

TEST(BleBloodPressure, TimeStampFlag) {
    // flags 02 | 78 00 | 50 00 | FF 07 | year E8 07 = 0x07E8 = 2024, month 03, day 0A = 10,
    // 08:1E:0F = 08:30:15.
    const auto m = expect_ok(decode_blood_pressure_measurement(
        Bytes{0x02, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0xE8, 0x07, 0x03, 0x0A, 0x08, 0x1E, 0x0F}));
    ASSERT_TRUE(m.time_stamp);
    EXPECT_EQ(m.time_stamp->year, 2024);
    EXPECT_EQ(m.time_stamp->month, 3);
    EXPECT_EQ(m.time_stamp->day, 10);
    EXPECT_EQ(m.time_stamp->hours, 8);
    EXPECT_EQ(m.time_stamp->minutes, 30);
    EXPECT_EQ(m.time_stamp->seconds, 15);
    using namespace date::literals;
    EXPECT_EQ(m.time_stamp->local_time(), date::local_days{2024_y / 3 / 10} +
                                              std::chrono::hours{8} + std::chrono::minutes{30} +
                                              std::chrono::seconds{15});
}

TEST(BleBloodPressure, PulseRateFlag) {
    // flags 04 | pressures | pulse 48 00 = 72 bpm.
    const auto m = expect_ok(decode_blood_pressure_measurement(
        Bytes{0x04, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0x48, 0x00}));
    ASSERT_TRUE(m.pulse_rate);
    EXPECT_EQ(m.pulse_rate->decimal().to_string(), "72");
}

TEST(BleBloodPressure, UserIdFlag) {
    // flags 08 | pressures | user 05; 0xFF is kept as sent.
    const auto m = expect_ok(
        decode_blood_pressure_measurement(Bytes{0x08, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0x05}));
    EXPECT_EQ(m.user_id, 5);
    const auto unknown = expect_ok(
        decode_blood_pressure_measurement(Bytes{0x08, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0xFF}));
    EXPECT_EQ(unknown.user_id, 0xFF);
}

// flags 10 | 78 00 | 50 00 | FF 07 | status (low byte, high byte) at offset 7.
Decoded<BloodPressureMeasurement> with_status(std::uint16_t status) {
    return decode_blood_pressure_measurement(Bytes{0x10, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07,
                                                   static_cast<std::uint8_t>(status & 0xFF),
                                                   static_cast<std::uint8_t>(status >> 8)});
}

TEST(BleBloodPressure, EveryStatusBit) {
    const auto none = expect_ok(with_status(0x0000)).status.value_or(BloodPressureStatus{});
    EXPECT_FALSE(none.body_movement || none.cuff_too_loose || none.irregular_pulse ||
                 none.improper_position);
    EXPECT_EQ(none.pulse_rate_range, PulseRateRange::within);

    EXPECT_TRUE(expect_ok(with_status(0x0001)).status->body_movement);     // bit 0
    EXPECT_TRUE(expect_ok(with_status(0x0002)).status->cuff_too_loose);    // bit 1
    EXPECT_TRUE(expect_ok(with_status(0x0004)).status->irregular_pulse);   // bit 2
    EXPECT_TRUE(expect_ok(with_status(0x0020)).status->improper_position); // bit 5
    // Bits 3–4: 0x0008 → 01 exceeds the upper limit; 0x0010 → 10 below the lower limit.
    EXPECT_EQ(expect_ok(with_status(0x0008)).status->pulse_rate_range,
              PulseRateRange::exceeds_upper_limit);
    EXPECT_EQ(expect_ok(with_status(0x0010)).status->pulse_rate_range,
              PulseRateRange::below_lower_limit);
    // One bit does not leak into another.
    const auto only_cuff = *expect_ok(with_status(0x0002)).status;
    EXPECT_FALSE(only_cuff.body_movement || only_cuff.irregular_pulse ||
                 only_cuff.improper_position);
    EXPECT_EQ(only_cuff.raw, 0x0002);
    // All defined bits at once: 0x0001|0x0002|0x0004|0x0008|0x0020 = 0x002F.
    const auto all = *expect_ok(with_status(0x002F)).status;
    EXPECT_TRUE(all.body_movement && all.cuff_too_loose && all.irregular_pulse &&
                all.improper_position);
    EXPECT_EQ(all.pulse_rate_range, PulseRateRange::exceeds_upper_limit);
}

TEST(BleBloodPressure, ReservedStatusBitsAndPulseRange) {
    using P = ProblemCode;
    // Bits 3–4 = 11 (0x0018) is reserved.
    expect_problems(with_status(0x0018),
                    {{P::ble_reserved_value, 7, "measurement_status.pulse_rate_range", 3}});
    // Bits 6–15 are reserved: reported with the bits that are set.
    expect_problems(with_status(0x0040), {{P::ble_reserved_flags, 7, "measurement_status", 0x40}});
    expect_problems(with_status(0x8000),
                    {{P::ble_reserved_flags, 7, "measurement_status", 0x8000}});
    expect_problems(with_status(0xFFFF),
                    {{P::ble_reserved_flags, 7, "measurement_status", 0xFFC0},
                     {P::ble_reserved_value, 7, "measurement_status.pulse_rate_range", 3}});
}

TEST(BleBloodPressure, ReservedFlagsStopTheDecode) {
    using P = ProblemCode;
    // Bits 5, 6, 7 are reserved; the rest of the layout is unknown, so nothing else is reported
    // (not even the trailing bytes the unknown fields might explain).
    for (const std::uint8_t flag : Bytes{0x20, 0x40, 0x80}) {
        expect_problems(decode_blood_pressure_measurement(
                            Bytes{flag, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0x01, 0x02}),
                        {{P::ble_reserved_flags, 0, "flags", flag}});
    }
    expect_problems(decode_blood_pressure_measurement(Bytes{0xFF}),
                    {{P::ble_reserved_flags, 0, "flags", 0xE0}});
}

TEST(BleBloodPressure, TrailingBytes) {
    expect_problems(decode_blood_pressure_measurement(
                        Bytes{0x00, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0x48, 0x00}),
                    {{ProblemCode::ble_trailing_bytes, 7, "end", 2}});
}

TEST(BleBloodPressure, ReservedSfloat) {
    using P = ProblemCode;
    // SYS 01 08 = 0x0801, the reserved SFLOAT.
    expect_problems(
        decode_blood_pressure_measurement(Bytes{0x00, 0x01, 0x08, 0x50, 0x00, 0xFF, 0x07}),
        {{P::ble_sfloat_reserved, 1, "systolic", 0x0801}});
    // The pulse rate at offset 7.
    expect_problems(decode_blood_pressure_measurement(
                        Bytes{0x04, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0x01, 0x08}),
                    {{P::ble_sfloat_reserved, 7, "pulse_rate", 0x0801}});
}

TEST(BleBloodPressure, SeveralProblemsInByteOrder) {
    using P = ProblemCode;
    // flags 12 (time stamp, status) | SYS 01 08 reserved | DIA 50 00 | MAP FF 07 |
    // E8 07, month 0D = 13, 0A 08 1E 00 | status 40 00 (bit 6, reserved).
    expect_problems(
        decode_blood_pressure_measurement(Bytes{0x12, 0x01, 0x08, 0x50, 0x00, 0xFF, 0x07, 0xE8,
                                                0x07, 0x0D, 0x0A, 0x08, 0x1E, 0x00, 0x40, 0x00}),
        {{P::ble_sfloat_reserved, 1, "systolic", 0x0801},
         {P::ble_invalid_time, 9, "time_stamp.month", 13},
         {P::ble_reserved_flags, 14, "measurement_status", 0x40}});
}

// flags 02 | 78 00 | 50 00 | FF 07 | year (2 bytes) at 7, month 9, day 10, hours 11, minutes 12,
// seconds 13.
Decoded<BloodPressureMeasurement> with_time(std::uint16_t year, std::uint8_t month,
                                            std::uint8_t day, std::uint8_t hours = 8,
                                            std::uint8_t minutes = 30, std::uint8_t seconds = 0) {
    return decode_blood_pressure_measurement(
        Bytes{0x02, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, static_cast<std::uint8_t>(year & 0xFF),
              static_cast<std::uint8_t>(year >> 8), month, day, hours, minutes, seconds});
}

TEST(BleBloodPressure, InvalidTimeFields) {
    using P = ProblemCode;
    expect_problems(with_time(2024, 13, 10), {{P::ble_invalid_time, 9, "time_stamp.month", 13}});
    expect_problems(with_time(2024, 3, 32), {{P::ble_invalid_time, 10, "time_stamp.day", 32}});
    expect_problems(with_time(2024, 3, 10, 24),
                    {{P::ble_invalid_time, 11, "time_stamp.hours", 24}});
    expect_problems(with_time(2024, 3, 10, 8, 60),
                    {{P::ble_invalid_time, 12, "time_stamp.minutes", 60}});
    expect_problems(with_time(2024, 3, 10, 8, 30, 60),
                    {{P::ble_invalid_time, 13, "time_stamp.seconds", 60}});
    expect_problems(with_time(1581, 3, 10), {{P::ble_invalid_time, 7, "time_stamp.year", 1581}});
    expect_problems(with_time(10000, 3, 10), {{P::ble_invalid_time, 7, "time_stamp.year", 10000}});
    // Days that do not exist in their month.
    expect_problems(with_time(2025, 2, 29), {{P::ble_invalid_time, 10, "time_stamp.day", 29}});
    expect_problems(with_time(2100, 2, 29), {{P::ble_invalid_time, 10, "time_stamp.day", 29}});
    expect_problems(with_time(2024, 4, 31), {{P::ble_invalid_time, 10, "time_stamp.day", 31}});
    // Every field wrong at once: one problem each.
    expect_problems(with_time(1000, 13, 32, 24, 60, 60),
                    {{P::ble_invalid_time, 7, "time_stamp.year", 1000},
                     {P::ble_invalid_time, 9, "time_stamp.month", 13},
                     {P::ble_invalid_time, 10, "time_stamp.day", 32},
                     {P::ble_invalid_time, 11, "time_stamp.hours", 24},
                     {P::ble_invalid_time, 12, "time_stamp.minutes", 60},
                     {P::ble_invalid_time, 13, "time_stamp.seconds", 60}});
}

TEST(BleBloodPressure, ValidAndUnknownTimes) {
    expect_ok(with_time(2024, 2, 29));              // leap year
    expect_ok(with_time(2000, 2, 29));              // divisible by 400
    expect_ok(with_time(1582, 1, 1, 0, 0, 0));      // first year of the range
    expect_ok(with_time(9999, 12, 31, 23, 59, 59)); // last moment of the range
    // Unknown parts are 0, and an unknown year or month does not rule out a day.
    const auto unknown = expect_ok(with_time(0, 0, 0));
    ASSERT_TRUE(unknown.time_stamp);
    EXPECT_FALSE(unknown.time_stamp->date_known());
    EXPECT_FALSE(unknown.time_stamp->local_time());
    expect_ok(with_time(0, 2, 29)); // could be a leap year
    expect_ok(with_time(2024, 0, 31));
}

// ---------------------------------------------------------------------------------------------
// Glucose Measurement 0x2A18
// ---------------------------------------------------------------------------------------------

// flags | sequence 2A 00 = 42 | base time 2024-03-10 07:45:00 = E8 07 03 0A 07 2D 00, then `rest`.
Bytes glucose(std::uint8_t flags, const Bytes& rest) {
    Bytes bytes{flags, 0x2A, 0x00, 0xE8, 0x07, 0x03, 0x0A, 0x07, 0x2D, 0x00};
    bytes.insert(bytes.end(), rest.begin(), rest.end());
    return bytes;
}

TEST(BleGlucose, MinimalHasSequenceAndBaseTime) {
    const auto m = expect_ok(decode_glucose_measurement(glucose(0x00, {})));
    EXPECT_EQ(m.sequence_number, 42);
    EXPECT_EQ(m.base_time.year, 2024);
    EXPECT_EQ(m.base_time.month, 3);
    EXPECT_EQ(m.base_time.day, 10);
    EXPECT_EQ(m.base_time.hours, 7);
    EXPECT_EQ(m.base_time.minutes, 45);
    EXPECT_EQ(m.base_time.seconds, 0);
    EXPECT_FALSE(m.time_offset_minutes);
    EXPECT_FALSE(m.concentration);
    EXPECT_FALSE(m.sensor_status);
    EXPECT_FALSE(m.context_follows);
}

TEST(BleGlucose, MilligramsPerDecilitre) {
    // flags 02 (concentration in kg/L) | 5F B0 = 0xB05F: exponent 0xB = −5, mantissa 0x05F = 95 →
    // 0.00095 kg/L × 100 000 = 95 mg/dL | 11: type 1 capillary whole blood, location 1 finger.
    const auto m = expect_ok(decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, 0x11})));
    ASSERT_TRUE(m.concentration);
    const auto& c = *m.concentration;
    EXPECT_EQ(c.unit, GlucoseUnit::mg_per_dl);
    EXPECT_EQ(c.transmitted.decimal().to_string(), "0.00095");
    EXPECT_EQ(c.value.decimal().to_string(), "95");
    EXPECT_EQ(c.value.to_double(), 95.0);
    EXPECT_EQ(c.type, GlucoseSampleType::capillary_whole_blood);
    EXPECT_EQ(c.location, GlucoseSampleLocation::finger);
    EXPECT_FALSE(c.is_control_solution());
    // BB A3 = 0xA3BB: exponent 0xA = −6, mantissa 0x3BB = 955 → 0.000955 kg/L = 95.5 mg/dL.
    const auto half = expect_ok(decode_glucose_measurement(glucose(0x02, {0xBB, 0xA3, 0x11})));
    EXPECT_EQ(half.concentration->value.decimal().to_string(), "95.5");
}

TEST(BleGlucose, MillimolesPerLitre) {
    // flags 06 (concentration in mol/L) | 36 C0 = 0xC036: exponent 0xC = −4, mantissa 0x036 = 54 →
    // 0.0054 mol/L × 1000 = 5.4 mmol/L | 12: type 2 capillary plasma, location 1 finger.
    const auto m = expect_ok(decode_glucose_measurement(glucose(0x06, {0x36, 0xC0, 0x12})));
    ASSERT_TRUE(m.concentration);
    const auto& c = *m.concentration;
    EXPECT_EQ(c.unit, GlucoseUnit::mmol_per_l);
    EXPECT_EQ(c.transmitted.decimal().to_string(), "0.0054");
    EXPECT_EQ(c.value.decimal().to_string(), "5.4");
    EXPECT_EQ(c.value.to_double(), 5.4);
    EXPECT_EQ(c.type, GlucoseSampleType::capillary_plasma);
    // 27 C0 = 0xC027 = 39·10⁻⁴ mol/L = 3.9 mmol/L: exactly the level-1 boundary, no rounding.
    const auto boundary = expect_ok(decode_glucose_measurement(glucose(0x06, {0x27, 0xC0, 0x12})));
    EXPECT_EQ(compare(boundary.concentration->value.decimal(), Decimal{39, -1}),
              std::strong_ordering::equal);
}

TEST(BleGlucose, SpecialConcentrationsKeepTheirKind) {
    // FE 07 = +INFINITY (e.g. HI), FF 07 = NaN, both shifted to mg/dL unchanged.
    const auto hi = expect_ok(decode_glucose_measurement(glucose(0x02, {0xFE, 0x07, 0x11})));
    EXPECT_EQ(hi.concentration->value.kind, SfloatKind::plus_infinity);
    const auto nan = expect_ok(decode_glucose_measurement(glucose(0x06, {0xFF, 0x07, 0x11})));
    EXPECT_EQ(nan.concentration->value.kind, SfloatKind::nan);
    // 01 08 = reserved, at offset 10.
    expect_problems(decode_glucose_measurement(glucose(0x02, {0x01, 0x08, 0x11})),
                    {{ProblemCode::ble_sfloat_reserved, 10, "concentration", 0x0801}});
}

TEST(BleGlucose, TimeOffset) {
    // flags 01 | C4 FF = 0xFFC4 = −60 minutes; 3C 00 = +60.
    EXPECT_EQ(
        expect_ok(decode_glucose_measurement(glucose(0x01, {0xC4, 0xFF}))).time_offset_minutes,
        -60);
    EXPECT_EQ(
        expect_ok(decode_glucose_measurement(glucose(0x01, {0x3C, 0x00}))).time_offset_minutes, 60);
}

TEST(BleGlucose, EverySampleTypeAndLocation) {
    for (std::uint8_t type = 1; type <= 10; ++type) {
        const auto m = expect_ok(decode_glucose_measurement(
            glucose(0x02, {0x5F, 0xB0, static_cast<std::uint8_t>(0x10 | type)})));
        EXPECT_EQ(static_cast<int>(m.concentration->type), type);
    }
    for (const std::uint8_t location : Bytes{1, 2, 3, 4, 15}) {
        const auto m = expect_ok(decode_glucose_measurement(
            glucose(0x02, {0x5F, 0xB0, static_cast<std::uint8_t>(location << 4 | 1)})));
        EXPECT_EQ(static_cast<int>(m.concentration->location), location);
    }
    // F1: location 15 not available, type 1.
    EXPECT_EQ(expect_ok(decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, 0xF1})))
                  .concentration->location,
              GlucoseSampleLocation::not_available);
}

TEST(BleGlucose, ControlSolution) {
    // 4A: location 4 control solution, type 10 (0xA) control solution.
    const auto both =
        *expect_ok(decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, 0x4A}))).concentration;
    EXPECT_EQ(both.type, GlucoseSampleType::control_solution);
    EXPECT_EQ(both.location, GlucoseSampleLocation::control_solution);
    EXPECT_TRUE(both.is_control_solution());
    // FA: type 10, location not available; 41: type 1, location 4. Either marks a control test.
    EXPECT_TRUE(expect_ok(decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, 0xFA})))
                    .concentration->is_control_solution());
    EXPECT_TRUE(expect_ok(decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, 0x41})))
                    .concentration->is_control_solution());
}

TEST(BleGlucose, ReservedTypeAndLocation) {
    using P = ProblemCode;
    // The type/location byte is at offset 12 (flags 1 + sequence 2 + time 7 + SFLOAT 2).
    const auto with = [](std::uint8_t type_location) {
        return decode_glucose_measurement(glucose(0x02, {0x5F, 0xB0, type_location}));
    };
    expect_problems(with(0x10), {{P::ble_reserved_value, 12, "sample_type", 0}});
    expect_problems(with(0x1B), {{P::ble_reserved_value, 12, "sample_type", 11}});
    expect_problems(with(0x1F), {{P::ble_reserved_value, 12, "sample_type", 15}});
    expect_problems(with(0x01), {{P::ble_reserved_value, 12, "sample_location", 0}});
    expect_problems(with(0x51), {{P::ble_reserved_value, 12, "sample_location", 5}});
    expect_problems(with(0xE1), {{P::ble_reserved_value, 12, "sample_location", 14}});
    expect_problems(with(0x00), {{P::ble_reserved_value, 12, "sample_type", 0},
                                 {P::ble_reserved_value, 12, "sample_location", 0}});
}

TEST(BleGlucose, EverySensorStatusBit) {
    // flags 08 | status at offset 10.
    const std::pair<std::uint16_t, bool GlucoseSensorStatus::*> bits[] = {
        {0x0001, &GlucoseSensorStatus::battery_low},
        {0x0002, &GlucoseSensorStatus::sensor_malfunction},
        {0x0004, &GlucoseSensorStatus::sample_size_insufficient},
        {0x0008, &GlucoseSensorStatus::strip_insertion_error},
        {0x0010, &GlucoseSensorStatus::strip_type_incorrect},
        {0x0020, &GlucoseSensorStatus::result_above_device_range},
        {0x0040, &GlucoseSensorStatus::result_below_device_range},
        {0x0080, &GlucoseSensorStatus::temperature_too_high},
        {0x0100, &GlucoseSensorStatus::temperature_too_low},
        {0x0200, &GlucoseSensorStatus::read_interrupted},
        {0x0400, &GlucoseSensorStatus::general_device_fault},
        {0x0800, &GlucoseSensorStatus::time_fault},
    };
    for (const auto& [mask, member] : bits) {
        const auto m = expect_ok(decode_glucose_measurement(glucose(
            0x08, {static_cast<std::uint8_t>(mask & 0xFF), static_cast<std::uint8_t>(mask >> 8)})));
        ASSERT_TRUE(m.sensor_status);
        EXPECT_EQ(m.sensor_status->raw, mask);
        for (const auto& [other_mask, other] : bits) {
            EXPECT_EQ((*m.sensor_status).*other, other_mask == mask) << mask << " " << other_mask;
        }
    }
    const auto none = expect_ok(decode_glucose_measurement(glucose(0x08, {0x00, 0x00})));
    for (const auto& [mask, member] : bits) {
        EXPECT_FALSE((*none.sensor_status).*member) << mask;
    }
}

TEST(BleGlucose, ReservedSensorStatusBits) {
    using P = ProblemCode;
    // Bits 12–15 are reserved; 0x1FFF reports only 0x1000.
    expect_problems(decode_glucose_measurement(glucose(0x08, {0x00, 0x10})),
                    {{P::ble_reserved_flags, 10, "sensor_status", 0x1000}});
    expect_problems(decode_glucose_measurement(glucose(0x08, {0xFF, 0x1F})),
                    {{P::ble_reserved_flags, 10, "sensor_status", 0x1000}});
    expect_problems(decode_glucose_measurement(glucose(0x08, {0x00, 0xF0})),
                    {{P::ble_reserved_flags, 10, "sensor_status", 0xF000}});
}

TEST(BleGlucose, ContextFollowsAndReservedFlags) {
    EXPECT_TRUE(expect_ok(decode_glucose_measurement(glucose(0x10, {}))).context_follows);
    for (const std::uint8_t flag : Bytes{0x20, 0x40, 0x80}) {
        expect_problems(decode_glucose_measurement(glucose(flag, {})),
                        {{ProblemCode::ble_reserved_flags, 0, "flags", flag}});
    }
}

TEST(BleGlucose, FullLengthAndTrailingBytes) {
    // flags 1F: time offset, concentration in mol/L, sensor status, context follows |
    // offset F1 FF = −15 | 36 C0 = 5.4 mmol/L | 12 | status 00 00. 17 bytes.
    const auto full = glucose(0x1F, {0xF1, 0xFF, 0x36, 0xC0, 0x12, 0x00, 0x00});
    ASSERT_EQ(full.size(), 17u);
    const auto m = expect_ok(decode_glucose_measurement(full));
    EXPECT_EQ(m.time_offset_minutes, -15);
    EXPECT_EQ(m.concentration->value.decimal().to_string(), "5.4");
    EXPECT_TRUE(m.context_follows);
    auto longer = full;
    longer.push_back(0x00);
    expect_problems(decode_glucose_measurement(longer),
                    {{ProblemCode::ble_trailing_bytes, 17, "end", 1}});
}

TEST(BleGlucose, InvalidBaseTime) {
    // Base time at 3: year 3–4, month 5, day 6, hours 7, minutes 8, seconds 9.
    const Bytes bytes{0x00, 0x01, 0x00, 0xE8, 0x07, 0x03, 0x0A, 0x18, 0x00, 0x00};
    expect_problems(decode_glucose_measurement(bytes),
                    {{ProblemCode::ble_invalid_time, 7, "base_time.hours", 24}});
}

// ---------------------------------------------------------------------------------------------
// Glucose Measurement Context 0x2A34
// ---------------------------------------------------------------------------------------------

TEST(BleGlucoseContext, EveryMeal) {
    // flags 02 (meal) | sequence 2A 00 = 42 | meal.
    const std::pair<std::uint8_t, Meal> meals[] = {{1, Meal::preprandial},
                                                   {2, Meal::postprandial},
                                                   {3, Meal::fasting},
                                                   {4, Meal::casual},
                                                   {5, Meal::bedtime}};
    for (const auto& [byte, meal] : meals) {
        const auto c = expect_ok(decode_glucose_measurement_context(Bytes{0x02, 0x2A, 0x00, byte}));
        EXPECT_EQ(c.sequence_number, 42);
        EXPECT_EQ(c.meal, meal);
    }
    for (const std::uint8_t reserved : Bytes{0, 6, 255}) {
        expect_problems(decode_glucose_measurement_context(Bytes{0x02, 0x2A, 0x00, reserved}),
                        {{ProblemCode::ble_reserved_value, 3, "meal", reserved}});
    }
}

TEST(BleGlucoseContext, MinimalIsFlagsAndSequence) {
    const auto c = expect_ok(decode_glucose_measurement_context(Bytes{0x00, 0x34, 0x12}));
    EXPECT_EQ(c.sequence_number, 0x1234);
    EXPECT_FALSE(c.meal);
    EXPECT_FALSE(c.extended_flags);
}

TEST(BleGlucoseContext, SkippedFieldsHaveTheirLengths) {
    // Each optional field alone, then a meal byte after it proves the skip length: flags | 2A 00
    // | field bytes | meal 03 (fasting).
    struct Case {
        std::uint8_t flag;
        Bytes field;
    };
    const Case cases[] = {
        {0x01, {0x01, 0x50, 0xD0}}, // carbohydrate id 1 + 0xD050 = 80·10⁻³ kg
        {0x04, {0x11}},             // tester / health nibbles
        {0x08, {0x10, 0x0E, 0x32}}, // exercise 0x0E10 = 3600 s, intensity 0x32 = 50 %
        {0x10, {0x01, 0x05, 0xD0}}, // medication id 1 + 0xD005 = 5·10⁻³ kg
        {0x30, {0x01, 0x05, 0xD0}}, // the same in litres (0x20)
        {0x40, {0x41, 0xF0}},       // HbA1c 0xF041 = 65·10⁻¹ = 6.5 %
    };
    for (const auto& c : cases) {
        Bytes bytes{static_cast<std::uint8_t>(c.flag | 0x02), 0x2A, 0x00};
        // The meal sits after the carbohydrate fields and before the others.
        if (c.flag == 0x01) {
            bytes.insert(bytes.end(), c.field.begin(), c.field.end());
            bytes.push_back(0x03);
        } else {
            bytes.push_back(0x03);
            bytes.insert(bytes.end(), c.field.begin(), c.field.end());
        }
        const auto decoded = expect_ok(decode_glucose_measurement_context(bytes));
        EXPECT_EQ(decoded.meal, Meal::fasting) << int{c.flag};
        EXPECT_EQ(decoded.flags, c.flag | 0x02);
    }
    // 0x20 without a medication field announces nothing.
    expect_ok(decode_glucose_measurement_context(Bytes{0x20, 0x2A, 0x00}));
}

// flags FF | 2A 00 | extended 00 | carbohydrate 01 50 D0 | meal 02 | tester/health 11 |
// exercise 10 0E 32 | medication 01 05 D0 (litres) | HbA1c 41 F0. 17 bytes.
const Bytes full_context{0xFF, 0x2A, 0x00, 0x00, 0x01, 0x50, 0xD0, 0x02, 0x11,
                         0x10, 0x0E, 0x32, 0x01, 0x05, 0xD0, 0x41, 0xF0};

TEST(BleGlucoseContext, EveryFieldAndExtendedFlags) {
    const auto c = expect_ok(decode_glucose_measurement_context(full_context));
    EXPECT_EQ(c.sequence_number, 42);
    EXPECT_EQ(c.extended_flags, 0);
    EXPECT_EQ(c.meal, Meal::postprandial);
    // Extended flags are all reserved: a set bit may announce unknown fields, so decoding stops.
    auto reserved = full_context;
    reserved[3] = 0x01;
    expect_problems(decode_glucose_measurement_context(reserved),
                    {{ProblemCode::ble_reserved_flags, 3, "extended_flags", 0x01}});
    auto longer = full_context;
    longer.push_back(0xAA);
    expect_problems(decode_glucose_measurement_context(longer),
                    {{ProblemCode::ble_trailing_bytes, 17, "end", 1}});
}

// ---------------------------------------------------------------------------------------------
// Truncation at every length, and arbitrary bytes
// ---------------------------------------------------------------------------------------------

struct Field {
    std::string_view name;
    std::size_t size;
};

// Cuts a valid message at every length short of its end, each cut in its own heap buffer so that
// AddressSanitizer sees any read past it, and expects exactly ble_truncated at the start of the
// field the cut falls in.
template <class Decode>
void expect_truncated_at_every_length(const Bytes& full, const std::vector<Field>& layout,
                                      Decode decode) {
    std::size_t total = 0;
    for (const auto& f : layout) {
        total += f.size;
    }
    ASSERT_EQ(total, full.size());
    expect_ok(decode(full));
    for (std::size_t length = 0; length < full.size(); ++length) {
        const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length));
        std::size_t start = 0;
        for (const auto& f : layout) {
            if (length < start + f.size) {
                SCOPED_TRACE("length " + std::to_string(length));
                expect_problems(decode(cut), {{ProblemCode::ble_truncated, start, f.name,
                                               static_cast<std::uint32_t>(f.size)}});
                break;
            }
            start += f.size;
        }
    }
}

TEST(BleTruncation, BloodPressureAtEveryLength) {
    // flags 1F: kPa + every optional field. SYS BB F0 = 18.7, DIA 78 F0 = 12.0, MAP 8F F0 = 14.3 |
    // 2024-03-10 08:30:15 | pulse 48 00 | user 02 | status 24 00 (irregular pulse, improper
    // position). 19 bytes, the maximum.
    const Bytes full{0x1F, 0xBB, 0xF0, 0x78, 0xF0, 0x8F, 0xF0, 0xE8, 0x07, 0x03,
                     0x0A, 0x08, 0x1E, 0x0F, 0x48, 0x00, 0x02, 0x24, 0x00};
    const auto m = expect_ok(decode_blood_pressure_measurement(full));
    EXPECT_EQ(m.systolic.decimal().to_string(), "18.7");
    EXPECT_EQ(m.status->raw, 0x0024);
    EXPECT_TRUE(m.status->irregular_pulse && m.status->improper_position);
    expect_truncated_at_every_length(
        full,
        {{"flags", 1},
         {"systolic", 2},
         {"diastolic", 2},
         {"mean_arterial_pressure", 2},
         {"time_stamp.year", 2},
         {"time_stamp.month", 1},
         {"time_stamp.day", 1},
         {"time_stamp.hours", 1},
         {"time_stamp.minutes", 1},
         {"time_stamp.seconds", 1},
         {"pulse_rate", 2},
         {"user_id", 1},
         {"measurement_status", 2}},
        [](const Bytes& b) { return decode_blood_pressure_measurement(b); });
}

TEST(BleTruncation, GlucoseAtEveryLength) {
    expect_truncated_at_every_length(glucose(0x1F, {0xF1, 0xFF, 0x36, 0xC0, 0x12, 0x00, 0x00}),
                                     {{"flags", 1},
                                      {"sequence_number", 2},
                                      {"base_time.year", 2},
                                      {"base_time.month", 1},
                                      {"base_time.day", 1},
                                      {"base_time.hours", 1},
                                      {"base_time.minutes", 1},
                                      {"base_time.seconds", 1},
                                      {"time_offset", 2},
                                      {"concentration", 2},
                                      {"type_sample_location", 1},
                                      {"sensor_status", 2}},
                                     [](const Bytes& b) { return decode_glucose_measurement(b); });
}

TEST(BleTruncation, GlucoseContextAtEveryLength) {
    expect_truncated_at_every_length(
        full_context,
        {{"flags", 1},
         {"sequence_number", 2},
         {"extended_flags", 1},
         {"carbohydrate_id", 1},
         {"carbohydrate", 2},
         {"meal", 1},
         {"tester_health", 1},
         {"exercise_duration", 2},
         {"exercise_intensity", 1},
         {"medication_id", 1},
         {"medication", 2},
         {"hba1c", 2}},
        [](const Bytes& b) { return decode_glucose_measurement_context(b); });
}

TEST(BleTruncation, ArbitraryBytesNeverCrash) {
    // A fixed linear congruential generator: the same 30 000 messages on every run.
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return static_cast<std::uint8_t>(state >> 24);
    };
    const auto check = [](const auto& decoded, std::size_t length) {
        EXPECT_EQ(decoded.ok(), decoded.problems().empty());
        for (const auto& p : decoded.problems()) {
            EXPECT_LE(p.offset, length);
        }
    };
    for (int i = 0; i < 10000; ++i) {
        Bytes bytes(static_cast<std::size_t>(next() % 25));
        for (auto& b : bytes) {
            b = next();
        }
        check(decode_blood_pressure_measurement(bytes), bytes.size());
        check(decode_glucose_measurement(bytes), bytes.size());
        check(decode_glucose_measurement_context(bytes), bytes.size());
    }
}

TEST(BleProblems, CodeNames) {
    EXPECT_EQ(code_name(ProblemCode::ble_truncated), "ble_truncated");
    EXPECT_EQ(code_name(ProblemCode::ble_trailing_bytes), "ble_trailing_bytes");
    EXPECT_EQ(code_name(ProblemCode::ble_reserved_flags), "ble_reserved_flags");
    EXPECT_EQ(code_name(ProblemCode::ble_reserved_value), "ble_reserved_value");
    EXPECT_EQ(code_name(ProblemCode::ble_invalid_time), "ble_invalid_time");
    EXPECT_EQ(code_name(ProblemCode::ble_sfloat_reserved), "ble_sfloat_reserved");
    EXPECT_EQ(code_name(ProblemCode::invalid_hex), "invalid_hex");
}

} // namespace
} // namespace telemed::readings::ble
