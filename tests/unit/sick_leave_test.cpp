// Sick leave: the 10-month arithmetic, remote closure, dates in the organisation's zone, limits,
// outcomes, the draft, and the Social Fund record. Values worked out by hand from regulation.md §3.
#include <algorithm>

#include "test_support.hpp"

namespace telemed {
namespace {

using date::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) {
    return date::year{y} / date::month{m} / date::day{d};
}

// A certificate opened in person on 2026-03-02 by doctor D-17 for 5 days, in `zone`.
std::string certificate(const std::string& zone = "Europe/Kirov", const std::string& periods = "") {
    return R"({"number":"910000000001","status":"open","reason":"own_illness",
        "organisation":{"id":"ORG-1","time_zone":")" +
           zone + R"("},"opened":{"date":"2026-03-02","mode":"in_person"},
        "treating_doctor":{"id":"D-17","role":"doctor"},"periods":[)" +
           (periods.empty()
                ? R"({"from":"2026-03-02","to":"2026-03-06","doctor":{"id":"D-17","role":"doctor"}})"
                : periods) +
           R"(],"next_appearance":"2026-03-06"})";
}

// Held by video call: Voronezh closes remotely by no other mode (sick_leave.close.remote.video).
const std::string remote_consultation =
    R"("consultation":{"indication":"incapacity_review","recovery_confirmed":true,"consent_recorded":true,"mode":"real_time_video"})";

std::string remote_close(const std::string& cert, const std::string& day,
                         const std::string& doctor = "D-17") {
    return R"({"certificate":)" + cert + R"(,"closure":{"date":")" + day +
           R"(","mode":"telemedicine","doctor":{"id":")" + doctor + R"(","role":"doctor"},)" +
           remote_consultation + "}}";
}

TEST(SickLeave, LastAllowedDayOfTheTotalLimit) {
    EXPECT_EQ(sick_leave::last_allowed_day(ymd(2026, 3, 2), 10), ymd(2027, 1, 1));
    // 31 January + 10 months names 31 November, which rolls to 1 December: the last day is 30
    // November.
    EXPECT_EQ(sick_leave::last_allowed_day(ymd(2026, 1, 31), 10), ymd(2026, 11, 30));
    // 30 April 2027 + 10 months names 30 February 2028 → 1 March 2028: the last day is 29 February
    // 2028.
    EXPECT_EQ(sick_leave::last_allowed_day(ymd(2027, 4, 30), 10), ymd(2028, 2, 29));
    // Year end, 12 months for tuberculosis: 31 December 2025 + 12 months → the last day is 30
    // December 2026.
    EXPECT_EQ(sick_leave::last_allowed_day(ymd(2025, 12, 31), 12), ymd(2026, 12, 30));
}

TEST(SickLeave, RemoteClosureEndsThePeriodOnTheClosingDay) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 5, 9));
    const auto r = sick_leave::close(ctx, remote_close(certificate(), "2026-03-05"));
    ASSERT_EQ(r.status, Status::ok) << r.json;
    const auto c = test::output(r).at("certificate").as_object();
    EXPECT_EQ(c.at("status").as_string(), "closed");
    EXPECT_EQ(c.at("periods").as_array()[0].at("to").as_string(),
              "2026-03-05"); // shortened from 03-06
    EXPECT_EQ(c.at("return_to_work").as_string(), "2026-03-06");
    EXPECT_EQ(c.at("closed").at("mode").as_string(), "telemedicine");
    EXPECT_FALSE(c.contains("next_appearance"));
}

