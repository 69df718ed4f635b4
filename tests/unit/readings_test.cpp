// The readings domain end to end through its C++ operations: plausibility and classification
// never mixed, thresholds evaluated in their source's unit, alerts with messages and actions,
// batches and streams that account for every input. Expected values are worked out by hand from
// shared/reference/devices.md (comments give the arithmetic).
#include "test_support.hpp"

namespace telemed {
namespace {

// Kirov (Europe/Kirov, UTC+3), 27 November 2026, 12:00 UTC.
const auto now = test::utc(2026, 11, 27, 12, 0);

Context kirov() {
    return test::make_context("RU-KIR", now);
}

std::string bp(const std::string& values, const std::string& at = "2026-11-27T08:15:00+03:00",
               const std::string& extra = "") {
    return R"({"patient_ref":"P-0042","device":{"id":"tono-17","model":"UA-651"},"kind":"blood_pressure","measured_at":")" +
           at + R"(","blood_pressure":)" + values + extra + "}";
}

std::string glucose(const std::string& values,
                    const std::string& at = "2026-11-27T08:15:00+03:00") {
    return R"({"patient_ref":"P-0042","device":{"id":"gluco-3"},"kind":"glucose","measured_at":")" +
           at + R"(","glucose":)" + values + "}";
}

Response validate(const Context& ctx, const std::string& reading, const std::string& patient = "") {
    return readings::validate(ctx, R"({"reading":)" + reading +
                                       (patient.empty() ? "" : R"(,"patient":)" + patient) + "}");
}

std::vector<std::string> codes(const Response& r) {
    std::vector<std::string> out;
    const auto doc = test::output(r);
    if (doc.contains("problems")) {
        for (const auto& p : doc.at("problems").as_array()) {
            out.emplace_back(p.at("code").as_string());
        }
    }
    return out;
}

boost::json::object classification(const Response& r) {
    return test::output(r).at("classification").as_object();
}

std::vector<std::string> alert_codes(const Response& r) {
    std::vector<std::string> out;
    const auto doc = test::output(r);
    if (!doc.contains("alerts")) {
        ADD_FAILURE() << r.json;
        return out;
    }
    for (const auto& a : doc.at("alerts").as_array()) {
        out.emplace_back(a.at("code").as_string());
    }
    return out;
}

std::string category(const Context& ctx, int systolic, int diastolic) {
    const auto r =
        validate(ctx, bp(R"({"systolic":)" + std::to_string(systolic) + R"(,"diastolic":)" +
                         std::to_string(diastolic) + R"(,"unit":"mmHg"})"));
    EXPECT_EQ(r.status, Status::ok) << r.json;
    return std::string(classification(r).at("category").as_string());
}

TEST(Readings, EshCategoriesAtEveryBoundaryTheHigherWins) {
    const auto ctx = kirov();
    // ESH 2023: optimal < 120 and < 80; normal 120–129 / 80–84; high-normal 130–139 / 85–89;
    // grade 1 140–159 / 90–99; grade 2 160–179 / 100–109; grade 3 ≥ 180 / ≥ 110.
    EXPECT_EQ(category(ctx, 119, 79), "optimal");
    EXPECT_EQ(category(ctx, 120, 79), "normal");
    EXPECT_EQ(category(ctx, 119, 80), "normal");
    EXPECT_EQ(category(ctx, 129, 84), "normal");
    EXPECT_EQ(category(ctx, 130, 70), "high_normal");
    EXPECT_EQ(category(ctx, 110, 85), "high_normal");
    EXPECT_EQ(category(ctx, 139, 89), "high_normal");
    EXPECT_EQ(category(ctx, 140, 60), "grade_1"); // isolated systolic, graded by systolic
    EXPECT_EQ(category(ctx, 118, 90), "grade_1");
    EXPECT_EQ(category(ctx, 159, 99), "grade_1");
    EXPECT_EQ(category(ctx, 160, 70), "grade_2");
    EXPECT_EQ(category(ctx, 125, 100), "grade_2");
    EXPECT_EQ(category(ctx, 179, 109), "grade_2");
    EXPECT_EQ(category(ctx, 180, 70), "grade_3");
    EXPECT_EQ(category(ctx, 150, 110), "grade_3");
}

