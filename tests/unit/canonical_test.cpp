// RFC 8785 JSON Canonicalization Scheme: the RFC's own examples and number table (Appendix B),
// escapes, key order, nesting and idempotence. Expected texts come from the RFC or are worked out
// by hand from its rules, never from this implementation's output.
#include <bit>
#include <charconv>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "json/canonical.hpp"
#include "json/strict.hpp"

namespace {

namespace bj = boost::json;
using telemed::json::canonical_number;
using telemed::json::canonicalize;

// The canonical text of a document parsed by the strict parser ("" when either step fails, with
// the failure recorded).
std::string canon(std::string_view text) {
    telemed::json::Arena arena;
    auto parsed = telemed::json::parse(text, arena);
    if (!parsed.ok()) {
        ADD_FAILURE() << "parse: " << parsed.error().problem.code << " in " << text;
        return {};
    }
    std::optional<std::string> out = canonicalize(parsed.value());
    if (!out) {
        ADD_FAILURE() << "not canonicalizable: " << text;
        return {};
    }
    return *out;
}

TEST(Canonical, RfcAppendixBNumbers) {
    // RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.
    const std::vector<std::pair<std::uint64_t, std::string_view>> table = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"}, // minus zero
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& [bits, expected] : table) {
        EXPECT_EQ(canonical_number(std::bit_cast<double>(bits)), expected) << std::hex << bits;
    }
}

TEST(Canonical, NonFiniteNumbersAreNullAndRefused) {
    // Appendix B lists NaN (7fffffffffffffff) and Infinity (7ff0000000000000) as errors:
    // canonical_number writes null for them (documented) and canonicalize refuses the value.
    EXPECT_EQ(canonical_number(std::bit_cast<double>(std::uint64_t{0x7fffffffffffffff})), "null");
    EXPECT_EQ(canonical_number(std::bit_cast<double>(std::uint64_t{0x7ff0000000000000})), "null");
    EXPECT_EQ(canonical_number(-std::numeric_limits<double>::infinity()), "null");
    EXPECT_FALSE(canonicalize(bj::value(std::numeric_limits<double>::infinity())).has_value());
    bj::object nested;
    nested["a"] = bj::array{1, bj::object{{"b", std::numeric_limits<double>::quiet_NaN()}}};
    EXPECT_FALSE(canonicalize(nested).has_value());
    std::string out;
    EXPECT_FALSE(telemed::json::canonicalize_to(nested, "zzz", out));
    // Boost.JSON 1.81 reads a number beyond the double range as Infinity: such a document has no
    // canonical form (if the strict parser starts refusing it, there is nothing to canonicalize).
    telemed::json::Arena arena;
    auto parsed = telemed::json::parse(R"({"x": 1e400})", arena);
    if (parsed.ok()) {
        EXPECT_FALSE(canonicalize(parsed.value()).has_value());
    }
}

