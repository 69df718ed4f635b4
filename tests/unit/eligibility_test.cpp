// eligibility.evaluate: the date and zone the rules are chosen by, the procedure's gates, the
// experimental regime's period, and that nothing is allowed by default.
#include "i18n/i18n.hpp"
#include "test_support.hpp"

namespace telemed {
namespace {

// A request; `represented` puts a legal representative on the record who gave the consent (as a
// minor's or an incapacitated patient's consent must be given), else the patient consented.
std::string request(const std::string& slot, const std::string& actions,
                    const std::string& extra = "", const std::string& birth = "1960-05-01",
                    const std::string& present = R"(["patient"])", bool represented = false) {
    const std::string consent =
        std::string(R"("consents":[{"type":"telemedicine","date":"2023-01-01","given_by":")") +
        (represented ? "legal_representative" : "patient") + R"("}],)";
    const std::string representative =
        represented
            ? R"("legal_representative":{"name":{"family":"Примерова","given":"Мария"},"relationship":"parent"},)"
            : "";
    return R"({"patient":{"name":{"family":"Примерова","given":"Анна"},"birth_date":")" + birth +
           R"(","sex":"female",)" + representative + consent +
           R"("conditions":[{"icd10":"I10","established":"in_person","date":"2020-01-10"}]},
      "organisation":{"telemedicine_cabinet":true},"slot":{"start":")" +
           slot + R"(","telemedicine":true},
      "doctor":{"role":"same_organisation_doctor","experience_years":9},"format":"doctor_patient",
      "mode":"real_time_video","present":)" +
           present + R"(,"identification":"esia","planned_actions":)" + actions + extra + "}";
}

std::string verdict(const Response& r) {
    EXPECT_EQ(r.status, Status::ok) << r.problem.code << " " << r.problem.pointer;
    return std::string(test::output(r).at("verdict").as_string());
}

TEST(Eligibility, ProcedureInForceOnTheVisitDateInTheOrganisationsZone) {
    // 193н (from 2025-09-01) adds "or hospitalisation" to the purposes; 965н did not have it.
    const auto ctx = test::make_context("RU-KIR", test::utc(2025, 9, 2));
    const std::string actions = R"(["recommend_hospitalisation"])";
    // 2025-08-31T22:30Z is already 2025-09-01 in Kirov (+3): 193н applies.
    EXPECT_EQ(verdict(eligibility::evaluate(ctx, request("2025-08-31T22:30:00Z", actions))),
              "allowed");
    // 2025-08-31T20:30Z is 23:30 on 2025-08-31 in Kirov: 965н applies, and refuses it.
    const auto r = eligibility::evaluate(ctx, request("2025-08-31T20:30:00Z", actions));
    EXPECT_EQ(verdict(r), "not_allowed");
    const auto out = test::output(r);
    EXPECT_EQ(
        out.at("refused_actions").as_array()[0].at("reasons").as_array()[0].at("code").as_string(),
        "not_a_purpose");
    EXPECT_EQ(out.at("rule_sets").as_array().back().at("id").as_string(), "ru.telemedicine.965n");
}

TEST(Eligibility, NewTreatmentOnlyUnderTheSwitchAndWithinTheExperiment) {
    const std::string actions = R"(["prescribe_new_treatment"])";
    const std::string facts = R"(,"facts":{"condition":"I10"})";
    const auto off = test::make_context("RU-KIR", test::utc(2026, 3, 10));
    EXPECT_EQ(
        verdict(eligibility::evaluate(off, request("2026-03-10T10:00:00+03:00", actions, facts))),
        "not_allowed");
    const std::string on = R"({"switches":{"eligibility.federal.new_treatment":true}})";
    const auto during = test::make_context("RU-KIR", test::utc(2026, 3, 10), "", on);
    EXPECT_EQ(verdict(eligibility::evaluate(during,
                                            request("2026-03-10T10:00:00+03:00", actions, facts))),
              "allowed");
    // Under 18: refused even with the switch.
    EXPECT_EQ(verdict(eligibility::evaluate(
                  during, request("2026-03-10T10:00:00+03:00", actions, facts, "2009-01-01",
                                  R"(["patient","legal_representative"])", true))),
              "not_allowed");
    // The regime ran three years from 2023-08-01: from 2026-08-01 it is gone, switch or not.
    const auto after = test::make_context("RU-KIR", test::utc(2026, 8, 2), "", on);
    EXPECT_EQ(
        verdict(eligibility::evaluate(after, request("2026-08-01T10:00:00+03:00", actions, facts))),
        "not_allowed");
}