TEST(Readings, UrgentLowAndTargetAlerts) {
    const auto ctx = kirov();
    // 180/110 is the urgent threshold, inclusive ("≥ 180/110").
    EXPECT_EQ(alert_codes(validate(ctx, bp(R"({"systolic":180,"diastolic":95,"unit":"mmHg"})"))),
              std::vector<std::string>{"bp_urgent"});
    EXPECT_EQ(alert_codes(validate(ctx, bp(R"({"systolic":150,"diastolic":110,"unit":"mmHg"})"))),
              std::vector<std::string>{"bp_urgent"});
    // 179/109: not urgent, above the default target 140/90 (info).
    const auto high = validate(ctx, bp(R"({"systolic":179,"diastolic":109,"unit":"mmHg"})"));
    EXPECT_EQ(alert_codes(high), std::vector<std::string>{"bp_above_target"});
    EXPECT_EQ(test::output(high).at("alerts").at(0).at("severity"), "info");
    // Systolic 89 < 90: low blood pressure (warning); 90 is not.
    EXPECT_EQ(alert_codes(validate(ctx, bp(R"({"systolic":89,"diastolic":60,"unit":"mmHg"})"))),
              std::vector<std::string>{"bp_low"});
    EXPECT_TRUE(
        alert_codes(validate(ctx, bp(R"({"systolic":90,"diastolic":60,"unit":"mmHg"})"))).empty());
    // 139/89 is below the default target; a doctor's target 130/80 makes it above.
    const std::string reading = bp(R"({"systolic":135,"diastolic":80,"unit":"mmHg"})");
    EXPECT_TRUE(alert_codes(validate(ctx, reading)).empty());
    const auto own = validate(
        ctx, reading,
        R"({"targets":{"blood_pressure":{"unit":"mmHg","systolic_below":130,"diastolic_below":80}}})");
    EXPECT_EQ(alert_codes(own), std::vector<std::string>{"bp_above_target"});
    EXPECT_EQ(classification(own).at("target").at("source"), "patient");
    // The home threshold 135/85 (inclusive) for home readings.
    EXPECT_EQ(classification(validate(ctx, reading)).at("above_home_threshold"), true);
    EXPECT_EQ(classification(validate(ctx, bp(R"({"systolic":134,"diastolic":84,"unit":"mmHg"})")))
                  .at("above_home_threshold"),
              false);
}

TEST(Readings, KilopascalsAreConvertedExactly) {
    const auto ctx = kirov();
    // 24 kPa × 7.500617 = 180.014808 mmHg ≥ 180: urgent; 23.99 kPa = 179.93980183 < 180.
    const auto urgent = validate(ctx, bp(R"({"systolic":24,"diastolic":12,"unit":"kPa"})"));
    ASSERT_EQ(urgent.status, Status::ok) << urgent.json;
    EXPECT_EQ(classification(urgent).at("systolic_mmhg").as_double(), 180.014808);
    EXPECT_EQ(alert_codes(urgent), std::vector<std::string>{"bp_urgent"});
    const auto below = validate(ctx, bp(R"({"systolic":23.99,"diastolic":12,"unit":"kPa"})"));
    EXPECT_EQ(alert_codes(below), std::vector<std::string>{"bp_above_target"});
}

