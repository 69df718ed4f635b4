// The patient: every field, every problem reported, normalisation, round trip, identification,
// threads, and no personal data in any message.
#include <thread>

#include "test_support.hpp"

namespace telemed {
namespace {

const auto march_10 = test::utc(2026, 3, 10, 5); // 12:00 in Novosibirsk

const std::string full_patient = R"({
  "id": "MIS-000417",
  "enp": "1234 5678 9012 3452",
  "snils": "11223344595",
  "name": {"family": "  Сёмина ", "given": "Анна  Мария", "patronymic": "Петровна"},
  "birth_date": "1968-04-12",
  "sex": "female",
  "contacts": [{"kind": "phone", "value": "+79130000000"}, {"kind": "email", "value": "patient@example.org"}],
  "home_region": "RU-NVS",
  "time_zone": "Asia/Novosibirsk",
  "proxies": [{"name": {"family": "Помощникова", "given": "Ольга"}, "role": "social_worker", "permissions": ["book"]}],
  "consents": [{"type": "telemedicine", "scope": "MAX", "date": "2026-02-20", "given_by": "patient"},
               {"type": "informed_voluntary", "date": "2026-02-20", "given_by": "patient"}],
  "conditions": [{"icd10": "I10", "established": "in_person", "date": "2019-05-14"},
                 {"icd10": "E11.9", "established": "in_person", "date": "2021-10-01"}],
  "dispensary_observation": [{"icd10": "I10", "from": "2024-02-01"}, {"icd10": "E11.9", "from": "2022-01-10", "to": "2025-01-10"}],
  "visits": [{"date": "2026-02-20", "kind": "in_person", "organisation": "ГБУЗ НСО «Городская поликлиника № 0»"}]
})";

TEST(Patient, FullRecordValidates) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const auto r = identity::validate_patient(ctx, full_patient);
    ASSERT_EQ(r.status, Status::ok) << r.json;
    const auto out = test::output(r);
    EXPECT_TRUE(out.at("valid").as_bool());
    EXPECT_TRUE(out.at("problems").as_array().empty());
    EXPECT_FALSE(out.contains("patient"));
    EXPECT_EQ(out.at("rule_sets").as_array()[0].at("id").as_string(), "ru.identity");
}

TEST(Patient, FullRecordNormalises) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const auto r = identity::normalize_patient(ctx, full_patient);
    ASSERT_EQ(r.status, Status::ok) << r.json;
    const auto out = test::output(r);
    EXPECT_TRUE(out.at("valid").as_bool());
    EXPECT_TRUE(out.at("problems").as_array().empty());
    const auto& p = out.at("patient").as_object();
    EXPECT_EQ(p.at("enp").as_string(), "1234567890123452");
    EXPECT_EQ(p.at("snils").as_string(), "112-233-445 95");
    EXPECT_EQ(p.at("name").at("family").as_string(), "Сёмина");
    EXPECT_EQ(p.at("name").at("given").as_string(), "Анна Мария");
    EXPECT_EQ(out.at("name_key").as_string(), "семина анна мария петровна");
    EXPECT_EQ(p.at("dispensary_observation").as_array()[1].at("to").as_string(), "2025-01-10");
}

TEST(Patient, RoundTripIsStable) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const auto first = test::output(identity::normalize_patient(ctx, full_patient));
    const auto again =
        identity::normalize_patient(ctx, boost::json::serialize(first.at("patient")));
    ASSERT_EQ(again.status, Status::ok);
    EXPECT_EQ(test::output(again).at("patient"), first.at("patient"));
}

TEST(Patient, NormalizeRejectsAnInvalidDocumentWithTheSameReport) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const std::string doc =
        R"({"name":{"family":"Иванов","given":"Иван"},"birth_date":"2026-02-30","sex":"male"})";
    const auto v = identity::validate_patient(ctx, doc);
    const auto n = identity::normalize_patient(ctx, doc);
    EXPECT_EQ(n.status, Status::validation);
    EXPECT_EQ(n.json, v.json);
    EXPECT_EQ(n.problem.pointer, "/birth_date");
}