TEST(Eligibility, AMinorNeedsTheLegalRepresentativePresent) {
    // Born 2011-03-10: 14 on 2026-03-09, 15 on 2026-03-10 (Kirov dates).
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 11));
    const std::string actions = R"(["answer_questions"])";
    const std::string both = R"(["patient","legal_representative"])";
    const auto r14 = eligibility::evaluate(ctx, request("2026-03-09T23:30:00+03:00", actions, "",
                                                        "2011-03-10", R"(["patient"])", true));
    EXPECT_EQ(verdict(r14), "not_allowed");
    EXPECT_EQ(test::output(r14).at("reasons").as_array()[0].at("code").as_string(),
              "representative_absent");
    EXPECT_EQ(verdict(eligibility::evaluate(ctx, request("2026-03-09T23:30:00+03:00", actions, "",
                                                         "2011-03-10", both, true))),
              "allowed");
    // At 14 the patient's own consent does not count: the legal representative gives it (323-ФЗ ст.
    // 20 ч. 2).
    const std::string own_consent =
        request("2026-03-09T23:30:00+03:00", actions, "", "2011-03-10", both, true);
    std::string patient_consented = own_consent;
    patient_consented.replace(patient_consented.find(R"("given_by":"legal_representative")"), 33,
                              R"("given_by":"patient")");
    const auto r = eligibility::evaluate(ctx, patient_consented);
    EXPECT_EQ(test::output(r).at("reasons").as_array()[0].at("code").as_string(),
              "consent_missing");
    // At 15 the patient takes part and consents alone (ст. 54 ч. 2): her own consent, given on
    // the 15th birthday; one she signed at 11 (the helper's 2023-01-01) was never valid.
    std::string at15 = request("2026-03-10T00:30:00+03:00", actions, "", "2011-03-10");
    EXPECT_EQ(verdict(eligibility::evaluate(ctx, at15)), "not_allowed");
    at15.replace(at15.find("2023-01-01"), 10, "2026-03-10");
    EXPECT_EQ(verdict(eligibility::evaluate(ctx, at15)), "allowed");
    // A legal representative who is not on the record is a contradiction.
    const auto stranger = eligibility::evaluate(
        ctx, request("2026-03-10T10:00:00+03:00", actions, "", "1960-05-01", both));
    EXPECT_EQ(stranger.status, Status::validation);
    EXPECT_EQ(stranger.problem.code, "representative_not_on_record");
    EXPECT_EQ(stranger.problem.pointer, "/present/1");
    // A proxy alone never acts for the patient.
    EXPECT_EQ(test::output(eligibility::evaluate(ctx, request("2026-03-10T10:00:00+03:00", actions,
                                                              "", "1940-01-01", R"(["proxy"])")))
                  .at("reasons")
                  .as_array()[0]
                  .at("code")
                  .as_string(),
              "proxy_alone");
}