TEST(SickLeave, RemoteClosureConditions) {
    const auto ctx = test::make_context("RU-VOR", test::utc(2026, 3, 6, 9));
    auto r = sick_leave::close(ctx, remote_close(certificate(), "2026-03-06", "D-99"));
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "not_treating_doctor");
    EXPECT_EQ(r.problem.rule, "sick_leave.close.remote");
    EXPECT_TRUE(r.json.find("\"certificate\"") == std::string::npos); // refused: no new state

    std::string opened_remotely = certificate();
    opened_remotely.replace(opened_remotely.find("\"in_person\""), 11, "\"telemedicine\"");
    r = sick_leave::close(ctx, remote_close(opened_remotely, "2026-03-06"));
    EXPECT_EQ(r.problem.code, "opened_remotely");

    // Later than the period's end would lengthen it: a remote extension, off by default.
    const auto later = test::make_context("RU-VOR", test::utc(2026, 3, 9, 9));
    r = sick_leave::close(later, remote_close(certificate(), "2026-03-09"));
    EXPECT_EQ(r.problem.code, "remote_extension_not_allowed");
    EXPECT_EQ(r.problem.rule, "sick_leave.extend.remote");
    const auto switched = test::make_context("RU-VOR", test::utc(2026, 3, 9, 9), "",
                                             R"({"switches":{"sick_leave.extend.remote":true}})");
    r = sick_leave::close(switched, remote_close(certificate(), "2026-03-09"));
    ASSERT_EQ(r.status, Status::ok) << r.json;
    EXPECT_EQ(test::output(r).at("certificate").at("return_to_work").as_string(), "2026-03-10");
}

TEST(SickLeave, VoronezhClosesRemotelyOnlyByVideo) {
    // The remote closure on `day` of a certificate of `from`..`day`, its consultation's mode (and
    // channel) replaced by `held`.
    const auto request = [](const std::string& held, const std::string& from = "2026-03-02",
                            const std::string& day = "2026-03-06") {
        std::string cert = certificate("Europe/Moscow");
        for (const auto& [old, now] :
             {std::pair{std::string("2026-03-02"), from}, {"2026-03-06", day}}) {
            for (auto at = cert.find(old); at != std::string::npos;
                 at = cert.find(old, at + now.size())) {
                cert.replace(at, old.size(), now);
            }
        }
        std::string r = remote_close(cert, day);
        const std::string video = R"(,"mode":"real_time_video")";
        return r.replace(r.find(video), video.size(), held);
    };
    // ru-vor.sick_leave is in force from 2026-02-19.
    const auto voronezh = test::make_context("RU-VOR", test::utc(2026, 3, 6, 9));
    auto r = sick_leave::close(voronezh, request(R"(,"mode":"real_time_video","channel":"max")"));
    ASSERT_EQ(r.status, Status::ok) << r.json;
    EXPECT_NE(r.json.find("\"sick_leave.close.remote.video\""), std::string::npos); // traced
    for (const auto& [held, code] : std::vector<std::pair<std::string, std::string>>{
             {R"(,"mode":"real_time_chat","channel":"max")", "sick_leave_video_required"},
             {R"(,"mode":"deferred")", "sick_leave_video_required"},
             {"", "missing_field"}}) {
        r = sick_leave::close(voronezh, request(held));
        EXPECT_EQ(r.status, Status::validation) << held;
        EXPECT_EQ(r.problem.code, code) << held;
        EXPECT_EQ(r.problem.pointer, "/closure/consultation/mode") << held;
        EXPECT_EQ(r.problem.rule, "sick_leave.close.remote.video") << held;
    }
    // The channel is read (max | other) but no rule restricts it.
    r = sick_leave::close(voronezh, request(R"(,"mode":"real_time_video","channel":"sms")"));
    EXPECT_EQ(r.problem.code, "invalid_value");
    EXPECT_EQ(r.problem.pointer, "/closure/consultation/channel");

    // Elsewhere any mode, or none, will do; so too in Voronezh before 2026-02-19.
    const auto kirov = test::make_context("RU-KIR", test::utc(2026, 3, 6, 9));
    EXPECT_EQ(sick_leave::close(kirov, request(R"(,"mode":"real_time_chat")")).status, Status::ok);
    EXPECT_EQ(sick_leave::close(kirov, request("")).status, Status::ok);
    const auto before = test::make_context("RU-VOR", test::utc(2026, 2, 18, 9));
    r = sick_leave::close(before,
                          request(R"(,"mode":"real_time_chat")", "2026-02-13", "2026-02-18"));
    ASSERT_EQ(r.status, Status::ok) << r.json;
    EXPECT_EQ(r.json.find("sick_leave.close.remote.video"), std::string::npos);
}

