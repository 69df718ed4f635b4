// eligibility.evaluate: the date and zone the rules are chosen by, the procedure's gates, the
// experimental regime's period, and that nothing is allowed by default.
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
    // At 15 the patient consents alone.
    EXPECT_EQ(verdict(eligibility::evaluate(
                  ctx, request("2026-03-10T00:30:00+03:00", actions, "", "2011-03-10"))),
              "allowed");
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
