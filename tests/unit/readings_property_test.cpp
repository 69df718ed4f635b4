// Property test of the readings stream and batch (issue: "Nothing lost"): random batches mixing
// valid readings, broken JSON, bad UTF-8, implausible values, empty and over-long lines, cut into
// chunks at every byte; every input line gets exactly one result, in order, with its index, the
// same whatever the chunking, and every rejection names its reason.
#include <random>

#include "test_support.hpp"

namespace telemed {
namespace {

const auto now = test::utc(2026, 11, 27, 12, 0);

// What a generated line is, and the reason its rejection must name (empty when accepted).
struct Line {
    std::string text;
    std::string reason;
};

Line random_line(std::mt19937& random, int serial) {
    std::uniform_int_distribution<int> pick(0, 7);
    const std::string minute = std::to_string(10 + serial % 50);
    const std::string device = "dev-" + std::to_string(serial); // no accidental duplicates
    const std::string head = R"({"patient_ref":"P-1","device":{"id":")" + device +
                             R"("},"measured_at":"2026-11-27T08:)" + minute + R"(:00+03:00",)";
    switch (pick(random)) {
    case 0:
        return {head + R"("kind":"blood_pressure","blood_pressure":{"systolic":)" +
                    std::to_string(100 + serial % 70) + R"(,"diastolic":70,"unit":"mmHg"}})",
                ""};
    case 1:
        return {head + R"("kind":"glucose","glucose":{"value":5.)" + std::to_string(serial % 10) +
                    R"(,"unit":"mmol/L","meal":"fasting"}})",
                ""};
    case 2: // broken JSON: cut short
        return {head + R"("kind":"glucose","glucose":{"val)", "truncated_json"};
    case 3: // bad UTF-8 inside a string
        return {head + "\"kind\":\"glu\xC3\x28\"}", "invalid_utf8"};
    case 4: // implausible
        return {
            head +
                R"("kind":"blood_pressure","blood_pressure":{"systolic":320,"diastolic":70,"unit":"mmHg"}})",
            "implausible_value"};
    case 5: // unknown unit
        return {head + R"("kind":"glucose","glucose":{"value":100,"unit":"MGDL"}})",
                "unknown_unit"};
    case 6:
        return {"   ", "empty_line"};
    default: // longer than the stream's 1024-byte limit
        return {head + R"("kind":"glucose","glucose":{"value":5.5,"unit":"mmol/L"},"x":")" +
                    std::string(1100, 'a') + "\"}",
                "line_too_long"};
    }
}

// Runs a stream over `text` cut at the given chunk ends; returns the result lines.
std::vector<boost::json::object> run(const Context& ctx, const std::string& text,
                                     const std::vector<std::size_t>& cuts) {
    auto stream = readings::Stream::open(ctx, R"({"max_line_bytes":1024})");
    EXPECT_TRUE(stream.ok());
    std::string out;
    std::size_t from = 0;
    for (const auto cut : cuts) {
        EXPECT_EQ(stream.value().feed(std::string_view(text).substr(from, cut - from), out),
                  Status::ok);
        from = cut;
    }
    EXPECT_EQ(stream.value().feed(std::string_view(text).substr(from), out), Status::ok);
    EXPECT_EQ(stream.value().finish(out), Status::ok);
    EXPECT_EQ(stream.value().finish(out), Status::invalid_argument);
    std::vector<boost::json::object> results;
    std::size_t start = 0;
    while (start < out.size()) {
        const auto end = out.find('\n', start);
        EXPECT_NE(end, std::string::npos);
        results.push_back(boost::json::parse(out.substr(start, end - start)).as_object());
        start = end + 1;
    }
    return results;
}

void check(const std::vector<boost::json::object>& results, const std::vector<Line>& lines) {
    ASSERT_EQ(results.size(), lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& r = results[i];
        EXPECT_EQ(r.at("index").as_int64(), static_cast<std::int64_t>(i));
        const bool accepted = r.at("accepted").as_bool();
        EXPECT_EQ(accepted, lines[i].reason.empty()) << i << ": " << boost::json::serialize(r);
        if (!accepted) {
            const auto& problems = r.at("problems").as_array();
            ASSERT_FALSE(problems.empty()) << i;
            EXPECT_EQ(problems.at(0).at("code").as_string(), lines[i].reason)
                << i << ": " << boost::json::serialize(r);
        }
    }
}