TEST(SickLeave, ClosingDateIsACalendarDateInTheOrganisationsZone) {
    // 2026-03-12T16:30Z: 23:30 on the 12th in Novosibirsk, 19:30 on the 12th in Moscow, 04:30 on
    // the 13th in Kamchatka. A closure dated the 13th is in the future for the first two only.
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 12, 16, 30));
    const std::string periods =
        R"({"from":"2026-03-02","to":"2026-03-13","doctor":{"id":"D-17","role":"doctor"}})";
    for (const auto& [zone, allowed] : std::vector<std::pair<std::string, bool>>{
             {"Asia/Novosibirsk", false}, {"Europe/Moscow", false}, {"Asia/Kamchatka", true}}) {
        const auto r =
            sick_leave::close(ctx, remote_close(certificate(zone, periods), "2026-03-13"));
        EXPECT_EQ(r.status == Status::ok, allowed) << zone << " " << r.problem.code;
        if (!allowed) {
            EXPECT_EQ(r.problem.code, "future_date");
            EXPECT_EQ(r.problem.pointer, "/closure/date");
        }
    }
}

TEST(SickLeave, ReturnDateAcrossMonthYearAndLeapDay) {
    const auto close_on = [](const std::string& from, const std::string& day) {
        const auto ctx = test::make_context("RU-KIR", test::utc(2029, 1, 1));
        const std::string periods = R"({"from":")" + from + R"(","to":")" + day +
                                    R"(","doctor":{"id":"D-17","role":"doctor"}})";
        std::string cert = certificate("Europe/Kirov", periods);
        cert.replace(cert.find("2026-03-02"), 10, from);
        const auto r = sick_leave::close(
            ctx, R"({"certificate":)" + cert + R"(,"closure":{"date":")" + day +
                     R"(","mode":"in_person","doctor":{"id":"D-17","role":"doctor"}}})");
        EXPECT_EQ(r.status, Status::ok) << r.json;
        return std::string(test::output(r).at("certificate").at("return_to_work").as_string());
    };
    EXPECT_EQ(close_on("2026-01-27", "2026-01-31"), "2026-02-01");
    EXPECT_EQ(close_on("2026-12-28", "2026-12-31"), "2027-01-01");
    EXPECT_EQ(close_on("2028-02-25", "2028-02-28"), "2028-02-29");
    EXPECT_EQ(close_on("2028-02-25", "2028-02-29"), "2028-03-01");
}

TEST(SickLeave, IndividualAndCommissionLimits) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 20));
    const auto extend = [&](const std::string& to, const std::string& chair) {
        return sick_leave::extend(
            ctx, R"({"certificate":)" + certificate() +
                     R"(,"mode":"in_person","period":{"from":"2026-03-07","to":")" + to +
                     R"(","doctor":{"id":"D-17","role":"doctor"})" + chair + "}}");
    };
    // 2026-03-02..03-16 is 15 days: a doctor alone may; ..03-17 is 16: the commission must.
    EXPECT_EQ(extend("2026-03-16", "").status, Status::ok);
    const auto r = extend("2026-03-17", "");
    EXPECT_EQ(r.problem.code, "commission_required");
    EXPECT_EQ(r.problem.rule, "sick_leave.period.individual_limit");
    const std::string chair = R"(,"commission_chair":{"id":"VK-1","role":"doctor"})";
    EXPECT_EQ(extend("2026-03-21", chair).status, Status::ok); // 15 days by the commission
    EXPECT_EQ(extend("2026-03-22", chair).problem.code, "commission_period_too_long"); // 16
}

TEST(SickLeave, FeldsherLimitIsTen) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 20));
    const auto open = [&](const std::string& to) {
        std::string cert =
            certificate("Europe/Kirov", R"({"from":"2026-03-02","to":")" + to +
                                            R"(","doctor":{"id":"F-2","role":"feldsher"}})");
        cert.replace(cert.find("\"status\":\"open\","), 16, "");
        return sick_leave::open(ctx, R"({"certificate":)" + cert + "}");
    };
    EXPECT_EQ(open("2026-03-11").status, Status::ok) << open("2026-03-11").json; // 10 days
    EXPECT_EQ(open("2026-03-12").problem.code, "commission_required");           // 11 days
}

