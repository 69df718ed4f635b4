// One fuzz target per JSON entry point of the C API (docs/fuzzing.md). This file is compiled once
// and linked into every fuzz_<target> program together with target_name.cpp, which defines
// telemed_fuzz_target ("patient_validate", ..., "context_new"): with clang and
// TELEMED_BUILD_FUZZERS as a libFuzzer program, otherwise with replay_main.cpp as a program that
// feeds the files it is given (tests/fuzz/regressions/<target>/) to the same
// LLVMFuzzerTestOneInput.
//
// Each input goes through the C API only, on contexts created once with a fixed clock, so a run is
// deterministic. Every call must keep the contract of docs/c-api.md; a broken rule aborts, which
// libFuzzer reports as a crash:
//  - the status is a known tm_status;
//  - a document comes back exactly on TM_OK and TM_E_VALIDATION: NUL-terminated, *out_len equal to
//    its length, valid UTF-8 JSON, an object with "rule_sets" and "trace" (and "problems" in a
//    report, whose first error is the one tm_error_last() names); otherwise NULL with length 0;
//  - tm_error_last() is not NULL, its status is the call's, its strings are not NULL and are
//    UTF-8, its code is empty exactly on success;
//  - every JSON pointer (the error's and each problem's) is "" or an RFC 6901 pointer whose tokens
//    are array indices or keys that occur in the input; only the last may be a field name of the
//    schema the input lacks (a missing field), never for unknown_field or duplicate_key;
//  - the library agrees with Boost.JSON on the syntax (a status that comes after parsing means the
//    input is one well-formed document with no repeated key; json_syntax, truncated_json and
//    empty_document mean it is not; duplicate_key means some object does repeat a key).
// The contexts are kept for the whole run; each output is freed with tm_string_free.
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "telemed.h"

// The entry point this program fuzzes, from target_name.cpp.
extern "C" const char telemed_fuzz_target[];

