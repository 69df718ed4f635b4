// Bluetooth LE measurements as readings, from bytes worked out by hand (docs/readings-ble.md).
// Multi-byte fields are little-endian: 0x0078 is sent as 78 00. A device date-time is year (u16),
// month, day, hours, minutes, seconds: 2026-03-10 08:15:30 is EA 07 03 0A 08 0F 1E.
#include <chrono>
#include <cstdint>
#include <date/date.h>
#include <gtest/gtest.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "core/dates.hpp"
#include "i18n/i18n.hpp"
#include "readings/ble.hpp"
#include "readings/from_ble.hpp"

namespace telemed::readings {
namespace {

using Bytes = std::vector<std::uint8_t>;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

BleOrigin origin(const char* zone) {
    BleOrigin o;
    o.zone = dates::find_zone(zone);
    EXPECT_NE(o.zone, nullptr) << zone;
    o.device = Device{"dev-1", "UA-651BLE", "5012345"};
    o.patient_ref = "patient-42";
    return o;
}

ble::BloodPressureMeasurement bp(const Bytes& bytes) {
    auto d = ble::decode_blood_pressure_measurement(bytes);
    EXPECT_TRUE(d.ok());
    return d.ok() ? d.value() : ble::BloodPressureMeasurement{};
}

ble::GlucoseMeasurement glucose(const Bytes& bytes) {
    auto d = ble::decode_glucose_measurement(bytes);
    EXPECT_TRUE(d.ok());
    return d.ok() ? d.value() : ble::GlucoseMeasurement{};
}

ble::GlucoseContext context(const Bytes& bytes) {
    auto d = ble::decode_glucose_measurement_context(bytes);
    EXPECT_TRUE(d.ok());
    return d.ok() ? d.value() : ble::GlucoseContext{};
}

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int hh, int mm,
                                          int ss = 0) {
    return date::sys_days(date::year{y} / date::month{m} / date::day{d}) + hours{hh} + minutes{mm} +
           seconds{ss};
}

void expect_decimal(const Decimal& d, std::int64_t mantissa, std::int32_t exponent) {
    EXPECT_EQ(d.mantissa, mantissa);
    EXPECT_EQ(d.exponent, exponent);
}

using Seen = std::tuple<std::string, std::string, Severity>; // code, pointer, severity

std::vector<Seen> seen(const json::Problems& problems) {
    std::vector<Seen> out;
    for (const auto& p : problems.all()) {
        out.emplace_back(p.code, p.pointer, p.severity);
    }
    return out;
}

std::string arg(const Problem& p, const std::string& name) {
    for (const auto& [key, value] : p.args) {
        if (key == name) {
            return value;
        }
    }
    return "(none)";
}

constexpr auto error = Severity::error;
constexpr auto warning = Severity::warning;

std::uint32_t flags_of(std::initializer_list<DeviceFlag> flags) {
    std::uint32_t bits = 0;
    for (const auto f : flags) {
        bits |= static_cast<std::uint32_t>(f);
    }
    return bits;
}

// ---------------------------------------------------------------------------------------------
// Blood pressure
// ---------------------------------------------------------------------------------------------

TEST(FromBleBloodPressure, MmhgWithTimePulseAndStatusInNovosibirsk) {
    // flags 0x16: time stamp (0x02), pulse (0x04), status (0x10); mmHg.
    // SYS 0x0078 = 120, DIA 0x0050 = 80, MAP 0xF3A5 = 933·10⁻¹ = 93.3.
    // 2026-03-10 08:15:30; pulse 0x0048 = 72.
    // Status 0x002D = 0b10'1101: body movement (bit 0), irregular pulse (bit 2), pulse range
    // bits 3–4 = 01 (above the upper limit), improper position (bit 5).
    const Bytes bytes = {0x16, 0x78, 0x00, 0x50, 0x00, 0xA5, 0xF3, 0xEA, 0x07,
                         0x03, 0x0A, 0x08, 0x0F, 0x1E, 0x48, 0x00, 0x2D, 0x00};
    const auto out = from_ble(bp(bytes), origin("Asia/Novosibirsk"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    const Reading& r = *out.reading;
    EXPECT_EQ(r.kind, Kind::blood_pressure);
    EXPECT_EQ(r.setting, Setting::home);
    EXPECT_EQ(r.patient_ref, "patient-42");
    EXPECT_EQ(r.device.id, "dev-1");
    EXPECT_EQ(r.device.model, "UA-651BLE");
    EXPECT_EQ(r.device.serial, "5012345");
    EXPECT_FALSE(r.signed_by_device);
    EXPECT_FALSE(r.glucose);
    // 08:15:30 at +07:00 (Novosibirsk, no summer time) is 01:15:30Z.
    EXPECT_EQ(r.measured_at.instant, utc(2026, 3, 10, 1, 15, 30));
    EXPECT_EQ(r.measured_at.offset, minutes{420});
    EXPECT_TRUE(r.measured_at.read_in_zone);
    EXPECT_FALSE(r.measured_at.ambiguous);
    ASSERT_TRUE(r.blood_pressure);
    const auto& b = *r.blood_pressure;
    EXPECT_EQ(b.unit, Unit::mmhg);
    expect_decimal(b.systolic, 120, 0);
    expect_decimal(b.diastolic, 80, 0);
    ASSERT_TRUE(b.mean);
    expect_decimal(*b.mean, 933, -1);
    ASSERT_TRUE(b.pulse);
    expect_decimal(*b.pulse, 72, 0);
    EXPECT_EQ(r.flags, flags_of({DeviceFlag::body_movement, DeviceFlag::irregular_pulse,
                                 DeviceFlag::pulse_above_range, DeviceFlag::improper_position}));
    EXPECT_TRUE(r.has(DeviceFlag::pulse_above_range));
    EXPECT_FALSE(r.has(DeviceFlag::cuff_too_loose));
}

TEST(FromBleBloodPressure, KpaKeptExactWithNanMeanInMoscow) {
    // flags 0x0B: kPa (0x01), time stamp (0x02), user id (0x08, ignored).
    // SYS 0xF0A0: exponent −1, mantissa 0x0A0 = 160 → 16.0 kPa; DIA 0xF06B = 107·10⁻¹ = 10.7 kPa;
    // MAP 0x07FF = NaN (not computed). 2026-03-10 08:15:00; user 5.
    const Bytes bytes = {0x0B, 0xA0, 0xF0, 0x6B, 0xF0, 0xFF, 0x07, 0xEA,
                         0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00, 0x05};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    const auto& b = *out.reading->blood_pressure;
    EXPECT_EQ(b.unit, Unit::kpa);
    expect_decimal(b.systolic, 160, -1); // not converted to mmHg
    expect_decimal(b.diastolic, 107, -1);
    EXPECT_FALSE(b.mean);  // NaN: the device did not compute it
    EXPECT_FALSE(b.pulse); // not announced
    EXPECT_EQ(out.reading->flags, 0u);
    // 08:15 at +03:00 is 05:15Z.
    EXPECT_EQ(out.reading->measured_at.instant, utc(2026, 3, 10, 5, 15));
    EXPECT_EQ(out.reading->measured_at.offset, minutes{180});
}

TEST(FromBleBloodPressure, NanMeanAndNanPulseAreAbsentWithoutProblems) {
    // flags 0x06: time, pulse. MAP 0x07FF NaN, pulse 0x07FF NaN.
    const Bytes bytes = {0x06, 0x78, 0x00, 0x50, 0x00, 0xFF, 0x07, 0xEA,
                         0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00, 0xFF, 0x07};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    EXPECT_FALSE(out.reading->blood_pressure->mean);
    EXPECT_FALSE(out.reading->blood_pressure->pulse);
}

TEST(FromBleBloodPressure, OtherSpecialValuesOfOptionalFieldsAreDroppedWithAWarning) {
    // MAP 0x0800 NRes, pulse 0x07FE +∞: left out, one warning each; the reading stands.
    const Bytes bytes = {0x06, 0x78, 0x00, 0x50, 0x00, 0x00, 0x08, 0xEA,
                         0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00, 0xFE, 0x07};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_value_dropped", "/ble/mean_arterial_pressure", warning},
                                 {"ble_value_dropped", "/ble/pulse_rate", warning}}));
    EXPECT_EQ(arg(out.problems.all()[0], "kind"), "nres");
    EXPECT_EQ(arg(out.problems.all()[1], "kind"), "plus_infinity");
    ASSERT_TRUE(out.reading);
    EXPECT_FALSE(out.reading->blood_pressure->mean);
    EXPECT_FALSE(out.reading->blood_pressure->pulse);
}

