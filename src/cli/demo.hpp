// `telemed demo`: what both parts of the demo share (demo.cpp, demo_voronezh.cpp, demo_kirov.cpp).
#pragma once

#include "common.hpp"

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

namespace telemed_cli {

/// Collects the demo's output: readable lines, and every step's output for --json.
class DemoReport {
public:
    /// A report in `lang`.
    explicit DemoReport(Lang lang) : lang_(lang) {}
    /// The language of the texts.
    [[nodiscard]] Lang lang() const { return lang_; }
    /// A section heading.
    void heading(std::string_view text);
    /// One line of text, indented by `level` steps.
    void line(int level, std::string_view text);
    /// Records a step's output (already free of personal data) under its name and operation.
    void step(std::string_view name, std::string_view operation, boost::json::value output);
    /// The text written so far.
    [[nodiscard]] std::string text() const { return text_.str(); }
    /// The steps recorded so far.
    [[nodiscard]] const boost::json::array& steps() const { return steps_; }

private:
    Lang lang_;
    std::ostringstream text_;
    boost::json::array steps_;
};

/// What the two parts of the demo get: the clock, the report and where errors go.
struct DemoRun {
    Lang lang;           ///< language of the texts
    std::int64_t now_ms; ///< the fixed clock
    DemoReport report;   ///< the output
};

/// Part 1: Voronezh, identification to the Госуслуги message. Exit::ok when every step went as
/// scripted.
Exit demo_voronezh(DemoRun& run);
/// Part 2: Kirov, a week of home readings and its effect on the next decision.
Exit demo_kirov(DemoRun& run);

/// Replaces personal data in a library output for display: patients' names and dates of birth
/// are dropped, СНИЛС and ЕНП masked by the library (identifier.validate).
boost::json::value redact(const Context& context, const boost::json::value& value);

/// The masked form of an identifier ("snils" or "enp") as the library writes it, or "***".
std::string masked_identifier(const Context& context, std::string_view type,
                              std::string_view value);

/// Reports a failed step: the library's error on stderr; returns its exit status.
Exit demo_failed(const DemoRun& run, std::string_view step, const CallResult& result);

/// The strings of the array at a pointer joined with ", " ("—" when absent or empty).
std::string joined(const boost::json::value* array);

} // namespace telemed_cli
