// Pseudonymous patient keys (identity::pseudonym, docs/identity.md "Pseudonymous keys").
//
// The expected pseudonyms were computed independently with Python's hashlib, not with libsodium:
//
//   python3 -c 'import hashlib; print(hashlib.blake2b(b"telemed.pseudonym.v1\0snils\0" +
//       b"11223344595", key=bytes(range(32)), digest_size=32).hexdigest())'    (one command)
//
// and likewise for the other type, digits and keys named beside each constant.
#include <string>
#include <vector>

#include "i18n/i18n.hpp"
#include "test_support.hpp"

namespace telemed {
namespace {

// СНИЛС 112-233-445 95, key bytes(range(32)).
const std::string snils_k32 = "d94da737519211345d888bbb938dcd6865c162e0070151779d87c9ddb016d234";
// The same eleven digits hashed as if they were an ЕНП ("enp\0" in the message), same key.
const std::string snils_digits_as_enp_k32 =
    "a7ba4b93ca1e1047f0254affab7897a5cfd2bd63a8b4fa34727eb6efa6fefc1f";
// ЕНП 1234567890123452 (Luhn-valid), key bytes(range(32)).
const std::string enp_k32 = "305314d6c43b3fe253c681687240354a257b694f6f8519a53cbb33209a920ad3";
// СНИЛС 112-233-445 95, key bytes(range(64)).
const std::string snils_k64 = "05129fde8b18c6c9298d8d566dc711bd406f63d3809472b5143baf2c8fc04c6c";
// СНИЛС 112-233-445 95, key bytes(range(1, 33)).
const std::string snils_k32_other =
    "7d9fa3defbd852aba0c6828a3ebf23cb341a77685ed9fda7cf02008dd6164e37";

// bytes(range(from, from + n)).
std::string key_bytes(std::size_t n, int from = 0) {
    std::string key(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        key[i] = static_cast<char>(from + static_cast<int>(i));
    }
    return key;
}

const std::string key32 = key_bytes(32);

Context context() {
    return test::make_context("RU-NVS", test::utc(2026, 3, 10));
}

std::string item(const std::string& type, const std::string& value) {
    return R"({"type": ")" + type + R"(", "value": ")" + value + "\"}";
}

std::string request(const std::vector<std::string>& items) {
    std::string list;
    for (const auto& i : items) {
        list += list.empty() ? "" : ", ";
        list += i;
    }
    return R"({"identifiers": [)" + list + "]}";
}

boost::json::array results(const Response& r) {
    EXPECT_EQ(r.status, Status::ok) << r.problem.code << " at " << r.problem.pointer;
    const auto out = test::output(r);
    EXPECT_EQ(out.at("scheme"), "blake2b-256-keyed/v1");
    return out.at("results").as_array();
}

std::string pseudonym_of(const Response& r, std::size_t index = 0) {
    const auto list = results(r);
    if (list.size() <= index || !list[index].as_object().contains("pseudonym")) {
        ADD_FAILURE() << "no pseudonym at " << index << ": " << r.json;
        return {};
    }
    return std::string(list[index].at("pseudonym").as_string());
}

TEST(Pseudonym, MatchesAnIndependentBlake2bComputation) {
    const auto r =
        identity::pseudonym(context(), request({item("snils", "112-233-445 95")}), key32);
    const auto list = results(r);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0], (boost::json::value{{"index", 0},
                                           {"type", "snils"},
                                           {"valid", true},
                                           {"pseudonym", snils_k32},
                                           {"masked", "11*-***-*** 95"},
                                           {"problems", boost::json::array{}}}));
    const auto out = test::output(r);
    EXPECT_EQ(out.at("rule_sets"), (boost::json::value{boost::json::object{{"id", "ru.identity"},
                                                                           {"version", "1.0.0"}}}));
    EXPECT_EQ(out.at("trace"),
              (boost::json::value{"identity.snils.format", "identity.snils.checksum"}));
    // The 64-byte maximum key.
    EXPECT_EQ(pseudonym_of(identity::pseudonym(context(), request({item("snils", "11223344595")}),
                                               key_bytes(64))),
              snils_k64);
}