TEST(FromBleBloodPressure, NanOrNresSystolicOrDiastolicIsAnError) {
    // SYS 0x07FF NaN, DIA 0x0800 NRes, MAP 0x005D = 93.
    const Bytes bytes = {0x02, 0xFF, 0x07, 0x00, 0x08, 0x5D, 0x00,
                         0xEA, 0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_value_missing", "/ble/systolic", error},
                                 {"ble_value_missing", "/ble/diastolic", error}}));
    EXPECT_EQ(arg(out.problems.all()[0], "field"), "systolic");
    EXPECT_EQ(arg(out.problems.all()[0], "kind"), "nan");
    EXPECT_EQ(arg(out.problems.all()[1], "field"), "diastolic");
    EXPECT_EQ(arg(out.problems.all()[1], "kind"), "nres");
}

TEST(FromBleBloodPressure, InfiniteSystolicIsAnError) {
    // SYS 0x07FE +∞, DIA 0x0802 −∞, MAP 0x0800 NRes (dropped: a warning beside the errors).
    const Bytes bytes = {0x02, 0xFE, 0x07, 0x02, 0x08, 0x00, 0x08,
                         0xEA, 0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_value_infinite", "/ble/systolic", error},
                                 {"ble_value_infinite", "/ble/diastolic", error},
                                 {"ble_value_dropped", "/ble/mean_arterial_pressure", warning}}));
    EXPECT_EQ(arg(out.problems.all()[1], "kind"), "minus_infinity");
}

