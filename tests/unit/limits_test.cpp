// Issue 7's defects 2–4: bounded problem reports, integer rule parameters held to their ranges, and
// zone names the date library does not serve refused when the context is created.
#include <climits>
#include <cstdlib>
#include <date/tz.h>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/dates.hpp"
#include "i18n/i18n.hpp"
#include "rules/specs.hpp"
#include "test_support.hpp"
#include "json/strict.hpp"

namespace telemed {
namespace {

const auto march_10 = test::utc(2026, 3, 10);

// ---- Defect 2: a report keeps at most max_problems_per_report problems ----

TEST(Problems, AReportKeepsAtMostTheLimitAndCountsTheRest) {
    json::Problems problems;
    for (int i = 0; i < 250; ++i) {
        problems.add("wrong_type", "/planned_actions/" + std::to_string(i), {},
                     {{"expected", "string"}, {"actual", "number"}},
                     i < 120 ? Severity::warning : Severity::error);
    }
    ASSERT_EQ(problems.all().size(), json::max_problems_per_report + 1);
    EXPECT_EQ(problems.count(), 250u);
    EXPECT_EQ(problems.errors(), 130u); // problems 120..249, all of them left out
    EXPECT_TRUE(problems.has_errors());
    const Problem& last = problems.all().back();
    EXPECT_EQ(last.code, "too_many_problems");
    EXPECT_EQ(last.pointer, "");
    EXPECT_EQ(last.severity, Severity::error); // errors were among those left out
    ASSERT_EQ(last.args.size(), 2u);
    EXPECT_EQ(last.args[0], (std::pair<std::string, std::string>{"omitted", "150"}));
    EXPECT_EQ(last.args[1], (std::pair<std::string, std::string>{"limit", "100"}));
    EXPECT_EQ(problems.all()[99].pointer, "/planned_actions/99");
}

TEST(Problems, TheSummaryIsAWarningWhenOnlyWarningsWereLeftOut) {
    json::Problems problems;
    for (int i = 0; i < 101; ++i) {
        problems.add("name_not_cyrillic", "/x", {}, {}, Severity::warning);
    }
    EXPECT_FALSE(problems.has_errors());
    EXPECT_EQ(problems.all().back().severity, Severity::warning);
    EXPECT_EQ(problems.all().back().args[0].second, "1");
}

TEST(Problems, TheSummaryMessageHasRussianPlurals) {
    const auto ru = [](const char* n) {
        return i18n::render("too_many_problems", {{"omitted", n}, {"limit", "100"}}).ru;
    };
    EXPECT_EQ(ru("1"), "Ещё 1 замечание не показано: в отчёте не больше 100.");
    EXPECT_EQ(ru("3"), "Ещё 3 замечания не показаны: в отчёте не больше 100.");
    // Large counts are grouped the language's way (a no-break space in Russian).
    EXPECT_EQ(ru("4250"), "Ещё 4\u00A0250 замечаний не показано: в отчёте не больше 100.");
    EXPECT_EQ(i18n::render("too_many_problems", {{"omitted", "1"}, {"limit", "100"}}).en,
              "1 more problem was left out: a report keeps at most 100.");
}

// The reproducer of the issue: planned_actions of zeros, each one an invalid_value naming the
// allowed actions. The report used to grow with the input (2.6 MB for 8.7 KB); now it has the same
// size whatever the input's.
std::string zeros_request(std::size_t count) {
    std::string zeros = "[";
    for (std::size_t i = 0; i < count; ++i) {
        zeros += i == 0 ? "0" : ",0";
    }
    zeros += "]";
    return R"({"patient":{"name":{"family":"Примерова","given":"Анна"},"birth_date":"1960-05-01","sex":"female",
      "consents":[{"type":"telemedicine","date":"2023-01-01","given_by":"patient"}]},
      "organisation":{"telemedicine_cabinet":true},"slot":{"start":"2026-03-10T09:00:00Z","telemedicine":true},
      "doctor":{"role":"same_organisation_doctor","experience_years":9},"format":"doctor_patient",
      "mode":"real_time_video","present":["patient"],"identification":"esia","planned_actions":)" +
           zeros + "}";
}