TEST(Pseudonym, TheSameIdentifierInTwoSpellingsGivesOnePseudonym) {
    const auto r = identity::pseudonym(
        context(), request({item("snils", "112-233-445 95"), item("snils", "11223344595")}), key32);
    EXPECT_EQ(pseudonym_of(r, 0), snils_k32);
    EXPECT_EQ(pseudonym_of(r, 1), snils_k32);
    const auto e = identity::pseudonym(
        context(), request({item("enp", "1234 5678 9012 3452"), item("enp", "1234567890123452")}),
        key32);
    EXPECT_EQ(pseudonym_of(e, 0), enp_k32);
    EXPECT_EQ(pseudonym_of(e, 1), enp_k32);
    EXPECT_EQ(results(e)[0].at("masked"), "12** **** **** **52");
}

TEST(Pseudonym, TheTypeIsPartOfTheHashedMessage) {
    // A СНИЛС's pseudonym is not the hash of its digits under the ЕНП tag: the types are kept apart
    // even where the digits could coincide.
    const auto r = identity::pseudonym(
        context(), request({item("snils", "11223344595"), item("enp", "1234567890123452")}), key32);
    EXPECT_EQ(pseudonym_of(r, 0), snils_k32);
    EXPECT_NE(pseudonym_of(r, 0), snils_digits_as_enp_k32);
    EXPECT_EQ(pseudonym_of(r, 1), enp_k32);
    EXPECT_EQ(results(r)[1].at("type"), "enp");
}

TEST(Pseudonym, DifferentKeysGiveDifferentPseudonyms) {
    const auto doc = request({item("snils", "11223344595")});
    const auto a = pseudonym_of(identity::pseudonym(context(), doc, key32));
    const auto b = pseudonym_of(identity::pseudonym(context(), doc, key_bytes(32, 1)));
    EXPECT_EQ(a, snils_k32);
    EXPECT_EQ(b, snils_k32_other);
    EXPECT_NE(a, b);
}

TEST(Pseudonym, AKeyOutside32To64BytesIsAnInvalidArgument) {
    const auto doc = request({item("snils", "11223344595")});
    for (const std::size_t n :
         {std::size_t{0}, std::size_t{16}, std::size_t{31}, std::size_t{65}}) {
        const auto r = identity::pseudonym(context(), doc, key_bytes(n));
        EXPECT_EQ(r.status, Status::invalid_argument) << n;
        EXPECT_EQ(r.problem.code, "invalid_key_length") << n;
        EXPECT_EQ(r.problem.pointer, "/key") << n;
        EXPECT_EQ(r.problem.args,
                  (std::vector<std::pair<std::string, std::string>>{{"min", "32"}, {"max", "64"}}));
        EXPECT_TRUE(r.json.empty());
    }
    // The key is checked before the document: even a malformed one gets the key's error.
    EXPECT_EQ(identity::pseudonym(context(), "{", key_bytes(8)).status, Status::invalid_argument);
    EXPECT_EQ(i18n::render("invalid_key_length", {{"min", "32"}, {"max", "64"}}).en,
              "The key must be 32 to 64 bytes long.");
}