TEST(Eligibility, FromFifteenThePatientConsentsPersonally) {
    // 323-ФЗ ст. 20 ч. 2, ст. 54 ч. 2: the legal representative consents for a minor under 15 or
    // an incapacitated adult, the patient personally from 15 on. Visits on 2026-03-10 (Kirov).
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 11));
    const std::string actions = R"(["answer_questions"])";
    const std::string both = R"(["patient","legal_representative"])";
    const auto with_consent = [&](const std::string& birth, const std::string& by,
                                  const std::string& day, bool incapacitated = false) {
        std::string q = request("2026-03-10T10:00:00+03:00", actions, "", birth, both, true);
        const std::string given = R"("date":"2023-01-01","given_by":"legal_representative")";
        q.replace(q.find(given), given.size(),
                  R"("date":")" + day + R"(","given_by":")" + by + R"(")");
        if (incapacitated) {
            q.insert(q.find(R"("legal_representative":{)"), R"("incapacitated":true,)");
        }
        return eligibility::evaluate(ctx, q);
    };
    const auto first_reason = [](const Response& r) {
        const auto reasons = test::output(r).at("reasons").as_array();
        return reasons.empty() ? std::string() : std::string(reasons[0].at("code").as_string());
    };
    // 16 (born 2010-01-15): the representative's consent does not stand for her; her own does.
    auto r = with_consent("2010-01-15", "legal_representative", "2026-03-01");
    EXPECT_EQ(verdict(r), "not_allowed");
    EXPECT_EQ(first_reason(r), "consent_missing");
    EXPECT_EQ(verdict(with_consent("2010-01-15", "patient", "2026-03-01")), "allowed");
    // 15 on the visit date (born 2011-03-10), but 14 when the consent was given: neither the
    // representative's consent (she consents herself now) nor her own (void when given) counts.
    EXPECT_EQ(first_reason(with_consent("2011-03-10", "legal_representative", "2026-03-01")),
              "consent_missing");
    EXPECT_EQ(first_reason(with_consent("2011-03-10", "patient", "2026-03-01")), "consent_missing");
    EXPECT_EQ(verdict(with_consent("2011-03-10", "patient", "2026-03-10")), "allowed");
    // An incapacitated adult: the representative consents, not the patient.
    EXPECT_EQ(verdict(with_consent("1960-05-01", "legal_representative", "2026-03-01", true)),
              "allowed");
    EXPECT_EQ(first_reason(with_consent("1960-05-01", "patient", "2026-03-01", true)),
              "consent_missing");
    // The age is the rule's parameter: an override of 16 makes the 15-year-old's consent the
    // representative's again.
    const std::string override_set = R"({"rule_sets":[{"id":"test.consent","version":"1.0.0",
      "domain":"eligibility","jurisdiction":"RU-KIR","status":"in_force","effective_from":"2026-01-01",
      "title":{"en":"t","ru":"т"},"rules":[{"id":"eligibility.federal.consent","title":{"en":"t","ru":"т"},
      "confidence":"CONFIRMED","enabled_by_default":true,
      "sources":[{"document":"unit test","point":"override","confidence":"CONFIRMED"}],
      "params":{"consent_types":["telemedicine"],"personal_consent_min_age":16}}]}]})";
    const auto sixteen = test::make_context("RU-KIR", test::utc(2026, 3, 11), "", override_set);
    std::string q = request("2026-03-10T10:00:00+03:00", actions, "", "2011-01-15", both, true);
    EXPECT_EQ(verdict(eligibility::evaluate(sixteen, q)), "allowed");
    EXPECT_EQ(verdict(eligibility::evaluate(ctx, q)), "not_allowed");
}

TEST(Eligibility, ChronicLungDiseaseOnTheDispensaryListIsChronicForIndicationThree) {
    // J84.1 is on the §5 dispensary list and is a chronic lung disease (§5 ХНИЗ): indications 3
    // and 4 must agree on it. J12.9 (pneumonia) is acute: listed for 4, not chronic for 3.
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    const auto ask = [&](const std::string& code, const std::string& indication,
                         const std::string& action) {
        std::string q =
            request("2026-03-10T10:00:00+07:00", R"([")" + action + R"("])",
                    R"(,"indication":")" + indication +
                        R"(","facts":{"last_assessment":{"date":"2026-02-20","course":"stable"}})");
        const std::string i10 = R"("icd10":"I10")";
        q.replace(q.find(i10), i10.size(), R"("icd10":")" + code + R"(")");
        q.insert(q.find(R"("conditions")"),
                 R"("dispensary_observation":[{"icd10":")" + code + R"(","from":"2024-09-12"}],)");
        return eligibility::evaluate(ctx, q);
    };
    EXPECT_EQ(verdict(ask("J84.1", "chronic_stable", "issue_subsidised_prescription")), "allowed");
    EXPECT_EQ(verdict(ask("J84.1", "dispensary_stable", "issue_referrals")), "allowed");
    const auto acute = ask("J12.9", "chronic_stable", "issue_subsidised_prescription");
    EXPECT_EQ(verdict(acute), "in_person_required");
    EXPECT_EQ(test::output(acute).at("reasons").as_array()[0].at("code").as_string(),
              "no_chronic_condition");
    EXPECT_EQ(verdict(ask("J12.9", "dispensary_stable", "issue_referrals")), "allowed");
}