namespace {

namespace bj = boost::json;

using Operation = int (*)(const tm_context*, const char*, size_t, char**, size_t*);

// 2026-03-10T12:00:00+07:00, the "now" of most conformance vectors (2026-03-10 in every zone).
constexpr std::int64_t fixed_now_ms = 1773118800000;

std::int64_t fixed_clock(void*) {
    return fixed_now_ms;
}

struct ContextSpec {
    const char* jurisdiction;
    const char* time_zone; // NULL: the region's zone
    const char* config;    // NULL: no configuration
};

// Each input is given to the entry point once on each of the target's contexts.
const ContextSpec identity_contexts[] = {
    {"RU-NVS", nullptr, nullptr},
    {"RU-NVS", nullptr,
     R"({"switches":{"identity.name.cyrillic_only":true,"identity.age.leap_day_feb28":true}})"},
};
const ContextSpec rule_contexts[] = {
    {"RU-KIR", nullptr, nullptr},
    {"RU-NVS", nullptr, R"({"switches":{"sick_leave.extend.remote":true}})"},
};
const ContextSpec eligibility_contexts[] = {
    {"RU-NVS", nullptr, nullptr},
    {"RU-KIR", nullptr, nullptr},
    {"RU", "Europe/Moscow", R"({"switches":{"eligibility.federal.new_treatment":true}})"},
};
const ContextSpec sick_leave_contexts[] = {
    {"RU-KIR", nullptr, nullptr},
    {"RU-KIR", nullptr,
     R"({"switches":{"sick_leave.open.remote":true,"sick_leave.extend.remote":true,)"
     R"("sick_leave.commission.annul":true},"drafts":["ru.sick_leave.draft-2026-02"]})"},
};
// context_new: the input is the configuration document of a context in this jurisdiction.
const ContextSpec config_context = {"RU-NVS", nullptr, nullptr};

struct Target {
    std::string_view name;
    Operation operation; // NULL for context_new
    const ContextSpec* contexts;
    std::size_t context_count;
};

template <std::size_t N>
constexpr Target target(std::string_view name, Operation op, const ContextSpec (&contexts)[N]) {
    return Target{name, op, contexts, N};
}

const Target targets[] = {
    target("identifier_validate", tm_identifier_validate, identity_contexts),
    target("patient_validate", tm_patient_validate, identity_contexts),
    target("patient_normalize", tm_patient_normalize, identity_contexts),
    target("patient_identify", tm_patient_identify, identity_contexts),
    target("patient_age", tm_patient_age, identity_contexts),
    target("rule_explain", tm_rule_explain, rule_contexts),
    target("eligibility_evaluate", tm_eligibility_evaluate, eligibility_contexts),
    target("sick_leave_open", tm_sick_leave_open, sick_leave_contexts),
    target("sick_leave_extend", tm_sick_leave_extend, sick_leave_contexts),
    target("sick_leave_record_visit", tm_sick_leave_record_visit, sick_leave_contexts),
    target("sick_leave_close", tm_sick_leave_close, sick_leave_contexts),
    target("sick_leave_annul", tm_sick_leave_annul, sick_leave_contexts),
    target("sick_leave_duplicate", tm_sick_leave_duplicate, sick_leave_contexts),
    target("sick_leave_record", tm_sick_leave_record, sick_leave_contexts),
    Target{"context_new", nullptr, &config_context, 1},
};

// After a configuration is accepted, these calls run on the new context, so that configured rule
// sets (overrides with odd parameters) reach the operations that apply them.
struct Probe {
    Operation operation;
    const char* input;
};
const Probe config_probes[] = {
    {tm_identifier_validate, R"({"type":"snils","value":"112-233-445 95"})"},
    {tm_patient_validate,
     R"({"name":{"family":"Примерова","given":"Анна"},"birth_date":"2011-03-11","sex":"female",)"
     R"("snils":"112-233-445 95","enp":"7700123456789013"})"},
    {tm_patient_identify,
     R"({"patient":{"name":{"family":"Петров","given":"Пётр"},"birth_date":"1975-08-21",)"
     R"("sex":"male","snils":"112-233-445 95"},"claim":{"snils":"11223344595",)"
     R"("birth_date":"1975-08-21"}})"},
    {tm_patient_age, R"({"birth_date":"2008-02-29"})"},
    {tm_rule_explain, R"({"rule":"identity.snils.checksum"})"},
    {tm_eligibility_evaluate,
     R"({"patient":{"name":{"family":"Примерова","given":"Анна"},"birth_date":"1960-05-01",)"
     R"("sex":"female","consents":[{"type":"telemedicine","date":"2026-03-01",)"
     R"("given_by":"patient"}],"visits":[{"date":"2026-03-03","kind":"in_person"}]},)"
     R"("organisation":{"telemedicine_cabinet":true},"slot":{"start":"2026-03-10T15:00:00+07:00",)"
     R"("telemedicine":true},"doctor":{"role":"treating_doctor","experience_years":12},)"
     R"("format":"doctor_patient","mode":"real_time_video","channel":"max","present":["patient"],)"
     R"("identification":"esia","planned_actions":["interpret_results","decide_in_person_visit"],)"
     R"("indication":"repeat_after_studies","facts":{"referrals":[{"prescribed_at":"in_person",)"
     R"("results_available":true,"date":"2026-02-25"}]}})"},
    {tm_sick_leave_open,
     R"({"certificate":{"number":"910123456701","reason":"own_illness","organisation":)"
     R"({"id":"nsk-gkp1","time_zone":"Asia/Novosibirsk"},"opened":{"date":"2026-03-10",)"
     R"("mode":"in_person"},"treating_doctor":{"id":"doc-1","role":"doctor"},"periods":)"
     R"([{"from":"2026-03-10","to":"2026-03-14","doctor":{"id":"doc-1","role":"doctor"}}]}})"},
    {tm_sick_leave_close,
     R"({"certificate":{"number":"910123456701","status":"open","reason":"own_illness",)"
     R"("organisation":{"id":"nsk-gkp1","time_zone":"Asia/Novosibirsk"},"opened":)"
     R"({"date":"2026-03-06","mode":"in_person"},"treating_doctor":{"id":"doc-1","role":"doctor"},)"
     R"("periods":[{"from":"2026-03-06","to":"2026-03-10","doctor":{"id":"doc-1",)"
     R"("role":"doctor"}}]},"closure":{"date":"2026-03-10","mode":"telemedicine","doctor":)"
     R"({"id":"doc-1","role":"doctor"},"consultation":{"indication":"incapacity_review",)"
     R"("recovery_confirmed":true,"consent_recorded":true}}})"},
};

// -------------------------------------------------------------------------------------------------
// Failing: print what broke and abort, which libFuzzer (and the replay driver) reports as a crash.
// -------------------------------------------------------------------------------------------------

[[noreturn]] void broken(const std::string& what) {
    std::fprintf(stderr, "\ntelemed fuzz [%s]: contract broken: %s\n", telemed_fuzz_target,
                 what.c_str());
    std::abort();
}

void require(bool ok, const std::string& what) {
    if (!ok) {
        broken(what);
    }
}

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + n >= s.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            const unsigned low = k == 1 ? lo : 0x80, high = k == 1 ? hi : 0xBF;
            if (b < low || b > high) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

// -------------------------------------------------------------------------------------------------
// The input as Boost.JSON reads it with the library's own syntax but no limits and no UTF-8 check:
// its keys (a pointer's tokens must come from them, never from bytes the input does not hold),
// whether it is one well-formed document, and whether an object repeats a key. The library's
// parser may refuse more (limits, bad UTF-8), never less, and must agree on duplicate keys.
// -------------------------------------------------------------------------------------------------

class KeyCollector {
    std::string part_;
    std::vector<std::set<std::string>> objects_; // the keys of each open object (empty for arrays)

public:
    constexpr static std::size_t max_object_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_array_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_key_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_string_size = static_cast<std::size_t>(-1);

