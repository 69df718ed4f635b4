// Rule sets as data: the built-in sets, the configuration document, selection by jurisdiction and
// date.
#include "rules/loader.hpp"
#include "rules/specs.hpp"
#include "test_support.hpp"

namespace telemed {
namespace {

const auto march_10 = test::utc(2026, 3, 10);

TEST(BuiltInRuleSets, EveryRuleHasASourceAndUnconfirmedOnesAreOff) {
    const auto& sets = rules::built_in_rule_sets();
    // ru.identity, ru.regions, ru.sick_leave and its 2026 draft; the eligibility sets: RU-NVS,
    // 193н, 965н, the 2023 experiment, RU-VOR, RU-KIR; the readings sets: plausibility, blood
    // pressure, ADA glucose, «Алгоритмы», series; ru-vor.sick_leave; ru.consultation.
    ASSERT_EQ(sets.size(), 18u); // and ru.sick_leave.remote-closure-2026
    for (const auto& set : sets) {
        EXPECT_FALSE(set.rules.empty());
        for (const auto& rule : set.rules) {
            EXPECT_FALSE(rule.sources.empty()) << rule.id;
            EXPECT_FALSE(rule.title.en.empty() || rule.title.ru.empty()) << rule.id;
            if (rule.confidence == rules::Confidence::unconfirmed) {
                EXPECT_FALSE(rule.enabled_by_default) << rule.id;
                EXPECT_TRUE(rule.switchable) << rule.id;
            }
        }
    }
}

TEST(BuiltInRuleSets, DataAndCodeAgree) {
    // Every rule the code applies is in a built-in set, and every built-in rule has a spec. (A rule
    // may be in several sets: 193н and the historical 965н, a regional set replacing a federal
    // rule.)
    std::map<std::string, int> seen;
    for (const auto& set : rules::built_in_rule_sets()) {
        for (const auto& rule : set.rules) {
            ++seen[rule.id];
        }
    }
    for (const auto& spec : rules::known_rules()) {
        EXPECT_GE(seen[std::string(spec.id)], 1) << spec.id;
    }
    EXPECT_EQ(seen.size(), rules::known_rules().size());
}

Error config_error(const std::string& config) {
    ContextOptions options;
    options.jurisdiction = "RU-NVS";
    options.config_json = config;
    options.clock = [] { return march_10; };
    auto r = Context::create(options);
    EXPECT_FALSE(r.ok()) << config;
    return r.ok() ? Error{} : r.error();
}

// A minimal valid override rule set, with a few fields replaceable.
std::string rule_set(const std::string& id, const std::string& jurisdiction,
                     const std::string& from, const std::string& rules,
                     const std::string& status = "in_force") {
    return R"({"id":")" + id + R"(","version":"1.0.0","domain":"identity","jurisdiction":")" +
           jurisdiction + R"(","status":")" + status + R"(","effective_from":")" + from +
           R"(","title":{"en":"t","ru":"т"},"rules":[)" + rules + "]}";
}

std::string representative_rule(int min_age, const std::string& confidence = "SECONDARY",
                                bool on = true) {
    return R"({"id":"identity.representative.required","title":{"en":"t","ru":"т"},"confidence":")" +
           confidence + R"(","enabled_by_default":)" + (on ? "true" : "false") +
           R"(,"sources":[{"document":"d","point":"p","confidence":")" + confidence +
           R"("}],"params":{"min_age":)" + std::to_string(min_age) + "}}";
}

TEST(Configuration, StrictErrorsNameTheField) {
    auto e = config_error(R"({"nope": 1})");
    EXPECT_EQ(e.status, Status::rules);
    EXPECT_EQ(e.problem.code, "unknown_field");
    EXPECT_EQ(e.problem.pointer, "/nope");

    e = config_error(R"({"switches": {"identity.unknown": true}})");
    EXPECT_EQ(e.problem.code, "unknown_rule");

    e = config_error(R"({"switches": {"identity.age.leap_day_feb28": "yes"}})");
    EXPECT_EQ(e.problem.code, "wrong_type");
    EXPECT_EQ(e.problem.pointer, "/switches/identity.age.leap_day_feb28");

    e = config_error(R"({"drafts": ["ru.identity"]})");
    EXPECT_EQ(e.problem.code, "not_a_draft");

    e = config_error(R"({"drafts": ["no.such"]})");
    EXPECT_EQ(e.problem.code, "unknown_rule_set");

    e = config_error(
        R"({"rule_sets": [)" +
        rule_set("nvs.identity", "RU-NVS", "2026-03-06", representative_rule(15, "UNCONFIRMED")) +
        "]}");
    EXPECT_EQ(e.problem.code, "unconfirmed_rule_enabled");
    EXPECT_EQ(e.problem.pointer, "/rule_sets/0/rules/0/enabled_by_default");

    e = config_error(
        R"({"rule_sets": [)" +
        rule_set("nvs.identity", "RU-NVS", "2026-03-06", R"({"id":"identity.made_up"})") + "]}");
    EXPECT_EQ(e.problem.code, "unknown_rule");
    EXPECT_EQ(e.problem.pointer, "/rule_sets/0/rules/0/id");

    // The same federal rule given by a second federal set over overlapping dates is a
    // contradiction.
    e = config_error(R"({"rule_sets": [)" +
                     rule_set("other.identity", "RU", "2020-01-01", representative_rule(14)) +
                     "]}");
    EXPECT_EQ(e.problem.code, "contradiction");
    EXPECT_EQ(e.problem.rule, "identity.representative.required");

    // A parameter of the wrong type.
    e = config_error(
        R"({"rule_sets": [)" +
        rule_set(
            "nvs.identity", "RU-NVS", "2026-03-06",
            R"({"id":"identity.representative.required","title":{"en":"t","ru":"т"},"confidence":"SECONDARY","enabled_by_default":true,"sources":[{"document":"d","point":"p","confidence":"SECONDARY"}],"params":{"min_age":"15"}})") +
        "]}");
    EXPECT_EQ(e.problem.code, "wrong_type");
    EXPECT_EQ(e.problem.pointer, "/rule_sets/0/rules/0/params/min_age");
}