TEST(Pseudonym, AnInvalidIdentifierGetsProblemsAndNoPseudonym) {
    const auto r = identity::pseudonym(
        context(),
        request({item("snils", "112-233-445 96"), item("enp", "1234567890123453"),
                 item("snils", "11223344595"), item("enp", "12345"),
                 R"({"type": "inn", "value": "1"})", "7"}),
        key32);
    const auto list = results(r);
    ASSERT_EQ(list.size(), 6u);
    for (std::size_t i = 0; i < list.size(); ++i) {
        EXPECT_EQ(list[i].at("index"), static_cast<std::int64_t>(i));
    }
    // A wrong check digit: the masked identifier, no pseudonym.
    const auto& bad_check = list[0].as_object();
    EXPECT_EQ(bad_check.at("valid"), false);
    EXPECT_FALSE(bad_check.contains("pseudonym"));
    EXPECT_EQ(bad_check.at("masked"), "11*-***-*** 96");
    const auto& problem = bad_check.at("problems").as_array().at(0);
    EXPECT_EQ(problem.at("code"), "invalid_check_digit");
    EXPECT_EQ(problem.at("pointer"), "/identifiers/0/value");
    EXPECT_EQ(problem.at("rule"), "identity.snils.checksum");
    EXPECT_EQ(list[1].at("problems").as_array().at(0).at("code"), "invalid_check_digit");
    EXPECT_FALSE(list[1].as_object().contains("pseudonym"));
    // The valid one among them still gets its pseudonym.
    EXPECT_EQ(list[2].at("pseudonym").as_string(), snils_k32);
    // A malformed one: no masked form either.
    EXPECT_EQ(list[3].at("problems").as_array().at(0).at("code"), "invalid_format");
    EXPECT_FALSE(list[3].as_object().contains("masked"));
    EXPECT_FALSE(list[3].as_object().contains("pseudonym"));
    // An unknown type; an item that is not an object.
    EXPECT_EQ(list[4].at("problems").as_array().at(0).at("code"), "invalid_value");
    EXPECT_EQ(list[4].at("problems").as_array().at(0).at("pointer"), "/identifiers/4/type");
    EXPECT_EQ(list[4].at("valid"), false);
    EXPECT_EQ(list[5].at("problems").as_array().at(0).at("code"), "wrong_type");
    EXPECT_EQ(list[5].at("problems").as_array().at(0).at("pointer"), "/identifiers/5");
    // No identifier in full anywhere in the response.
    for (const char* digits : {"11223344596", "1234567890123453", "11223344595"}) {
        EXPECT_EQ(r.json.find(digits), std::string::npos) << digits;
    }
    EXPECT_EQ(r.json.find("233-445"), std::string::npos);
}

TEST(Pseudonym, AtMost1000Identifiers) {
    std::vector<std::string> items(1000, item("snils", "11223344595"));
    const auto full = identity::pseudonym(context(), request(items), key32);
    ASSERT_EQ(full.status, Status::ok);
    EXPECT_EQ(results(full).size(), 1000u);
    EXPECT_EQ(results(full)[999].at("pseudonym").as_string(), snils_k32);

    items.push_back(item("snils", "11223344595"));
    const auto over = identity::pseudonym(context(), request(items), key32);
    EXPECT_EQ(over.status, Status::limit);
    EXPECT_EQ(over.problem.code, "too_many_items");
    EXPECT_EQ(over.problem.pointer, "/identifiers");
    EXPECT_EQ(over.problem.args,
              (std::vector<std::pair<std::string, std::string>>{{"limit", "1000"}}));
    EXPECT_TRUE(over.json.empty());
    EXPECT_TRUE(i18n::has_message("too_many_items"));
}

TEST(Pseudonym, AMalformedRequestIsRejectedAsAWhole) {
    const auto check = [](const std::string& doc, const std::string& code,
                          const std::string& pointer) {
        const auto r = identity::pseudonym(context(), doc, key32);
        EXPECT_EQ(r.status, Status::validation) << doc;
        EXPECT_EQ(r.problem.code, code) << doc;
        EXPECT_EQ(r.problem.pointer, pointer) << doc;
        EXPECT_EQ(test::output(r).at("valid"), false) << doc;
    };
    check(R"({"identifiers": []})", "empty_array", "/identifiers");
    check(R"({})", "missing_field", "/identifiers");
    check(R"({"identifiers": {}})", "wrong_type", "/identifiers");
    check(R"({"identifiers": [], "extra": 1})", "unknown_field", "/extra");
    check(R"([])", "wrong_type", "");
    EXPECT_EQ(identity::pseudonym(context(), "{", key32).status, Status::json_syntax);
}

} // namespace
} // namespace telemed
