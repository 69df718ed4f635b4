// Age in completed years, and "today" as a calendar date in the organisation's zone.
#include "test_support.hpp"

namespace telemed {
namespace {

using date::February;
using date::March;

date::year_month_day ymd(int y, unsigned m, unsigned d) {
    return date::year{y} / date::month{m} / date::day{d};
}

TEST(Age, TurnsOnTheBirthday) {
    EXPECT_EQ(identity::age_in_years(ymd(2011, 3, 10), ymd(2026, 3, 9), false), 14);
    EXPECT_EQ(identity::age_in_years(ymd(2011, 3, 10), ymd(2026, 3, 10), false), 15);
    EXPECT_EQ(identity::age_in_years(ymd(2008, 12, 31), ymd(2026, 12, 30), false), 17);
    EXPECT_EQ(identity::age_in_years(ymd(2008, 12, 31), ymd(2026, 12, 31), false), 18);
    EXPECT_EQ(identity::age_in_years(ymd(2026, 1, 1), ymd(2026, 1, 1), false), 0);
}

TEST(Age, LeapDayBirthday) {
    // Born 2012-02-29. In the common year 2027 the birthday is 1 March by default, 28 February with
    // the switch.
    EXPECT_EQ(identity::age_in_years(ymd(2012, 2, 29), ymd(2027, 2, 28), false), 14);
    EXPECT_EQ(identity::age_in_years(ymd(2012, 2, 29), ymd(2027, 2, 28), true), 15);
    EXPECT_EQ(identity::age_in_years(ymd(2012, 2, 29), ymd(2027, 3, 1), false), 15);
    // In the leap year 2028 the birthday is 29 February either way.
    EXPECT_EQ(identity::age_in_years(ymd(2012, 2, 29), ymd(2028, 2, 28), true), 15);
    EXPECT_EQ(identity::age_in_years(ymd(2012, 2, 29), ymd(2028, 2, 29), false), 16);
}

TEST(Age, ThroughTheOperationWithTheSwitch) {
    const auto now = test::utc(2027, 2, 28, 6);
    const auto plain = test::make_context("RU-NVS", now);
    const auto switched = test::make_context(
        "RU-NVS", now, "", R"({"switches": {"identity.age.leap_day_feb28": true}})");
    const std::string doc = R"({"birth_date":"2012-02-29"})";
    const auto a = test::output(identity::patient_age(plain, doc));
    const auto b = test::output(identity::patient_age(switched, doc));
    EXPECT_EQ(a.at("years").as_int64(), 14);
    EXPECT_EQ(b.at("years").as_int64(), 15);
    EXPECT_EQ(a.at("trace").as_array().size(), 1u);
    EXPECT_EQ(b.at("trace").as_array().back().as_string(), "identity.age.leap_day_feb28");
}

TEST(Today, IsTheCalendarDateInTheOrganisationsZone) {
    // 2026-03-09T20:30Z: 23:30 in Moscow, 03:30 on the 10th in Novosibirsk, 08:30 on the 10th in
    // Kamchatka.
    const auto now = test::utc(2026, 3, 9, 20, 30);
    EXPECT_EQ(test::make_context("RU-VOR", now).today(), ymd(2026, 3, 9));
    EXPECT_EQ(test::make_context("RU-NVS", now).today(), ymd(2026, 3, 10));
    EXPECT_EQ(test::make_context("RU-KAM", now).today(), ymd(2026, 3, 10));
    EXPECT_EQ(test::make_context("RU", now, "Europe/Moscow").today(), ymd(2026, 3, 9));
}

TEST(Today, YearEndAndLeapDay) {
    // 2027-12-31T18:00Z is already 2028-01-01 in Novosibirsk (+7) and still 2027 in Moscow (+3).
    EXPECT_EQ(test::make_context("RU-NVS", test::utc(2027, 12, 31, 18)).today(), ymd(2028, 1, 1));
    EXPECT_EQ(test::make_context("RU-MOW", test::utc(2027, 12, 31, 18)).today(), ymd(2027, 12, 31));
    EXPECT_EQ(test::make_context("RU-KIR", test::utc(2028, 2, 29, 1)).today(), ymd(2028, 2, 29));
}

TEST(Age, FromAnInstantInAZone) {
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    const auto r = identity::patient_age(
        ctx,
        R"({"birth_date":"2011-03-10","at":"2026-03-09T23:30:00+03:00","time_zone":"Asia/Novosibirsk"})");
    const auto out = test::output(r);
    EXPECT_EQ(out.at("on").as_string(), "2026-03-10");
    EXPECT_EQ(out.at("years").as_int64(), 15);
}

TEST(Age, RejectsContradictoryAndBadInput) {
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    auto r = identity::patient_age(
        ctx, R"({"birth_date":"2011-03-10","on":"2026-03-10","at":"2026-03-10T00:00:00Z"})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.pointer, "/at");
    r = identity::patient_age(ctx, R"({"birth_date":"2011-03-10","at":"2026-03-10T00:00:00"})");
    EXPECT_EQ(r.problem.code, "invalid_instant");
    r = identity::patient_age(ctx, R"({"birth_date":"2027-01-01"})");
    EXPECT_EQ(r.problem.code, "future_date");
    r = identity::patient_age(
        ctx, R"({"birth_date":"2011-03-10","on":"2026-03-10","time_zone":"Asia/Omsk"})");
    EXPECT_EQ(r.problem.code, "conflicting_fields");
}

} // namespace
} // namespace telemed
