// telemed-conformance: the conformance harness a vendor runs on their own build of telemed
// (docs/conformance.md). It loads the library with dlopen and reaches it only through dlsym
// (library.hpp), runs the JSON vectors through its C API, and reports as plain lines, TAP or JUnit
// (report.hpp). Boost.JSON reads the vector files and compares the outputs.
//
// Usage: telemed-conformance [--library PATH] [--tap] [--junit FILE] [-v] [FILE_OR_DIR...]
// Exit status: 0 every case passed, 1 some case failed, 2 the harness could not run.
#include <algorithm>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "library.hpp"
#include "report.hpp"
#include "telemed.h"

namespace {

namespace bj = boost::json;
namespace fs = std::filesystem;

// -------------------------------------------------------------------------------------------------
// Operations: the names used in vector files and the C functions they call, from the loaded
// library's own list (Library::find_operation, tests/robustness/conformance_cases.hpp).
// -------------------------------------------------------------------------------------------------

using telemed_conformance::Library;
using telemed_conformance::Outcome;
using telemed_conformance::Report;
using telemed_threads::Operation;

// Not in the table: the case creates the context and checks that step itself.
constexpr std::string_view context_new = "context.new";

// -------------------------------------------------------------------------------------------------
// Small helpers.
// -------------------------------------------------------------------------------------------------

// Frees with the loaded library's own functions.
struct ContextDeleter {
    decltype(&tm_context_free) context_free;
    void operator()(tm_context* c) const noexcept { context_free(c); }
};
using ContextPtr = std::unique_ptr<tm_context, ContextDeleter>;

struct StringDeleter {
    decltype(&tm_string_free) string_free;
    void operator()(char* s) const noexcept { string_free(s); }
};
using StringPtr = std::unique_ptr<char, StringDeleter>;

// A vector file (or case) that breaks the format.
struct FormatError {
    std::string message;
};

std::string show(const bj::value& v) {
    std::string s = bj::serialize(v);
    constexpr std::size_t max_shown = 300;
    if (s.size() > max_shown) {
        s.resize(max_shown);
        s += "...";
    }
    return s;
}

std::string json_string(std::string_view s) {
    return bj::serialize(bj::value(bj::string(s)));
}

// One RFC 6901 reference token.
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

// -------------------------------------------------------------------------------------------------
// "now": an RFC 3339 instant with an offset → milliseconds since 1970-01-01T00:00:00Z.
// -------------------------------------------------------------------------------------------------

std::optional<int> digits(std::string_view s, std::size_t from, std::size_t count) {
    if (from + count > s.size()) {
        return std::nullopt;
    }
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); the fraction is truncated to milliseconds.
std::optional<std::int64_t> parse_instant_ms(std::string_view s) {
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':') {
        return std::nullopt;
    }
    const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    const auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
    if (!y || !mo || !d || !h || !mi || !sec || *h > 23 || *mi > 59 || *sec > 59) {
        return std::nullopt;
    }
    const std::chrono::year_month_day day{std::chrono::year{*y},
                                          std::chrono::month{static_cast<unsigned>(*mo)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!day.ok()) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t count = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (count < 3) {
                millis = millis * 10 + (s[pos] - '0');
            }
            ++pos;
            ++count;
        }
        if (count == 0) {
            return std::nullopt;
        }
        for (; count < 3; ++count) {
            millis *= 10;
        }
    }
    std::int64_t offset_minutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        const auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
        if (!oh || !om || s[pos + 3] != ':' || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offset_minutes = sign * (*oh * 60 + *om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const auto local = sys_days(day).time_since_epoch() + hours{*h} + minutes{*mi} + seconds{*sec};
    return duration_cast<milliseconds>(local).count() + millis - offset_minutes * 60 * 1000;
}

std::int64_t fixed_clock(void* user_data) {
    return *static_cast<const std::int64_t*>(user_data);
}

// -------------------------------------------------------------------------------------------------
// Duplicate keys: Boost.JSON keeps only the last one, which would hide a mistake in a vector file.
// -------------------------------------------------------------------------------------------------

class DuplicateKeyFinder {
    struct Frame {
        bool object = false;
        std::set<std::string> keys;
        std::string key;       // the key of the value being read (objects)
        std::size_t count = 0; // values seen so far (arrays)
    };
    std::vector<Frame> frames_;
    std::string key_;

    void value_begins() {
        if (!frames_.empty() && !frames_.back().object) {
            ++frames_.back().count;
        }
    }

public:
    constexpr static std::size_t max_object_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_array_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_key_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_string_size = static_cast<std::size_t>(-1);

    std::string duplicate; // JSON pointer of the first duplicate key; empty when none

    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) {
        value_begins();
        frames_.push_back(Frame{true, {}, {}, 0});
        return true;
    }
    bool on_object_end(std::size_t, bj::error_code&) {
        frames_.pop_back();
        return true;
    }
    bool on_array_begin(bj::error_code&) {
        value_begins();
        frames_.push_back(Frame{false, {}, {}, 0});
        return true;
    }
    bool on_array_end(std::size_t, bj::error_code&) {
        frames_.pop_back();
        return true;
    }
    bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
        key_.append(s.data(), s.size());
        auto& top = frames_.back();
        top.key = key_;
        if (!top.keys.insert(key_).second && duplicate.empty()) {
            for (const auto& f : frames_) {
                // Appended in two steps: GCC 12's -Wrestrict misreads `"/" + std::string` at -O3.
                duplicate.push_back('/');
                duplicate.append(f.object ? pointer_token(f.key) : std::to_string(f.count - 1));
            }
        }
        key_.clear();
        return true;
    }
    bool on_string_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_string(bj::string_view, std::size_t, bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t, bj::string_view, bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_uint64(std::uint64_t, bj::string_view, bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_double(double, bj::string_view, bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_bool(bool, bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_null(bj::error_code&) {
        value_begins();
        return true;
    }
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

// Parses a whole vector file strictly: well-formed JSON, no duplicate keys.
bj::value parse_vector_file(const std::string& text) {
    bj::error_code ec;
    bj::value value = bj::parse(text, ec);
    if (ec) {
        throw FormatError{"not valid JSON: " + ec.message()};
    }
    bj::basic_parser<DuplicateKeyFinder> finder(bj::parse_options{});
    finder.write_some(false, text.data(), text.size(), ec);
    if (!ec && !finder.handler().duplicate.empty()) {
        throw FormatError{"duplicate key at " + finder.handler().duplicate};
    }
    return value;
}

// -------------------------------------------------------------------------------------------------
// The subset rule.
// -------------------------------------------------------------------------------------------------

struct Mismatch {
    std::string pointer;
    std::string expected;
    std::string actual;
};

bool is_integer(const bj::value& v) {
    return v.is_int64() || v.is_uint64();
}

bool numbers_equal(const bj::value& a, const bj::value& b) {
    if (is_integer(a) && is_integer(b)) {
        if (a.is_int64() && b.is_int64()) {
            return a.get_int64() == b.get_int64();
        }
        if (a.is_uint64() && b.is_uint64()) {
            return a.get_uint64() == b.get_uint64();
        }
        const auto& i = a.is_int64() ? a : b;
        const auto& u = a.is_uint64() ? a : b;
        return i.get_int64() >= 0 && static_cast<std::uint64_t>(i.get_int64()) == u.get_uint64();
    }
    return a.to_number<double>() == b.to_number<double>();
}

// Objects: every expected key present and matching; arrays: same length, element-wise; scalars:
// equal. Returns the first mismatch in the expected document's order.
std::optional<Mismatch> match_subset(const bj::value& expected, const bj::value& actual,
                                     const std::string& pointer) {
    const auto differ = [&] { return Mismatch{pointer, show(expected), show(actual)}; };
    if (expected.is_object()) {
        if (!actual.is_object()) {
            return differ();
        }
        const auto& actual_object = actual.get_object();
        for (const auto& kv : expected.get_object()) {
            const std::string at = pointer + "/" + pointer_token(kv.key());
            const auto* a = actual_object.if_contains(kv.key());
            if (a == nullptr) {
                return Mismatch{at, show(kv.value()), "(absent)"};
            }
            if (auto m = match_subset(kv.value(), *a, at)) {
                return m;
            }
        }
        return std::nullopt;
    }
    if (expected.is_array()) {
        if (!actual.is_array()) {
            return differ();
        }
        const auto& e = expected.get_array();
        const auto& a = actual.get_array();
        if (e.size() != a.size()) {
            return Mismatch{pointer, "an array of " + std::to_string(e.size()) + ": " + show(e),
                            "an array of " + std::to_string(a.size()) + ": " + show(a)};
        }
        for (std::size_t i = 0; i < e.size(); ++i) {
            if (auto m = match_subset(e[i], a[i], pointer + "/" + std::to_string(i))) {
                return m;
            }
        }
        return std::nullopt;
    }
    if (expected.is_number() && actual.is_number()) {
        return numbers_equal(expected, actual) ? std::nullopt : std::optional(differ());
    }
    return expected == actual ? std::nullopt : std::optional(differ());
}

// -------------------------------------------------------------------------------------------------
// One case.
// -------------------------------------------------------------------------------------------------

struct Expectation {
    std::string status;
    std::optional<bj::value> output;
    std::optional<bj::value> error;
};

struct Case {
    std::string id;
    std::string operation;
    std::int64_t now_ms = 0;
    std::string jurisdiction;
    std::optional<std::string> time_zone;
    std::optional<std::string> config; // serialised
    std::optional<std::string> input;  // the bytes sent
    Expectation expect;
    // Further calls on the same context whose inputs take values from earlier outputs ("then":
    // one step {"operation", "input", "insert": [{"from", "to", "step"?}], "expect"} or an array
    // of them): how a bot passes readings.summary's facts.alerts to eligibility.evaluate, or a
    // consultation's snapshot from one event to the next. An insert reads the output of call
    // `step` (0 is the case's own call, k the k-th step), by default the call just before.
    struct Insert {
        std::string from, to;
        std::optional<std::size_t> step;
    };
    struct Then {
        std::string operation;
        bj::value input;
        std::vector<Insert> inserts;
        Expectation expect;
    };
    std::vector<Then> then;
};

const std::set<std::string_view> case_keys = {"id",           "description", "operation", "now",
                                              "jurisdiction", "time_zone",   "config",    "input",
                                              "input_text",   "expect",      "then"};
const std::set<std::string_view> then_keys = {"operation", "input", "insert", "expect"};
const std::set<std::string_view> expect_keys = {"status", "output", "error"};

const bj::string& required_string(const bj::object& o, std::string_view key,
                                  std::string_view where) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) {
        throw FormatError{std::string(where) + ": \"" + std::string(key) + "\" is missing"};
    }
    if (!v->is_string()) {
        throw FormatError{std::string(where) + ": \"" + std::string(key) + "\" must be a string"};
    }
    return v->get_string();
}

std::optional<std::string> optional_string(const bj::object& o, std::string_view key,
                                           std::string_view where) {
    if (!o.contains(key)) {
        return std::nullopt;
    }
    return std::string(required_string(o, key, where));
}

void reject_unknown_keys(const bj::object& o, const std::set<std::string_view>& allowed,
                         std::string_view where) {
    for (const auto& kv : o) {
        if (allowed.count(std::string_view(kv.key())) == 0) {
            throw FormatError{std::string(where) + ": unknown key \"" + std::string(kv.key()) +
                              "\""};
        }
    }
}

Expectation read_expectation(const Library& library, const bj::object& o, bool context_new_case);

// Reads one step of a case's "then" strictly; `index` is its step number (1, 2, …).
Case::Then read_then(const Library& library, const bj::value& v, std::size_t index) {
    if (!v.is_object()) {
        throw FormatError{"case: \"then\" must be an object or an array of objects"};
    }
    const auto& o = v.get_object();
    reject_unknown_keys(o, then_keys, "then");
    Case::Then t;
    t.operation = required_string(o, "operation", "then");
    const Operation* op = library.find_operation(t.operation);
    if (op == nullptr || !op->takes_document) {
        throw FormatError{"then: " + json_string(t.operation) +
                          " is not an operation on a document"};
    }
    if (!o.contains("input") || !o.at("input").is_object()) {
        throw FormatError{"then: \"input\" must be an object"};
    }
    t.input = o.at("input");
    const auto* inserts = o.if_contains("insert");
    if (inserts == nullptr || !inserts->is_array() || inserts->get_array().empty()) {
        throw FormatError{"then: \"insert\" must be a non-empty array"};
    }
    for (const auto& item : inserts->get_array()) {
        if (!item.is_object()) {
            throw FormatError{"then: an insert must be an object"};
        }
        reject_unknown_keys(item.get_object(), {"from", "to", "step"}, "then.insert");
        Case::Insert insert{std::string(required_string(item.get_object(), "from", "then.insert")),
                            std::string(required_string(item.get_object(), "to", "then.insert")),
                            std::nullopt};
        if (const auto* step = item.get_object().if_contains("step")) {
            if (!step->is_int64() || step->get_int64() < 0 ||
                static_cast<std::size_t>(step->get_int64()) >= index) {
                throw FormatError{"then.insert: \"step\" must name an earlier call"};
            }
            insert.step = static_cast<std::size_t>(step->get_int64());
        }
        t.inserts.push_back(std::move(insert));
    }
    const auto* expect = o.if_contains("expect");
    if (expect == nullptr || !expect->is_object()) {
        throw FormatError{"then: \"expect\" must be an object"};
    }
    t.expect = read_expectation(library, expect->get_object(), false);
    return t;
}

// Reads one case strictly; throws FormatError naming what is wrong.
Case read_case(const Library& library, const bj::object& o) {
    reject_unknown_keys(o, case_keys, "case");
    Case c;
    c.id = required_string(o, "id", "case");
    if (c.id.empty()) {
        throw FormatError{"case: \"id\" is empty"};
    }
    (void)optional_string(o, "description", "case");
    c.operation = required_string(o, "operation", "case");
    const Operation* op = library.find_operation(c.operation);
    if (op == nullptr && c.operation != context_new) {
        throw FormatError{"case: unknown operation " + json_string(c.operation)};
    }
    const auto& now = required_string(o, "now", "case");
    const auto ms = parse_instant_ms(now);
    if (!ms) {
        throw FormatError{"case: \"now\" is not an RFC 3339 instant with an offset: " +
                          json_string(now)};
    }
    c.now_ms = *ms;
    c.jurisdiction = required_string(o, "jurisdiction", "case");
    c.time_zone = optional_string(o, "time_zone", "case");
    if (c.jurisdiction == "RU" && !c.time_zone && c.operation != context_new) {
        throw FormatError{"case: a federal (\"RU\") case needs \"time_zone\""};
    }
    if (const auto* config = o.if_contains("config")) {
        if (!config->is_object()) {
            throw FormatError{"case: \"config\" must be an object"};
        }
        c.config = bj::serialize(*config);
    }
    const bool takes_document = op != nullptr && op->takes_document;
    if (o.contains("input") && o.contains("input_text")) {
        throw FormatError{"case: give \"input\" or \"input_text\", not both"};
    }
    if (o.contains("input") || o.contains("input_text")) {
        if (!takes_document) {
            throw FormatError{"case: " + c.operation + " takes no input"};
        }
        c.input = o.contains("input") ? bj::serialize(o.at("input"))
                                      : std::string(required_string(o, "input_text", "case"));
    } else if (takes_document) {
        throw FormatError{"case: " + c.operation + " needs \"input\" or \"input_text\""};
    }
    const auto* expect = o.if_contains("expect");
    if (expect == nullptr || !expect->is_object()) {
        throw FormatError{"case: \"expect\" must be an object"};
    }
    c.expect = read_expectation(library, expect->get_object(), c.operation == context_new);
    if (const auto* then = o.if_contains("then")) {
        if (!takes_document) {
            throw FormatError{"case: \"then\" follows an operation on a document only"};
        }
        if (then->is_array()) {
            if (then->get_array().empty()) {
                throw FormatError{"case: \"then\" must not be empty"};
            }
            for (const auto& step : then->get_array()) {
                c.then.push_back(read_then(library, step, c.then.size() + 1));
            }
        } else {
            c.then.push_back(read_then(library, *then, 1));
        }
    }
    return c;
}

Expectation read_expectation(const Library& library, const bj::object& e, bool context_new_case) {
    reject_unknown_keys(e, expect_keys, "expect");
    Expectation x;
    x.status = required_string(e, "status", "expect");
    if (!library.knows_status(x.status)) {
        throw FormatError{"expect: unknown status " + json_string(x.status)};
    }
    if (const auto* output = e.if_contains("output")) {
        if (context_new_case) {
            throw FormatError{"expect: context.new has no output"};
        }
        x.output = *output;
    }
    if (const auto* error = e.if_contains("error")) {
        if (!error->is_object()) {
            throw FormatError{"expect: \"error\" must be an object"};
        }
        x.error = *error;
    }
    return x;
}

// What one call gave back, copied at once (tm_error_last() is valid only until the next call).
struct CallResult {
    int rc = TM_OK;
    bj::object error;                // {"status", "code", "pointer", "rule_id", "message_en", ...}
    std::optional<bj::value> output; // the parsed output document, when there was one
    std::string contract;            // the first broken rule of the C API contract, "" when none
};

// tm_error_last() as a JSON object; `contract` is set when it is NULL or has a NULL string.
bj::object last_error_object(const telemed_threads::Api& api, std::string& contract) {
    const tm_error* e = api.error_last();
    if (e == nullptr) {
        contract = "tm_error_last() returned NULL";
        return {};
    }
    const auto text = [&](const char* field, const char* name) {
        if (field == nullptr && contract.empty()) {
            contract = std::string("tm_error_last()->") + name + " is NULL";
        }
        return bj::value(bj::string(field != nullptr ? field : ""));
    };
    return bj::object{{"status", api.status_name(e->status)},
                      {"code", text(e->code, "code")},
                      {"pointer", text(e->pointer, "pointer")},
                      {"rule_id", text(e->rule_id, "rule_id")},
                      {"message_en", text(e->message_en, "message_en")},
                      {"message_ru", text(e->message_ru, "message_ru")}};
}

std::string describe_error(const bj::object& error) {
    const auto field = [&](std::string_view key) {
        const auto* v = error.if_contains(key);
        return v != nullptr ? show(*v) : std::string("?");
    };
    return "code=" + field("code") + " pointer=" + field("pointer") +
           " rule_id=" + field("rule_id");
}

bool has_array(const bj::value& v, std::string_view key) {
    const auto* a = v.as_object().if_contains(key);
    return a != nullptr && a->is_array();
}

// The rules docs/c-api.md sets for every call with an output buffer: a document exactly on TM_OK
// and TM_E_VALIDATION; "rule_sets" and "trace" in every operation's document, "problems" in a
// report; on TM_E_VALIDATION the error describes the report's first problem of severity "error".
std::string check_output_contract(const telemed_threads::Api& api, int rc, bool is_operation,
                                  const std::optional<bj::value>& output, const bj::object& error) {
    const bool document_expected = rc == TM_OK || (is_operation && rc == TM_E_VALIDATION);
    if (!document_expected) {
        return output ? std::string("an output document came with ") + api.status_name(rc) : "";
    }
    if (!output) {
        return std::string("no output document with ") + api.status_name(rc);
    }
    if (!output->is_object()) {
        return "the output is not a JSON object";
    }
    if (!is_operation) {
        return {};
    }
    for (const auto* key : {"rule_sets", "trace"}) {
        if (!has_array(*output, key)) {
            return std::string("the output has no \"") + key + "\" array";
        }
    }
    if (rc != TM_E_VALIDATION) {
        return {};
    }
    if (!has_array(*output, "problems")) {
        return "the report has no \"problems\" array";
    }
    for (const auto& p : output->as_object().at("problems").as_array()) {
        const auto* severity = p.is_object() ? p.as_object().if_contains("severity") : nullptr;
        if (severity == nullptr || *severity != "error") {
            continue;
        }
        const auto& problem = p.as_object();
        const auto* code = problem.if_contains("code");
        const auto* pointer = problem.if_contains("pointer");
        if (code == nullptr || pointer == nullptr || *code != error.at("code") ||
            *pointer != error.at("pointer")) {
            return "tm_error_last() (" + describe_error(error) +
                   ") is not the report's first error " + show(p);
        }
        return {};
    }
    return "TM_E_VALIDATION with no problem of severity \"error\" in the report";
}

// Checks what the case expects. Returns "" when it passed, otherwise what differed first.
std::string check_result(const telemed_threads::Api& api, const Expectation& expect,
                         const CallResult& r) {
    const std::string status = api.status_name(r.rc);
    if (status != expect.status) {
        std::string what = "status: expected " + expect.status + ", got " + status;
        if (r.rc != TM_OK && r.contract.empty()) {
            what += " (" + describe_error(r.error) + ")";
        }
        return what;
    }
    if (!r.contract.empty()) {
        return "contract: " + r.contract;
    }
    if (r.error.at("status") != bj::value(bj::string(status))) {
        return "contract: tm_error_last()->status is " + show(r.error.at("status")) +
               " after a call that returned " + status;
    }
    if (expect.output) {
        if (!r.output) {
            return "output: expected a document, got none";
        }
        if (auto m = match_subset(*expect.output, *r.output, "")) {
            return "output at \"" + m->pointer + "\": expected " + m->expected + ", got " +
                   m->actual;
        }
    }
    if (expect.error) {
        if (auto m = match_subset(*expect.error, r.error, "")) {
            return "error at \"" + m->pointer + "\": expected " + m->expected + ", got " +
                   m->actual;
        }
    }
    return {};
}

CallResult call(tm_context* context, const Operation* op, const std::optional<std::string>& input);

// Runs one case; returns "" when it passed, otherwise what differed.
std::string run_case(const Library& library, const Case& c) {
    const auto& api = library.api();
    std::int64_t now = c.now_ms;
    tm_context_options options;
    if (api.context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION) != TM_OK) {
        return "tm_context_options_init failed";
    }
    options.jurisdiction = c.jurisdiction.c_str();
    options.time_zone = c.time_zone ? c.time_zone->c_str() : nullptr;
    if (c.config) {
        options.config_json = c.config->data();
        options.config_json_len = c.config->size();
    }
    options.clock = fixed_clock;
    options.clock_user_data = &now;

    tm_context* raw_context = nullptr;
    CallResult created;
    created.rc = api.context_new(&raw_context, &options);
    ContextPtr context(raw_context, ContextDeleter{api.context_free});
    created.error = last_error_object(api, created.contract);
    if (created.rc != TM_OK && context && created.contract.empty()) {
        created.contract = "tm_context_new failed but left a context in *out";
    }
    if (created.rc == TM_OK && !context && created.contract.empty()) {
        created.contract = "tm_context_new returned TM_OK without a context";
    }
    if (c.operation == context_new) {
        return check_result(api, c.expect, created);
    }
    if (created.rc != TM_OK || !context) {
        return "context creation failed: " + std::string(api.status_name(created.rc)) + " (" +
               describe_error(created.error) + ")";
    }

    const Operation* op = library.find_operation(c.operation);
    std::vector<CallResult> results;
    results.push_back(call(context.get(), op, c.input));
    if (auto failure = check_result(api, c.expect, results.back()); !failure.empty()) {
        return failure;
    }
    // "then": each step's input with earlier outputs' values inserted.
    for (std::size_t k = 0; k < c.then.size(); ++k) {
        const auto& step = c.then[k];
        const std::string where =
            c.then.size() == 1 ? "then: " : "then[" + std::to_string(k) + "]: ";
        bj::value input = step.input;
        for (const auto& insert : step.inserts) {
            const auto& source = results[insert.step.value_or(results.size() - 1)];
            bj::error_code ec;
            const bj::value* value =
                source.output ? source.output->find_pointer(insert.from, ec) : nullptr;
            const auto slash = insert.to.rfind('/');
            bj::value* parent = slash == std::string::npos
                                    ? nullptr
                                    : input.find_pointer(insert.to.substr(0, slash), ec);
            if (value == nullptr || parent == nullptr || !parent->is_object()) {
                return where + "cannot insert " + json_string(insert.from) + " at " +
                       json_string(insert.to);
            }
            parent->get_object()[insert.to.substr(slash + 1)] = *value;
        }
        const std::string text = bj::serialize(input);
        results.push_back(call(context.get(), library.find_operation(step.operation), text));
        if (auto failure = check_result(api, step.expect, results.back()); !failure.empty()) {
            return where + failure;
        }
    }
    return {};
}

// One call through the C API (the operation's table), with the contract checks.
CallResult call(tm_context* context, const Operation* op, const std::optional<std::string>& input) {
    const auto& api = *op->api;
    char* raw_out = nullptr;
    size_t out_len = 0;
    CallResult r;
    r.rc = op->call(context, input ? std::string_view(*input) : std::string_view(), &raw_out,
                    &out_len);
    StringPtr out(raw_out, StringDeleter{api.string_free});
    r.error = last_error_object(api, r.contract);
    if (out) {
        const std::size_t length = std::strlen(out.get());
        bj::error_code ec;
        if (length != out_len) {
            r.contract = "*out_len is " + std::to_string(out_len) + " but the output has " +
                         std::to_string(length) + " bytes";
        } else if (bj::value v = bj::parse(std::string_view(out.get(), length), ec); ec) {
            r.contract = "the output is not valid JSON: " + ec.message();
        } else {
            r.output = std::move(v);
        }
    } else if (out_len != 0 && r.contract.empty()) {
        r.contract = "no output but *out_len is " + std::to_string(out_len);
    }
    if (r.contract.empty()) {
        r.contract = check_output_contract(api, r.rc, op->takes_document, r.output, r.error);
    }
    return r;
}

// -------------------------------------------------------------------------------------------------
// Files.
// -------------------------------------------------------------------------------------------------

// The vector files the arguments name: a directory stands for its *.json files, sorted. A path
// that cannot be used is an error in the report.
std::vector<fs::path> expand(const std::vector<std::string>& args, Report& report) {
    std::vector<fs::path> files;
    const auto error = [&](const std::string& arg, const std::string& why) {
        report.begin_suite(arg, arg);
        report.record(Outcome{arg, why, true, 0});
    };
    for (const auto& arg : args) {
        const fs::path path(arg);
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::directory_iterator(path, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".json") {
                    found.push_back(entry.path());
                }
            }
            if (ec) {
                error(arg, "cannot list the directory: " + ec.message());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(path, ec)) {
            files.push_back(path);
        } else {
            error(arg, "no such file or directory");
        }
    }
    return files;
}

