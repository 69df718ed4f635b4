// The harness's output: plain lines, TAP version 13 and JUnit XML (report.hpp).
#include "report.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <ostream>
#include <utility>

namespace telemed_conformance {

namespace {

constexpr const char* replacement_character = "\xEF\xBF\xBD"; // U+FFFD

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong forms,
// surrogates or code points above U+10FFFF) that XML 1.0 allows (not U+FFFE, U+FFFF); 0 if none.
std::size_t xml_utf8_length(const std::string& text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF; // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > text.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = i + 2; k < i + n; ++k) {
        if (byte(k) < 0x80 || byte(k) > 0xBF) {
            return 0;
        }
    }
    const bool noncharacter = n == 3 && lead == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE;
    return noncharacter ? 0 : n;
}

void append_xml_ascii(std::string& out, char c) {
    switch (c) {
    case '&':
        out += "&amp;";
        break;
    case '<':
        out += "&lt;";
        break;
    case '>':
        out += "&gt;";
        break;
    case '"':
        out += "&quot;";
        break;
    case '\'':
        out += "&apos;";
        break;
    case '\t':
        out += "&#9;"; // references, so that attribute values keep them
        break;
    case '\n':
        out += "&#10;";
        break;
    case '\r':
        out += "&#13;";
        break;
    default:
        if (static_cast<unsigned char>(c) < 0x20) {
            out += replacement_character; // XML 1.0 has no other control characters
        } else {
            out += c;
        }
    }
}

// A TAP test line's description: '#' would start a directive, a line break would end the line.
std::string tap_description(const std::string& label) {
    std::string out;
    for (char c : label) {
        if (c == '#' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// A YAML scalar: a JSON string is a valid YAML 1.2 double-quoted scalar.
std::string yaml_string(const std::string& text) {
    return boost::json::serialize(boost::json::value(boost::json::string(text)));
}

std::string seconds_text(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
    return buffer;
}

// A JUnit test case's class name: the vector file's name without its extension.
std::string class_name(const std::string& suite) {
    const auto dot = suite.rfind('.');
    return dot == std::string::npos || dot == 0 ? suite : suite.substr(0, dot);
}

} // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            append_xml_ascii(out, text[i]);
            ++i;
        } else if (const std::size_t n = xml_utf8_length(text, i); n != 0) {
            out.append(text, i, n);
            i += n;
        } else {
            out += replacement_character;
            ++i;
        }
    }
    return out;
}

Report::Report(std::ostream& out, Options options) : out_(out), options_(std::move(options)) {
    if (options_.junit) {
        junit_file_.open(*options_.junit, std::ios::binary | std::ios::trunc);
    }
    if (options_.tap) {
        out_ << "TAP version 13\n";
    }
}

void Report::note(const std::string& text) {
    out_ << (options_.tap ? "# " : "") << text << "\n";
}

void Report::begin_suite(const std::string& name, const std::string& path) {
    suites_.push_back(Suite{name, path, {}});
}

void Report::record(Outcome outcome) {
    if (outcome.passed()) {
        ++passed_;
    } else {
        ++failed_;
    }
    if (options_.tap) {
        print_tap(outcome);
    } else {
        print_plain(outcome);
    }
    if (suites_.empty()) {
        begin_suite(outcome.label, outcome.label);
    }
    suites_.back().outcomes.push_back(std::move(outcome));
}

void Report::print_plain(const Outcome& outcome) {
    if (outcome.passed()) {
        if (options_.verbose) {
            out_ << "PASS " << outcome.label << "\n";
        }
        return;
    }
    out_ << (outcome.error ? "ERROR " : "FAIL ") << outcome.label << ": " << outcome.failure
         << "\n";
}

void Report::print_tap(const Outcome& outcome) {
    const std::size_t number = passed_ + failed_;
    out_ << (outcome.passed() ? "ok " : "not ok ") << number << " - "
         << tap_description(outcome.label) << "\n";
    if (outcome.passed()) {
        return;
    }
    out_ << "  ---\n"
         << "  message: " << yaml_string(outcome.failure) << "\n"
         << "  severity: " << (outcome.error ? "error" : "fail") << "\n";
    if (!suites_.empty() && !outcome.error) {
        out_ << "  file: " << yaml_string(suites_.back().path) << "\n";
    }
    out_ << "  ...\n";
}

bool Report::finish(double seconds) {
    if (options_.tap) {
        out_ << "1.." << passed_ + failed_ << "\n";
    }
    out_ << passed_ << " passed, " << failed_ << " failed\n";
    out_.flush();
    return !options_.junit || write_junit(seconds);
}

bool Report::write_junit(double seconds) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    std::size_t failures = 0, errors = 0;
    std::string body;
    for (const auto& suite : suites_) {
        std::size_t suite_failures = 0, suite_errors = 0;
        double suite_seconds = 0;
        std::string cases;
        for (const auto& o : suite.outcomes) {
            suite_seconds += o.seconds;
            cases += "    <testcase name=\"" + xml_escape(o.label) + "\" classname=\"" +
                     xml_escape(class_name(suite.name)) + "\" time=\"" + seconds_text(o.seconds) +
                     "\"";
            if (o.passed()) {
                cases += "/>\n";
                continue;
            }
            const char* element = o.error ? "error" : "failure";
            ++(o.error ? suite_errors : suite_failures);
            cases += ">\n      <" + std::string(element) + " message=\"" + xml_escape(o.failure) +
                     "\">" + xml_escape(o.failure) + "</" + element + ">\n    </testcase>\n";
        }
        failures += suite_failures;
        errors += suite_errors;
        body += "  <testsuite name=\"" + xml_escape(suite.name) + "\" file=\"" +
                xml_escape(suite.path) + "\" tests=\"" + std::to_string(suite.outcomes.size()) +
                "\" failures=\"" + std::to_string(suite_failures) + "\" errors=\"" +
                std::to_string(suite_errors) + "\" skipped=\"0\" time=\"" +
                seconds_text(suite_seconds) + "\">\n" + cases + "  </testsuite>\n";
    }
    xml += "<testsuites name=\"telemed-conformance\" tests=\"" + std::to_string(passed_ + failed_) +
           "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
           "\" time=\"" + seconds_text(seconds) + "\">\n" + body + "</testsuites>\n";
    junit_file_ << xml;
    junit_file_.close();
    return !junit_file_.fail();
}

} // namespace telemed_conformance
