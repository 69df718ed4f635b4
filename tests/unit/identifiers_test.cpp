// ЕНП and СНИЛС against values worked out by hand from shared/reference/regulation.md §4.
#include "test_support.hpp"

namespace telemed {
namespace {

using identity::IdentifierType;

TEST(Luhn, KnownNumbers) {
    // 1234567890123452: undoubled digits from the right 2,4,2,0,8,6,4,2 = 28; doubled
    // 5,3,1,9,7,5,3,1 give 1,6,2,9,5,1,6,2 = 32; 60 is a multiple of 10.
    EXPECT_TRUE(identity::luhn_valid("1234567890123452"));
    EXPECT_FALSE(identity::luhn_valid("1234567890123453"));
    EXPECT_TRUE(identity::luhn_valid("79927398713")); // the textbook example
    EXPECT_FALSE(identity::luhn_valid(""));
    EXPECT_FALSE(identity::luhn_valid("12345678901234a2"));
}

TEST(Snils, ControlNumber) {
    // 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95 < 100 → 95.
    EXPECT_EQ(identity::snils_control_number("112233445"), 95);
    // 9+8+14+12+15+12+12+12+6 = 100 → 00.
    EXPECT_EQ(identity::snils_control_number("112233466"), 0);
    // 9+8+14+12+15+12+12+12+7 = 101 → 00.
    EXPECT_EQ(identity::snils_control_number("112233467"), 0);
    // 9+16+21+24+25+24+21+16+9 = 165 → 165 mod 101 = 64.
    EXPECT_EQ(identity::snils_control_number("123456789"), 64);
    // 81+72+42+6 = 201 → 201 mod 101 = 100 → 00.
    EXPECT_EQ(identity::snils_control_number("996100000"), 0);
    // 9·45 = 405 → 405 mod 101 = 1.
    EXPECT_EQ(identity::snils_control_number("999999999"), 1);
}

TEST(Mask, KeepsTwoDigitsEachEndAndTheGrouping) {
    EXPECT_EQ(identity::mask(IdentifierType::enp, "1234567890123456"), "12** **** **** **56");
    EXPECT_EQ(identity::mask(IdentifierType::snils, "11223344595"), "11*-***-*** 95");
}

struct IdentifierCase {
    const char* type;
    const char* value;
    bool valid;
    const char* problem; // "" when valid
    const char* rule;
};

class IdentifierValidation : public ::testing::TestWithParam<IdentifierCase> {};

TEST_P(IdentifierValidation, AgainstTheRuleSet) {
    const auto& c = GetParam();
    const auto ctx = test::make_context("RU-NVS", test::utc(2026, 3, 10));
    const auto doc = std::string(R"({"type":")") + c.type + R"(","value":")" + c.value + R"("})";
    const auto r = identity::validate_identifier(ctx, doc);
    ASSERT_EQ(r.status, Status::ok) << r.problem.code;
    const auto out = test::output(r);
    EXPECT_EQ(out.at("valid").as_bool(), c.valid) << c.value;
    const auto& problems = out.at("problems").as_array();
    if (c.valid) {
        EXPECT_TRUE(problems.empty());
    } else {
        ASSERT_EQ(problems.size(), 1u);
        EXPECT_EQ(problems[0].at("code").as_string(), c.problem);
        EXPECT_EQ(problems[0].at("rule").as_string(), c.rule);
        EXPECT_EQ(problems[0].at("pointer").as_string(), "/value");
    }
    EXPECT_EQ(out.at("rule_sets").as_array()[0].at("id").as_string(), "ru.identity");
}

INSTANTIATE_TEST_SUITE_P(
    Snils, IdentifierValidation,
    ::testing::Values(
        IdentifierCase{"snils", "112-233-445 95", true, "", ""},
        IdentifierCase{"snils", "11223344595", true, "", ""},
        IdentifierCase{"snils", "112-233-445 96", false, "invalid_check_digit",
                       "identity.snils.checksum"},
        IdentifierCase{"snils", "112-233-466 00", true, "", ""},
        IdentifierCase{"snils", "112-233-467 00", true, "", ""},
        IdentifierCase{"snils", "123-456-789 64", true, "", ""},
        IdentifierCase{"snils", "996-100-000 00", true, "", ""},
        // Up to 001-001-998 the control number is not checked; 001-001-999 is.
        IdentifierCase{"snils", "001-001-998 77", true, "", ""},
        IdentifierCase{"snils", "001-001-999 77", false, "invalid_check_digit",
                       "identity.snils.checksum"},
        IdentifierCase{"snils", "1122334459", false, "invalid_format", "identity.snils.format"},
        IdentifierCase{"snils", "112-233-445-95", false, "invalid_format", "identity.snils.format"},
        IdentifierCase{"snils", "112 233 445 95", false, "invalid_format", "identity.snils.format"},
        IdentifierCase{"snils", "11a-233-445 95", false, "invalid_format",
                       "identity.snils.format"}));

INSTANTIATE_TEST_SUITE_P(
    Enp, IdentifierValidation,
    ::testing::Values(
        IdentifierCase{"enp", "1234567890123452", true, "", ""},
        IdentifierCase{"enp", "1234 5678 9012 3452", true, "", ""},
        IdentifierCase{"enp", "1234567890123453", false, "invalid_check_digit",
                       "identity.enp.luhn"},
        IdentifierCase{"enp", "123456789012345", false, "invalid_format", "identity.enp.format"},
        IdentifierCase{"enp", "12345678901234520", false, "invalid_format", "identity.enp.format"},
        IdentifierCase{"enp", "1234-5678-9012-3452", false, "invalid_format",
                       "identity.enp.format"}));

TEST(IdentifierValidation, CheckDigitMessageIsMasked) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 10));
    const auto r =
        identity::validate_identifier(ctx, R"({"type":"snils","value":"112-233-445 96"})");
    const auto out = test::output(r);
    const auto& message = out.at("problems").as_array()[0].at("message").as_object();
    EXPECT_EQ(message.at("en").as_string(),
              "The check digits of SNILS 11*-***-*** 96 do not match.");
    EXPECT_EQ(message.at("ru").as_string(), "Контрольное число СНИЛС 11*-***-*** 96 не сходится.");
}

TEST(IdentifierValidation, MalformedRequestIsAValidationError) {
    const auto ctx = test::make_context("RU-KIR", test::utc(2026, 3, 10));
    const auto r = identity::validate_identifier(ctx, R"({"type":"inn","value":"1"})");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "invalid_value");
    EXPECT_EQ(r.problem.pointer, "/type");
}

} // namespace
} // namespace telemed