TEST(Problems, AnEligibilityReportIsBoundedWhateverTheInput) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    std::size_t first_size = 0;
    for (std::size_t count : {4350u, 43500u}) {
        const auto r = eligibility::evaluate(ctx, zeros_request(count));
        ASSERT_EQ(r.status, Status::validation);
        EXPECT_EQ(r.problem.code, "invalid_value");
        EXPECT_EQ(r.problem.pointer, "/planned_actions/0");
        const auto out = test::output(r);
        const auto& problems = out.at("problems").as_array();
        ASSERT_EQ(problems.size(), json::max_problems_per_report + 1);
        const auto& last = problems.back().as_object();
        EXPECT_EQ(last.at("code").as_string(), "too_many_problems");
        EXPECT_EQ(last.at("severity").as_string(), "error");
        EXPECT_EQ(last.at("message").at("en").as_string(),
                  std::string(count == 4350 ? "4,250" : "43,400") +
                      " more problems were left out: a report keeps at most 100.");
        EXPECT_LT(r.json.size(), 64u * 1024u) << count;
        if (first_size == 0) {
            first_size = r.json.size();
        } else {
            // Only the count's digits differ.
            EXPECT_LE(r.json.size(), first_size + 8);
        }
    }
}

TEST(Problems, MessagesRenderTheSameOnManyThreadsAtOnce) {
    const auto expected = i18n::render("too_long", {{"limit", "21"}});
    std::vector<std::thread> threads;
    std::vector<int> mismatches(8, 0);
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const auto m = i18n::render("too_long", {{"limit", "21"}});
                mismatches[t] += m.ru != expected.ru || m.en != expected.en;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (int m : mismatches) {
        EXPECT_EQ(m, 0);
    }
    EXPECT_EQ(expected.ru, "Длиннее 21 символа.");
}

// ---- Defect 6: threads got in each other's way when every message compiled its ICU pattern anew
// (ICU's process-wide locks); each pattern is compiled once per thread ----

TEST(Problems, EachMessagePatternIsCompiledOncePerThread) {
    std::size_t first = 0, after = 0;
    std::thread fresh([&] {
        (void)i18n::render("too_long", {{"limit", "21"}});
        first = i18n::compiled_formats_on_this_thread();
        for (int i = 0; i < 100; ++i) {
            (void)i18n::render("too_long", {{"limit", std::to_string(i)}});
            (void)i18n::render("sick_leave_closed",
                               {{"number", "91********01"}, {"return_date", "2026-03-13"}});
        }
        after = i18n::compiled_formats_on_this_thread();
    });
    fresh.join();
    EXPECT_EQ(first, 2u); // too_long in English and in Russian
    EXPECT_EQ(after, 4u); // and sick_leave_closed in both: nothing more after 200 renders
}

// ---- Defect 3: every integer parameter has a range, checked at context creation ----

TEST(RuleParameters, EveryIntegerParameterHasARange) {
    for (const auto& spec : rules::known_rules()) {
        for (const auto& p : spec.params) {
            if (p.type == rules::ParamType::integer) {
                EXPECT_LT(p.min, p.max) << spec.id << "." << p.name;
                EXPECT_GE(p.min, 0) << spec.id << "." << p.name;
                // Small enough for int arithmetic on dates and counts anywhere.
                EXPECT_LE(p.max, 1000) << spec.id << "." << p.name;
            }
        }
    }
}

std::string total_max_override(const std::string& months) {
    return R"({"rule_sets":[{"id":"nvs.sick_leave","version":"1.0.0","domain":"sick_leave","jurisdiction":"RU-NVS","status":"in_force","effective_from":"2026-01-01","title":{"en":"t","ru":"т"},"rules":[{"id":"sick_leave.total.max","title":{"en":"t","ru":"т"},"confidence":"SECONDARY","enabled_by_default":true,"sources":[{"document":"d","point":"p","confidence":"SECONDARY"}],"params":{"months":)" +
           months + R"(,"tuberculosis_months":12}}]}]})";
}

// The error of creating a Novosibirsk context with a configuration or a zone, which must fail.
Error creation_error(const std::string& config, const std::string& zone = "") {
    ContextOptions options;
    options.jurisdiction = "RU-NVS";
    options.config_json = config;
    options.time_zone = zone;
    options.clock = [] { return march_10; };
    auto r = Context::create(options);
    EXPECT_FALSE(r.ok()) << config << zone;
    return r.ok() ? Error{} : r.error();
}