TEST(Canonical, NumberLayoutByHand) {
    // ECMA-262 Number::toString, worked out by hand: k digits, value 0.d…d × 10^n.
    EXPECT_EQ(canonical_number(1e21), "1e+21");                 // n = 22 > 21
    EXPECT_EQ(canonical_number(1e20), "100000000000000000000"); // n = 21
    EXPECT_EQ(canonical_number(123e18), "123000000000000000000");
    EXPECT_EQ(canonical_number(1.5e21), "1.5e+21");
    EXPECT_EQ(canonical_number(0.000001), "0.000001"); // n = -5
    EXPECT_EQ(canonical_number(0.0000015), "0.0000015");
    EXPECT_EQ(canonical_number(1e-7), "1e-7"); // n = -6
    EXPECT_EQ(canonical_number(1.5e-7), "1.5e-7");
    EXPECT_EQ(canonical_number(-0.0), "0");
    EXPECT_EQ(canonical_number(1.0), "1");
    EXPECT_EQ(canonical_number(-1.5), "-1.5");
    EXPECT_EQ(canonical_number(0.1), "0.1");
    EXPECT_EQ(canonical_number(123.456), "123.456");
    EXPECT_EQ(canonical_number(36.6), "36.6");
    EXPECT_EQ(canonical_number(100.0), "100");
    EXPECT_EQ(canonical_number(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(canonical_number(1e100), "1e+100");
    EXPECT_EQ(canonical_number(-2.5e-300), "-2.5e-300");
}

TEST(Canonical, IntegersBecomeDoubles) {
    // 2^53 + 1 rounds (to even) to 2^53.
    EXPECT_EQ(canon("[9007199254740993]"), "[9007199254740992]");
    // uint64 max rounds to 2^64 = 18446744073709551616, shortest 1.8446744073709552e19.
    EXPECT_EQ(canon("[18446744073709551615]"), "[18446744073709552000]");
    // int64 min is -2^63 = -9223372036854775808, shortest 9.223372036854776e18.
    EXPECT_EQ(canon("[-9223372036854775808]"), "[-9223372036854776000]");
    EXPECT_EQ(canon("[0, -0, 1E2, 1e0, 10.0, -0.0]"), "[0,0,100,1,10,0]");
    EXPECT_EQ(canon(R"({"n": 1000000000000000000000})"), R"({"n":1e+21})");
}

TEST(Canonical, RfcSection3_2_2Example) {
    // RFC 8785 §3.2.2: input and output text from the RFC.
    const std::string_view input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
    const std::string_view expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    telemed::json::Arena arena;
    auto parsed = telemed::json::parse(input, arena);
    ASSERT_TRUE(parsed.ok());
    // Boost.JSON 1.81 alone reads 333333333.33333329 one unit in the last place low; the strict
    // parser reads the number's text again with std::from_chars (StrictParserRoundsLikeFromChars).
    EXPECT_EQ(canonicalize(parsed.value()).value_or(""), expected);
}

// Boost.JSON 1.81 rounds some long numbers to a neighbouring double; the strict parser reads
// doubles exactly (as std::from_chars does), so the canonical text of a parsed document matches
// other JCS implementations.
TEST(Canonical, StrictParserRoundsLikeFromChars) {
    EXPECT_EQ(canon("[333333333.33333329]"), "[333333333.3333333]");
    EXPECT_EQ(canon("[4.5131032443970107e+117]"), "[4.5131032443970107e+117]");
}

TEST(Canonical, RfcSection3_2_3Sorting) {
    // RFC 8785 §3.2.3: the RFC's input; the order it gives is \r, 1, U+0080, ö, €, 😀, U+FB33
    // (sorted as UTF-16 code units: 😀 is D83D DE00, below FB33).
    const std::string_view input = R"({
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
})";
    const std::string expected = "{\"\\r\":\"Carriage Return\","
                                 "\"1\":\"One\","
                                 "\"\xC2\x80\":\"Control\","
                                 "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\","
                                 "\"\xE2\x82\xAC\":\"Euro Sign\","
                                 "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
                                 "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}";
    EXPECT_EQ(canon(input), expected);
}

TEST(Canonical, Utf16OrderAroundTheSurrogates) {
    using telemed::json::utf16_less;
    const std::string_view u_ffff = "\xEF\xBF\xBF";       // U+FFFF: FFFF
    const std::string_view u_10000 = "\xF0\x90\x80\x80";  // U+10000: D800 DC00
    const std::string_view u_10ffff = "\xF4\x8F\xBF\xBF"; // U+10FFFF: DBFF DFFF
    const std::string_view u_d7ff = "\xED\x9F\xBF";       // U+D7FF
    const std::string_view u_e000 = "\xEE\x80\x80";       // U+E000
    EXPECT_TRUE(utf16_less(u_10000, u_ffff));
    EXPECT_FALSE(utf16_less(u_ffff, u_10000));
    EXPECT_TRUE(utf16_less(u_10ffff, u_e000));
    EXPECT_TRUE(utf16_less(u_d7ff, u_10000));
    EXPECT_TRUE(utf16_less(u_10000, u_10ffff));
    EXPECT_TRUE(utf16_less(u_e000, u_ffff));
    EXPECT_TRUE(utf16_less("", "a"));
    EXPECT_TRUE(utf16_less("ab", "abc"));
    EXPECT_FALSE(utf16_less("abc", "abc"));
    EXPECT_TRUE(utf16_less("B", "a")); // code units, not a collation
}