TEST(Readings, PlausibilityRejectsWithEveryReason) {
    const auto ctx = kirov();
    // Systolic 301 > 300 and diastolic 29 < 30: two reasons, each at its field.
    const auto r = validate(ctx, bp(R"({"systolic":301,"diastolic":29,"unit":"mmHg"})"));
    EXPECT_EQ(r.status, Status::validation);
    const auto doc = test::output(r);
    ASSERT_EQ(doc.at("problems").as_array().size(), 2u) << r.json;
    EXPECT_EQ(doc.at("problems").at(0).at("pointer"), "/reading/blood_pressure/systolic");
    EXPECT_EQ(doc.at("problems").at(1).at("pointer"), "/reading/blood_pressure/diastolic");
    EXPECT_EQ(doc.at("problems").at(0).at("rule"), "readings.bp.plausible_range");
    // The boundaries themselves are possible.
    EXPECT_EQ(validate(ctx, bp(R"({"systolic":300,"diastolic":30,"unit":"mmHg"})")).status,
              Status::ok);
    EXPECT_EQ(codes(validate(ctx, bp(R"({"systolic":80,"diastolic":80,"unit":"mmHg"})"))),
              std::vector<std::string>{"systolic_not_above_diastolic"});
    EXPECT_EQ(
        codes(validate(ctx, bp(R"({"systolic":120,"diastolic":80,"mean":121,"unit":"mmHg"})"))),
        std::vector<std::string>{"mean_outside_range"});
    EXPECT_EQ(
        codes(validate(ctx, bp(R"({"systolic":120,"diastolic":80,"pulse":19,"unit":"mmHg"})"))),
        std::vector<std::string>{"implausible_value"});
    // A device fault rejects; a doubt is a warning.
    EXPECT_EQ(codes(validate(ctx, glucose(R"({"value":5.6,"unit":"mmol/L"})")
                                      .insert(1, R"("flags":["sensor_malfunction"],)"))),
              std::vector<std::string>{"device_reported_fault"});
    const auto doubt =
        validate(ctx, bp(R"({"systolic":120,"diastolic":80,"unit":"mmHg"})",
                         "2026-11-27T08:15:00+03:00", R"(,"flags":["irregular_pulse"])"));
    EXPECT_EQ(doubt.status, Status::ok);
    EXPECT_EQ(codes(doubt), std::vector<std::string>{"device_reported_doubt"});
    // A control solution is not patient data.
    EXPECT_EQ(
        codes(validate(ctx, glucose(R"({"value":5.6,"unit":"mmol/L","control_solution":true})"))),
        std::vector<std::string>{"control_solution"});
}

TEST(Readings, TimesInTheFutureAndOldOnes) {
    const auto ctx = kirov(); // now 12:00Z
    const std::string values = R"({"systolic":120,"diastolic":80,"unit":"mmHg"})";
    // 10 minutes of skew are tolerated, 10 minutes and 1 second are not.
    EXPECT_EQ(validate(ctx, bp(values, "2026-11-27T12:10:00Z")).status, Status::ok);
    EXPECT_EQ(codes(validate(ctx, bp(values, "2026-11-27T12:10:01Z"))),
              std::vector<std::string>{"measured_in_future"});
    // Older than 30 days: kept with a warning.
    const auto old = validate(ctx, bp(values, "2026-10-28T11:59:59Z"));
    EXPECT_EQ(old.status, Status::ok);
    EXPECT_EQ(codes(old), std::vector<std::string>{"older_than_backfill_limit"});
    EXPECT_TRUE(codes(validate(ctx, bp(values, "2026-10-28T12:00:00Z"))).empty());
    // Without an offset the time is read in the patient's zone: 08:15 in Novosibirsk is +07:00.
    const auto local =
        validate(ctx, bp(values, "2026-11-27T08:15:00"), R"({"zone":"Asia/Novosibirsk"})");
    EXPECT_EQ(test::output(local).at("reading").at("measured_at"), "2026-11-27T08:15:00+07:00");
    // In Kirov's own zone (the context's) it is +03:00.
    EXPECT_EQ(test::output(validate(ctx, bp(values, "2026-11-27T08:15:00")))
                  .at("reading")
                  .at("measured_at"),
              "2026-11-27T08:15:00+03:00");
}