// The outcome of case `i` of a file, timed.
Outcome run_one(const Library& library, const bj::value& v, const std::string& where,
                std::set<std::string>& ids) {
    const auto started = std::chrono::steady_clock::now();
    Outcome outcome{where, {}, false, 0};
    try {
        if (!v.is_object()) {
            throw FormatError{"a case is a JSON object"};
        }
        const Case c = read_case(library, v.get_object());
        outcome.label = c.id;
        if (!ids.insert(c.id).second) {
            throw FormatError{"duplicate id " + json_string(c.id)};
        }
        outcome.failure = run_case(library, c);
    } catch (const FormatError& e) {
        outcome.failure = "invalid case (" + where + "): " + e.message;
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
}

void run_file(const Library& library, const fs::path& file, std::set<std::string>& ids,
              Report& report) {
    report.begin_suite(file.filename().string(), file.string());
    const auto error = [&](const std::string& why) {
        report.record(Outcome{file.string(), why, true, 0});
    };
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        error("cannot be read");
        return;
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    bj::value doc;
    try {
        doc = parse_vector_file(text);
    } catch (const FormatError& e) {
        error(e.message);
        return;
    }
    if (!doc.is_array()) {
        error("a vector file is a JSON array of cases");
        return;
    }
    const auto& cases = doc.get_array();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string where = file.filename().string() + "#" + std::to_string(i);
        report.record(run_one(library, cases[i], where, ids));
    }
}

