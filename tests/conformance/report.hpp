// What telemed-conformance prints (docs/conformance.md, "Output"): the plain lines, or TAP version
// 13 on standard output, and optionally a JUnit XML file beside either. The closing line is always
// exactly "N passed, N failed".
#pragma once

#include <cstddef>
#include <fstream>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace telemed_conformance {

// One result: a case, or a file or path that could not be used (an error, counted as a failure).
struct Outcome {
    std::string label;   // the case id ("file.json#3" when the case has none), or the path
    std::string failure; // what differed first; empty when it passed
    bool error = false;  // a file or path that could not be used, not a case
    double seconds = 0;  // time taken (JUnit only)

    bool passed() const { return failure.empty(); }
};

// Where the results go, as they come.
class Report {
public:
    struct Options {
        bool verbose = false;             // plain output: a PASS line for each passing case
        bool tap = false;                 // TAP version 13 instead of the plain lines
        std::optional<std::string> junit; // also write JUnit XML to this file
    };

    // Opens the JUnit file at once, so that a path that cannot be written stops the harness
    // before any case runs; `opened()` tells. Prints the TAP version line in TAP mode.
    Report(std::ostream& out, Options options);

    bool opened() const { return !options_.junit || junit_file_.is_open(); }

    // A line about the run (the library, the vectors): as is, or a TAP comment.
    void note(const std::string& text);

    // The results that follow belong to this vector file, or to this path argument.
    void begin_suite(const std::string& name, const std::string& path);

    void record(Outcome outcome);

    // The TAP plan, the closing line and the JUnit file. False when the JUnit file could not be
    // written.
    bool finish(double seconds);

    std::size_t passed() const { return passed_; }
    std::size_t failed() const { return failed_; }

private:
    struct Suite {
        std::string name, path;
        std::vector<Outcome> outcomes;
    };

    void print_plain(const Outcome& outcome);
    void print_tap(const Outcome& outcome);
    bool write_junit(double seconds);

    std::ostream& out_;
    Options options_;
    std::ofstream junit_file_;
    std::vector<Suite> suites_;
    std::size_t passed_ = 0;
    std::size_t failed_ = 0;
};

// `text` escaped for XML character data and attribute values: markup characters as references,
// bytes that are not UTF-8 and characters XML 1.0 does not allow as U+FFFD.
std::string xml_escape(const std::string& text);

} // namespace telemed_conformance