    std::set<std::string> keys;
    bool duplicate = false;

    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) {
        objects_.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, bj::error_code&) {
        objects_.pop_back();
        return true;
    }
    bool on_array_begin(bj::error_code&) {
        objects_.emplace_back();
        return true;
    }
    bool on_array_end(std::size_t, bj::error_code&) {
        objects_.pop_back();
        return true;
    }
    bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
        part_.append(s.data(), s.size());
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
        part_.append(s.data(), s.size());
        if (!objects_.back().insert(part_).second) {
            duplicate = true;
        }
        keys.insert(std::move(part_));
        part_.clear();
        return true;
    }
    bool on_string_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_string(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t, bj::string_view, bj::error_code&) { return true; }
    bool on_uint64(std::uint64_t, bj::string_view, bj::error_code&) { return true; }
    bool on_double(double, bj::string_view, bj::error_code&) { return true; }
    bool on_bool(bool, bj::error_code&) { return true; }
    bool on_null(bj::error_code&) { return true; }
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

struct Input {
    std::set<std::string> keys;
    bool well_formed = false; // one JSON document and nothing after it
    bool duplicate = false;   // some object repeats a key (before any syntax error)
};

Input read_input(std::string_view text) {
    bj::parse_options options;
    options.max_depth = static_cast<std::size_t>(-1);
    options.allow_invalid_utf8 = true;
    bj::basic_parser<KeyCollector> parser(options);
    bj::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    Input in;
    in.well_formed = !ec && consumed == text.size();
    in.duplicate = parser.handler().duplicate;
    in.keys = std::move(parser.handler().keys);
    return in;
}