TEST(ReadingsProperty, EveryLineOnceInOrderWhateverTheChunks) {
    const auto ctx = test::make_context("RU-KIR", now);
    std::mt19937 random(20261127);
    for (int round = 0; round < 20; ++round) {
        std::vector<Line> lines;
        std::string text;
        const int count = 1 + static_cast<int>(random() % 30);
        for (int i = 0; i < count; ++i) {
            lines.push_back(random_line(random, round * 100 + i));
            text += lines.back().text;
            text += (random() % 4 == 0) ? "\r\n" : "\n";
        }
        if (random() % 2 == 0) {
            text.pop_back(); // the last line without its newline (and a lone CR is dropped too)
            if (!text.empty() && text.back() == '\r') {
                text.pop_back();
            }
        }
        const auto whole = run(ctx, text, {});
        check(whole, lines);
        // Random chunk sizes, including 1-byte chunks.
        std::vector<std::size_t> cuts;
        for (std::size_t at = 0; at < text.size();) {
            at += 1 + random() % 64;
            if (at < text.size()) {
                cuts.push_back(at);
            }
        }
        EXPECT_EQ(run(ctx, text, cuts), whole);
    }
}

TEST(ReadingsProperty, ACutAtEveryByteChangesNothing) {
    const auto ctx = test::make_context("RU-KIR", now);
    std::mt19937 random(7);
    std::vector<Line> lines;
    std::string text;
    for (int i = 0; i < 8; ++i) {
        lines.push_back(random_line(random, i));
        if (lines.back().reason == "line_too_long") {
            lines.pop_back(); // keeps the text short enough to cut everywhere
            continue;
        }
        text += lines.back().text + "\n";
    }
    // Also a multi-byte character that a cut can split.
    lines.push_back(
        {R"({"patient_ref":"П-1","device":{"id":"d"},"kind":"blood_pressure","measured_at":"2026-11-27T08:00:00+03:00","blood_pressure":{"systolic":120,"diastolic":80,"unit":"mmHg"}})",
         ""});
    text += lines.back().text + "\n";
    const auto whole = run(ctx, text, {});
    check(whole, lines);
    for (std::size_t cut = 1; cut < text.size(); ++cut) {
        ASSERT_EQ(run(ctx, text, {cut}), whole) << "cut at " << cut;
    }
}

TEST(ReadingsProperty, BatchAccountsForEveryElement) {
    const auto ctx = test::make_context("RU-KIR", now);
    std::mt19937 random(99);
    for (int round = 0; round < 10; ++round) {
        std::vector<std::string> expected;
        std::string list;
        const int count = 1 + static_cast<int>(random() % 25);
        for (int i = 0; i < count; ++i) {
            auto line = random_line(random, round * 100 + i);
            // Inside one document only well-formed elements make sense.
            if (line.reason == "truncated_json" || line.reason == "invalid_utf8" ||
                line.reason == "empty_line" || line.reason == "line_too_long") {
                line = {R"({"patient_ref":"P-1"})", "missing_field"};
            }
            list += (i ? "," : "") + line.text;
            expected.push_back(line.reason);
        }
        const auto r = readings::validate_batch(ctx, R"({"readings":[)" + list + "]}");
        ASSERT_EQ(r.status, Status::ok) << r.json;
        const auto doc = test::output(r);
        const auto& results = doc.at("results").as_array();
        ASSERT_EQ(results.size(), expected.size());
        std::int64_t accepted = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            EXPECT_EQ(results[i].at("index").as_int64(), static_cast<std::int64_t>(i));
            EXPECT_EQ(results[i].at("accepted").as_bool(), expected[i].empty());
            accepted += results[i].at("accepted").as_bool() ? 1 : 0;
            if (!expected[i].empty()) {
                EXPECT_EQ(results[i].at("problems").at(0).at("code").as_string(), expected[i]);
            }
        }
        EXPECT_EQ(doc.at("accepted").as_int64(), accepted);
        EXPECT_EQ(doc.at("rejected").as_int64(),
                  static_cast<std::int64_t>(expected.size()) - accepted);
    }
}

} // namespace
} // namespace telemed