// -------------------------------------------------------------------------------------------------
// The command line.
// -------------------------------------------------------------------------------------------------

constexpr const char* usage =
    "usage: telemed-conformance [--library PATH] [--tap] [--junit FILE] [-v] [FILE_OR_DIR...]\n"
    "  --library PATH  the telemed build to certify (default: $TELEMED_LIBRARY, else the\n"
    "                  system's libtelemed.so.0)\n"
    "  --tap           TAP version 13 on standard output instead of the plain lines\n"
    "  --junit FILE    also write the results as JUnit XML to FILE\n"
    "  -v, --verbose   a PASS line for each passing case (plain output)\n"
    "  FILE_OR_DIR     vector files, or directories of *.json files (default: the vectors\n"
    "                  installed with the harness, <bin>/../share/telemed/conformance)\n"
    "exit status: 0 every case passed, 1 some case failed, 2 the harness could not run\n";

// Exit statuses (docs/conformance.md).
constexpr int all_passed = 0;
constexpr int some_failed = 1;
constexpr int cannot_run = 2;

struct Arguments {
    bool help = false;
    std::optional<std::string> library;
    Report::Options report;
    std::vector<std::string> paths;
};

// Throws std::invalid_argument with the reason for a usage error.
Arguments parse_arguments(int argc, char** argv) {
    Arguments a;
    bool options_end = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](const std::string& option) {
            if (arg.size() > option.size() &&
                arg.compare(0, option.size() + 1, option + "=") == 0) {
                return arg.substr(option.size() + 1);
            }
            if (i + 1 >= argc) {
                throw std::invalid_argument(option + " needs a value");
            }
            return std::string(argv[++i]);
        };
        const auto is = [&](const std::string& option) {
            return arg == option || arg.rfind(option + "=", 0) == 0;
        };
        if (options_end || arg.empty() || arg[0] != '-' || arg == "-") {
            a.paths.push_back(arg);
        } else if (arg == "--") {
            options_end = true;
        } else if (is("--library")) {
            a.library = value("--library");
        } else if (is("--junit")) {
            a.report.junit = value("--junit");
        } else if (arg == "--tap") {
            a.report.tap = true;
        } else if (arg == "-v" || arg == "--verbose") {
            a.report.verbose = true;
        } else if (arg == "-h" || arg == "--help") {
            a.help = true;
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    return a;
}