const std::string sixteen_year_old =
    R"({"name":{"family":"Примеров","given":"Пётр"},"birth_date":"2010-01-15","sex":"male"})";

bool warns_representative(const Context& ctx) {
    const auto out = test::output(identity::validate_patient(ctx, sixteen_year_old));
    for (const auto& p : out.at("problems").as_array()) {
        if (p.at("code").as_string() == "representative_required") {
            return true;
        }
    }
    return false;
}

TEST(Selection, RegionalRuleReplacesFederalOnlyInItsRegion) {
    const std::string config =
        R"({"rule_sets": [)" +
        rule_set("nvs.identity", "RU-NVS", "2026-03-06", representative_rule(18)) + "]}";
    const auto nvs = test::make_context("RU-NVS", march_10, "", config);
    const auto kir = test::make_context("RU-KIR", march_10, "", config);
    EXPECT_TRUE(warns_representative(nvs));  // 16 < 18 by the regional rule
    EXPECT_FALSE(warns_representative(kir)); // 16 ≥ 15 by the federal rule
    const auto out = test::output(identity::validate_patient(nvs, sixteen_year_old));
    const auto& sets = out.at("rule_sets").as_array();
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[1].at("id").as_string(), "nvs.identity");
    // Before the regional set's first day, the federal rule applies.
    EXPECT_FALSE(
        warns_representative(test::make_context("RU-NVS", test::utc(2026, 3, 5), "", config)));
}

TEST(Selection, DraftsApplyOnlyWhenAskedFor) {
    const std::string draft =
        rule_set("nvs.draft", "RU-NVS", "2026-01-01", representative_rule(18), "draft");
    const auto off =
        test::make_context("RU-NVS", march_10, "", R"({"rule_sets": [)" + draft + "]}");
    const auto on = test::make_context(
        "RU-NVS", march_10, "", R"({"rule_sets": [)" + draft + R"(], "drafts": ["nvs.draft"]})");
    EXPECT_FALSE(warns_representative(off));
    EXPECT_TRUE(warns_representative(on));
}

TEST(Selection, NoRuleSetInForceNeverAllows) {
    // Replacing ru.identity by a set that starts in 2030 leaves nothing in force in 2026.
    const std::string config =
        R"({"rule_sets": [)" +
        rule_set("ru.identity", "RU", "2030-01-01", representative_rule(15)) + "]}";
    const auto ctx = test::make_context("RU-NVS", march_10, "", config);
    const auto r =
        identity::validate_identifier(ctx, R"({"type":"snils","value":"112-233-445 95"})");
    EXPECT_EQ(r.status, Status::rules);
    EXPECT_EQ(r.problem.code, "no_rule_set_in_force");
    EXPECT_TRUE(r.json.empty());
}

TEST(Selection, MissingRuleIsAnErrorNotAPass) {
    // A replacement set in force but without the СНИЛС rules: validation cannot happen, so it
    // fails.
    const std::string config =
        R"({"rule_sets": [)" +
        rule_set("ru.identity", "RU", "2011-01-01", representative_rule(15)) + "]}";
    const auto ctx = test::make_context("RU-NVS", march_10, "", config);
    const auto r =
        identity::validate_identifier(ctx, R"({"type":"snils","value":"112-233-445 95"})");
    EXPECT_EQ(r.status, Status::rules);
    EXPECT_EQ(r.problem.code, "rule_not_in_force");
    EXPECT_EQ(r.problem.rule, "identity.snils.format");
}