TEST(Patient, ReportsEveryProblemNotOnlyTheFirst) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const std::string doc = R"({
      "snils": "112-233-445 96", "enp": "1234567890123453",
      "name": {"family": "Иванов2", "given": ""},
      "birth_date": "2026-02-30", "sex": "unknown", "nickname": "x",
      "contacts": [{"kind": "phone", "value": "89130000000"}],
      "home_region": "RU-nvs", "time_zone": "Asia/Atlantis",
      "proxies": [{"name": {"family": "Соцработникова", "given": "Ольга"}, "role": "social_worker", "permissions": ["book", "consent"]}],
      "consents": [{"type": "telemedicine", "date": "2026-02-20", "given_by": "proxy"},
                   {"type": "telemedicine", "date": "2026-02-20", "given_by": "legal_representative"}],
      "conditions": [{"icd10": "i10", "established": "in_person", "date": "2027-01-01"}],
      "dispensary_observation": [{"icd10": "I10", "from": "2025-01-10", "to": "2024-01-10"}],
      "visits": [{"date": "2026-03-11", "kind": "in_person"}]
    })";
    const auto r = identity::validate_patient(ctx, doc);
    ASSERT_EQ(r.status, Status::validation);
    const auto out = test::output(r);
    EXPECT_FALSE(out.at("valid").as_bool());
    EXPECT_FALSE(out.contains("patient"));
    std::map<std::string, std::string> by_pointer;
    for (const auto& p : out.at("problems").as_array()) {
        by_pointer[std::string(p.at("pointer").as_string())] =
            std::string(p.at("code").as_string());
    }
    const std::map<std::string, std::string> expected = {
        {"/snils", "invalid_check_digit"},
        {"/enp", "invalid_check_digit"},
        {"/name/family", "invalid_characters"},
        {"/name/given", "empty_string"},
        {"/birth_date", "invalid_date"},
        {"/sex", "invalid_value"},
        {"/nickname", "unknown_field"},
        {"/contacts/0/value", "invalid_format"},
        {"/home_region", "invalid_format"},
        {"/time_zone", "unknown_time_zone"},
        {"/proxies/0/permissions/1", "proxy_cannot_consent"},
        {"/consents/0/given_by", "proxy_cannot_consent"},
        {"/consents/1/given_by", "representative_missing"},
        {"/conditions/0/icd10", "invalid_format"},
        {"/conditions/0/date", "future_date"},
        {"/dispensary_observation/0/to", "date_order"},
        {"/visits/0/date", "future_date"},
    };
    EXPECT_EQ(by_pointer, expected);
    // The first error is the one tm_error_last() reports.
    EXPECT_EQ(r.problem.pointer,
              "/enp"); // fields are read in schema order: id, enp, snils, name, ...
}

TEST(Patient, MinorWithoutRepresentativeIsValidWithAWarning) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    // Turns 15 on 2026-03-11: still 14 on 2026-03-10 in Novosibirsk.
    const std::string minor =
        R"({"name":{"family":"Примеров","given":"Илья"},"birth_date":"2011-03-11","sex":"male"})";
    const auto r = identity::validate_patient(ctx, minor);
    ASSERT_EQ(r.status, Status::ok);
    const auto out = test::output(r);
    const auto& problems = out.at("problems").as_array();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].at("code").as_string(), "representative_required");
    EXPECT_EQ(problems[0].at("severity").as_string(), "warning");
    EXPECT_EQ(problems[0].at("rule").as_string(), "identity.representative.required");
    // On his birthday the warning goes.
    const auto birthday = test::make_context("RU-NVS", test::utc(2026, 3, 11, 5));
    EXPECT_TRUE(test::output(identity::validate_patient(birthday, minor))
                    .at("problems")
                    .as_array()
                    .empty());
    // With a representative on record, no warning.
    const std::string represented =
        R"({"name":{"family":"Примеров","given":"Илья"},"birth_date":"2011-03-11","sex":"male",
            "legal_representative":{"name":{"family":"Примерова","given":"Анна"},"relationship":"parent"},
            "consents":[{"type":"telemedicine","date":"2026-03-01","given_by":"legal_representative"}]})";
    const auto ok = identity::validate_patient(ctx, represented);
    ASSERT_EQ(ok.status, Status::ok);
    EXPECT_TRUE(test::output(ok).at("problems").as_array().empty());
}

TEST(Patient, IncapacitatedAdultNeedsARepresentative) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const auto out = test::output(identity::validate_patient(
        ctx,
        R"({"name":{"family":"Примеров","given":"Иван"},"birth_date":"1950-01-01","sex":"male","incapacitated":true})"));
    EXPECT_EQ(out.at("problems").as_array()[0].at("code").as_string(), "representative_required");
}