TEST(SickLeave, OutcomesAndWhatTheyRequire) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 6, 9));
    const auto close = [&](const std::string& extra) {
        return sick_leave::close(
            ctx,
            R"({"certificate":)" + certificate() +
                R"(,"closure":{"date":"2026-03-06","mode":"in_person","doctor":{"id":"D-17","role":"doctor"})" +
                extra + "}}");
    };
    EXPECT_EQ(close(R"(,"outcome":"31")").problem.code, "continuation_number_required");
    auto r = close(R"(,"outcome":"31","continuation_number":"910000000002")");
    ASSERT_EQ(r.status, Status::ok);
    auto c = test::output(r).at("certificate").as_object();
    EXPECT_EQ(c.at("status").as_string(), "continued");
    EXPECT_FALSE(c.contains("return_to_work"));
    EXPECT_EQ(close(R"(,"outcome":"34")").problem.code, "state_change_date_required");
    r = close(R"(,"outcome":"32","state_change_date":"2026-03-05")");
    ASSERT_EQ(r.status, Status::ok);
    EXPECT_EQ(test::output(r).at("certificate").at("state_change_date").as_string(), "2026-03-05");
    r = close(R"(,"outcome":"35")");
    ASSERT_EQ(r.status, Status::ok);
    EXPECT_EQ(test::output(r).at("certificate").at("return_to_work").as_string(), "2026-03-07");
    EXPECT_EQ(close(R"(,"outcome":"38")").problem.code, "unknown_code");
}

TEST(SickLeave, DraftFrequentCertificatesOnlyWhenAskedFor) {
    const std::string request =
        R"({"certificate":)" + certificate() +
        R"(,"mode":"in_person","period":{"from":"2026-03-07","to":"2026-03-10","doctor":{"id":"D-17","role":"doctor"}},
        "recent_certificates":["2025-09-08","2025-11-01","2026-01-12","2026-03-02"]})";
    const auto now = test::utc(2026, 3, 7, 9);
    EXPECT_EQ(sick_leave::extend(test::make_context("RU-KIR", now), request).status, Status::ok);
    const auto draft =
        test::make_context("RU-KIR", now, "", R"({"drafts":["ru.sick_leave.draft-2026-02"]})");
    const auto r = sick_leave::extend(draft, request);
    EXPECT_EQ(r.problem.code, "commission_required_frequent");
    EXPECT_EQ(r.problem.rule, "sick_leave.draft.frequent_certificates");
    // 2025-09-06 is outside the six months before 2026-03-07: three remain, and three are not
    // enough.
    std::string three = request;
    three.replace(three.find("2025-09-08"), 10, "2025-09-06");
    EXPECT_EQ(sick_leave::extend(draft, three).status, Status::ok);
}

TEST(SickLeave, SocialFundRecordAndMessage) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 12, 9));
    const auto closed = sick_leave::close(
        ctx,
        R"({"certificate":)" +
            certificate(
                "Europe/Kirov",
                R"({"from":"2026-03-02","to":"2026-03-06","doctor":{"id":"D-17","role":"doctor"}},
                                {"from":"2026-03-07","to":"2026-03-12","doctor":{"id":"D-17","role":"doctor"}})") +
            R"(,"closure":{"date":"2026-03-12","mode":"in_person","doctor":{"id":"D-17","role":"doctor"}}})");
    ASSERT_EQ(closed.status, Status::ok) << closed.json;
    const auto cert = boost::json::serialize(test::output(closed).at("certificate"));
    const auto out = test::output(sick_leave::record(ctx, R"({"certificate":)" + cert + "}"));
    const auto& rec = out.at("record").as_object();
    EXPECT_EQ(rec.at("LN_CODE").as_string(), "910000000001");
    EXPECT_EQ(rec.at("TREAT_PERIODS").as_array().size(), 2u);
    EXPECT_EQ(rec.at("TREAT_PERIODS").as_array()[1].at("TREAT_DT2").as_string(), "2026-03-12");
    EXPECT_EQ(rec.at("RETURN_DATE_LPU").as_string(), "2026-03-13");
    EXPECT_EQ(out.at("message").at("ru").as_string(),
              "Листок нетрудоспособности № 91********01 закрыт. Приступить к работе 13 марта "
              "2026\u202Fг.");
    const auto unmasked = test::output(
        sick_leave::record(ctx, R"({"certificate":)" + cert + R"(,"unmask_number":true})"));
    EXPECT_NE(std::string(unmasked.at("message").at("en").as_string()).find("No. 910000000001 "),
              std::string::npos);
}