TEST(FromBleBloodPressure, NoTimeStampOrAnUnknownDateCannotBePlacedInTime) {
    // flags 0x00: no time stamp at all.
    const auto none =
        from_ble(bp({0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00}), origin("Europe/Moscow"));
    EXPECT_FALSE(none.reading);
    EXPECT_EQ(seen(none.problems),
              (std::vector<Seen>{{"ble_time_unknown", "/ble/time_stamp", error}}));
    // Year 0 (unknown), 10 March 08:15.
    const auto no_year = from_ble(
        bp({0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0x00, 0x00, 0x03, 0x0A, 0x08, 0x0F, 0x00}),
        origin("Europe/Moscow"));
    EXPECT_FALSE(no_year.reading);
    EXPECT_EQ(seen(no_year.problems),
              (std::vector<Seen>{{"ble_time_unknown", "/ble/time_stamp", error}}));
    // All seven bytes 0: the clock was never set.
    const auto zero = from_ble(
        bp({0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}),
        origin("Europe/Moscow"));
    EXPECT_EQ(seen(zero.problems),
              (std::vector<Seen>{{"ble_time_unknown", "/ble/time_stamp", error}}));
}

TEST(FromBleBloodPressure, OutOfRangeTimeInAHandMadeStructIsInvalid) {
    ble::BloodPressureMeasurement m = bp({0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00});
    m.time_stamp = ble::LocalDateTime{2026, 2, 30, 8, 0, 0}; // 30 February
    const auto out = from_ble(m, origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_invalid_time", "/ble/time_stamp", error}}));
    EXPECT_EQ(arg(out.problems.all()[0], "offset"), "7");
}

TEST(FromBleBloodPressure, MoscowSummerTimeGapIsAnError) {
    // 2010-03-28 02:30:00 (DA 07 03 1C 02 1E 00): Moscow went from 02:00 +03:00 to 03:00 +04:00.
    const Bytes gap = {0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00,
                       0xDA, 0x07, 0x03, 0x1C, 0x02, 0x1E, 0x00};
    const auto out = from_ble(bp(gap), origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"nonexistent_local_time", "/ble/time_stamp", error}}));
    // 03:00 the same night exists, at +04:00: 2010-03-27T23:00Z.
    const Bytes after = {0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00,
                         0xDA, 0x07, 0x03, 0x1C, 0x03, 0x00, 0x00};
    const auto ok = from_ble(bp(after), origin("Europe/Moscow"));
    ASSERT_TRUE(ok.reading);
    EXPECT_EQ(ok.reading->measured_at.instant, utc(2010, 3, 27, 23, 0));
    EXPECT_EQ(ok.reading->measured_at.offset, minutes{240});
}

TEST(FromBleBloodPressure, MoscowSummerTimeOverlapTakesTheEarlierInstantWithAWarning) {
    // 2010-10-31 02:30:00 (DA 07 0A 1F 02 1E 00): Moscow went back from 03:00 +04:00 to 02:00
    // +03:00, so 02:30 happened twice; the earlier is 02:30 +04:00 = 2010-10-30T22:30Z.
    const Bytes bytes = {0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00,
                         0xDA, 0x07, 0x0A, 0x1F, 0x02, 0x1E, 0x00};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    ASSERT_TRUE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ambiguous_local_time", "/ble/time_stamp", warning}}));
    EXPECT_EQ(arg(out.problems.all()[0], "chosen"), "2010-10-31T02:30:00+04:00");
    EXPECT_EQ(out.reading->measured_at.instant, utc(2010, 10, 30, 22, 30));
    EXPECT_EQ(out.reading->measured_at.offset, minutes{240});
    EXPECT_TRUE(out.reading->measured_at.ambiguous);
}