TEST(Patient, LatinNamesWarnUnlessTheSwitchMakesThemErrors) {
    const std::string doc =
        R"({"name":{"family":"Smith","given":"Анна"},"birth_date":"1980-01-01","sex":"female"})";
    const auto warn = identity::validate_patient(test::make_context("RU-NVS", march_10), doc);
    EXPECT_EQ(warn.status, Status::ok);
    const auto strict = identity::validate_patient(
        test::make_context("RU-NVS", march_10, "",
                           R"({"switches":{"identity.name.cyrillic_only":true}})"),
        doc);
    EXPECT_EQ(strict.status, Status::validation);
    EXPECT_EQ(strict.problem.code, "name_not_cyrillic");
    EXPECT_EQ(strict.problem.rule, "identity.name.cyrillic_only");
}

TEST(Patient, NoPersonalDataInAnyMessage) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const std::string doc = R"({"snils":"112-233-445 96","enp":"1234567890123453",
        "name":{"family":"Уникальнова","given":"Секретина","patronymic":"Тайновна"},
        "birth_date":"1977-07-17","sex":"female","contacts":[{"kind":"email","value":"secret-mail"}],
        "extra":"x"})";
    const auto r = identity::validate_patient(ctx, doc);
    ASSERT_EQ(r.status, Status::validation);
    const auto out = test::output(r);
    for (const auto& p : out.at("problems").as_array()) {
        for (const char* lang : {"en", "ru"}) {
            const std::string m(p.at("message").at(lang).as_string());
            for (const char* secret :
                 {"Уникальнова", "Секретина", "Тайновна", "1977", "07-17", "112-233-445",
                  "11223344596", "1234567890123453", "secret-mail"}) {
                EXPECT_EQ(m.find(secret), std::string::npos) << m;
            }
        }
    }
}

TEST(Identify, MatchMismatchAndInvalid) {
    const auto ctx = test::make_context("RU-VOR", march_10);
    const auto identify = [&](const std::string& claim) {
        const auto r = identity::identify_patient(ctx, R"({"patient":)" + full_patient +
                                                           R"(,"claim":)" + claim + "}");
        EXPECT_EQ(r.status, Status::ok) << r.problem.code << " " << r.problem.pointer;
        const auto out = test::output(r);
        return std::string(out.at("result").as_string());
    };
    EXPECT_EQ(identify(R"({"snils":"112-233-445 95","birth_date":"1968-04-12"})"), "match");
    EXPECT_EQ(identify(R"({"enp":"1234567890123452","birth_date":"1968-04-12"})"), "match");
    EXPECT_EQ(identify(R"({"snils":"112-233-445 95","birth_date":"1968-04-13"})"), "mismatch");
    EXPECT_EQ(identify(R"({"snils":"123-456-789 64","birth_date":"1968-04-12"})"), "mismatch");
    EXPECT_EQ(identify(R"({"snils":"112-233-445 96","birth_date":"1968-04-12"})"),
              "invalid_identifier");
    // A record without the claimed identifier does not match.
    const auto r = identity::identify_patient(
        ctx,
        R"({"patient":{"name":{"family":"Примеров","given":"Иван"},"birth_date":"1968-04-12","sex":"male"},
                 "claim":{"enp":"1234567890123452","birth_date":"1968-04-12"}})");
    EXPECT_EQ(test::output(r).at("result").as_string(), "mismatch");
}

TEST(Identify, MalformedClaimsAreValidationErrors) {
    const auto ctx = test::make_context("RU-VOR", march_10);
    auto r = identity::identify_patient(
        ctx,
        R"({"patient":)" + full_patient +
            R"(,"claim":{"snils":"11223344595","enp":"1234567890123452","birth_date":"1968-04-12"}})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "conflicting_fields");
    r = identity::identify_patient(ctx, R"({"patient":)" + full_patient +
                                            R"(,"claim":{"birth_date":"1968-04-31"}})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.pointer, "/claim/birth_date");
    EXPECT_NE(r.json.find(R"("code":"missing_field","severity":"error","pointer":"/claim/enp")"),
              std::string::npos);
    r = identity::identify_patient(
        ctx, R"({"patient":{"name":1},"claim":{"snils":"11223344595","birth_date":"1968-04-12"}})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.pointer, "/patient/name");
}

TEST(Context, OneContextServesManyThreads) {
    const auto ctx = test::make_context("RU-NVS", march_10);
    const auto expected = identity::validate_patient(ctx, full_patient).json;
    std::vector<std::thread> threads;
    std::atomic<int> differences{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                if (identity::validate_patient(ctx, full_patient).json != expected) {
                    ++differences;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(differences.load(), 0);
}

} // namespace
} // namespace telemed