TEST(Readings, GlucoseThresholdsInTheirSourcesUnit) {
    const auto ctx = kirov();
    const auto band = [&](const std::string& value, const std::string& unit,
                          const std::string& meal = "fasting") {
        const auto r = validate(ctx, glucose(R"({"value":)" + value + R"(,"unit":")" + unit +
                                             R"(","meal":")" + meal + R"("})"));
        EXPECT_EQ(r.status, Status::ok) << r.json;
        return std::string(classification(r).at("band").as_string());
    };
    // ADA thresholds are in mg/dL; a mmol/L value is multiplied by 18.0156.
    EXPECT_EQ(band("2.9", "mmol/L"), "hypoglycaemia_level_2"); // 52.245 < 54
    EXPECT_EQ(band("3.0", "mmol/L"), "hypoglycaemia_level_1"); // 54.0468 ≥ 54, < 70
    EXPECT_EQ(band("3.8", "mmol/L"), "hypoglycaemia_level_1"); // 68.459
    EXPECT_EQ(band("3.9", "mmol/L"), "below_target");          // 70.26 ≥ 70, < 80
    EXPECT_EQ(band("53", "mg/dL"), "hypoglycaemia_level_2");
    EXPECT_EQ(band("54", "mg/dL"), "hypoglycaemia_level_1");
    EXPECT_EQ(band("70", "mg/dL"), "below_target");
    EXPECT_EQ(band("80", "mg/dL"), "in_target");
    EXPECT_EQ(band("130", "mg/dL"), "in_target");
    EXPECT_EQ(band("131", "mg/dL"), "above_target");
    EXPECT_EQ(band("179", "mg/dL", "postprandial"), "in_target");
    EXPECT_EQ(band("180", "mg/dL", "postprandial"), "above_target");
    EXPECT_EQ(band("5.6", "mmol/L", "casual"), "no_target");
    EXPECT_EQ(band("5.6", "mmol/L", "bedtime"), "no_target");
    // Ketones: > 240 mg/dL; 13.3 mmol/L = 239.607 (no), 13.4 = 241.409 (yes).
    const auto ketones = [&](const std::string& value) {
        return alert_codes(validate(
            ctx, glucose(R"({"value":)" + value + R"(,"unit":"mmol/L","meal":"casual"})")));
    };
    EXPECT_TRUE(ketones("13.3").empty());
    EXPECT_EQ(ketones("13.4"), std::vector<std::string>{"glucose_ketone_check"});
}

TEST(Readings, CensoredValuesAreBoundsNotNumbers) {
    const auto ctx = kirov();
    // LO without a limit: below the plausible minimum 10 mg/dL ≤ 54 → level 2, urgent.
    const auto lo = validate(ctx, glucose(R"({"value":"LO","unit":"mmol/L"})"));
    ASSERT_EQ(lo.status, Status::ok) << lo.json;
    EXPECT_EQ(classification(lo).at("band"), "hypoglycaemia_level_2");
    EXPECT_EQ(test::output(lo).at("alerts").at(0).at("severity"), "urgent");
    EXPECT_EQ(test::output(lo).at("reading").at("glucose").at("value"), "LO");
    // LO below 3.5 mmol/L = 63.05 mg/dL: below 70 but maybe not below 54 → level 1 at least.
    EXPECT_EQ(classification(
                  validate(ctx, glucose(R"({"value":"LO","device_limit":3.5,"unit":"mmol/L"})")))
                  .at("band"),
              "hypoglycaemia_level_1");
    // HI without a limit: above 600 mg/dL ≥ 240 → ketone check.
    EXPECT_EQ(alert_codes(validate(ctx, glucose(R"({"value":"HI","unit":"mg/dL"})"))),
              std::vector<std::string>{"glucose_ketone_check"});
    // A limit given with a number is a mistake.
    EXPECT_EQ(codes(validate(ctx, glucose(R"({"value":5.6,"device_limit":3.5,"unit":"mmol/L"})"))),
              std::vector<std::string>{"device_limit_without_censoring"});
}