// A field name of the schema, or an option or rule id named in a pointer: "birth_date",
// "identity.snils.checksum", "time_zone".
bool schema_name(std::string_view token) {
    if (token.empty()) {
        return false;
    }
    for (char c : token) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool array_index(std::string_view token) {
    return !token.empty() && token.find_first_not_of("0123456789") == std::string_view::npos;
}

// `code` is the problem's: an unknown or repeated field is named by a key the input holds.
void check_pointer(std::string_view pointer, std::string_view code, const Input& input,
                   std::string_view where) {
    const std::string in = " (" + std::string(where) + " of " + std::string(code) + ": \"" +
                           std::string(pointer) + "\")";
    require(valid_utf8(pointer), "the pointer is not UTF-8" + in);
    if (pointer.empty()) {
        return;
    }
    require(pointer.front() == '/', "the pointer does not start with '/'" + in);
    const bool names_a_key = code == "unknown_field" || code == "duplicate_key";
    std::size_t i = 1;
    while (true) {
        std::string token;
        for (; i < pointer.size() && pointer[i] != '/'; ++i) {
            if (pointer[i] == '~') {
                require(i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1'),
                        "the pointer has a '~' not followed by 0 or 1" + in);
                token += pointer[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += pointer[i];
            }
        }
        const bool last = i >= pointer.size();
        // Only the last token may name a member the input lacks (a missing field).
        const bool ok = input.keys.count(token) != 0 || array_index(token) ||
                        (last && !names_a_key && schema_name(token));
        require(ok, "the pointer token \"" + token + "\" is not a key of the input" + in);
        if (last) {
            return;
        }
        ++i; // past '/'
    }
}

// The library read the document (`parsed`: its status comes after parsing) or refused it.
void check_parse(bool parsed, const std::string& code, const Input& input) {
    if (parsed) {
        require(input.well_formed, "the call read a document that is not well-formed JSON");
        require(!input.duplicate, "the call read a document in which an object repeats a key");
    }
    if (code == "duplicate_key") {
        require(input.duplicate, "duplicate_key, but no object of the input repeats a key");
    }
    if (code == "json_syntax" || code == "truncated_json" || code == "empty_document") {
        require(!input.well_formed, code + ", but the input is one well-formed JSON document");
    }
}

// -------------------------------------------------------------------------------------------------
// One call and its checks.
// -------------------------------------------------------------------------------------------------

struct Error {
    int status;
    std::string code;
    std::string pointer;
};

Error check_error(int rc, const Input& input) {
    const tm_error* e = tm_error_last();
    require(e != nullptr, "tm_error_last() returned NULL");
    require(e->status == rc, "tm_error_last()->status is " + std::to_string(e->status) +
                                 " after a call that returned " + std::to_string(rc));
    const char* const fields[] = {e->code, e->message_en, e->message_ru, e->pointer, e->rule_id};
    const char* const names[] = {"code", "message_en", "message_ru", "pointer", "rule_id"};
    for (std::size_t i = 0; i < 5; ++i) {
        require(fields[i] != nullptr, std::string("tm_error_last()->") + names[i] + " is NULL");
        require(valid_utf8(fields[i]),
                std::string("tm_error_last()->") + names[i] + " is not UTF-8: " + fields[i]);
    }
    if (rc == TM_OK) {
        for (std::size_t i = 0; i < 5; ++i) {
            require(*fields[i] == '\0', std::string("tm_error_last()->") + names[i] +
                                            " is not empty after a success: " + fields[i]);
        }
    } else {
        require(*e->code != '\0', "tm_error_last()->code is empty after a failure");
    }
    check_pointer(e->pointer, e->code, input, "tm_error_last()->pointer");
    return Error{e->status, e->code, e->pointer};
}

bool has_array(const bj::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_array();
}

// The output document of an operation (or of tm_context_describe when `operation` is false).
void check_output(int rc, bool operation, const char* out, size_t out_len, const Error& error,
                  const Input& input) {
    const std::string status = tm_status_name(rc);
    const bool expected = rc == TM_OK || (operation && rc == TM_E_VALIDATION);
    if (!expected) {
        require(out == nullptr, "an output document came with " + status);
        require(out_len == 0, "*out_len is " + std::to_string(out_len) + " with no output");
        return;
    }
    require(out != nullptr, "no output document with " + status);
    const std::string_view text(out, std::char_traits<char>::length(out));
    require(text.size() == out_len, "*out_len is " + std::to_string(out_len) +
                                        " but the output has " + std::to_string(text.size()) +
                                        " bytes");
    bj::error_code ec;
    const bj::value doc = bj::parse(text, ec); // Boost.JSON rejects invalid UTF-8 by default
    require(!ec, "the output is not valid JSON (" + ec.message() + "): " + std::string(text));
    require(doc.is_object(), "the output is not a JSON object");
    if (!operation) {
        return;
    }
    const auto& o = doc.get_object();
    require(has_array(o, "rule_sets"), "the output has no \"rule_sets\" array");
    require(has_array(o, "trace"), "the output has no \"trace\" array");
    if (const auto* problems = o.if_contains("problems")) {
        require(problems->is_array(), "\"problems\" is not an array");
        bool first = true;
        for (const auto& p : problems->get_array()) {
            require(p.is_object(), "a problem is not an object");
            const auto& problem = p.get_object();
            const auto* code = problem.if_contains("code");
            const auto* pointer = problem.if_contains("pointer");
            const auto* severity = problem.if_contains("severity");
            require(code != nullptr && code->is_string() && pointer != nullptr &&
                        pointer->is_string() && severity != nullptr && severity->is_string(),
                    "a problem lacks code, pointer or severity: " + bj::serialize(p));
            check_pointer(pointer->get_string(), code->get_string(), input, "problems[].pointer");
            if (rc == TM_E_VALIDATION && first && severity->get_string() == "error") {
                first = false;
                require(code->get_string() == error.code && pointer->get_string() == error.pointer,
                        "tm_error_last() (" + error.code + " at \"" + error.pointer +
                            "\") is not the report's first error " + bj::serialize(p));
            }
        }
        require(rc != TM_E_VALIDATION || !first,
                "TM_E_VALIDATION with no problem of severity \"error\" in the report");
    } else {
        require(rc != TM_E_VALIDATION, "a TM_E_VALIDATION report has no \"problems\" array");
    }
}

void check_status(int rc) {
    require(std::string_view(tm_status_name(rc)) != "TM_E_UNKNOWN",
            "unknown status " + std::to_string(rc));
}

struct StringFree {
    void operator()(char* s) const noexcept { tm_string_free(s); }
};
using Output = std::unique_ptr<char, StringFree>;

void call(Operation operation, const tm_context* context, const char* data, std::size_t size,
          const Input& input) {
    char* raw = nullptr;
    size_t out_len = 12345; // must be overwritten
    const int rc = operation(context, data, size, &raw, &out_len);
    Output out(raw);
    check_status(rc);
    const Error error = check_error(rc, input);
    check_parse(rc == TM_OK || rc == TM_E_VALIDATION, error.code, input);
    check_output(rc, true, out.get(), out_len, error, input);
}

// -------------------------------------------------------------------------------------------------
// The contexts.
// -------------------------------------------------------------------------------------------------

struct ContextFree {
    void operator()(tm_context* c) const noexcept { tm_context_free(c); }
};
using Context = std::unique_ptr<tm_context, ContextFree>;

void fill_options(tm_context_options& options, const ContextSpec& spec) {
    require(tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION) == TM_OK,
            "tm_context_options_init failed");
    options.jurisdiction = spec.jurisdiction;
    options.time_zone = spec.time_zone;
    if (spec.config != nullptr) {
        options.config_json = spec.config;
        options.config_json_len = std::char_traits<char>::length(spec.config);
    }
    options.clock = fixed_clock;
}

struct State {
    const Target* target = nullptr;
    std::vector<Context> contexts;
};

State make_state() {
    State state;
    for (const auto& t : targets) {
        if (t.name == telemed_fuzz_target) {
            state.target = &t;
        }
    }
    require(state.target != nullptr, std::string("no such target: ") + telemed_fuzz_target);
    if (state.target->operation == nullptr) {
        return state;
    }
    for (std::size_t i = 0; i < state.target->context_count; ++i) {
        tm_context_options options;
        fill_options(options, state.target->contexts[i]);
        tm_context* raw = nullptr;
        const int rc = tm_context_new(&raw, &options);
        require(rc == TM_OK && raw != nullptr,
                std::string("the fuzz context could not be created: ") + tm_status_name(rc) + " " +
                    tm_error_last()->code + " at " + tm_error_last()->pointer);
        state.contexts.emplace_back(raw);
    }
    return state;
}

const State& state() {
    static const State s = make_state();
    return s;
}

// context_new: the input is the configuration document.
void run_config(const char* data, std::size_t size, const Input& input) {
    tm_context_options options;
    fill_options(options, *state().target->contexts);
    options.config_json = data;
    options.config_json_len = size;
    tm_context* raw = reinterpret_cast<tm_context*>(&options); // must be overwritten
    const int rc = tm_context_new(&raw, &options);
    Context context(rc == TM_OK ? raw : nullptr);
    check_status(rc);
    require(rc == TM_OK ? raw != nullptr : raw == nullptr,
            std::string("tm_context_new returned ") + tm_status_name(rc) +
                (raw == nullptr ? " without a context" : " and left a context in *out"));
    const Error error = check_error(rc, input);
    // TM_E_RULES: the configuration was read, and is wrong.
    check_parse(rc == TM_OK || rc == TM_E_RULES, error.code, input);
    if (rc != TM_OK) {
        return;
    }
    char* described = nullptr;
    size_t described_len = 0;
    const int drc = tm_context_describe(context.get(), &described, &described_len);
    Output out(described);
    check_status(drc);
    const Input none;
    const Error described_error = check_error(drc, none);
    check_output(drc, false, out.get(), described_len, described_error, none);
    for (const auto& probe : config_probes) {
        const std::string_view text(probe.input);
        call(probe.operation, context.get(), text.data(), text.size(), read_input(text));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)state();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const State& s = state();
    // An empty input may come with a NULL pointer, which the API rejects as an argument; give it a
    // real (empty) buffer, which is the case worth testing.
    static const char empty = '\0';
    const char* text = size == 0 ? &empty : reinterpret_cast<const char*>(data);
    const Input input = read_input(std::string_view(text, size));
    if (s.target->operation == nullptr) {
        run_config(text, size, input);
        return 0;
    }
    for (const auto& context : s.contexts) {
        call(s.target->operation, context.get(), text, size, input);
    }
    return 0;
}