TEST(SickLeave, VisitAndAppointmentDatesInOrder) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 12, 9));
    const auto visit = [&](const std::string& day, const std::string& next) {
        return sick_leave::record_visit(ctx, R"({"certificate":)" + certificate() +
                                                 R"(,"visit":{"date":")" + day +
                                                 R"(","next_appearance":")" + next + R"("}})");
    };
    EXPECT_EQ(visit("2026-03-06", "2026-03-10").status, Status::ok);
    EXPECT_EQ(visit("2026-02-01", "2026-03-10").problem.code, "before_opening");
    EXPECT_EQ(visit("2026-03-06", "2026-03-05").problem.pointer, "/visit/next_appearance");
    // A continuation certificate cannot carry the certificate's own number.
    const auto r = sick_leave::close(
        ctx,
        R"({"certificate":)" + certificate() +
            R"(,"closure":{"date":"2026-03-06","mode":"in_person","doctor":{"id":"D-17","role":"doctor"},"outcome":"31","continuation_number":"910000000001"}})");
    EXPECT_EQ(r.problem.code, "conflicting_fields");
}

TEST(SickLeave, RecordRefusesBadRequestsToo) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 12, 9));
    const auto r = sick_leave::record(ctx, R"({"certificate":)" + certificate() +
                                               R"(,"unmask_number":"yes","foo":1})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.pointer, "/unmask_number");
    EXPECT_NE(r.json.find(R"("pointer":"/foo")"), std::string::npos);
}

TEST(SickLeave, TotalLimitCountsFromTheCaseStartAcrossContinuations) {
    // A continuation certificate of a case that began on 2025-05-10: 10 months end on 2026-03-09.
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 20));
    std::string cont = certificate();
    cont.insert(cont.find(R"("treating_doctor")"), R"("case_started":"2025-05-10",)");
    const auto extend = [&](const std::string& to) {
        return sick_leave::extend(
            ctx,
            R"({"certificate":)" + cont +
                R"(,"mode":"in_person","period":{"from":"2026-03-07","to":")" + to +
                R"(","doctor":{"id":"D-17","role":"doctor"},"commission_chair":{"id":"VK-1","role":"doctor"}}})");
    };
    EXPECT_EQ(extend("2026-03-09").status, Status::ok);
    EXPECT_EQ(extend("2026-03-10").problem.code, "total_too_long");
    // The state must keep it.
    EXPECT_NE(extend("2026-03-09").json.find(R"("case_started":"2025-05-10")"), std::string::npos);
}

TEST(SickLeave, IndividualLimitCountsFromTheCaseStartAcrossContinuations) {
    // A continuation certificate of a case that began on 2026-02-20: the doctor's 15 days run from
    // then, not from this certificate's 2026-03-02. 02-20..03-08 = 9 + 8 = 17 days.
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 6, 9));
    std::string cont = certificate();
    cont.insert(cont.find(R"("treating_doctor")"), R"("case_started":"2026-02-20",)");
    const auto extend = [&](const std::string& to, const std::string& chair) {
        return sick_leave::extend(
            ctx, R"({"certificate":)" + cont +
                     R"(,"mode":"in_person","period":{"from":"2026-03-07","to":")" + to +
                     R"(","doctor":{"id":"D-17","role":"doctor"})" + chair + "}}");
    };
    auto r = extend("2026-03-08", "");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "commission_required");
    EXPECT_EQ(r.problem.rule, "sick_leave.period.individual_limit");
    const auto days17 = std::pair<std::string, std::string>{"days", "17"};
    EXPECT_NE(std::find(r.problem.args.begin(), r.problem.args.end(), days17),
              r.problem.args.end());
    // The ВК extends beyond the limit.
    r = extend("2026-03-08", R"(,"commission_chair":{"id":"VK-1","role":"doctor"})");
    EXPECT_EQ(r.status, Status::ok) << r.json;
    // Without case_started the same extension is 03-02..03-08 = 7 days: the doctor alone.
    r = sick_leave::extend(
        ctx,
        R"({"certificate":)" + certificate() +
            R"(,"mode":"in_person","period":{"from":"2026-03-07","to":"2026-03-08","doctor":{"id":"D-17","role":"doctor"}}})");
    EXPECT_EQ(r.status, Status::ok) << r.json;

    // Opening a continuation: a feldsher's 10 days of a case that began on 2026-02-25 are used up
    // by 03-06 (4 + 6 = 10); a period to 03-07 is 11.
    const auto open_ctx = test::make_context("RU-KIR", test::utc(2026, 3, 2, 9));
    const auto open = [&](const std::string& to) {
        return sick_leave::open(
            open_ctx,
            R"({"certificate":{"number":"910000000002","reason":"own_illness","organisation":{"id":"ORG-1","time_zone":"Europe/Kirov"},"opened":{"date":"2026-03-02","mode":"in_person"},"case_started":"2026-02-25","treating_doctor":{"id":"F-1","role":"feldsher"},"periods":[{"from":"2026-03-02","to":")" +
                to + R"(","doctor":{"id":"F-1","role":"feldsher"}}]}})");
    };
    EXPECT_EQ(open("2026-03-06").status, Status::ok);
    r = open("2026-03-07");
    EXPECT_EQ(r.problem.code, "commission_required");
    EXPECT_EQ(r.problem.pointer, "/certificate/periods/0/to");
    const auto limit10 = std::pair<std::string, std::string>{"limit", "10"};
    EXPECT_NE(std::find(r.problem.args.begin(), r.problem.args.end(), limit10),
              r.problem.args.end());
}