TEST(Readings, ACensoredBoundClaimsOnlyWhatItProves) {
    const auto ctx = kirov();
    const auto band = [&](const std::string& value, int limit, const std::string& meal) {
        const auto r = validate(ctx, glucose(R"({"value":")" + value + R"(","device_limit":)" +
                                             std::to_string(limit) + R"(,"unit":"mg/dL","meal":")" +
                                             meal + R"("})"));
        EXPECT_EQ(r.status, Status::ok) << r.json;
        return std::string(classification(r).at("band").as_string());
    };
    // LO under 200 after a meal (target < 180): could be either side → no target band.
    EXPECT_EQ(band("LO", 200, "postprandial"), "below_device_range");
    // LO under 100 before a meal (80–130): could be below 80 → no target band.
    EXPECT_EQ(band("LO", 100, "preprandial"), "below_device_range");
    // LO under 80 before a meal: below 80 for certain.
    EXPECT_EQ(band("LO", 80, "preprandial"), "below_target");
    // HI over 100 before a meal: could be in 80–130 or above → no target band.
    EXPECT_EQ(band("HI", 100, "preprandial"), "above_device_range");
    // HI over 100 after a meal (< 180): unproven; over 130 before a meal: above for certain.
    EXPECT_EQ(band("HI", 100, "postprandial"), "above_device_range");
    EXPECT_EQ(band("HI", 130, "preprandial"), "above_target");
}

TEST(Readings, TimesBeyondTheYearsHandledAreRefused) {
    const auto ctx = kirov();
    // A device clock at 2304-01-01 08:00 (year bytes 00 09 = 0x0900): outside 1900–2199, refused
    // before any arithmetic on the instant (it overflowed before: found by the fuzzers).
    const auto r = validate(
        ctx,
        R"({"patient_ref":"P-1","device":{"id":"tono"},"ble":{"characteristic":"2A35","value":"02 78 00 50 00 5D 00 00 09 01 01 08 00 00"}})");
    EXPECT_EQ(codes(r), std::vector<std::string>{"time_out_of_range"});
    EXPECT_EQ(test::output(r).at("problems").at(0).at("pointer"), "/reading/ble/time_stamp");
    const auto s = readings::summarize(
        ctx, R"({"window":{"from":"2026-11-20","to":"2300-01-01"},"readings":[]})");
    EXPECT_EQ(s.status, Status::validation);
    EXPECT_EQ(s.problem.code, "time_out_of_range");
    EXPECT_EQ(s.problem.pointer, "/window/to");
}

TEST(Readings, IsolatedSystolicIsMarked) {
    const auto ctx = kirov();
    const auto isolated = [&](int s, int d) {
        return classification(
                   validate(ctx, bp(R"({"systolic":)" + std::to_string(s) + R"(,"diastolic":)" +
                                    std::to_string(d) + R"(,"unit":"mmHg"})")))
            .at("isolated_systolic")
            .as_bool();
    };
    EXPECT_TRUE(isolated(140, 89));  // ≥ 140 and < 90
    EXPECT_FALSE(isolated(140, 90)); // diastolic at grade 1: not isolated
    EXPECT_FALSE(isolated(139, 60));
    EXPECT_TRUE(isolated(185, 70)); // graded 3 by its systolic value
}

TEST(Readings, HbA1cTargetsForAdultsOnly) {
    const auto ctx = kirov();
    const std::string reading = glucose(R"({"value":6.8,"unit":"mmol/L","meal":"fasting"})");
    // HbA1c target 7.0 % → fasting below 7.0 mmol/L: 6.8 is in target; ADA would say above 130
    // mg/dL (6.8 × 18.0156 = 122.5: in target too); 7.0 is not below 7.0.
    const auto adult =
        validate(ctx, reading, R"({"age_years":54,"targets":{"glucose":{"hba1c_target":7.0}}})");
    ASSERT_EQ(adult.status, Status::ok) << adult.json;
    EXPECT_EQ(classification(adult).at("band"), "in_target");
    EXPECT_EQ(classification(adult).at("target_source"), "readings.glucose.hba1c_targets");
    EXPECT_EQ(
        classification(validate(ctx, glucose(R"({"value":7.0,"unit":"mmol/L","meal":"fasting"})"),
                                R"({"age_years":54,"targets":{"glucose":{"hba1c_target":7}}})"))
            .at("band"),
        "above_target");
    // Postprandial: below 9.0 for 7.0 %.
    EXPECT_EQ(classification(
                  validate(ctx, glucose(R"({"value":8.9,"unit":"mmol/L","meal":"postprandial"})"),
                           R"({"age_years":54,"targets":{"glucose":{"hba1c_target":7.0}}})"))
                  .at("band"),
              "in_target");
    for (const std::string patient :
         {R"({"age_years":17,"targets":{"glucose":{"hba1c_target":7.0}}})",
          R"({"age_years":30,"pregnant":true,"targets":{"glucose":{"hba1c_target":7.0}}})",
          R"({"targets":{"glucose":{"hba1c_target":7.0}}})"}) {
        EXPECT_EQ(codes(validate(ctx, reading, patient)),
                  std::vector<std::string>{"targets_not_applicable"})
            << patient;
    }
    EXPECT_EQ(codes(validate(ctx, reading,
                             R"({"age_years":54,"targets":{"glucose":{"hba1c_target":6.9}}})")),
              std::vector<std::string>{"invalid_value"});
}