TEST(FromBleBloodPressure, StatusBitsBecomeDeviceFlags) {
    // Status 0x0012: cuff too loose (bit 1), pulse range bits 3–4 = 10 (below the lower limit).
    const Bytes bytes = {0x12, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0xEA,
                         0x07, 0x03, 0x0A, 0x08, 0x0F, 0x00, 0x12, 0x00};
    const auto out = from_ble(bp(bytes), origin("Europe/Moscow"));
    ASSERT_TRUE(out.reading);
    EXPECT_EQ(out.reading->flags,
              flags_of({DeviceFlag::cuff_too_loose, DeviceFlag::pulse_below_range}));

    ble::BloodPressureStatus all;
    all.body_movement = all.cuff_too_loose = all.irregular_pulse = all.improper_position = true;
    all.pulse_rate_range = ble::PulseRateRange::exceeds_upper_limit;
    EXPECT_EQ(device_flags(all),
              flags_of({DeviceFlag::body_movement, DeviceFlag::cuff_too_loose,
                        DeviceFlag::irregular_pulse, DeviceFlag::pulse_above_range,
                        DeviceFlag::improper_position}));
    EXPECT_EQ(device_flags(ble::BloodPressureStatus{}), 0u);
}

TEST(FromBleBloodPressure, NullZoneIsADefect) {
    BleOrigin o = origin("Europe/Moscow");
    o.zone = nullptr;
    EXPECT_THROW(from_ble(bp({0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00}), o),
                 std::invalid_argument);
    EXPECT_THROW(from_ble(ble::GlucoseMeasurement{}, std::nullopt, o), std::invalid_argument);
}

TEST(FromBleBloodPressure, PointersFollowTheOrigin) {
    BleOrigin o = origin("Europe/Moscow");
    o.pointer = "/readings/3/ble";
    const auto out = from_ble(bp({0x00, 0xFF, 0x07, 0x50, 0x00, 0x5D, 0x00}), o);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_time_unknown", "/readings/3/ble/time_stamp", error},
                                 {"ble_value_missing", "/readings/3/ble/systolic", error}}));
}

// ---------------------------------------------------------------------------------------------
// Glucose
// ---------------------------------------------------------------------------------------------

// 2026-03-10 08:00:00.
#define BASE_TIME 0xEA, 0x07, 0x03, 0x0A, 0x08, 0x00, 0x00