// --library, else $TELEMED_LIBRARY, else the system's library by its SONAME.
std::string library_name(const Arguments& a) {
    if (a.library) {
        return *a.library;
    }
    const char* env = std::getenv("TELEMED_LIBRARY");
    return env != nullptr && *env != '\0' ? std::string(env) : std::string("libtelemed.so.0");
}

// The vectors installed beside the harness: <bin>/../share/telemed/conformance.
std::optional<fs::path> installed_vectors() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return std::nullopt;
    }
    return (exe.parent_path() / ".." / "share" / "telemed" / "conformance").lexically_normal();
}

int fail_to_run(const std::string& why) {
    std::cerr << "telemed-conformance: " << why << "\n";
    return cannot_run;
}

int run(const Arguments& args) {
    std::unique_ptr<const Library> library;
    try {
        library = Library::load(library_name(args));
    } catch (const telemed_conformance::LoadError& e) {
        return fail_to_run(e.message);
    }
    std::vector<std::string> paths = args.paths;
    if (paths.empty()) {
        const auto installed = installed_vectors();
        std::error_code ec;
        if (!installed || !fs::is_directory(*installed, ec)) {
            return fail_to_run("no vectors given, and none installed at " +
                               (installed ? installed->string()
                                          : std::string("<bin>/../share/telemed/conformance")));
        }
        paths.push_back(installed->string());
    }
    Report report(std::cout, args.report);
    if (!report.opened()) {
        return fail_to_run("cannot write the JUnit file " + *args.report.junit);
    }
    report.note("library: " + library->path() + " (telemed " + library->version() + ")");
    if (args.paths.empty()) {
        report.note("vectors: " + paths.front());
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        std::set<std::string> ids;
        for (const auto& file : expand(paths, report)) {
            run_file(*library, file, ids, report);
        }
    } catch (const std::exception& e) {
        report.record(Outcome{"telemed-conformance", e.what(), true, 0}); // counted, as before
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!report.finish(seconds)) {
        return fail_to_run("cannot write the JUnit file " + *args.report.junit);
    }
    return report.failed() == 0 && report.passed() > 0 ? all_passed : some_failed;
}

} // namespace

int main(int argc, char** argv) {
    Arguments args;
    try {
        args = parse_arguments(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::cerr << "telemed-conformance: " << e.what() << "\n" << usage;
        return cannot_run;
    }
    if (args.help) {
        std::cout << usage;
        return all_passed;
    }
    try {
        return run(args);
    } catch (const std::exception& e) {
        return fail_to_run(e.what());
    }
}
