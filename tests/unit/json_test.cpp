// The strict JSON layer: limits, UTF-8, pointers, dates, instants, the field reader.
#include "core/dates.hpp"
#include "test_support.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed {
namespace {

// Parses in an arena of its own and keeps only the outcome (a parsed value must not outlive its
// arena).
Result<bool> parse(std::string_view text, const json::Limits& limits = {}) {
    json::Arena arena;
    auto r = json::parse(text, arena, limits);
    if (!r.ok()) {
        return r.error();
    }
    return true;
}

TEST(Parse, Limits) {
    json::Limits limits;
    limits.max_depth = 4;
    EXPECT_TRUE(parse("[[[[1]]]]", limits).ok());
    const auto deep = parse("[[[[[1]]]]]", limits);
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(deep.error().status, Status::limit);
    EXPECT_EQ(deep.error().problem.code, "nesting_too_deep");

    limits.max_string_bytes = 3;
    const auto long_string = parse(R"({"a":{"b c":"abcd"}})", limits);
    ASSERT_FALSE(long_string.ok());
    EXPECT_EQ(long_string.error().problem.pointer, "/a/b c");

    limits.max_document_bytes = 5;
    EXPECT_EQ(parse("[1,2,3]", limits).error().problem.code, "document_too_large");
}

TEST(Parse, Utf8IsCheckedPerFieldWithItsPointer) {
    EXPECT_TRUE(parse("[\"\xF0\x9F\x98\x80\"]").ok()); // U+1F600, four bytes
    EXPECT_TRUE(parse("[\"\xD0\x81\"]").ok());         // Ё
    const char* bad[] = {"[\"\xF5\x80\x80\x80\"]", "[\"\xE0\x80\x80\"]", "[\"\xF4\x90\x80\x80\"]",
                         "[\"\xC3\"]"};
    for (const char* doc : bad) {
        const auto r = parse(doc);
        ASSERT_FALSE(r.ok()) << doc;
        EXPECT_EQ(r.error().status, Status::invalid_utf8);
        EXPECT_EQ(r.error().problem.pointer, "/0");
    }
    // A bad key names the object that holds it.
    const auto key = parse("{\"a\":{\"\xFF\":1}}");
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().problem.pointer, "/a");
}

TEST(Parse, SyntaxErrors) {
    EXPECT_EQ(parse("").error().problem.code, "empty_document");
    EXPECT_EQ(parse("{\"a\":").error().problem.code, "truncated_json");
    EXPECT_EQ(parse("{\"a\":1,}").error().problem.code, "json_syntax");
    EXPECT_EQ(parse("[1] [2]").error().status, Status::json_syntax);
}

// Regression (issue 7, defect 1): a short key that starts with an escape arrives whole, as a view
// into the parser's reusable buffer; it used to be kept as that view.
TEST(Parse, EscapedKeysAreKeptInStableStorage) {
    // Two different escaped keys: refused as duplicates when the first key's view was overwritten.
    EXPECT_TRUE(parse(R"({"\u0061":1,"\u0062":2})").ok());
    EXPECT_TRUE(parse(R"({"\"":{"\t":1,"\n":2},"\u0041":[{"\u0041":1,"\u0042":2}]})").ok());
    // The pointer of a problem under an escaped key is that key, never bytes of a value.
    const auto r = parse(R"({"\u0041BCDEFGH":{"x":"ZZZZZZZZ","d":1,"d":2}})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem.code, "duplicate_key");
    EXPECT_EQ(r.error().problem.pointer, "/ABCDEFGH/d");
    // A real duplicate spelled two ways is still one key.
    const auto dup = parse(R"({"a":1,"\u0061":2})");
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().problem.pointer, "/a");
    // The fuzzer's reproducer (ASan: stack-buffer-overflow before the fix): an escaped key, twelve
    // nested objects, then a key with an escape and a truncated UTF-8 sequence.
    std::string doc = "{\"\\\"\":";
    for (int i = 0; i < 12; ++i) {
        doc += "{\"\":";
    }
    doc += "{\"\\t\xe1\"";
    ASSERT_EQ(doc.size(), 60u);
    const auto fuzzed = parse(doc);
    ASSERT_FALSE(fuzzed.ok());
    EXPECT_EQ(fuzzed.error().status, Status::invalid_utf8);
}