TEST(FromBleGlucose, MmolPerLitreWithAnOffsetPastMidnightInNovosibirsk) {
    // flags 0x0F: time offset, concentration, mol/L, sensor status. Sequence 7.
    // Base 2026-03-10 23:50:00 (EA 07 03 0A 17 32 00), offset 0x001E = +30 min → 2026-03-11
    // 00:20:00 local, at +07:00 = 2026-03-10T17:20Z.
    // 0xC036: exponent −4, mantissa 54 → 54·10⁻⁴ mol/L = 54·10⁻¹ = 5.4 mmol/L.
    // Type/location 0x12: capillary plasma at the finger. Status 0x0801: battery low, time fault.
    const Bytes bytes = {0x0F, 0x07, 0x00, 0xEA, 0x07, 0x03, 0x0A, 0x17, 0x32,
                         0x00, 0x1E, 0x00, 0x36, 0xC0, 0x12, 0x01, 0x08};
    const auto out = from_ble(glucose(bytes), std::nullopt, origin("Asia/Novosibirsk"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    const Reading& r = *out.reading;
    EXPECT_EQ(r.kind, Kind::glucose);
    EXPECT_EQ(r.setting, Setting::home);
    EXPECT_FALSE(r.blood_pressure);
    EXPECT_EQ(r.measured_at.instant, utc(2026, 3, 10, 17, 20));
    EXPECT_EQ(r.measured_at.offset, minutes{420});
    EXPECT_TRUE(r.measured_at.read_in_zone);
    ASSERT_TRUE(r.glucose);
    EXPECT_EQ(r.glucose->unit, Unit::mmol_per_l);
    EXPECT_EQ(r.glucose->value.censoring, Measured::Censoring::none);
    expect_decimal(r.glucose->value.value, 54, -1);
    EXPECT_EQ(compare(r.glucose->value.value, Decimal{54, -1}), std::strong_ordering::equal);
    EXPECT_FALSE(r.glucose->value.device_limit);
    EXPECT_FALSE(r.glucose->meal);
    EXPECT_FALSE(r.glucose->control_solution);
    EXPECT_EQ(r.flags, flags_of({DeviceFlag::battery_low, DeviceFlag::time_fault}));
}

TEST(FromBleGlucose, KgPerLitreWithANegativeOffsetBeforeMidnightInMoscow) {
    // flags 0x03: time offset, concentration (kg/L). Sequence 8.
    // Base 2026-03-11 00:10:00 (EA 07 03 0B 00 0A 00), offset 0xFFE2 = −30 min → 2026-03-10
    // 23:40 local, at +03:00 = 20:40Z.
    // 0xB05F: exponent −5, mantissa 95 → 95·10⁻⁵ kg/L = 95 mg/dL. Type/location 0x11.
    const Bytes bytes = {0x03, 0x08, 0x00, 0xEA, 0x07, 0x03, 0x0B, 0x00,
                         0x0A, 0x00, 0xE2, 0xFF, 0x5F, 0xB0, 0x11};
    const auto out = from_ble(glucose(bytes), std::nullopt, origin("Europe/Moscow"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    EXPECT_EQ(out.reading->measured_at.instant, utc(2026, 3, 10, 20, 40));
    EXPECT_EQ(out.reading->glucose->unit, Unit::mg_per_dl);
    expect_decimal(out.reading->glucose->value.value, 95, 0);
    EXPECT_EQ(out.reading->flags, 0u);
}

TEST(FromBleGlucose, ContextGivesTheMeal) {
    // flags 0x12: concentration, context follows. Sequence 5. Context 02 05 00 01: flags 0x02
    // (meal), sequence 5, meal 1 (preprandial).
    const auto m = glucose({0x12, 0x05, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11});
    const auto out = from_ble(m, context({0x02, 0x05, 0x00, 0x01}), origin("Europe/Moscow"));
    EXPECT_TRUE(out.problems.all().empty());
    ASSERT_TRUE(out.reading);
    EXPECT_EQ(out.reading->glucose->meal, Meal::preprandial);
    // 08:00 at +03:00.
    EXPECT_EQ(out.reading->measured_at.instant, utc(2026, 3, 10, 5, 0));
    // Meal 5: bedtime.
    const auto bedtime = from_ble(m, context({0x02, 0x05, 0x00, 0x05}), origin("Europe/Moscow"));
    ASSERT_TRUE(bedtime.reading);
    EXPECT_EQ(bedtime.reading->glucose->meal, Meal::bedtime);
    // Announced but not given: no meal, no problem.
    const auto without = from_ble(m, std::nullopt, origin("Europe/Moscow"));
    EXPECT_TRUE(without.problems.all().empty());
    ASSERT_TRUE(without.reading);
    EXPECT_FALSE(without.reading->glucose->meal);
    // A context without a meal (flags 0x00).
    const auto no_meal = from_ble(m, context({0x00, 0x05, 0x00}), origin("Europe/Moscow"));
    ASSERT_TRUE(no_meal.reading);
    EXPECT_FALSE(no_meal.reading->glucose->meal);
}

TEST(FromBleGlucose, ContextOfAnotherMeasurementIsAnError) {
    // Measurement 5, context 6 (02 06 00 03).
    const auto m = glucose({0x12, 0x05, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11});
    const auto out = from_ble(m, context({0x02, 0x06, 0x00, 0x03}), origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_context_mismatch", "/ble/context/sequence_number", error}}));
    EXPECT_EQ(arg(out.problems.all()[0], "expected"), "5");
    EXPECT_EQ(arg(out.problems.all()[0], "actual"), "6");
    // The same when the measurement did not announce one.
    const auto quiet = glucose({0x02, 0x05, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11});
    EXPECT_EQ(
        seen(from_ble(quiet, context({0x02, 0x06, 0x00, 0x03}), origin("Europe/Moscow")).problems),
        (std::vector<Seen>{{"ble_context_mismatch", "/ble/context/sequence_number", error}}));
}

TEST(FromBleGlucose, UnannouncedContextWithTheSameSequenceIsUsedWithAWarning) {
    // flags 0x02: the context-follows bit (0x10) is clear. Context: sequence 5, meal 3 (fasting).
    const auto m = glucose({0x02, 0x05, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11});
    const auto out = from_ble(m, context({0x02, 0x05, 0x00, 0x03}), origin("Europe/Moscow"));
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_context_unannounced", "/ble/context", warning}}));
    ASSERT_TRUE(out.reading);
    EXPECT_EQ(out.reading->glucose->meal, Meal::fasting);
}

TEST(FromBleGlucose, HiAndLoAreCensoredWithoutALimit) {
    const auto zone = origin("Europe/Moscow");
    // flags 0x0A: concentration (kg/L), sensor status. 0xB258 = 600·10⁻⁵ kg/L = 600 mg/dL with
    // status 0x0020 (result above the device range): HI, the 600 is not used.
    const auto hi = from_ble(glucose({0x0A, 0x01, 0x00, BASE_TIME, 0x58, 0xB2, 0x11, 0x20, 0x00}),
                             std::nullopt, zone);
    EXPECT_TRUE(hi.problems.all().empty());
    ASSERT_TRUE(hi.reading);
    EXPECT_EQ(hi.reading->glucose->value.censoring, Measured::Censoring::above_device_range);
    EXPECT_FALSE(hi.reading->glucose->value.device_limit);
    EXPECT_EQ(hi.reading->glucose->unit, Unit::mg_per_dl);
    EXPECT_EQ(hi.reading->flags, flags_of({DeviceFlag::result_above_device_range}));
    // 0x07FE = +∞ without a status word: HI.
    const auto plus =
        from_ble(glucose({0x02, 0x01, 0x00, BASE_TIME, 0xFE, 0x07, 0x11}), std::nullopt, zone);
    ASSERT_TRUE(plus.reading);
    EXPECT_EQ(plus.reading->glucose->value.censoring, Measured::Censoring::above_device_range);
    EXPECT_FALSE(plus.reading->glucose->value.device_limit);
    EXPECT_EQ(plus.reading->flags, 0u);
    // 0x0802 = −∞, in mol/L (flags 0x06): LO in mmol/L.
    const auto minus =
        from_ble(glucose({0x06, 0x01, 0x00, BASE_TIME, 0x02, 0x08, 0x11}), std::nullopt, zone);
    ASSERT_TRUE(minus.reading);
    EXPECT_EQ(minus.reading->glucose->value.censoring, Measured::Censoring::below_device_range);
    EXPECT_EQ(minus.reading->glucose->unit, Unit::mmol_per_l);
    // NaN with status 0x0040 (below the device range): LO.
    const auto lo = from_ble(glucose({0x0A, 0x01, 0x00, BASE_TIME, 0xFF, 0x07, 0x11, 0x40, 0x00}),
                             std::nullopt, zone);
    ASSERT_TRUE(lo.reading);
    EXPECT_EQ(lo.reading->glucose->value.censoring, Measured::Censoring::below_device_range);
    EXPECT_EQ(lo.reading->flags, flags_of({DeviceFlag::result_below_device_range}));
}

TEST(FromBleGlucose, ContradictoryRangeIsAnError) {
    const auto zone = origin("Europe/Moscow");
    // +∞ with status 0x0040 (below the range).
    const auto a = from_ble(glucose({0x0A, 0x01, 0x00, BASE_TIME, 0xFE, 0x07, 0x11, 0x40, 0x00}),
                            std::nullopt, zone);
    EXPECT_FALSE(a.reading);
    EXPECT_EQ(seen(a.problems),
              (std::vector<Seen>{{"ble_censoring_conflict", "/ble/concentration", error}}));
    // 95 mg/dL with both range bits (0x0060).
    const auto b = from_ble(glucose({0x0A, 0x01, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11, 0x60, 0x00}),
                            std::nullopt, zone);
    EXPECT_FALSE(b.reading);
    EXPECT_EQ(seen(b.problems),
              (std::vector<Seen>{{"ble_censoring_conflict", "/ble/concentration", error}}));
}

TEST(FromBleGlucose, NanConcentrationWithoutARangeBitIsMissing) {
    const auto out = from_ble(glucose({0x02, 0x01, 0x00, BASE_TIME, 0xFF, 0x07, 0x11}),
                              std::nullopt, origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"ble_value_missing", "/ble/concentration", error}}));
    EXPECT_EQ(arg(out.problems.all()[0], "kind"), "nan");
}

TEST(FromBleGlucose, ControlSolutionByTypeOrLocation) {
    const auto zone = origin("Europe/Moscow");
    // 0x4A: location 4 (control solution), type 10 (control solution); 0x1A: finger, type 10;
    // 0x41: location 4, capillary whole blood; 0x11: finger, capillary whole blood.
    for (const auto& [byte, control] :
         {std::pair<std::uint8_t, bool>{0x4A, true}, {0x1A, true}, {0x41, true}, {0x11, false}}) {
        const auto out =
            from_ble(glucose({0x02, 0x01, 0x00, BASE_TIME, 0x5F, 0xB0, byte}), std::nullopt, zone);
        ASSERT_TRUE(out.reading) << int{byte};
        EXPECT_EQ(out.reading->glucose->control_solution, control) << int{byte};
    }
}

TEST(FromBleGlucose, NoConcentrationAndUnknownTimeAreBothReported) {
    // flags 0x00: only the sequence number and the base time (10 bytes).
    const auto dated =
        from_ble(glucose({0x00, 0x01, 0x00, BASE_TIME}), std::nullopt, origin("Europe/Moscow"));
    EXPECT_FALSE(dated.reading);
    EXPECT_EQ(seen(dated.problems),
              (std::vector<Seen>{{"ble_no_concentration", "/ble/concentration", error}}));
    // Base time all 0: unknown.
    const auto undated = from_ble(glucose({0x00, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0}), std::nullopt,
                                  origin("Europe/Moscow"));
    EXPECT_EQ(seen(undated.problems),
              (std::vector<Seen>{{"ble_time_unknown", "/ble/base_time", error},
                                 {"ble_no_concentration", "/ble/concentration", error}}));
}

TEST(FromBleGlucose, OffsetIntoTheMoscowGapIsAnError) {
    // Base 2010-03-28 01:50:00 (DA 07 03 1C 01 32 00) exists; +40 min (0x0028) gives 02:30, which
    // does not. The problem points at the base time.
    const auto out = from_ble(glucose({0x03, 0x01, 0x00, 0xDA, 0x07, 0x03, 0x1C, 0x01, 0x32, 0x00,
                                       0x28, 0x00, 0x5F, 0xB0, 0x11}),
                              std::nullopt, origin("Europe/Moscow"));
    EXPECT_FALSE(out.reading);
    EXPECT_EQ(seen(out.problems),
              (std::vector<Seen>{{"nonexistent_local_time", "/ble/base_time", error}}));
}

TEST(FromBleGlucose, EverySensorStatusBitBecomesADeviceFlag) {
    // Status 0x0FFF has all twelve bits; as a reading it would contradict itself (HI and LO), so
    // the flags are checked on the decoded word.
    const auto m = glucose({0x0A, 0x01, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11, 0xFF, 0x0F});
    ASSERT_TRUE(m.sensor_status);
    EXPECT_EQ(device_flags(*m.sensor_status),
              flags_of({DeviceFlag::battery_low, DeviceFlag::sensor_malfunction,
                        DeviceFlag::sample_size_insufficient, DeviceFlag::strip_insertion_error,
                        DeviceFlag::strip_type_incorrect, DeviceFlag::result_above_device_range,
                        DeviceFlag::result_below_device_range, DeviceFlag::temperature_too_high,
                        DeviceFlag::temperature_too_low, DeviceFlag::read_interrupted,
                        DeviceFlag::general_device_fault, DeviceFlag::time_fault}));
    // One bit at a time, in bit order: 0x0001 … 0x0800 map to battery_low … time_fault, which
    // are DeviceFlag bits 6 … 17.
    for (unsigned i = 0; i < 12; ++i) {
        const auto word = static_cast<std::uint16_t>(1u << i);
        const auto one =
            glucose({0x0A, 0x01, 0x00, BASE_TIME, 0x5F, 0xB0, 0x11,
                     static_cast<std::uint8_t>(word & 0xFF), static_cast<std::uint8_t>(word >> 8)});
        ASSERT_TRUE(one.sensor_status) << i;
        EXPECT_EQ(device_flags(*one.sensor_status), 1u << (i + 6)) << i;
    }
}

TEST(FromBleGlucose, MealsMapOneToOne) {
    EXPECT_EQ(meal_of(ble::Meal::preprandial), Meal::preprandial);
    EXPECT_EQ(meal_of(ble::Meal::postprandial), Meal::postprandial);
    EXPECT_EQ(meal_of(ble::Meal::fasting), Meal::fasting);
    EXPECT_EQ(meal_of(ble::Meal::casual), Meal::casual);
    EXPECT_EQ(meal_of(ble::Meal::bedtime), Meal::bedtime);
}

// ---------------------------------------------------------------------------------------------
// Decoder problems as report entries, and their messages
// ---------------------------------------------------------------------------------------------

TEST(FromBleDecodeProblems, BecomeReportEntries) {
    // Month 13 at byte 9 (flags 1, SYS 2, DIA 2, MAP 2, year 2: 1 + 6 + 2 = 9).
    const auto decoded = ble::decode_blood_pressure_measurement(
        Bytes{0x02, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00, 0xEA, 0x07, 0x0D, 0x0A, 0x08, 0x0F, 0x00});
    ASSERT_FALSE(decoded.ok());
    json::Problems report;
    add_decode_problems(decoded.problems(), report);
    ASSERT_EQ(report.all().size(), 1u);
    const Problem& p = report.all()[0];
    EXPECT_EQ(p.code, "ble_invalid_time");
    EXPECT_EQ(p.pointer, "/ble/time_stamp/month");
    EXPECT_EQ(p.severity, error);
    EXPECT_EQ(p.args,
              (json::Args{{"offset", "9"}, {"field", "time_stamp.month"}, {"value", "13"}}));

    // Under another base, e.g. a context's bytes: a truncated context "02 05" (the sequence
    // number needs 2 bytes at offset 1).
    const auto short_context = ble::decode_glucose_measurement_context(Bytes{0x02, 0x05});
    json::Problems under;
    add_decode_problems(short_context.problems(), under, "/readings/0/ble/context");
    ASSERT_EQ(under.all().size(), 1u);
    EXPECT_EQ(under.all()[0].code, "ble_truncated");
    EXPECT_EQ(under.all()[0].pointer, "/readings/0/ble/context/sequence_number");
    EXPECT_EQ(arg(under.all()[0], "offset"), "1");
    EXPECT_EQ(arg(under.all()[0], "value"), "2");
}

TEST(FromBleDecodeProblems, InvalidHexPointsAtTheText) {
    // "F0 1": a pair, a space, then one digit and the end: the missing digit is at offset 4.
    const auto decoded = ble::read_hex("F0 1");
    ASSERT_FALSE(decoded.ok());
    json::Problems report;
    add_decode_problems(decoded.problems(), report, "/readings/2/hex");
    ASSERT_EQ(report.all().size(), 1u);
    EXPECT_EQ(report.all()[0].code, "invalid_hex");
    EXPECT_EQ(report.all()[0].pointer, "/readings/2/hex");
    EXPECT_EQ(arg(report.all()[0], "offset"), "4");
    EXPECT_EQ(arg(report.all()[0], "value"), "0");
}

TEST(FromBleDecodeProblems, EveryCodeHasMessagesInBothLanguages) {
    const json::Args decode_args = {
        {"offset", "9"}, {"field", "time_stamp.month"}, {"value", "13"}};
    const json::Args value_args = {{"field", "systolic"}, {"kind", "nan"}};
    const std::vector<std::pair<std::string, json::Args>> codes = {
        {"ble_truncated", decode_args},
        {"ble_trailing_bytes", decode_args},
        {"ble_reserved_flags", decode_args},
        {"ble_reserved_value", decode_args},
        {"ble_invalid_time", decode_args},
        {"ble_sfloat_reserved", decode_args},
        {"invalid_hex", {{"offset", "4"}, {"field", "hex_digit"}, {"value", "0"}}},
        {"ble_time_unknown", {{"field", "time_stamp"}}},
        {"ble_value_missing", value_args},
        {"ble_value_infinite", value_args},
        {"ble_value_dropped", value_args},
        {"ble_no_concentration", {}},
        {"ble_censoring_conflict", {{"field", "concentration"}, {"kind", "plus_infinity"}}},
        {"ble_context_mismatch", {{"expected", "65535"}, {"actual", "6"}}},
        {"ble_context_unannounced", {{"sequence_number", "5"}}},
    };
    for (const auto& [code, args] : codes) {
        EXPECT_TRUE(i18n::has_message(code)) << code;
        const auto m = i18n::render(code, args);
        EXPECT_EQ(m.en.find('{'), std::string::npos) << code << ": " << m.en;
        EXPECT_EQ(m.ru.find('{'), std::string::npos) << code << ": " << m.ru;
        EXPECT_NE(m.en, code);
    }
    EXPECT_EQ(i18n::render("ble_truncated", decode_args).en,
              "The Bluetooth LE value ends too early: the field at byte 9 is missing.");
}

#undef BASE_TIME

} // namespace
} // namespace telemed::readings