TEST(Readings, UnknownUnitsAndFieldsAreNamed) {
    const auto ctx = kirov();
    const auto r = validate(ctx, glucose(R"({"value":100,"unit":"MGDL"})"));
    ASSERT_EQ(r.status, Status::validation);
    const auto p = test::output(r).at("problems").at(0);
    EXPECT_EQ(p.at("code"), "unknown_unit");
    EXPECT_EQ(p.at("pointer"), "/reading/glucose/unit");
    EXPECT_EQ(p.at("message").at("en"), "Unknown unit «MGDL»; accepted: mmol/L, mg/dL.");
    EXPECT_EQ(
        codes(validate(ctx, bp(R"({"systolic":120,"diastolic":80,"unit":"mmHg","extra":1})"))),
        std::vector<std::string>{"unknown_field"});
}

TEST(Readings, TypedBatchAgreesWithTheJsonPath) {
    const auto ctx = kirov();
    using T = readings::TypedReading;
    const auto ms = [](std::chrono::system_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    };
    const auto at = ms(test::utc(2026, 11, 27, 5, 15));
    std::vector<T> in(5);
    in[0] = T{T::Kind::blood_pressure, T::Unit::mmhg, at, 182, 96, NAN, NAN, 0, {}, {}, 0, "tono"};
    in[1] = T{T::Kind::glucose,   T::Unit::mmol_per_l, at, 0,      0, 0, 0, 2.9,
              T::Value::measured, T::Meal::fasting,    0,  "gluco"};
    in[2] = in[0]; // a repeat
    in[3] = T{T::Kind::blood_pressure, T::Unit::mmhg, at, 80, 80, NAN, NAN, 0, {}, {}, 0, "tono"};
    in[4] = T{T::Kind::blood_pressure,
              T::Unit::mmhg,
              ms(test::utc(2026, 11, 28)),
              120,
              80,
              NAN,
              NAN,
              0,
              {},
              {},
              0,
              "tono"};
    std::vector<readings::TypedResult> out(in.size());
    ASSERT_EQ(readings::check_typed(ctx, "", in, out), Status::ok);
    EXPECT_EQ(out[0].status, Status::ok);
    EXPECT_EQ(out[0].category, 6); // grade 3
    EXPECT_EQ(out[0].severity, 3); // urgent
    EXPECT_EQ(out[0].alerts, 1u << 0);
    EXPECT_EQ(out[1].band, 1); // 2.9 mmol/L = 52.245 mg/dL: level 2
    EXPECT_EQ(out[1].alerts, 1u << 3);
    EXPECT_EQ(out[2].status, Status::validation);
    EXPECT_EQ(out[2].reasons, 1u << 8); // duplicate
    EXPECT_EQ(out[3].reasons, 1u << 2); // systolic not above diastolic
    EXPECT_EQ(out[4].reasons, 1u << 3); // in the future
    // NaN systolic is not a reading.
    in.resize(1);
    in[0].systolic = NAN;
    ASSERT_EQ(readings::check_typed(ctx, "", in, out), Status::ok);
    EXPECT_EQ(out[0].reasons, 1u << 0);
}