// Found by the fuzzers: a key "\u0000" made pointers that the C boundary cut at the NUL ("/" for
// "/\0"), naming another field.
TEST(Parse, KeysHoldingNulAreRefusedNamingTheirObject) {
    const auto r = parse(R"({"a":{"\u0000":"x"}})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, Status::json_syntax);
    EXPECT_EQ(r.error().problem.code, "nul_in_key");
    EXPECT_EQ(r.error().problem.pointer, "/a");
    EXPECT_EQ(parse(R"({"x\u0000y":1})").error().problem.pointer, "");
    EXPECT_TRUE(parse(R"({"a":"\u0000"})").ok()); // in a value it is only text
}

TEST(Parse, DuplicateKeysAreRejectedWithTheirPointer) {
    auto r = parse(R"({"sex":"male","name":{"family":"x"},"sex":"female"})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, Status::json_syntax);
    EXPECT_EQ(r.error().problem.code, "duplicate_key");
    EXPECT_EQ(r.error().problem.pointer, "/sex");
    r = parse(R"({"a":[1,{"b":1},{"c":{"d/e":1,"d/e":2}}]})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem.pointer, "/a/2/c/d~1e");
    // The same key in sibling objects is fine; a large object is checked too.
    EXPECT_TRUE(parse(R"([{"a":1},{"a":2}])").ok());
    std::string big = "{";
    for (int i = 0; i < 200; ++i) {
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    EXPECT_TRUE(parse(big + "\"last\":0}").ok());
    r = parse(big + "\"k7\":0}");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().problem.pointer, "/k7");
    // Escaped keys are compared after unescaping.
    EXPECT_FALSE(parse(R"({"a":1,"\u0061":2})").ok());
}

TEST(Writer, EscapesAndNests) {
    json::Writer w;
    w.begin_object()
        .member("plain", "Сёмина")
        .member("quote\"key", "a\"b\\c")
        .member("controls", std::string("x\n\t\r\x01y", 6))
        .key("list")
        .begin_array()
        .integer(-5)
        .boolean(false)
        .null()
        .begin_object()
        .end_object()
        .end_array()
        .key("dom")
        .value(boost::json::parse(R"({"k":[1,2]})"))
        .end_object();
    const std::string text = w.take();
    EXPECT_EQ(
        text,
        R"({"plain":"Сёмина","quote\"key":"a\"b\\c","controls":"x\n\t\r\u0001y","list":[-5,false,null,{}],"dom":{"k":[1,2]}})");
    EXPECT_EQ(boost::json::parse(text).at("controls").as_string(), std::string("x\n\t\r\x01y", 6));
}

TEST(Writer, LongStringsEscapedWhereverTheSpecialByteFalls) {
    // The eight-bytes-at-a-time scan must find a quote, a backslash or a control byte at any
    // offset.
    for (std::size_t at = 0; at < 24; ++at) {
        for (const char special : {'"', '\\', '\n', '\x1f', '\0'}) {
            std::string text(24, 'a');
            text[at] = special;
            json::Writer w;
            w.string(text);
            const auto parsed = boost::json::parse(w.take());
            EXPECT_EQ(parsed.as_string(), text) << at << " " << static_cast<int>(special);
        }
    }
}

TEST(Pointer, EscapesAsRfc6901Says) {
    EXPECT_EQ(json::pointer_key("", "a/b"), "/a~1b");
    EXPECT_EQ(json::pointer_key("/x", "m~n"), "/x/m~0n");
    EXPECT_EQ(json::pointer_index("/list", 12), "/list/12");
}

TEST(Dates, OnlyRealCalendarDates) {
    EXPECT_TRUE(json::parse_date("2028-02-29"));
    EXPECT_FALSE(json::parse_date("2027-02-29"));
    EXPECT_FALSE(json::parse_date("2026-02-30"));
    EXPECT_FALSE(json::parse_date("2026-04-31"));
    EXPECT_FALSE(json::parse_date("2026-13-01"));
    EXPECT_FALSE(json::parse_date("2026-1-01"));
    EXPECT_FALSE(json::parse_date("26-01-01"));
    EXPECT_FALSE(json::parse_date("2026-01-01T00:00"));
    EXPECT_FALSE(json::parse_date("0000-01-01"));
    EXPECT_EQ(json::format_date(*json::parse_date("2026-03-09")), "2026-03-09");
}

TEST(Instants, Rfc3339WithOffset) {
    const auto a = dates::parse_instant("2026-03-10T23:30:00+07:00");
    ASSERT_TRUE(a);
    EXPECT_EQ(*a, test::utc(2026, 3, 10, 16, 30));
    EXPECT_EQ(*dates::parse_instant("2026-03-10T16:30:00Z"), test::utc(2026, 3, 10, 16, 30));
    EXPECT_EQ(*dates::parse_instant("2026-03-10T16:30:00.250Z"),
              test::utc(2026, 3, 10, 16, 30) + std::chrono::milliseconds(250));
    EXPECT_FALSE(dates::parse_instant("2026-03-10T16:30:00"));
    EXPECT_FALSE(dates::parse_instant("2026-03-10T24:00:00Z"));
    EXPECT_FALSE(dates::parse_instant("2026-02-30T10:00:00Z"));
    EXPECT_FALSE(dates::parse_instant("2026-03-10T10:00:00+0700"));
    EXPECT_FALSE(dates::parse_instant("2026-03-10T10:00:00Zjunk"));
    // 64-bit nanoseconds reach 2262: instants are held to 1900–2199 (the mutation test found 2526).
    EXPECT_TRUE(dates::parse_instant("2199-12-31T23:59:59Z"));
    EXPECT_FALSE(dates::parse_instant("2200-01-01T00:00:00Z"));
    EXPECT_FALSE(dates::parse_instant("2526-03-10T10:00:00Z"));
    EXPECT_FALSE(dates::parse_instant("1899-12-31T23:59:59Z"));
}

TEST(Zones, ExistenceCheckedWithoutLoadingTheDatabase) {
    EXPECT_TRUE(dates::zone_exists("Asia/Novosibirsk"));
    EXPECT_TRUE(dates::zone_exists("Europe/Kirov"));
    EXPECT_TRUE(dates::zone_exists("UTC"));
    EXPECT_FALSE(dates::zone_exists("Asia"));          // a directory
    EXPECT_FALSE(dates::zone_exists("zone.tab"));      // a table, and '.' is refused
    EXPECT_FALSE(dates::zone_exists("../etc/passwd")); // no escaping the directory
    EXPECT_FALSE(dates::zone_exists("/etc/passwd"));
    EXPECT_FALSE(dates::zone_exists("Mars/Olympus"));
    EXPECT_FALSE(dates::zone_exists(""));
}

TEST(Zones, FromTheTzDatabase) {
    EXPECT_NE(dates::find_zone("Asia/Kamchatka"), nullptr);
    EXPECT_EQ(dates::find_zone("Asia/Nowhere"), nullptr);
    EXPECT_EQ(dates::find_zone(""), nullptr);
}

TEST(Reader, CollectsEveryProblem) {
    json::Arena arena;
    const auto doc = json::parse(R"({"a":"x","b":1,"c":"2026-02-30","d":"z","extra":true})", arena);
    ASSERT_TRUE(doc.ok());
    json::Problems problems;
    json::ObjectReader r(doc.value(), "", problems);
    EXPECT_TRUE(r.string("a", true, 10));
    EXPECT_FALSE(r.string("b", true, 10));
    EXPECT_FALSE(r.date("c", true));
    EXPECT_FALSE(r.one_of("d", true, {"x", "y"}));
    EXPECT_FALSE(r.boolean("missing", true));
    r.finish();
    const auto& all = problems.all();
    ASSERT_EQ(all.size(), 5u);
    EXPECT_EQ(all[0].code, "wrong_type");
    EXPECT_EQ(all[0].pointer, "/b");
    EXPECT_EQ(all[1].code, "invalid_date");
    EXPECT_EQ(all[2].code, "invalid_value");
    EXPECT_EQ(all[3].code, "missing_field");
    EXPECT_EQ(all[3].pointer, "/missing");
    EXPECT_EQ(all[4].code, "unknown_field");
    EXPECT_EQ(all[4].pointer, "/extra");
}

} // namespace
} // namespace telemed