TEST(Eligibility, IndicationOneNamesWhatIsMissing) {
    // Indication 1: studies prescribed in person, results in. A remote prescription with results
    // lacks the in-person prescription, not the results.
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    const auto reason = [&](const std::string& referrals) {
        std::string q = request("2026-03-10T10:00:00+07:00", R"(["interpret_results"])",
                                R"(,"indication":"repeat_after_studies","facts":{"referrals":)" +
                                    referrals + "}");
        q.insert(q.find(R"("conditions")"),
                 R"("visits":[{"date":"2026-03-03","kind":"in_person"}],)");
        const auto r = eligibility::evaluate(ctx, q);
        const auto reasons = test::output(r).at("reasons").as_array();
        return reasons.empty() ? verdict(r) : std::string(reasons[0].at("code").as_string());
    };
    EXPECT_EQ(reason(R"([{"prescribed_at":"remote","results_available":true}])"),
              "studies_not_prescribed_in_person");
    EXPECT_EQ(reason("[]"), "studies_not_prescribed_in_person");
    EXPECT_EQ(reason(R"([{"prescribed_at":"in_person","results_available":false}])"),
              "results_not_ready");
    EXPECT_EQ(reason(R"([{"prescribed_at":"remote","results_available":true},)"
                     R"({"prescribed_at":"in_person","results_available":false}])"),
              "results_not_ready");
    EXPECT_EQ(reason(R"([{"prescribed_at":"in_person","results_available":true}])"), "allowed");
    // The message names the missing in-person prescription.
    const auto m = i18n::render("studies_not_prescribed_in_person", {});
    EXPECT_NE(m.en.find("prescribed at an in-person visit"), std::string::npos) << m.en;
    EXPECT_NE(m.ru.find("назначенных на очном приёме"), std::string::npos) << m.ru;
}

TEST(Eligibility, NovosibirskNeedsAnIndicationACabinetAndASlot) {
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    const auto r =
        eligibility::evaluate(ctx, request("2026-03-10T10:00:00+07:00", R"(["answer_questions"])"));
    EXPECT_EQ(verdict(r), "not_allowed");
    EXPECT_EQ(test::output(r).at("reasons").as_array()[0].at("code").as_string(),
              "indication_missing");
    EXPECT_EQ(
        verdict(eligibility::evaluate(
            ctx,
            request(
                "2026-03-10T10:00:00+07:00", R"(["answer_questions"])",
                R"(,"indication":"treatment_questions","facts":{"therapy":[{"kind":"drug","prescribed_at":"in_person"}]})"))),
        "allowed");
}

TEST(Eligibility, BadRequestsAreNamed) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 10));
    auto r = eligibility::evaluate(ctx, request("2026-03-10T10:00:00", R"(["answer_questions"])"));
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.pointer, "/slot/start");
    r = eligibility::evaluate(
        ctx, request("2026-03-10T10:00:00+03:00", R"(["answer_questions","answer_questions"])"));
    EXPECT_EQ(r.problem.code, "duplicate_item");
    EXPECT_EQ(r.problem.pointer, "/planned_actions/1");
    r = eligibility::evaluate(ctx, request("2026-03-10T10:00:00+03:00", R"([])", "", "2026-02-30"));
    EXPECT_EQ(r.problem.pointer, "/patient/birth_date");
}

} // namespace
} // namespace telemed