// A day of home readings: morning and evening in Kirov's zone (+03:00).
std::string day_readings(int day, const std::string& morning, const std::string& evening) {
    // Appended step by step: GCC 12 -O3 reports a false -Wrestrict on "literal" + std::string.
    std::string date = "2026-11-";
    date += (day < 10 ? "0" : "");
    date += std::to_string(day);
    std::string out = bp(morning, date + "T08:00:00+03:00");
    out += ',';
    out += bp(evening, date + "T20:00:00+03:00");
    return out;
}

TEST(Readings, SummaryHomeProtocolGapsAndEligibilityFacts) {
    const auto ctx = kirov(); // now 2026-11-27T15:00 in Kirov
    const std::string morning = R"({"systolic":130,"diastolic":80,"unit":"mmHg"})";
    const std::string evening = R"({"systolic":140,"diastolic":90,"unit":"mmHg"})";
    // 20 November: one urgent morning reading (dropped from the protocol as day 1); 21–22 and
    // 25–26 both sessions; 23–24 nothing: from 22 Nov 20:00 to 25 Nov 08:00 is 60 hours > 48.
    std::string list =
        bp(R"({"systolic":200,"diastolic":100,"unit":"mmHg"})", "2026-11-20T08:00:00+03:00");
    for (int day : {21, 22, 25, 26}) {
        list += ',';
        list += day_readings(day, morning, evening);
    }
    const auto r = readings::summarize(
        ctx, R"({"window":{"from":"2026-11-20","to":"2026-11-26"},"readings":[)" + list + "]}");
    ASSERT_EQ(r.status, Status::ok) << r.json;
    const auto doc = test::output(r);
    EXPECT_EQ(doc.at("readings").at("in_window"), 9);
    const auto protocol = doc.at("blood_pressure").at("home_protocol");
    EXPECT_EQ(protocol.at("dropped_day"), "2026-11-20");
    EXPECT_EQ(protocol.at("days"), 6);
    EXPECT_EQ(protocol.at("days_with_both_sessions"), 4);
    EXPECT_EQ(protocol.at("complete"), false);
    // (130 + 140) / 2 = 135.0 and (80 + 90) / 2 = 85.0: exactly the home threshold, at or above.
    EXPECT_EQ(protocol.at("systolic_mean").as_double(), 135.0);
    EXPECT_EQ(protocol.at("diastolic_mean").as_double(), 85.0);
    EXPECT_EQ(protocol.at("above_home_threshold"), true);
    EXPECT_EQ(protocol.at("above_target"), false); // below 140/90
    ASSERT_EQ(doc.at("gaps").as_array().size(), 1u);
    EXPECT_EQ(doc.at("gaps").at(0).at("hours"), 60);
    EXPECT_EQ(doc.at("gaps").at(0).at("from"), "2026-11-22T20:00:00+03:00");
    // facts.alerts: the urgent reading on 20 November and the gap (a warning: routine) ending
    // on 25 November; the info alerts (evening 140/90 is above target) are left out.
    const auto facts = doc.at("facts").at("alerts").as_array();
    ASSERT_EQ(facts.size(), 2u) << r.json;
    EXPECT_EQ(facts.at(0), (boost::json::value{{"date", "2026-11-20"}, {"severity", "urgent"}}));
    EXPECT_EQ(facts.at(1), (boost::json::value{{"date", "2026-11-25"}, {"severity", "routine"}}));
    // The gap's message, with the Russian plural.
    bool gap_message = false;
    for (const auto& a : doc.at("alerts").as_array()) {
        if (a.at("alert").at("code") == "readings_gap") {
            gap_message = true;
            EXPECT_EQ(a.at("alert").at("message_doctor").at("ru"),
                      "Нет показаний 60 часов, с 2026-11-22T20:00:00+03:00 по "
                      "2026-11-25T08:00:00+03:00.");
        }
    }
    EXPECT_TRUE(gap_message);
    // The stable course is only evidence unless its unconfirmed rule is switched on.
    EXPECT_EQ(doc.at("stable_course").at("assessed"), false);
    EXPECT_EQ(doc.at("stable_course").at("evidence").at("urgent_alerts"), 1);
}

} // namespace
} // namespace telemed