TEST(Context, RegionZonesAndErrors) {
    EXPECT_EQ(test::make_context("RU-KHM", march_10).time_zone_name(), "Asia/Yekaterinburg");
    EXPECT_EQ(test::make_context("RU-KAM", march_10).time_zone_name(), "Asia/Kamchatka");
    EXPECT_EQ(test::make_context("RU-KIR", march_10).time_zone_name(), "Europe/Kirov");
    // An explicit zone wins over the region's.
    EXPECT_EQ(test::make_context("RU-NVS", march_10, "Asia/Omsk").time_zone_name(), "Asia/Omsk");
    ContextOptions options;
    options.jurisdiction = "RU-TUL"; // a valid code the regions rule set has no zone for
    auto r = Context::create(options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem.code, "region_zone_unknown");
}

TEST(Explain, TheRuleThatAppliesItsSourcesAndHolders) {
    const std::string config =
        R"({"rule_sets": [)" +
        rule_set("nvs.identity", "RU-NVS", "2026-03-06", representative_rule(18)) + "]}";
    const auto ctx = test::make_context("RU-NVS", march_10, "", config);
    const auto out =
        test::output(explain_rule(ctx, R"({"rule":"identity.representative.required"})"));
    // The regional rule applies today and is the one described; both holders are listed.
    EXPECT_EQ(out.at("rule").at("params").at("min_age").as_int64(), 18);
    EXPECT_TRUE(out.at("rule").at("applies_today").as_bool());
    const auto& held = out.at("held_by").as_array();
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(held[0].at("id").as_string(), "ru.identity");
    EXPECT_EQ(held[1].at("id").as_string(), "nvs.identity");
    // Elsewhere the federal rule is described.
    const auto kir = test::make_context("RU-KIR", march_10, "", config);
    EXPECT_EQ(test::output(explain_rule(kir, R"({"rule":"identity.representative.required"})"))
                  .at("rule")
                  .at("params")
                  .at("min_age")
                  .as_int64(),
              15);
    // An unconfirmed switch off: held, enabled false.
    const auto leap = test::output(explain_rule(kir, R"({"rule":"identity.age.leap_day_feb28"})"));
    EXPECT_FALSE(leap.at("rule").at("enabled").as_bool());
    EXPECT_EQ(leap.at("rule").at("confidence").as_string(), "UNCONFIRMED");
    const auto unknown = explain_rule(kir, R"({"rule":"identity.nothing"})");
    EXPECT_EQ(unknown.status, Status::not_found);
    EXPECT_EQ(unknown.problem.pointer, "/rule");
    EXPECT_EQ(explain_rule(kir, R"({"rule":1})").status, Status::validation);
}

TEST(Indications, SixInNovosibirskFromTheOrderOfMarch2026) {
    const auto nvs =
        test::output(eligibility::list_indications(test::make_context("RU-NVS", march_10)));
    const auto& list = nvs.at("indications").as_array();
    ASSERT_EQ(list.size(), 6u);
    EXPECT_EQ(list[1].at("id").as_string(), "incapacity_review");
    EXPECT_EQ(list[1].at("number").as_int64(), 2);
    EXPECT_EQ(list[1].at("permits").as_array()[0].as_string(), "close_sick_leave");
    EXPECT_EQ(list[2].at("name").at("ru").as_string(),
              "Хронические неинфекционные заболевания при стабильном течении");
    EXPECT_EQ(nvs.at("rule_sets").as_array()[0].at("id").as_string(), "ru-nvs.telemedicine");
    // Before the order took effect (2026-03-06), and in other regions, none is listed.
    EXPECT_TRUE(test::output(eligibility::list_indications(
                                 test::make_context("RU-NVS", test::utc(2026, 3, 5))))
                    .at("indications")
                    .as_array()
                    .empty());
    EXPECT_TRUE(test::output(eligibility::list_indications(test::make_context("RU-KIR", march_10)))
                    .at("indications")
                    .as_array()
                    .empty());
}

TEST(Context, DescribeListsRuleSetsAndSwitches) {
    const auto ctx = test::make_context("RU-NVS", march_10, "",
                                        R"({"switches": {"identity.name.cyrillic_only": true}})");
    const auto out = test::output(describe_context(ctx));
    EXPECT_EQ(out.at("time_zone").as_string(), "Asia/Novosibirsk");
    bool found = false;
    for (const auto& set : out.at("rule_sets").as_array()) {
        for (const auto& rule : set.at("rules").as_array()) {
            if (rule.at("id").as_string() == "identity.name.cyrillic_only") {
                found = true;
                EXPECT_TRUE(rule.at("enabled").as_bool());
                EXPECT_EQ(rule.at("confidence").as_string(), "UNCONFIRMED");
            }
        }
    }
    EXPECT_TRUE(found);
}

} // namespace
} // namespace telemed
