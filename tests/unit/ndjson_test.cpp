// NDJSON line splitting: the same lines whatever the chunk boundaries, CRLF, over-long lines with
// bounded memory, and the end of the stream. Expected lines are worked out by hand.
#include <cstddef>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "readings/ndjson.hpp"

namespace telemed::readings {
namespace {

// A line as handed out, copied so it outlives the sink call.
struct Got {
    std::size_t index;
    std::string text;
    bool too_long;
    std::size_t bytes;
    bool operator==(const Got&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Got& g) {
    return out << "#" << g.index << (g.too_long ? " too long " : " \"") << g.text
               << (g.too_long ? "" : "\"") << " (" << g.bytes << " bytes)";
}

struct Collect {
    std::vector<Got>* out;
    void operator()(const LineSplitter::Line& line) const {
        out->push_back({line.index, std::string(line.text), line.too_long, line.bytes});
    }
};

Got text_line(std::size_t index, std::string text) {
    const std::size_t bytes = text.size();
    return {index, std::move(text), false, bytes};
}

Got long_line(std::size_t index, std::size_t bytes) {
    return {index, "", true, bytes};
}

// Feeds `chunks` in order, then finishes; checks the buffer bound after every feed.
std::vector<Got> split(const std::vector<std::string_view>& chunks,
                       std::size_t max = LineSplitter::default_max_line_bytes) {
    LineSplitter splitter(max);
    std::vector<Got> got;
    for (const auto chunk : chunks) {
        splitter.feed(chunk, Collect{&got});
        EXPECT_LE(splitter.buffered_bytes(), max);
        EXPECT_EQ(splitter.lines_seen(), got.size());
    }
    splitter.finish(Collect{&got});
    EXPECT_EQ(splitter.lines_seen(), got.size());
    EXPECT_EQ(splitter.buffered_bytes(), 0u);
    return got;
}

// Seven lines exercising CRLF, a bare '\r' inside a line, an empty line, a blank line, a
// two-byte UTF-8 letter (л is D0 BB) that a split can cut in two, and a last line without '\n'.
constexpr std::string_view mixed = "{\"a\":1}\r\n" // 0: {"a":1}           (9 bytes with CRLF)
                                   "\n"            // 1: (empty)
                                   "  \t\r\n"      // 2: "  \t"
                                   "x\ry\n"        // 3: "x\ry" (a '\r' not before '\n' stays)
                                   "\r\r\n"        // 4: "\r"   (only the last '\r' goes)
                                   "линия\n"       // 5: "линия" (10 bytes)
                                   "last";         // 6: "last" (no '\n': handed out by finish)

std::vector<Got> mixed_lines() {
    return {text_line(0, "{\"a\":1}"), text_line(1, ""),   text_line(2, "  \t"),
            text_line(3, "x\ry"),      text_line(4, "\r"), text_line(5, "линия"),
            text_line(6, "last")};
}

TEST(NdjsonSplit, WholeInputInOneChunk) {
    const auto got = split({mixed});
    EXPECT_EQ(got, mixed_lines());
    EXPECT_EQ(got[5].bytes, 10u);
}

TEST(NdjsonSplit, EverySplitPointGivesTheSameLines) {
    for (std::size_t at = 0; at <= mixed.size(); ++at) {
        EXPECT_EQ(split({mixed.substr(0, at), mixed.substr(at)}), mixed_lines()) << "at " << at;
    }
}

TEST(NdjsonSplit, EveryPairOfSplitPointsGivesTheSameLines) {
    for (std::size_t a = 0; a <= mixed.size(); ++a) {
        for (std::size_t b = a; b <= mixed.size(); ++b) {
            EXPECT_EQ(split({mixed.substr(0, a), mixed.substr(a, b - a), mixed.substr(b)}),
                      mixed_lines())
                << "at " << a << " and " << b;
        }
    }
}

TEST(NdjsonSplit, OneByteAtATime) {
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < mixed.size(); ++i) {
        bytes.push_back(mixed.substr(i, 1));
    }
    EXPECT_EQ(split(bytes), mixed_lines());
}

TEST(NdjsonSplit, LinesInsideOneChunkAreViewsIntoIt) {
    const std::string chunk = "ab\ncd\r\nef";
    LineSplitter splitter;
    std::vector<const char*> starts;
    splitter.feed(chunk,
                  [&](const LineSplitter::Line& line) { starts.push_back(line.text.data()); });
    ASSERT_EQ(starts.size(), 2u);
    EXPECT_EQ(starts[0], chunk.data());     // "ab" at 0
    EXPECT_EQ(starts[1], chunk.data() + 3); // "cd" at 3
    // "ef" had no '\n' yet: it was copied into the buffer.
    EXPECT_EQ(splitter.buffered_bytes(), 2u);
}

TEST(NdjsonSplit, CrlfSplitBetweenCrAndLf) {
    LineSplitter splitter;
    std::vector<Got> got;
    splitter.feed("abc\r", Collect{&got});
    EXPECT_TRUE(got.empty());
    // The '\r' is held back until the next byte says whether it ends the line.
    EXPECT_EQ(splitter.buffered_bytes(), 3u);
    splitter.feed("\ndef\r", Collect{&got});
    splitter.feed("\n", Collect{&got});
    splitter.finish(Collect{&got});
    EXPECT_EQ(got, (std::vector<Got>{text_line(0, "abc"), text_line(1, "def")}));
}

TEST(NdjsonSplit, CrFollowedByOtherBytesInTheNextChunkStays) {
    // "abc\r" then "x\n": the '\r' was inside the line.
    EXPECT_EQ(split({"abc\r", "x\n"}), (std::vector<Got>{text_line(0, "abc\rx")}));
    // A lone "\r" chunk between two parts of a line.
    EXPECT_EQ(split({"a", "\r", "b\n"}), (std::vector<Got>{text_line(0, "a\rb")}));
    // "\r" then "\r\n": the first '\r' belongs to the line, the second goes with the '\n'.
    EXPECT_EQ(split({"\r", "\r\n"}), (std::vector<Got>{text_line(0, "\r")}));
}

TEST(NdjsonSplit, LastLineWithoutNewline) {
    EXPECT_EQ(split({"a\nb"}), (std::vector<Got>{text_line(0, "a"), text_line(1, "b")}));
    // A final '\r' is dropped at the end of the stream as before a '\n'.
    EXPECT_EQ(split({"a\r\nb\r"}), (std::vector<Got>{text_line(0, "a"), text_line(1, "b")}));
    // A stream ending in '\n' has no extra empty line.
    EXPECT_EQ(split({"a\nb\n"}), (std::vector<Got>{text_line(0, "a"), text_line(1, "b")}));
    EXPECT_EQ(split({"a\r\n"}), (std::vector<Got>{text_line(0, "a")}));
}

TEST(NdjsonSplit, EmptyInputHasNoLine) {
    EXPECT_TRUE(split({}).empty());
    EXPECT_TRUE(split({""}).empty());
    EXPECT_TRUE(split({"", "", ""}).empty());
}

TEST(NdjsonSplit, EmptyAndBlankLinesAreHandedOut) {
    EXPECT_EQ(split({"\n"}), (std::vector<Got>{text_line(0, "")}));
    EXPECT_EQ(split({"\r\n"}), (std::vector<Got>{text_line(0, "")}));
    // A stream of one '\r' and nothing else: one line, its '\r' dropped at the end.
    EXPECT_EQ(split({"\r"}), (std::vector<Got>{text_line(0, "")}));
    EXPECT_EQ(split({"\n\n \t\n"}),
              (std::vector<Got>{text_line(0, ""), text_line(1, ""), text_line(2, " \t")}));
}

TEST(NdjsonSplit, OverLongLineInOneChunk) {
    // Limit 4: "12345" (5 bytes) is over; "abcd" (4) fits, also with a CRLF (the '\r' does not
    // count); "abcde\r" is 5 bytes of text.
    EXPECT_EQ(split({"12345\nabcd\nabcd\r\nabcde\r\nxy"}, 4),
              (std::vector<Got>{long_line(0, 5), text_line(1, "abcd"), text_line(2, "abcd"),
                                long_line(3, 5), text_line(4, "xy")}));
    // The same input a byte at a time gives the same lines.
    const std::string_view input = "12345\nabcd\nabcd\r\nabcde\r\nxy";
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < input.size(); ++i) {
        bytes.push_back(input.substr(i, 1));
    }
    EXPECT_EQ(split(bytes, 4), split({input}, 4));
}

TEST(NdjsonSplit, OverLongLineOverManyChunksStaysBounded) {
    constexpr std::size_t limit = 64;
    const std::string long_text(1000, 'x');
    const std::string input =
        "ok\n" + long_text + "\r\nafter\n" + std::string(64, 'y') + "\n" + std::string(65, 'z');
    // "ok\n" is bytes 0–2, the long line 3–1002, its '\r' 1003 and '\n' 1004. Chunks of 5 bring
    // "\r\n" together (chunk 1000–1004); chunks of 4 split them (1000–1003 ends with the '\r',
    // 1004 starts the next); chunks of 1 split everything.
    for (const std::size_t step : {std::size_t{5}, std::size_t{4}, std::size_t{1}}) {
        LineSplitter s(limit);
        std::vector<Got> lines;
        for (std::size_t at = 0; at < input.size(); at += step) {
            s.feed(std::string_view(input).substr(at, step), Collect{&lines});
            EXPECT_LE(s.buffered_bytes(), limit) << "step " << step << " at " << at;
            EXPECT_LE(s.buffer_capacity(), limit) << "step " << step;
        }
        s.finish(Collect{&lines});
        EXPECT_EQ(lines,
                  (std::vector<Got>{text_line(0, "ok"), long_line(1, 1000), text_line(2, "after"),
                                    text_line(3, std::string(64, 'y')), long_line(4, 65)}))
            << "step " << step;
    }
}

TEST(NdjsonSplit, LimitZeroKeepsOnlyEmptyLines) {
    EXPECT_EQ(split({"\n\r\nx\n"}, 0),
              (std::vector<Got>{text_line(0, ""), text_line(1, ""), long_line(2, 1)}));
    EXPECT_EQ(split({"\n", "\r", "\n", "x", "\n"}, 0),
              (std::vector<Got>{text_line(0, ""), text_line(1, ""), long_line(2, 1)}));
}

TEST(NdjsonSplit, IndicesFollowTheStream) {
    const auto got = split({"a\nb", "\nc\n", "\n", "d"});
    ASSERT_EQ(got.size(), 5u);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].index, i);
    }
    EXPECT_EQ(got[3], text_line(3, ""));
    EXPECT_EQ(got[4], text_line(4, "d"));
}