TEST(SickLeave, StateChangeDateIsALegalDateToo) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 6, 9));
    const auto close = [&](const std::string& when) {
        return sick_leave::close(
            ctx,
            R"({"certificate":)" + certificate() +
                R"(,"closure":{"date":"2026-03-06","mode":"in_person","doctor":{"id":"D-17","role":"doctor"},"outcome":"34","state_change_date":")" +
                when + R"("}})");
    };
    EXPECT_EQ(close("2026-03-05").status, Status::ok);
    EXPECT_EQ(close("2026-04-20").problem.code, "future_date");
    EXPECT_EQ(close("2026-02-20").problem.code, "before_opening");
}

TEST(SickLeave, AStateMustAgreeWithItsStatus) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 12, 9));
    std::string continued = certificate();
    continued.replace(continued.find("\"status\":\"open\""), 15, R"("status":"continued")");
    auto r = sick_leave::record(ctx, R"({"certificate":)" + continued + "}");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "inconsistent_state");
    EXPECT_EQ(r.problem.pointer, "/certificate/closed");
    std::string open_with_return = certificate();
    open_with_return.insert(open_with_return.size() - 1, R"(,"return_to_work":"2026-03-07")");
    r = sick_leave::record(ctx, R"({"certificate":)" + open_with_return + "}");
    EXPECT_EQ(r.problem.pointer, "/certificate/return_to_work");
}

TEST(SickLeave, BadInputIsNamedAndChangesNothing) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 6, 9));
    std::string cert = certificate();
    cert.replace(cert.find("910000000001"), 12, "9100000000012");
    auto r = sick_leave::close(
        ctx,
        R"({"certificate":)" + cert +
            R"(,"closure":{"date":"2026-03-06","mode":"in_person","doctor":{"id":"D-17","role":"doctor"}}})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "invalid_format");
    EXPECT_EQ(r.problem.pointer, "/certificate/number");
    EXPECT_EQ(r.json.find("9100000000012"), std::string::npos); // the number is not echoed
    r = sick_leave::open(
        ctx,
        R"({"certificate":)" +
            certificate(
                "Europe/Kirov",
                R"({"from":"2026-03-06","to":"2026-03-02","doctor":{"id":"D-17","role":"doctor"}})") +
            "}");
    EXPECT_EQ(r.status, Status::validation);
    r = sick_leave::extend(
        ctx,
        R"({"certificate":)" + certificate() +
            R"(,"mode":"in_person","period":{"from":"2026-03-05","to":"2026-03-08","doctor":{"id":"D-17","role":"doctor"}}})");
    EXPECT_EQ(r.problem.code, "periods_overlap");
    EXPECT_EQ(r.problem.rule, "sick_leave.periods.contiguous");
}

} // namespace
} // namespace telemed