TEST(RuleParameters, OutOfRangeValuesAreRefusedWithTheirPointer) {
    for (const std::string& months :
         std::vector<std::string>{std::to_string(INT_MAX), std::to_string(INT_MIN), "0", "37",
                                  "4294967306", "-4294967296"}) {
        const auto e = creation_error(total_max_override(months));
        EXPECT_EQ(e.status, Status::rules) << months;
        EXPECT_EQ(e.problem.code, "out_of_range") << months;
        EXPECT_EQ(e.problem.pointer, "/rule_sets/0/rules/0/params/months") << months;
        ASSERT_EQ(e.problem.args.size(), 2u);
        EXPECT_EQ(e.problem.args[0].second, "1");
        EXPECT_EQ(e.problem.args[1].second, "36");
    }
    // Beyond int64 it is not an integer at all.
    EXPECT_EQ(creation_error(total_max_override("18446744073709551615")).problem.code,
              "wrong_type");
    // The ends of the range are accepted.
    for (const char* months : {"1", "36"}) {
        ContextOptions options;
        options.jurisdiction = "RU-NVS";
        options.config_json = total_max_override(months);
        options.clock = [] { return march_10; };
        EXPECT_TRUE(Context::create(options).ok()) << months;
    }
}

// ---- Defect 4: zone names the date library does not serve ----

TEST(Zones, NamesTheDateLibraryDoesNotServeAreRefusedAtCreation) {
    for (const char* zone : {"posixrules", "Factory", "posix/Europe/Moscow", "right/Europe/Moscow",
                             "localtime", "posix", "right", "Europe/../Europe/Moscow"}) {
        const auto e = creation_error("", zone);
        EXPECT_EQ(e.status, Status::time_zone) << zone;
        EXPECT_EQ(e.problem.code, "unknown_time_zone") << zone;
        EXPECT_EQ(e.problem.pointer, "/time_zone") << zone;
    }
}

TEST(Zones, EveryZoneAcceptedAtCreationWorksInADatedCall) {
    for (const char* zone :
         {"Europe/Moscow", "Asia/Novosibirsk", "Asia/Kamchatka", "UTC", "W-SU"}) {
        const auto ctx = test::make_context("RU-NVS", march_10, zone);
        EXPECT_NO_THROW((void)ctx.today()) << zone;
    }
}

// The name check agrees with the date library over the whole installed database: a TZif file is
// accepted exactly when the library finds its zone.
TEST(Zones, TheNameCheckAgreesWithTheDateLibraryForEveryFile) {
    namespace fs = std::filesystem;
    const fs::path root = "/usr/share/zoneinfo";
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        std::ifstream file(entry.path(), std::ios::binary);
        char magic[4] = {};
        if (!entry.is_regular_file() || !file.read(magic, 4) ||
            std::string_view(magic, 4) != "TZif") {
            continue;
        }
        const std::string name = fs::relative(entry.path(), root).string();
        bool served = true;
        try {
            (void)date::locate_zone(name);
        } catch (const std::runtime_error&) {
            served = false;
        }
        EXPECT_EQ(dates::zone_exists(name), served) << name;
        EXPECT_EQ(dates::find_zone(name) != nullptr, served) << name;
        ++files;
    }
    EXPECT_GT(files, 400u);
}

// TZDIR: the date library reads /usr/share/zoneinfo only; a TZDIR naming that database is fine,
// one naming another is refused rather than silently ignored.
TEST(Zones, TzdirNamingAnotherDatabaseIsRefused) {
    const char* saved = std::getenv("TZDIR");
    const std::string previous = saved ? saved : "";
    ::setenv("TZDIR", "/usr/share/zoneinfo", 1);
    EXPECT_NO_THROW((void)test::make_context("RU-NVS", march_10, "Asia/Novosibirsk"));
    ::setenv("TZDIR", "/usr/share/zoneinfo/", 1);
    EXPECT_NO_THROW((void)test::make_context("RU-NVS", march_10, "Asia/Novosibirsk"));
    ::setenv("TZDIR", "/tmp", 1);
    const auto e = creation_error("", "Asia/Novosibirsk");
    EXPECT_EQ(e.status, Status::time_zone);
    EXPECT_EQ(e.problem.code, "tz_directory_unsupported");
    EXPECT_EQ(e.problem.pointer, "/time_zone");
    if (saved) {
        ::setenv("TZDIR", previous.c_str(), 1);
    } else {
        ::unsetenv("TZDIR");
    }
}

} // namespace
} // namespace telemed