TEST(NdjsonSplit, FeedingAfterFinishIsALogicError) {
    LineSplitter splitter;
    std::vector<Got> got;
    splitter.feed("a", Collect{&got});
    splitter.finish(Collect{&got});
    EXPECT_TRUE(splitter.finished());
    EXPECT_THROW(splitter.feed("b\n", Collect{&got}), std::logic_error);
    EXPECT_THROW(splitter.finish(Collect{&got}), std::logic_error);
    EXPECT_EQ(got, (std::vector<Got>{text_line(0, "a")}));
    EXPECT_EQ(splitter.lines_seen(), 1u);
}

TEST(NdjsonSplit, ASinkThatThrowsLeavesTheSplitterUsable) {
    LineSplitter splitter;
    std::vector<Got> got;
    splitter.feed("ab", Collect{&got});
    const auto refuse = [](const LineSplitter::Line&) { throw std::runtime_error("sink"); };
    EXPECT_THROW(splitter.feed("c\nd", refuse), std::runtime_error);
    // "abc" counts as handed out; "d" after it was not read.
    EXPECT_EQ(splitter.lines_seen(), 1u);
    EXPECT_EQ(splitter.buffered_bytes(), 0u);
    splitter.feed("e\n", Collect{&got});
    EXPECT_EQ(got, (std::vector<Got>{text_line(1, "e")}));
}

} // namespace
} // namespace telemed::readings