TEST(Canonical, KeysMixedAsciiAndCyrillic) {
    // UTF-16 code units: "" < "1" (31) < "Z" (5A) < "a" (61) < "а" (0430) < "б" (0431)
    // < "я" (044F) < "яя" (044F 044F: "я" is its prefix) < "ё" (0451: not alphabetical order).
    const std::string_view input =
        R"({"я": 7, "б": 6, "Z": 3, "ё": 8, "": 1, "а": 5, "1": 2, "a": 4, "яя": 9})";
    EXPECT_EQ(canon(input), R"({"":1,"1":2,"Z":3,"a":4,"а":5,"б":6,"я":7,"яя":9,"ё":8})");
}

TEST(Canonical, StringEscapes) {
    // Only '"', '\\' and U+0000–U+001F are escaped; the five with a short form use it, the rest
    // \u00xx in lowercase hex. Everything else is written as raw UTF-8, escaped or not in the
    // input.
    EXPECT_EQ(canon(R"(["\u0000\u0001\u0007\b\t\n\u000b\f\r\u000E\u001f"])"),
              R"(["\u0000\u0001\u0007\b\t\n\u000b\f\r\u000e\u001f"])");
    EXPECT_EQ(canon(R"(["\u00e9", "\u00E9", "é"])"), "[\"\xC3\xA9\",\"\xC3\xA9\",\"\xC3\xA9\"]");
    EXPECT_EQ(canon(R"(["\u007f\u2028\u2029\/ "])"), "[\"\x7F\xE2\x80\xA8\xE2\x80\xA9/ \"]");
    EXPECT_EQ(canon(R"(["\"\\", "Пациентка \u0436\u0430\u043b\u0443\u0435\u0442\u0441\u044f"])"),
              R"(["\"\\","Пациентка жалуется"])");
    EXPECT_EQ(canon(R"({"\n\u0001": "\ud83d\ude00"})"), "{\"\\n\\u0001\":\"\xF0\x9F\x98\x80\"}");
}

TEST(Canonical, NestedAndEmpty) {
    EXPECT_EQ(canon("{}"), "{}");
    EXPECT_EQ(canon("[]"), "[]");
    EXPECT_EQ(canon(" [ {} , [ ] , { \"a\" : [ ] } ] "), R"([{},[],{"a":[]}])");
    EXPECT_EQ(canon(R"({"c": [{"z": 1, "y": [true, null]}, []], "b": [], "a": {"k": {"j": {}}}})"),
              R"({"a":{"k":{"j":{}}},"b":[],"c":[{"y":[true,null],"z":1},[]]})");
    EXPECT_EQ(canon(R"("top-level string")"), R"("top-level string")");
    EXPECT_EQ(canon("false"), "false");
    EXPECT_EQ(canon("null"), "null");
    EXPECT_EQ(canon("-12.50"), "-12.5");
}

TEST(Canonical, OmitsOneMember) {
    telemed::json::Arena arena;
    auto parsed = telemed::json::parse(R"({"hash": "x", "b": {"hash": 1}, "a": 2})", arena);
    ASSERT_TRUE(parsed.ok());
    std::string out = "prefix:";
    ASSERT_TRUE(telemed::json::canonicalize_to(parsed.value().as_object(), "hash", out));
    // Only the top-level member is left out; canonicalize_to appends.
    EXPECT_EQ(out, R"(prefix:{"a":2,"b":{"hash":1}})");
    out.clear();
    ASSERT_TRUE(telemed::json::canonicalize_to(parsed.value().as_object(), "none", out));
    EXPECT_EQ(out, R"({"a":2,"b":{"hash":1},"hash":"x"})");
}

TEST(Canonical, Idempotent) {
    // Numbers here have at most 15 significant digits, which Boost.JSON 1.81 reads exactly.
    const std::vector<std::string_view> documents = {
        R"({"b": 1, "a": [1.50, 2e3, -0.0, 1e-7, 1e21, 12345678901234]})",
        R"({"protocol": {"complaints": "Головная боль, \"давление\" 160/100", "t": 36.6},
            "list": [{"я": null}, {"a": true}], "\u00e9": "\u0001\t"})",
        R"([[], {}, [[[]]], {"": {"": ""}}])",
        R"({"emoji": "\ud83d\ude00", "\ufb33": 1, "\ud83d\ude00": 2, "\u20ac": 0.000001})",
        R"("\u2028 and \u007f")",
    };
    for (const std::string_view document : documents) {
        const std::string once = canon(document);
        ASSERT_FALSE(once.empty()) << document;
        EXPECT_EQ(canon(once), once) << document;
    }
}

} // namespace
