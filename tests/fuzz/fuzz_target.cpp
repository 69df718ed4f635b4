// One fuzz target per entry point of the C API that takes bytes (docs/fuzzing.md). This file is
// compiled once and linked into every fuzz_<target> program together with target_name.cpp, which
// defines telemed_fuzz_target ("patient_validate", ..., "context_new", "reading_stream"): with
// clang and TELEMED_BUILD_FUZZERS as a libFuzzer program, otherwise with replay_main.cpp as a
// program that feeds the files it is given (tests/fuzz/regressions/<target>/) to the same
// LLVMFuzzerTestOneInput.
//
// Each input goes through the C API only, on contexts created once with a fixed clock, so a run is
// deterministic. Every call must keep the contract of docs/c-api.md; a broken rule aborts, which
// libFuzzer reports as a crash:
//  - the status is a known tm_status, and not TM_E_INTERNAL (a defect);
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
// The readings entry points add their own rules (docs/fuzzing.md, "The readings targets"): a
// document carried inside the input as base64 (an envelope's payload) counts as input, a Bluetooth
// decoding problem may name the decoded field (/time_stamp/month), each operation's output has its
// promised shape, reading.decode_ble agrees with tm_reading_decode_ble_bytes and applies no rule,
// the NDJSON stream gives exactly one result line per input line, in order, however the input
// is cut into chunks, and the typed batch (tm_readings_check, fed tm_reading records made from the
// input's bytes) gives each reading a consistent result.
// The consultation entry points (docs/consultation.md) add theirs: each output has its promised
// shape; an applied event given again on the snapshot it produced is a retry that changes nothing;
// canonical text canonicalises to itself; what protocol.sign signs is the protocol's canonical text
// and verifies; an external signer that fails gives TM_E_SIGNER and no output, and nothing else
// gives TM_E_SIGNER.
// The contexts are kept for the whole run; each output is freed with tm_string_free.
#include <algorithm>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "telemed.h"

// The entry point this program fuzzes, from target_name.cpp.
extern "C" const char telemed_fuzz_target[];

namespace {

namespace bj = boost::json;

using Operation = int (*)(const tm_context*, const char*, size_t, char**, size_t*);

// 2026-03-10T12:00:00+07:00, the "now" of most conformance vectors (2026-03-10 in every zone).
constexpr std::int64_t fixed_now_ms = 1773118800000;
// 2026-03-12T12:00:00+03:00, the "now" of the consultation vectors, whose events are dated
// 2026-03-10 to 2026-03-12 (a later event would be future_event).
constexpr std::int64_t consultation_now_ms = 1773306000000;

struct ContextSpec {
    const char* jurisdiction;
    const char* time_zone;   // NULL: the region's zone
    const char* config;      // NULL: no configuration
    std::int64_t now_ms = 0; // the clock; 0: fixed_now_ms
};

// The clock of a context: its spec's instant (user_data is the ContextSpec).
std::int64_t fixed_clock(void* user_data) {
    const auto* spec = static_cast<const ContextSpec*>(user_data);
    return spec != nullptr && spec->now_ms != 0 ? spec->now_ms : fixed_now_ms;
}

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
// The readings operations: a regional context with no configuration (unsigned readings accepted
// silently), and a federal one in another zone that registers a device key (the public key of the
// Ed25519 key make_seeds.py signs its envelope seeds with: RFC 8032, section 7.1, test 1), flags
// unsigned readings and turns two switchable alerts off.
#define TELEMED_FUZZ_DEVICE_KEY "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
const ContextSpec readings_contexts[] = {
    {"RU-NVS", nullptr, nullptr},
    {"RU", "Asia/Kamchatka",
     R"({"devices":{"keys":[{"device_id":"tonometer-17","public_key":")" TELEMED_FUZZ_DEVICE_KEY
     R"("}],"unsigned_readings":"flag"},"switches":{"readings.bp.urgent":false,)"
     R"("readings.glucose.ketone_check":false}})"},
};
// reading_stream: the options of the stream opened on each of readings_contexts (NULL: none). The
// second one makes over-long lines and an evicted duplicate reachable with small inputs, and gives
// the patient's own targets. (An HbA1c target is left to the inputs of reading_validate: with it
// every glucose line outside the target would fail, regressions/reading_validate/.)
const char* const stream_options[] = {
    nullptr,
    R"({"max_line_bytes":512,"duplicate_window":2,"patient":{"zone":"Europe/Moscow",)"
    R"("age_years":70,"targets":{"blood_pressure":{"unit":"mmHg","systolic_below":130,)"
    R"("diastolic_below":80},"glucose":{"unit":"mmol/L","fasting_min":4.0,"fasting_below":7.0,)"
    R"("postprandial_below":10.0}}}})",
};
static_assert(std::size(stream_options) == std::size(readings_contexts));
// The Bluetooth decoders apply no rule: one context.
const ContextSpec ble_contexts[] = {{"RU-NVS", nullptr, nullptr}};
// context_new: the input is the configuration document of a context in this jurisdiction.
const ContextSpec config_context = {"RU-NVS", nullptr, nullptr};
// The consultation operations: the trusted signers of the vectors (consultation.json,
// protocol_signature.json): the Ed25519 key of RFC 8032 test 1 as `test1_id` (the library refuses
// one public key under two ids: doc-1-2026 on the contexts that read snapshots, as the
// consultation vectors name it and the fixed key of protocol_sign is; doctor-7-2026 on the others,
// as protocol_signature.json names it), test 2 as org-1-2026, and two ГОСТ signers known by their
// certificates (org-1-gost signs for protocol_sign_external).
#define TELEMED_FUZZ_SIGNERS(test1_id)                                                             \
    R"({"signers":{"keys":[{"key_id":")" test1_id R"(","public_key":")" TELEMED_FUZZ_DEVICE_KEY    \
    R"("},{"key_id":"org-1-2026","public_key":"PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=",)"    \
    R"("certificate":"7f3a0c21e9b84d56"},{"key_id":"org-1-gost",)"                                 \
    R"("algorithm":"GOST R 34.10-2012-256","certificate":"01d3a5f0c2b4e6a8"},)"                    \
    R"({"key_id":"vrn-p1-gost","algorithm":"GOST R 34.10-2012-256",)"                              \
    R"("certificate":"01d2a3b4c5e6f7089a"}]}})"
// A snapshot is refused on a context of another jurisdiction or zone (context_mismatch): one
// context for each region of the vectors, so that each snapshot seed is read by its own.
const ContextSpec consultation_contexts[] = {
    {"RU-KIR", nullptr, TELEMED_FUZZ_SIGNERS("doc-1-2026"), consultation_now_ms},
    {"RU-VOR", nullptr, TELEMED_FUZZ_SIGNERS("doc-1-2026"), consultation_now_ms},
    {"RU-NVS", nullptr, TELEMED_FUZZ_SIGNERS("doc-1-2026"), consultation_now_ms},
};
// The operations that read no snapshot (canonicalize, verify, audit.verify, pseudonym): one.
const ContextSpec protocol_contexts[] = {
    {"RU-KIR", nullptr, TELEMED_FUZZ_SIGNERS("doctor-7-2026"), consultation_now_ms},
};

// How a target gives its input to the library.
enum class Kind {
    json,      // the input is the document of a JSON operation
    config,    // context_new: the input is the configuration document
    ble_bytes, // tm_reading_decode_ble_bytes: the first byte picks the characteristic
    stream,    // tm_reading_stream_*: the input is NDJSON, fed in chunks
    typed,     // tm_readings_check: the input is a patient JSON and tm_reading records
    by_name,   // tm_call: the input is an operation name, a newline, and the document
};

// A target's own checks of a document it returned (rc TM_OK or TM_E_VALIDATION): `out` parsed,
// `out_text` as the library wrote it.
using Extra = void (*)(int rc, const bj::object& out, std::string_view out_text,
                       const tm_context* context, std::string_view input);

struct Target {
    std::string_view name;
    Operation operation; // for Kind::json only
    const ContextSpec* contexts;
    std::size_t context_count;
    Kind kind;
    // The readings rules: base64 strings may carry documents (an envelope's payload) whose keys
    // count as the input's, and a Bluetooth decoding problem may name decoded fields.
    bool readings;
    Extra extra; // NULL: none
};

template <std::size_t N>
constexpr Target target(std::string_view name, Operation op, const ContextSpec (&contexts)[N]) {
    return Target{name, op, contexts, N, Kind::json, false, nullptr};
}

template <std::size_t N>
constexpr Target readings_target(std::string_view name, Operation op,
                                 const ContextSpec (&contexts)[N], Extra extra,
                                 Kind kind = Kind::json) {
    return Target{name, op, contexts, N, kind, true, extra};
}

template <std::size_t N>
constexpr Target consultation_target(std::string_view name, Operation op,
                                     const ContextSpec (&contexts)[N], Extra extra) {
    return Target{name, op, contexts, N, Kind::json, false, extra};
}

void check_validate(int rc, const bj::object& out, std::string_view, const tm_context*,
                    std::string_view input);
void check_decode_ble(int rc, const bj::object& out, std::string_view, const tm_context* context,
                      std::string_view input);
void check_batch(int rc, const bj::object& out, std::string_view, const tm_context*,
                 std::string_view input);
void check_to_fhir(int rc, const bj::object& out, std::string_view, const tm_context*,
                   std::string_view input);
void check_summary(int rc, const bj::object& out, std::string_view, const tm_context*,
                   std::string_view input);
void check_apply(int rc, const bj::object& out, std::string_view out_text,
                 const tm_context* context, std::string_view input);
void check_build(int rc, const bj::object& out, std::string_view out_text,
                 const tm_context* context, std::string_view input);
void check_canonicalize(int rc, const bj::object& out, std::string_view out_text,
                        const tm_context* context, std::string_view input);
void check_sign(int rc, const bj::object& out, std::string_view out_text, const tm_context* context,
                std::string_view input);
void check_sign_external(int rc, const bj::object& out, std::string_view out_text,
                         const tm_context* context, std::string_view input);
void check_verify(int rc, const bj::object& out, std::string_view out_text,
                  const tm_context* context, std::string_view input);
void check_audit(int rc, const bj::object& out, std::string_view out_text,
                 const tm_context* context, std::string_view input);
void check_render(int rc, const bj::object& out, std::string_view out_text,
                  const tm_context* context, std::string_view input);
void check_deliveries(int rc, const bj::object& out, std::string_view out_text,
                      const tm_context* context, std::string_view input);
void check_pseudonym(int rc, const bj::object& out, std::string_view out_text,
                     const tm_context* context, std::string_view input);
int sign_fixed(const tm_context* context, const char* json, size_t json_len, char** out_json,
               size_t* out_len);
int sign_external_fixed(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len);
int pseudonym_fixed(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

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
    readings_target("reading_validate", tm_reading_validate, readings_contexts, check_validate),
    readings_target("reading_decode_ble", tm_reading_decode_ble, ble_contexts, check_decode_ble),
    readings_target("reading_decode_ble_bytes", nullptr, ble_contexts, nullptr, Kind::ble_bytes),
    readings_target("readings_validate_batch", tm_readings_validate_batch, readings_contexts,
                    check_batch),
    readings_target("reading_to_fhir", tm_reading_to_fhir, readings_contexts, check_to_fhir),
    readings_target("reading_stream", nullptr, readings_contexts, nullptr, Kind::stream),
    readings_target("readings_summary", tm_readings_summary, readings_contexts, check_summary),
    readings_target("readings_check", nullptr, readings_contexts, nullptr, Kind::typed),
    consultation_target("consultation_apply", tm_consultation_apply, consultation_contexts,
                        check_apply),
    consultation_target("protocol_build", tm_protocol_build, consultation_contexts, check_build),
    consultation_target("protocol_canonicalize", tm_protocol_canonicalize, protocol_contexts,
                        check_canonicalize),
    consultation_target("protocol_sign", sign_fixed, consultation_contexts, check_sign),
    consultation_target("protocol_sign_external", sign_external_fixed, consultation_contexts,
                        check_sign_external),
    consultation_target("protocol_verify", tm_protocol_verify, protocol_contexts, check_verify),
    consultation_target("audit_verify", tm_audit_verify, protocol_contexts, check_audit),
    consultation_target("protocol_render", tm_protocol_render, consultation_contexts, check_render),
    consultation_target("protocol_deliveries", tm_protocol_deliveries, consultation_contexts,
                        check_deliveries),
    consultation_target("identifier_pseudonym", pseudonym_fixed, protocol_contexts,
                        check_pseudonym),
    Target{"context_new", nullptr, &config_context, 1, Kind::config, false, nullptr},
    Target{"call_by_name", nullptr, eligibility_contexts, std::size(eligibility_contexts),
           Kind::by_name, false, nullptr},
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
// The same for the readings operations, whose inputs may name a device the configuration registers
// (devices.keys) and whose rules it may switch off or override.
const Probe config_readings_probes[] = {
    {tm_reading_validate,
     R"({"reading":{"patient_ref":"P-0042","device":{"id":"tonometer-17"},)"
     R"("kind":"blood_pressure","measured_at":"2026-03-10T08:15:00+07:00",)"
     R"("blood_pressure":{"unit":"mmHg","systolic":186,"diastolic":112,"pulse":64}}})"},
    {tm_readings_validate_batch,
     R"({"readings":[{"patient_ref":"P-0042","device":{"id":"gluco-3"},"kind":"glucose",)"
     R"("measured_at":"2026-03-10T07:30:00","glucose":{"unit":"mmol/L","value":3.1,)"
     R"("meal":"fasting"}},{"patient_ref":"P-0042","device":{"id":"gluco-3"},"kind":"glucose",)"
     R"("measured_at":"2026-03-10T07:30:00","glucose":{"unit":"mmol/L","value":3.1,)"
     R"("meal":"fasting"}}],"patient":{"age_years":70,"targets":{"glucose":{"hba1c_target":7.0}}}})"},
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
// The input as Boost.JSON reads it with the library's own syntax, no size limits, a depth limit far
// above the library's (harness_max_depth) and no UTF-8 check: its keys (a pointer's tokens must
// come from them, never from bytes the input does not hold), whether it is one well-formed
// document, and whether an object repeats a key. The library's parser may refuse more (limits, bad
// UTF-8), never less, and must agree on duplicate keys.
// -------------------------------------------------------------------------------------------------

class KeyCollector {
    std::string part_;
    std::vector<std::set<std::string>> objects_; // the keys of each open object (empty for arrays)
    std::string string_part_;
    bool collect_strings_;

public:
    explicit KeyCollector(bool collect_strings) : collect_strings_(collect_strings) {}

    constexpr static std::size_t max_object_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_array_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_key_size = static_cast<std::size_t>(-1);
    constexpr static std::size_t max_string_size = static_cast<std::size_t>(-1);

    std::set<std::string> keys;
    bool duplicate = false;
    std::vector<std::string> strings; // the string values, when collected

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
    bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
        if (collect_strings_) {
            string_part_.append(s.data(), s.size());
        }
        return true;
    }
    bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
        if (collect_strings_) {
            string_part_.append(s.data(), s.size());
            strings.push_back(std::move(string_part_));
            string_part_.clear();
        }
        return true;
    }
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
    // Documents the input carries as base64 strings (a reading's envelope payload), read for the
    // readings targets: their keys are in `keys` too. Any string that decodes counts.
    std::size_t embedded = 0;
    bool embedded_malformed = false; // one of them is not a well-formed JSON document
    bool embedded_duplicate = false; // in one of them an object repeats a key
};

// Base64 as an envelope's payload is written (standard alphabet, padded). Looser than the
// library's decoder (non-canonical last bits pass), so it finds at least every document the
// library reads.
bool decode_base64(std::string_view text, std::string& out) {
    if (text.empty() || text.size() % 4 != 0) {
        return false;
    }
    out.clear();
    std::uint32_t bits = 0;
    int count = 0;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        int v;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            v = c - '0' + 52;
        } else if (c == '+') {
            v = 62;
        } else if (c == '/') {
            v = 63;
        } else if (c == '=' && i + 2 >= text.size()) {
            ++padding;
            v = 0;
        } else {
            return false;
        }
        if (padding != 0 && c != '=') {
            return false; // data after padding
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        if (++count == 4) {
            out += static_cast<char>((bits >> 16) & 0xFF);
            out += static_cast<char>((bits >> 8) & 0xFF);
            out += static_cast<char>(bits & 0xFF);
            bits = 0;
            count = 0;
        }
    }
    out.resize(out.size() - padding);
    return true;
}

// `embedded`: also read the documents carried as base64 strings (one level deep).
// Boost.JSON's parser recurses once per level: with no depth limit, tens of thousands of '['
// overflow the stack (ASan: stack-overflow in the harness itself; the regression
// deep-arrays-harness-stack.json of protocol_canonicalize). The library refuses a document nested
// more than 64 deep (TM_E_LIMIT, nesting_too_deep) before reading further, so reading 1024 levels
// decides everything the checks ask of a document the library read or refused for its syntax;
// deeper is "not well-formed" here.
constexpr std::size_t harness_max_depth = 1024;

Input read_input(std::string_view text, bool embedded = false) {
    bj::parse_options options;
    options.max_depth = harness_max_depth;
    options.allow_invalid_utf8 = true;
    bj::basic_parser<KeyCollector> parser(options, embedded);
    bj::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    Input in;
    in.well_formed = !ec && consumed == text.size();
    in.duplicate = parser.handler().duplicate;
    in.keys = std::move(parser.handler().keys);
    std::string decoded;
    for (const auto& s : parser.handler().strings) {
        if (!decode_base64(s, decoded)) {
            continue;
        }
        Input inner = read_input(decoded);
        ++in.embedded;
        in.embedded_malformed = in.embedded_malformed || !inner.well_formed;
        in.embedded_duplicate = in.embedded_duplicate || inner.duplicate;
        in.keys.merge(inner.keys);
    }
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

// The decoded fields of a Bluetooth LE characteristic that hold others (time_stamp.month): a
// decoding problem's pointer names the field below the value's pointer (docs/readings-ble.md).
bool ble_group(std::string_view token) {
    return token == "time_stamp" || token == "base_time" || token == "measurement_status";
}

// `code` is the problem's: an unknown or repeated field is named by a key the input holds.
// `readings`: a Bluetooth decoding problem (ble_*) may also go through a decoded field's group.
void check_pointer(std::string_view pointer, std::string_view code, const Input& input,
                   std::string_view where, bool readings = false) {
    // Where the pointer came from, for a message (built only on failure).
    const auto in = [&] {
        return " (" + std::string(where) + " of " + std::string(code) + ": \"" +
               std::string(pointer) + "\")";
    };
    if (!valid_utf8(pointer)) {
        broken("the pointer is not UTF-8" + in());
    }
    if (pointer.empty()) {
        return;
    }
    if (pointer.front() != '/') {
        broken("the pointer does not start with '/'" + in());
    }
    const bool names_a_key = code == "unknown_field" || code == "duplicate_key";
    std::size_t i = 1;
    while (true) {
        std::string token;
        for (; i < pointer.size() && pointer[i] != '/'; ++i) {
            if (pointer[i] == '~') {
                if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
                    broken("the pointer has a '~' not followed by 0 or 1" + in());
                }
                token += pointer[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += pointer[i];
            }
        }
        const bool last = i >= pointer.size();
        // Only the last token may name a member the input lacks (a missing field).
        const bool ok = input.keys.count(token) != 0 || array_index(token) ||
                        (last && !names_a_key && schema_name(token)) ||
                        (!last && readings && code.starts_with("ble_") && ble_group(token));
        if (!ok) {
            broken("the pointer token \"" + token + "\" is not a key of the input" + in());
        }
        if (last) {
            return;
        }
        ++i; // past '/'
    }
}

// The library read the document (`parsed`: its status comes after parsing) or refused it. For
// the readings operations a TM_E_VALIDATION report may give the syntax error of a document the
// input carries (an envelope's payload; `readings`): that one must be malformed.
void check_parse(bool parsed, int rc, const std::string& code, const Input& input,
                 bool readings = false) {
    if (parsed) {
        require(input.well_formed, "the call read a document that is not well-formed JSON");
        require(!input.duplicate, "the call read a document in which an object repeats a key");
    }
    const bool inner = readings && rc == TM_E_VALIDATION;
    if (code == "duplicate_key") {
        require(inner ? input.embedded_duplicate : input.duplicate,
                inner ? "duplicate_key in a report, but no document the input carries repeats a key"
                      : "duplicate_key, but no object of the input repeats a key");
    }
    if (code == "json_syntax" || code == "truncated_json" || code == "empty_document") {
        require(inner ? input.embedded_malformed : !input.well_formed,
                inner ? code + " in a report, but every document the input carries is well-formed"
                      : code + ", but the input is one well-formed JSON document");
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

// (The messages are built only when a check fails: this runs after every call, thousands of times
// per input of reading_stream.)
Error check_error(int rc, const Input& input, bool readings = false) {
    const tm_error* e = tm_error_last();
    require(e != nullptr, "tm_error_last() returned NULL");
    if (e->status != rc) {
        broken("tm_error_last()->status is " + std::to_string(e->status) +
               " after a call that returned " + std::to_string(rc));
    }
    const char* const fields[] = {e->code, e->message_en, e->message_ru, e->pointer, e->rule_id};
    const char* const names[] = {"code", "message_en", "message_ru", "pointer", "rule_id"};
    for (std::size_t i = 0; i < 5; ++i) {
        if (fields[i] == nullptr) {
            broken(std::string("tm_error_last()->") + names[i] + " is NULL");
        }
        if (!valid_utf8(fields[i])) {
            broken(std::string("tm_error_last()->") + names[i] + " is not UTF-8: " + fields[i]);
        }
    }
    if (rc == TM_OK) {
        for (std::size_t i = 0; i < 5; ++i) {
            if (*fields[i] != '\0') {
                broken(std::string("tm_error_last()->") + names[i] +
                       " is not empty after a success: " + fields[i]);
            }
        }
    } else {
        require(*e->code != '\0', "tm_error_last()->code is empty after a failure");
    }
    check_pointer(e->pointer, e->code, input, "tm_error_last()->pointer", readings);
    return Error{e->status, e->code, e->pointer};
}

bool has_array(const bj::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_array();
}

// A problem of a report: its code, pointer and severity, which must be strings.
struct ProblemView {
    std::string_view code, pointer, severity;
};

ProblemView problem_of(const bj::value& p) {
    require(p.is_object(), "a problem is not an object");
    const auto& problem = p.get_object();
    const auto* code = problem.if_contains("code");
    const auto* pointer = problem.if_contains("pointer");
    const auto* severity = problem.if_contains("severity");
    require(code != nullptr && code->is_string() && pointer != nullptr && pointer->is_string() &&
                severity != nullptr && severity->is_string(),
            "a problem lacks code, pointer or severity: " + bj::serialize(p));
    return ProblemView{code->get_string(), pointer->get_string(), severity->get_string()};
}

// The output document of an operation (or of tm_context_describe when `operation` is false),
// parsed; null when there is none.
bj::value check_output(int rc, bool operation, const char* out, size_t out_len, const Error& error,
                       const Input& input, bool readings = false) {
    const std::string status = tm_status_name(rc);
    const bool expected = rc == TM_OK || (operation && rc == TM_E_VALIDATION);
    if (!expected) {
        require(out == nullptr, "an output document came with " + status);
        require(out_len == 0, "*out_len is " + std::to_string(out_len) + " with no output");
        return nullptr;
    }
    require(out != nullptr, "no output document with " + status);
    const std::string_view text(out, std::char_traits<char>::length(out));
    require(text.size() == out_len, "*out_len is " + std::to_string(out_len) +
                                        " but the output has " + std::to_string(text.size()) +
                                        " bytes");
    bj::error_code ec;
    bj::value doc = bj::parse(text, ec); // Boost.JSON rejects invalid UTF-8 by default
    require(!ec, "the output is not valid JSON (" + ec.message() + "): " + std::string(text));
    require(doc.is_object(), "the output is not a JSON object");
    if (!operation) {
        return doc;
    }
    const auto& o = doc.get_object();
    require(has_array(o, "rule_sets"), "the output has no \"rule_sets\" array");
    require(has_array(o, "trace"), "the output has no \"trace\" array");
    if (const auto* problems = o.if_contains("problems")) {
        require(problems->is_array(), "\"problems\" is not an array");
        bool first = true;
        for (const auto& p : problems->get_array()) {
            const ProblemView problem = problem_of(p);
            check_pointer(problem.pointer, problem.code, input, "problems[].pointer", readings);
            if (rc == TM_E_VALIDATION && first && problem.severity == "error") {
                first = false;
                require(problem.code == error.code && problem.pointer == error.pointer,
                        "tm_error_last() (" + error.code + " at \"" + error.pointer +
                            "\") is not the report's first error " + bj::serialize(p));
            }
        }
        require(rc != TM_E_VALIDATION || !first,
                "TM_E_VALIDATION with no problem of severity \"error\" in the report");
    } else {
        require(rc != TM_E_VALIDATION, "a TM_E_VALIDATION report has no \"problems\" array");
    }
    return doc;
}

// A known status, and not TM_E_INTERNAL: that one is an exception the library did not expect, a
// defect in telemed (docs/c-api.md).
void check_status(int rc) {
    if (std::string_view(tm_status_name(rc)) == "TM_E_UNKNOWN") {
        broken("unknown status " + std::to_string(rc));
    }
    if (rc == TM_E_INTERNAL) {
        broken(std::string("TM_E_INTERNAL (") + tm_error_last()->code +
               "): an exception escaped an operation");
    }
}

struct StringFree {
    void operator()(char* s) const noexcept { tm_string_free(s); }
};
using Output = std::unique_ptr<char, StringFree>;

// What a call returned, after its checks: the status, the output as written and parsed.
struct Reply {
    int rc;
    std::string text;
    bj::value doc;
};

Reply call(Operation operation, const tm_context* context, const char* data, std::size_t size,
           const Input& input, bool readings = false, Extra extra = nullptr) {
    char* raw = nullptr;
    size_t out_len = 12345; // must be overwritten
    const int rc = operation(context, data, size, &raw, &out_len);
    Output out(raw);
    check_status(rc);
    // Only an external signer's callback fails with TM_E_SIGNER.
    require(rc != TM_E_SIGNER || operation == sign_external_fixed,
            "TM_E_SIGNER from an entry point that was given no external signer");
    const Error error = check_error(rc, input, readings);
    check_parse(rc == TM_OK || rc == TM_E_VALIDATION, rc, error.code, input, readings);
    bj::value doc = check_output(rc, true, out.get(), out_len, error, input, readings);
    std::string text = out == nullptr ? std::string() : std::string(out.get(), out_len);
    if (extra != nullptr && doc.is_object()) {
        extra(rc, doc.get_object(), text, context, std::string_view(data, size));
    }
    return Reply{rc, std::move(text), std::move(doc)};
}

// call() on a document made here (the follow-up calls of the consultation checks).
Reply call_text(Operation operation, const tm_context* context, std::string_view text) {
    return call(operation, context, text.data(), text.size(), read_input(text));
}

// -------------------------------------------------------------------------------------------------
// The readings operations' own rules.
// -------------------------------------------------------------------------------------------------

bool is_bool(const bj::object& o, std::string_view key, bool value) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_bool() && v->get_bool() == value;
}

bool is_object(const bj::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object();
}

std::int64_t integer(const bj::object& o, std::string_view key, std::string_view where) {
    const auto* v = o.if_contains(key);
    require(v != nullptr && v->is_int64(), std::string(where) + ": no integer \"" +
                                               std::string(key) + "\" in " + bj::serialize(o));
    return v->get_int64();
}

// `pointer` is `prefix` or below it.
bool under(std::string_view pointer, std::string_view prefix) {
    return pointer.starts_with(prefix) &&
           (pointer.size() == prefix.size() || pointer[prefix.size()] == '/');
}

// A rejection: {"accepted": false, ...} for a reading that was read, {"valid": false, ...} when
// the request itself is not readable.
void check_rejected(const bj::object& out, std::string_view where) {
    require(out.contains("accepted") ? is_bool(out, "accepted", false)
                                     : is_bool(out, "valid", false),
            std::string(where) + ": a TM_E_VALIDATION report with neither \"accepted\": false nor "
                                 "\"valid\": false");
}

// The problems of one reading's result lie below its pointer, or name the patient's settings.
// Returns whether one of them is an error.
bool check_result_problems(const bj::object& result, std::string_view prefix, const Input& input,
                           std::string_view where) {
    const auto* problems = result.if_contains("problems");
    require(problems != nullptr && problems->is_array(),
            std::string(where) + ": a result has no \"problems\" array");
    bool error = false;
    for (const auto& p : problems->get_array()) {
        const ProblemView problem = problem_of(p);
        require(under(problem.pointer, prefix) || under(problem.pointer, "/patient"),
                std::string(where) + ": the problem " + std::string(problem.code) + " at \"" +
                    std::string(problem.pointer) + "\" is not below " + std::string(prefix));
        check_pointer(problem.pointer, problem.code, input,
                      std::string(where) + " problems[].pointer", true);
        error = error || problem.severity == "error";
    }
    return error;
}

// An accepted reading comes with its normalised form, classification and alerts.
void check_accepted_reading(const bj::object& result, std::string_view where) {
    require(is_object(result, "reading") && is_object(result, "classification") &&
                has_array(result, "alerts"),
            std::string(where) +
                ": an accepted reading without \"reading\", \"classification\" "
                "or \"alerts\": " +
                bj::serialize(result));
}

void check_validate(int rc, const bj::object& out, std::string_view, const tm_context*,
                    std::string_view) {
    if (rc == TM_OK) {
        require(is_bool(out, "accepted", true),
                "reading.validate: TM_OK without \"accepted\": true");
        check_accepted_reading(out, "reading.validate");
    } else {
        check_rejected(out, "reading.validate");
    }
}

void check_to_fhir(int rc, const bj::object& out, std::string_view, const tm_context*,
                   std::string_view) {
    if (rc != TM_OK) {
        check_rejected(out, "reading.to_fhir");
        return;
    }
    const auto* observation = out.if_contains("observation");
    require(observation != nullptr && observation->is_object(),
            "reading.to_fhir: TM_OK without an \"observation\" object");
    const auto* type = observation->get_object().if_contains("resourceType");
    require(type != nullptr && type->is_string() && type->get_string() == "Observation",
            "reading.to_fhir: the observation's resourceType is not \"Observation\"");
    require(has_array(out, "problems"), "reading.to_fhir: TM_OK without a \"problems\" array");
}

void check_batch(int rc, const bj::object& out, std::string_view, const tm_context*,
                 std::string_view input) {
    if (rc != TM_OK) {
        check_rejected(out, "readings.validate_batch");
        return;
    }
    // The library read the request, so it is well-formed (check_parse); its depth may pass
    // Boost.JSON's default limit.
    bj::parse_options options;
    options.max_depth = static_cast<std::size_t>(-1);
    bj::error_code ec;
    const bj::value request = bj::parse(input, ec, {}, options);
    require(!ec && request.is_object(), "readings.validate_batch: TM_OK for a request that is "
                                        "not an object");
    const auto* readings = request.get_object().if_contains("readings");
    require(readings != nullptr && readings->is_array(),
            "readings.validate_batch: TM_OK without a \"readings\" array in the request");
    const std::size_t n = readings->get_array().size();
    const auto* results = out.if_contains("results");
    require(results != nullptr && results->is_array(),
            "readings.validate_batch: TM_OK without a \"results\" array");
    require(results->get_array().size() == n,
            "readings.validate_batch: " + std::to_string(results->get_array().size()) +
                " results for " + std::to_string(n) + " readings");
    const Input keys = read_input(input, true);
    std::int64_t accepted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = results->get_array()[i];
        require(r.is_object(), "readings.validate_batch: a result is not an object");
        const auto& result = r.get_object();
        require(integer(result, "index", "readings.validate_batch") == static_cast<std::int64_t>(i),
                "readings.validate_batch: result " + std::to_string(i) + " has another index");
        const bool error = check_result_problems(result, "/readings/" + std::to_string(i), keys,
                                                 "readings.validate_batch");
        if (is_bool(result, "accepted", true)) {
            ++accepted;
            require(!error, "readings.validate_batch: an accepted reading with an error");
            check_accepted_reading(result, "readings.validate_batch");
        } else {
            require(is_bool(result, "accepted", false),
                    "readings.validate_batch: a result without \"accepted\"");
            require(error, "readings.validate_batch: a rejected reading without an error");
        }
    }
    require(integer(out, "accepted", "readings.validate_batch") == accepted &&
                integer(out, "rejected", "readings.validate_batch") ==
                    static_cast<std::int64_t>(n) - accepted,
            "readings.validate_batch: \"accepted\" and \"rejected\" do not count the results");
}

// A calendar date as the summary writes it: YYYY-MM-DD.
bool iso_date(const bj::value& v) {
    if (!v.is_string() || v.get_string().size() != 10) {
        return false;
    }
    const std::string_view s = v.get_string();
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool ok = i == 4 || i == 7 ? s[i] == '-' : s[i] >= '0' && s[i] <= '9';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// readings.summary: the counts add up, the rejected readings are listed in order, and facts.alerts
// is the alerts that are not information, in order, urgent as "urgent" and a warning as "routine".
void check_summary(int rc, const bj::object& out, std::string_view, const tm_context*,
                   std::string_view) {
    const std::string_view where = "readings.summary";
    if (rc != TM_OK) {
        check_rejected(out, where);
        return;
    }
    require(is_object(out, "readings"), "readings.summary: TM_OK without a \"readings\" object");
    const auto& counts = out.at("readings").get_object();
    const std::int64_t total = integer(counts, "total", where);
    const std::int64_t accepted = integer(counts, "accepted", where);
    const std::int64_t rejected = integer(counts, "rejected", where);
    const std::int64_t outside = integer(counts, "outside_window", where);
    const std::int64_t in_window = integer(counts, "in_window", where);
    require(total >= 0 && accepted >= 0 && rejected >= 0 && outside >= 0 && in_window >= 0 &&
                total == accepted + rejected && in_window + outside == accepted,
            "readings.summary: the counts do not add up: " + bj::serialize(counts));
    require(has_array(out, "rejected"), "readings.summary: TM_OK without a \"rejected\" array");
    const auto& listed = out.at("rejected").get_array();
    require(static_cast<std::int64_t>(listed.size()) == rejected,
            "readings.summary: " + std::to_string(listed.size()) +
                " rejected entries for \"rejected\": " + std::to_string(rejected));
    std::int64_t previous = -1;
    for (const auto& r : listed) {
        require(r.is_object(), "readings.summary: a rejected entry is not an object");
        const std::int64_t index = integer(r.get_object(), "index", where);
        require(index > previous && index < total,
                "readings.summary: rejected indices not increasing within the readings: " +
                    bj::serialize(listed));
        previous = index;
        const auto* codes = r.get_object().if_contains("codes");
        require(codes != nullptr && codes->is_array() && !codes->get_array().empty(),
                "readings.summary: a rejected entry without codes: " + bj::serialize(r));
    }
    require(has_array(out, "alerts"), "readings.summary: TM_OK without an \"alerts\" array");
    const auto* facts = out.if_contains("facts");
    require(facts != nullptr && facts->is_object() && has_array(facts->get_object(), "alerts"),
            "readings.summary: TM_OK without \"facts\": {\"alerts\": [...]}");
    const auto& fact_alerts = facts->get_object().at("alerts").get_array();
    std::size_t k = 0;
    for (const auto& a : out.at("alerts").get_array()) {
        require(a.is_object(), "readings.summary: an alert is not an object");
        const auto& dated = a.get_object();
        const auto* date = dated.if_contains("date");
        require(date != nullptr && iso_date(*date),
                "readings.summary: an alert's date is not YYYY-MM-DD: " + bj::serialize(a));
        const auto* alert = dated.if_contains("alert");
        require(alert != nullptr && alert->is_object(),
                "readings.summary: a dated alert without \"alert\": " + bj::serialize(a));
        const auto* severity = alert->get_object().if_contains("severity");
        require(severity != nullptr && severity->is_string(),
                "readings.summary: an alert without a severity: " + bj::serialize(a));
        const std::string_view s = severity->get_string();
        if (s != "urgent" && s != "warning") {
            continue;
        }
        require(
            k < fact_alerts.size(),
            "readings.summary: facts.alerts has fewer entries than the urgent and warning alerts");
        const auto& fact = fact_alerts[k++];
        require(fact.is_object() && fact.get_object().size() == 2,
                "readings.summary: a facts.alerts entry is not {\"date\", \"severity\"}: " +
                    bj::serialize(fact));
        const auto* fact_date = fact.get_object().if_contains("date");
        const auto* fact_severity = fact.get_object().if_contains("severity");
        require(fact_date != nullptr && iso_date(*fact_date) && *fact_date == *date &&
                    fact_severity != nullptr && fact_severity->is_string() &&
                    fact_severity->get_string() == (s == "urgent" ? "urgent" : "routine"),
                "readings.summary: facts.alerts entry " + bj::serialize(fact) +
                    " does not match the alert " + bj::serialize(a));
    }
    require(k == fact_alerts.size(), "readings.summary: " + std::to_string(fact_alerts.size()) +
                                         " facts.alerts for " + std::to_string(k) +
                                         " urgent and warning alerts");
}

// The Bluetooth decoders apply no rule: empty "rule_sets" and "trace".
void check_no_rules(const bj::object& out, std::string_view where) {
    require(out.at("rule_sets").get_array().empty() && out.at("trace").get_array().empty(),
            std::string(where) + ": a decoding that names rule sets or rules");
}

const char* ble_name(unsigned characteristic) {
    switch (characteristic) {
    case TM_BLE_BLOOD_PRESSURE_MEASUREMENT:
        return "2A35";
    case TM_BLE_GLUCOSE_MEASUREMENT:
        return "2A18";
    case TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT:
        return "2A34";
    default:
        return nullptr;
    }
}

// One tm_reading_decode_ble_bytes call and its checks; returns its document (null when none).
bj::value decode_bytes(const tm_context* context, unsigned characteristic,
                       const std::uint8_t* bytes, std::size_t size) {
    char* raw = nullptr;
    size_t out_len = 12345; // must be overwritten
    const int rc =
        tm_reading_decode_ble_bytes(context, characteristic, bytes, size, &raw, &out_len);
    Output out(raw);
    check_status(rc);
    const Input none; // the pointers name decoded fields only
    const Error error = check_error(rc, none, true);
    const char* name = ble_name(characteristic);
    if (name == nullptr) {
        require(rc == TM_E_INVALID_ARGUMENT && error.code == "unknown_characteristic",
                "decode_ble_bytes of characteristic " + std::to_string(characteristic) +
                    " returned " + tm_status_name(rc) + " " + error.code);
    } else {
        require(rc == TM_OK || rc == TM_E_VALIDATION,
                std::string("decode_ble_bytes returned ") + tm_status_name(rc));
    }
    bj::value doc = check_output(rc, true, out.get(), out_len, error, none, true);
    if (!doc.is_object()) {
        return doc;
    }
    const auto& o = doc.get_object();
    check_no_rules(o, "decode_ble_bytes");
    if (rc == TM_OK) {
        const auto* c = o.if_contains("characteristic");
        require(c != nullptr && c->is_string() && c->get_string() == name,
                "decode_ble_bytes: the output names another characteristic");
        require(size >= 1 && integer(o, "flags", "decode_ble_bytes") == bytes[0],
                "decode_ble_bytes: \"flags\" is not the first byte");
        if (characteristic != TM_BLE_BLOOD_PRESSURE_MEASUREMENT) {
            require(size >= 3 && integer(o, "sequence_number", "decode_ble_bytes") ==
                                     (bytes[1] | (bytes[2] << 8)),
                    "decode_ble_bytes: \"sequence_number\" is not bytes 1-2");
        }
    } else {
        check_rejected(o, "decode_ble_bytes");
        for (const auto& p : o.at("problems").get_array()) {
            const ProblemView problem = problem_of(p);
            require(problem.code.starts_with("ble_"),
                    "decode_ble_bytes: a problem that is not a decoding one: " +
                        std::string(problem.code));
        }
    }
    return doc;
}

// reading_decode_ble_bytes: the first byte of the input picks the characteristic by its value
// mod 4: 0 Blood Pressure Measurement 0x2A35, 1 Glucose Measurement 0x2A18, 2 Glucose
// Measurement Context 0x2A34, 3 a UUID the library does not decode (0x2A00 + the byte:
// TM_E_INVALID_ARGUMENT). The rest of the input is the value. An empty input is the empty value
// (NULL, length 0) of each of the three.
void run_ble_bytes(const tm_context* context, const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        for (const unsigned c : {TM_BLE_BLOOD_PRESSURE_MEASUREMENT, TM_BLE_GLUCOSE_MEASUREMENT,
                                 TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT}) {
            decode_bytes(context, c, nullptr, 0);
        }
        return;
    }
    static const unsigned by_byte[] = {TM_BLE_BLOOD_PRESSURE_MEASUREMENT,
                                       TM_BLE_GLUCOSE_MEASUREMENT,
                                       TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT, 0};
    const unsigned c = data[0] % 4 == 3 ? 0x2A00u + data[0] : by_byte[data[0] % 4];
    decode_bytes(context, c, data + 1, size - 1);
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// reading.decode_ble says what tm_reading_decode_ble_bytes says of the same bytes, and applies no
// rule.
void check_decode_ble(int rc, const bj::object& out, std::string_view, const tm_context* context,
                      std::string_view input) {
    check_no_rules(out, "reading.decode_ble");
    if (rc != TM_OK) {
        check_rejected(out, "reading.decode_ble");
        return;
    }
    bj::error_code ec;
    const bj::value request = bj::parse(input, ec);
    require(!ec && request.is_object(), "reading.decode_ble: TM_OK for a request Boost.JSON "
                                        "cannot read");
    const auto* characteristic = request.get_object().if_contains("characteristic");
    const auto* value = request.get_object().if_contains("value");
    require(characteristic != nullptr && characteristic->is_string() && value != nullptr &&
                value->is_string(),
            "reading.decode_ble: TM_OK without \"characteristic\" and \"value\" strings");
    const std::string_view c = characteristic->get_string();
    const unsigned uuid = c == "2A35"   ? TM_BLE_BLOOD_PRESSURE_MEASUREMENT
                          : c == "2A18" ? TM_BLE_GLUCOSE_MEASUREMENT
                          : c == "2A34" ? TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT
                                        : 0u;
    require(uuid != 0,
            "reading.decode_ble: TM_OK for the characteristic \"" + std::string(c) + "\"");
    std::vector<std::uint8_t> bytes;
    int high = -1;
    for (const char ch : value->get_string()) {
        if (ch == ' ') {
            require(high < 0, "reading.decode_ble: TM_OK for a space inside a hex pair");
            continue;
        }
        const int d = hex_digit(ch);
        require(d >= 0, "reading.decode_ble: TM_OK for a value that is not hex");
        if (high < 0) {
            high = d;
        } else {
            bytes.push_back(static_cast<std::uint8_t>(high * 16 + d));
            high = -1;
        }
    }
    require(high < 0, "reading.decode_ble: TM_OK for an odd number of hex digits");
    const bj::value direct = decode_bytes(context, uuid, bytes.data(), bytes.size());
    require(direct == bj::value(out),
            "reading.decode_ble and tm_reading_decode_ble_bytes disagree: " + bj::serialize(out) +
                " vs " + bj::serialize(direct));
}

// -------------------------------------------------------------------------------------------------
// The NDJSON stream.
// -------------------------------------------------------------------------------------------------

// reading_stream: the sizes of the chunks the input is fed in, from its first byte b (which is also
// the stream's first byte): b % 4 == 0 the whole input at once; 1 one byte at a time; 2 sizes
// 0–16 and 3 sizes 1–256, drawn from a linear congruential sequence seeded with b and the input's
// size. A size 0 is an empty chunk, fed as NULL with length 0.
std::vector<std::size_t> chunk_sizes(const std::uint8_t* data, std::size_t size) {
    std::vector<std::size_t> sizes;
    if (size == 0) {
        return sizes;
    }
    const unsigned mode = data[0] % 4;
    std::uint32_t x = data[0] * 2654435761u + static_cast<std::uint32_t>(size);
    std::size_t left = size;
    while (left > 0) {
        std::size_t n = 1;
        if (mode == 0) {
            n = left;
        } else if (mode >= 2) {
            x = x * 1103515245u + 12345u;
            const std::uint32_t r = x >> 16;
            n = mode == 2 ? r % 17 : 1 + r % 256;
        }
        n = std::min(n, left);
        sizes.push_back(n);
        left -= n;
    }
    return sizes;
}

// The lines of an NDJSON text as docs/c-api.md and src/readings/ndjson.hpp define them: the bytes
// before each '\n' without one '\r' right before it, and a last line without '\n' when the text
// does not end with one (its final '\r' dropped too). An empty text has no line.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return lines;
}

struct StreamFree {
    void operator()(tm_reading_stream* s) const noexcept { tm_reading_stream_free(s); }
};
using Stream = std::unique_ptr<tm_reading_stream, StreamFree>;

bool is_parse_code(std::string_view code) {
    return code == "json_syntax" || code == "truncated_json" || code == "empty_document";
}

// The result line of input line `index` (`line`, read as `input`).
void check_stream_result(std::size_t index, std::string_view result, std::string_view line,
                         const Input& input, std::size_t max_line_bytes, const Input& options) {
    const std::string where = "stream result " + std::to_string(index);
    bj::error_code ec;
    const bj::value doc = bj::parse(result, ec); // Boost.JSON rejects invalid UTF-8 by default
    require(!ec && doc.is_object(),
            where + " is not one JSON object (" + ec.message() + "): " + std::string(result));
    const auto& o = doc.get_object();
    require(integer(o, "index", where) == static_cast<std::int64_t>(index),
            where + " has the index " + std::to_string(integer(o, "index", where)));
    require(has_array(o, "rule_sets") && has_array(o, "trace"),
            where + " has no \"rule_sets\" or \"trace\" array");
    const auto* accepted = o.if_contains("accepted");
    require(accepted != nullptr && accepted->is_bool(), where + " has no \"accepted\"");
    const auto* problems = o.if_contains("problems");
    require(problems != nullptr && problems->is_array(), where + " has no \"problems\" array");
    const std::string prefix = "/" + std::to_string(index);
    bool error = false;
    std::string_view first_error, first_error_pointer;
    std::size_t too_long = 0, empty = 0;
    for (const auto& p : problems->get_array()) {
        const ProblemView problem = problem_of(p);
        if (under(problem.pointer, prefix)) {
            check_pointer(problem.pointer, problem.code, input, where + " problems[].pointer",
                          true);
        } else {
            require(under(problem.pointer, "/patient"),
                    where + ": the problem " + std::string(problem.code) + " at \"" +
                        std::string(problem.pointer) + "\" is neither below " + prefix +
                        " nor the options' patient");
            check_pointer(problem.pointer, problem.code, options, where + " problems[].pointer");
        }
        if (problem.severity == "error" && !error) {
            error = true;
            first_error = problem.code;
            first_error_pointer = problem.pointer;
        }
        too_long += problem.code == "line_too_long" ? 1u : 0u;
        empty += problem.code == "empty_line" ? 1u : 0u;
    }
    const std::size_t count = problems->get_array().size();
    if (accepted->get_bool()) {
        require(!error, where + ": an accepted reading with an error");
        require(input.well_formed && !input.duplicate,
                where + ": a line accepted that is not one well-formed JSON document");
        check_accepted_reading(o, where);
    } else {
        require(error, where + ": a rejected line without an error");
    }
    if (line.size() > max_line_bytes) {
        require(too_long == 1 && count == 1 && !accepted->get_bool(),
                where + ": a line of " + std::to_string(line.size()) +
                    " bytes without line_too_long alone");
        return;
    }
    require(too_long == 0,
            where + ": line_too_long for a line of " + std::to_string(line.size()) + " bytes");
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        require(empty == 1 && count == 1, where + ": a blank line without empty_line alone");
        return;
    }
    require(empty == 0, where + ": empty_line for a line that is not blank");
    if (!input.well_formed) {
        require(!accepted->get_bool(), where + ": a malformed line accepted");
    }
    // A syntax error of the line itself is at the line's pointer; below it, one of a document
    // the line carries (an envelope's payload).
    if (is_parse_code(first_error)) {
        require(first_error_pointer == prefix ? !input.well_formed : input.embedded_malformed,
                where + ": " + std::string(first_error) + " for a well-formed document");
    }
    if (first_error == "duplicate_key") {
        require(input.duplicate || input.embedded_duplicate,
                where + ": duplicate_key, but no object repeats a key");
    }
}

// reading_stream: one stream on `context` with `options`, fed the input in `chunks`.
void run_stream(const tm_context* context, const char* options, const std::uint8_t* data,
                const std::vector<std::size_t>& chunks, const std::vector<std::string_view>& lines,
                const std::vector<Input>& inputs) {
    const Input none;
    const std::string_view options_text = options == nullptr ? "" : options;
    const Input options_input = read_input(options_text);
    std::size_t max_line_bytes = 65536;
    if (options != nullptr) {
        bj::error_code ec;
        const bj::value parsed = bj::parse(options_text, ec);
        require(!ec, "the stream options are not JSON");
        if (const auto* max = parsed.get_object().if_contains("max_line_bytes")) {
            max_line_bytes = static_cast<std::size_t>(max->as_int64());
        }
    }
    tm_reading_stream* raw = nullptr;
    const int rc = tm_reading_stream_open(context, options,
                                          options == nullptr ? 0 : options_text.size(), &raw);
    Stream stream(raw);
    require(rc == TM_OK && raw != nullptr, std::string("tm_reading_stream_open failed: ") +
                                               tm_status_name(rc) + " " + tm_error_last()->code +
                                               " at " + tm_error_last()->pointer);
    check_error(rc, none);

    std::string results;
    const auto take = [&](int status, char* out_raw, size_t out_len, const char* what) {
        Output out(out_raw);
        check_status(status);
        if (status != TM_OK) {
            broken(std::string(what) + " returned " + tm_status_name(status));
        }
        check_error(status, none);
        if (out == nullptr) {
            broken(std::string(what) + ": no output (\"\" expected at least)");
        }
        if (std::strlen(out.get()) != out_len) {
            broken(std::string(what) + ": *out_len is not the output's length");
        }
        if (out_len != 0 && out.get()[out_len - 1] != '\n') {
            broken(std::string(what) + ": the output ends inside a result line");
        }
        results.append(out.get(), out_len);
    };
    std::size_t pos = 0;
    for (const std::size_t n : chunks) {
        char* out = nullptr;
        size_t out_len = 12345; // must be overwritten
        const char* chunk = n == 0 ? nullptr : reinterpret_cast<const char*>(data) + pos;
        const int fed = tm_reading_stream_feed(stream.get(), chunk, n, &out, &out_len);
        take(fed, out, out_len, "tm_reading_stream_feed");
        pos += n;
    }
    {
        char* out = nullptr;
        size_t out_len = 12345;
        const int finished = tm_reading_stream_finish(stream.get(), &out, &out_len);
        take(finished, out, out_len, "tm_reading_stream_finish");
    }
    // Spent: feeding or finishing again is TM_E_INVALID_ARGUMENT with no output.
    for (int i = 0; i < 2; ++i) {
        char sentinel = 0;
        char* out = &sentinel;
        size_t out_len = 12345;
        const int again = i == 0 ? tm_reading_stream_feed(stream.get(), "{}\n", 3, &out, &out_len)
                                 : tm_reading_stream_finish(stream.get(), &out, &out_len);
        require(out != &sentinel, "a spent stream left *out_ndjson as it was");
        Output kept(out);
        require(again == TM_E_INVALID_ARGUMENT && out == nullptr && out_len == 0,
                std::string(i == 0 ? "feed" : "finish") + " after finish returned " +
                    tm_status_name(again) + (out == nullptr ? "" : " with an output"));
        check_error(again, none);
    }

    std::size_t count = 0, start = 0;
    while (start < results.size()) {
        const std::size_t nl = results.find('\n', start);
        require(count < lines.size(),
                "more result lines than the " + std::to_string(lines.size()) + " input lines");
        check_stream_result(count, std::string_view(results).substr(start, nl - start),
                            lines[count], inputs[count], max_line_bytes, options_input);
        ++count;
        start = nl + 1;
    }
    require(count == lines.size(), std::to_string(count) + " result lines for " +
                                       std::to_string(lines.size()) + " input lines");
}

// -------------------------------------------------------------------------------------------------
// The typed batch.
// -------------------------------------------------------------------------------------------------

// readings_check: the input is
//   2 bytes  L, little-endian: the length of the patient JSON (capped to what follows);
//   L bytes  the patient JSON (options.patient_json; NULL when L is 0), which may be anything;
//   then records of typed_record_size bytes (a partial last one is ignored, at most
//   typed_max_records), each one tm_reading:
//     0 kind % 4 (1 and 2 are kinds), 1 unit % 6 (1-4 are units), 2 value % 4 (0-2 are codes) and
//     in bits 2-6 whether systolic, diastolic, mean, pulse and glucose are raw, 3 meal % 7 (0-5),
//     4-6 flags (bits 0-17; a byte 6 >= 0xF0 also sets an unknown bit 18-31), 7 bits 0-1 how
//     measured_at_ms is made and bits 2-7 the device id (typed_devices, mod its size);
//     8-15 the time: raw int64 (mode 0), or the fixed clock plus an int16 (bytes 8-9) of seconds
//     (1), minutes (2) or hours (3);
//     16-55 five slots of 8 bytes, systolic, diastolic, mean, pulse and glucose: a raw double (NaN,
//     infinities, denormals) or a small number, the int16 of bytes 0-1 divided by 1, 10 or 100 by
//     byte 2 % 4, or NaN when byte 2 % 4 is 3.
constexpr std::size_t typed_record_size = 56;
constexpr std::size_t typed_max_records = 256;
const char* const typed_devices[] = {
    nullptr,        "",
    "tono-17",      "gluco-3",
    "tonometer-17", "\xD1\x82\xD0\xBE\xD0\xBD-1",
    "\xFF\xFE",     "device-id-longer-than-sixty-four-bytes-0123456789-0123456789-0123456789",
};

template <typename T> T read_le(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    }
    T out;
    if constexpr (sizeof(T) == 8) {
        std::memcpy(&out, &v, 8);
    } else {
        out = static_cast<T>(v);
    }
    return out;
}

double typed_number(const std::uint8_t* slot, bool raw) {
    if (raw) {
        return read_le<double>(slot);
    }
    const auto n = static_cast<std::int16_t>(read_le<std::uint16_t>(slot));
    switch (slot[2] % 4) {
    case 0:
        return n;
    case 1:
        return n / 10.0;
    case 2:
        return n / 100.0;
    default:
        return __builtin_nan("");
    }
}

tm_reading typed_reading(const std::uint8_t* r) {
    tm_reading t{};
    t.kind = r[0] % 4u;
    t.unit = r[1] % 6u;
    t.value = r[2] % 4u;
    t.meal = r[3] % 7u;
    t.flags = r[4] | (unsigned{r[5]} << 8) | ((r[6] & 3u) << 16);
    if (r[6] >= 0xF0) {
        t.flags |= 1u << (18 + (r[6] & 0x0F) % 14);
    }
    const unsigned mode = r[7] & 3u;
    if (mode == 0) {
        t.measured_at_ms = read_le<std::int64_t>(r + 8);
    } else {
        static const std::int64_t unit_ms[] = {0, 1000, 60000, 3600000};
        const auto offset = static_cast<std::int16_t>(read_le<std::uint16_t>(r + 8));
        t.measured_at_ms = fixed_now_ms + offset * unit_ms[mode];
    }
    t.device_id = typed_devices[(r[7] >> 2) % std::size(typed_devices)];
    double* const numbers[] = {&t.systolic, &t.diastolic, &t.mean, &t.pulse, &t.glucose};
    for (std::size_t i = 0; i < 5; ++i) {
        *numbers[i] = typed_number(r + 16 + 8 * i, ((r[2] >> (2 + i)) & 1u) != 0);
    }
    return t;
}

const unsigned warning_reasons = TM_REASON_OLDER_THAN_BACKFILL_LIMIT | TM_REASON_DEVICE_DOUBT;

// One result of a TM_OK batch. `repeat`: the record is byte for byte an earlier one that was
// accepted, so this one must be rejected as a duplicate.
void check_typed_result(std::size_t i, const tm_reading& reading, const tm_reading_result& result,
                        bool repeat) {
    const auto where = [&] {
        return "tm_readings_check result " + std::to_string(i) + " (status " +
               std::to_string(result.status) + ", category " + std::to_string(result.category) +
               ", band " + std::to_string(result.band) + ", severity " +
               std::to_string(result.severity) + ", alerts " + std::to_string(result.alerts) +
               ", reasons " + std::to_string(result.reasons) + ")";
    };
    if (result.status != TM_OK && result.status != TM_E_VALIDATION) {
        broken(where() + ": the status is neither TM_OK nor TM_E_VALIDATION");
    }
    if (result.category > TM_CATEGORY_GRADE_3 || result.band > TM_BAND_ABOVE_DEVICE_RANGE ||
        result.severity > TM_SEVERITY_URGENT || (result.alerts & ~0x7Fu) != 0) {
        broken(where() + ": a category, band, severity or alert bit out of range");
    }
    if ((result.severity == TM_SEVERITY_NONE) != (result.alerts == 0)) {
        broken(where() + ": the severity and the alerts disagree");
    }
    if (reading.kind == TM_READING_GLUCOSE && result.category != TM_CATEGORY_NONE) {
        broken(where() + ": a glucose reading with a blood-pressure category");
    }
    if (reading.kind == TM_READING_BLOOD_PRESSURE && result.band != TM_BAND_NONE) {
        broken(where() + ": a blood-pressure reading with a glucose band");
    }
    if (result.status == TM_OK) {
        if ((result.reasons & ~warning_reasons) != 0) {
            broken(where() + ": an accepted reading with an error reason");
        }
        if (reading.kind != TM_READING_BLOOD_PRESSURE && reading.kind != TM_READING_GLUCOSE) {
            broken(where() + ": a reading of unknown kind " + std::to_string(reading.kind) +
                   " accepted");
        }
        if (repeat) {
            broken(where() + ": a repeat of an accepted reading accepted");
        }
    } else {
        if ((result.reasons & ~warning_reasons) == 0) {
            broken(where() + ": a rejected reading without an error reason");
        }
        if (result.severity != TM_SEVERITY_NONE) {
            broken(where() + ": a rejected reading with alerts");
        }
        if (repeat && (result.reasons & TM_REASON_DUPLICATE) == 0) {
            broken(where() + ": a repeat of an accepted reading not rejected as a duplicate");
        }
    }
}

// tm_readings_check on `context` with the readings and patient of the input; then the edge calls
// (count 0 with NULL arrays, NULL arrays with a count, a wrong reading_size).
void run_typed(const tm_context* context, const std::uint8_t* data, std::size_t size) {
    std::size_t patient_len = 0;
    if (size >= 2) {
        patient_len = std::min<std::size_t>(data[0] | (unsigned{data[1]} << 8), size - 2);
    }
    const std::size_t head = std::min<std::size_t>(size, 2);
    const char* patient = reinterpret_cast<const char*>(data + head);
    const std::string_view patient_text(patient_len == 0 ? "" : patient, patient_len);
    const Input patient_input = read_input(patient_text);
    const std::uint8_t* records = data + head + patient_len;
    const std::size_t count =
        std::min((size - head - patient_len) / typed_record_size, typed_max_records);
    std::vector<tm_reading> readings(count);
    for (std::size_t i = 0; i < count; ++i) {
        readings[i] = typed_reading(records + i * typed_record_size);
    }

    tm_readings_check_options options;
    require(tm_readings_check_options_init(&options, TM_READINGS_CHECK_OPTIONS_VERSION) == TM_OK,
            "tm_readings_check_options_init failed");
    options.patient_json = patient_len == 0 ? nullptr : patient;
    options.patient_json_len = patient_len;
    tm_reading_result unset{};
    unset.status = -1;
    std::vector<tm_reading_result> results(count, unset);
    const int rc = tm_readings_check(context, &options, count == 0 ? nullptr : readings.data(),
                                     count, count == 0 ? nullptr : results.data());
    check_status(rc);
    const Error error = check_error(rc, patient_input);
    if (patient_len == 0) {
        require(rc == TM_OK,
                std::string("tm_readings_check without a patient returned ") + tm_status_name(rc));
    } else {
        require(rc == TM_OK || rc == TM_E_VALIDATION || rc == TM_E_JSON_SYNTAX ||
                    rc == TM_E_INVALID_UTF8 || rc == TM_E_LIMIT,
                std::string("tm_readings_check with a patient returned ") + tm_status_name(rc) +
                    " " + error.code);
        check_parse(rc == TM_OK || rc == TM_E_VALIDATION, rc, error.code, patient_input);
    }
    if (rc == TM_OK) {
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint8_t* record = records + i * typed_record_size;
            bool repeat = false;
            for (std::size_t j = 0; j < i && !repeat; ++j) {
                repeat =
                    results[j].status == TM_OK &&
                    std::memcmp(record, records + j * typed_record_size, typed_record_size) == 0;
            }
            check_typed_result(i, readings[i], results[i], repeat);
        }
    }

    const Input none;
    // No readings, NULL arrays, default options: TM_OK.
    const int empty = tm_readings_check(context, nullptr, nullptr, 0, nullptr);
    check_status(empty);
    require(empty == TM_OK,
            std::string("tm_readings_check of no readings returned ") + tm_status_name(empty));
    check_error(empty, none);
    // NULL arrays with a count, and a reading_size other than the library's: TM_E_INVALID_ARGUMENT.
    if (count != 0) {
        const int null_arrays = tm_readings_check(context, &options, nullptr, count, nullptr);
        check_status(null_arrays);
        require(null_arrays == TM_E_INVALID_ARGUMENT,
                std::string("tm_readings_check with NULL arrays returned ") +
                    tm_status_name(null_arrays));
        check_error(null_arrays, none);
    }
    tm_readings_check_options wrong = options;
    wrong.reading_size = size % 2 == 0 ? sizeof(tm_reading) + 8 : sizeof(tm_reading) - 8;
    const int sized = tm_readings_check(context, &wrong, count == 0 ? nullptr : readings.data(),
                                        count, count == 0 ? nullptr : results.data());
    check_status(sized);
    require(sized == TM_E_INVALID_ARGUMENT,
            std::string("tm_readings_check with a wrong reading_size returned ") +
                tm_status_name(sized));
    check_error(sized, none);
}

// -------------------------------------------------------------------------------------------------
// The consultation operations (docs/consultation.md).
// -------------------------------------------------------------------------------------------------

// The end of the JSON value that starts at `pos` of `text` (after white space), or npos. `text`
// is well-formed JSON (an output, or an input the library read).
std::size_t value_end(std::string_view text, std::size_t pos) {
    pos = text.find_first_not_of(" \t\r\n", pos);
    if (pos == std::string_view::npos) {
        return pos;
    }
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
                if (depth == 0) {
                    return i + 1;
                }
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return i + 1;
            }
            if (depth < 0) {
                return i; // a scalar ended by its container
            }
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
            return i;
        }
    }
    return depth == 0 && !in_string ? text.size() : std::string_view::npos;
}

// The text of the member `key` of the object `text` (its value as written), or "" when the
// object has no member whose key is written as `key` (a key written with escapes is not found).
std::string_view raw_member(std::string_view text, std::string_view key) {
    std::size_t pos = text.find_first_not_of(" \t\r\n");
    if (pos == std::string_view::npos || text[pos] != '{') {
        return {};
    }
    ++pos;
    while (true) {
        pos = text.find_first_not_of(" \t\r\n,", pos);
        if (pos == std::string_view::npos || text[pos] != '"') {
            return {};
        }
        const std::size_t key_end = value_end(text, pos);
        if (key_end == std::string_view::npos) {
            return {};
        }
        const std::string_view name = text.substr(pos + 1, key_end - pos - 2);
        const std::size_t colon = text.find(':', key_end);
        if (colon == std::string_view::npos) {
            return {};
        }
        const std::size_t start = text.find_first_not_of(" \t\r\n", colon + 1);
        const std::size_t end = value_end(text, colon + 1);
        if (start == std::string_view::npos || end == std::string_view::npos) {
            return {};
        }
        if (name == key) {
            return text.substr(start, end - start);
        }
        pos = end;
    }
}

bool is_string(const bj::object& o, std::string_view key, std::string_view value) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() && v->get_string() == value;
}

std::string_view string_member(const bj::object& o, std::string_view key, std::string_view where) {
    const auto* v = o.if_contains(key);
    require(v != nullptr && v->is_string(),
            std::string(where) + ": no string \"" + std::string(key) + "\" in " + bj::serialize(o));
    return v->get_string();
}

// A SHA-256 as the library writes it: 64 lowercase hex digits.
bool is_hash(std::string_view s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The events each status allows, in lifecycle order (docs/consultation.md, the lifecycle table).
std::vector<std::string_view> events_allowed(std::string_view status) {
    if (status == "requested") {
        return {"schedule", "cancel"};
    }
    if (status == "scheduled") {
        return {"schedule", "verify_identity", "cancel", "no_show"};
    }
    if (status == "identity_verified") {
        return {"confirm_consent", "cancel", "no_show"};
    }
    if (status == "consent_confirmed") {
        return {"start", "cancel", "no_show"};
    }
    if (status == "in_progress") {
        return {"connection_lost", "complete"};
    }
    if (status == "interrupted") {
        return {"resume", "cancel"};
    }
    if (status == "completed") {
        return {"sign_protocol"};
    }
    if (status == "protocol_signed") {
        return {"deliver"};
    }
    return {}; // delivered, cancelled, no_show
}

bool known_status(std::string_view status) {
    for (const auto s :
         {"requested", "scheduled", "identity_verified", "consent_confirmed", "in_progress",
          "interrupted", "completed", "protocol_signed", "delivered", "cancelled", "no_show"}) {
        if (status == s) {
            return true;
        }
    }
    return false;
}

// consultation.apply: TM_OK gives {"applied", "status", "allowed_events" (exactly the status's),
// "state" (in that status)}; a report has "applied": false. An applied event given again with the
// snapshot it produced is a retry: TM_OK, "applied": false, the same status and the same snapshot,
// byte for byte (so every snapshot the library returns is one it reads back).
void check_apply(int rc, const bj::object& out, std::string_view out_text,
                 const tm_context* context, std::string_view input) {
    const std::string_view where = "consultation.apply";
    const auto* applied = out.if_contains("applied");
    require(applied != nullptr && applied->is_bool(), "consultation.apply: no \"applied\"");
    if (rc != TM_OK) {
        require(!applied->get_bool(), "consultation.apply: a report with \"applied\": true");
        return;
    }
    const std::string_view status = string_member(out, "status", where);
    require(known_status(status),
            "consultation.apply: the unknown status \"" + std::string(status) + "\"");
    const auto* allowed = out.if_contains("allowed_events");
    require(allowed != nullptr && allowed->is_array(),
            "consultation.apply: TM_OK without \"allowed_events\"");
    const auto expected = events_allowed(status);
    bool same = allowed->get_array().size() == expected.size();
    for (std::size_t i = 0; same && i < expected.size(); ++i) {
        const auto& e = allowed->get_array()[i];
        same = e.is_string() && e.get_string() == expected[i];
    }
    require(same, "consultation.apply: \"allowed_events\" " + bj::serialize(*allowed) +
                      " are not those of the status " + std::string(status));
    require(is_object(out, "state"), "consultation.apply: TM_OK without a \"state\" object");
    require(is_string(out.at("state").get_object(), "status", status),
            "consultation.apply: the snapshot's status is not \"" + std::string(status) + "\"");
    if (!applied->get_bool()) {
        return;
    }
    const std::string_view state = raw_member(out_text, "state");
    const std::string_view event = raw_member(input, "event");
    require(!state.empty(), "consultation.apply: the output's \"state\" not found in its text");
    if (event.empty()) {
        return; // the input wrote "event" with escapes
    }
    const std::string retry =
        "{\"state\":" + std::string(state) + ",\"event\":" + std::string(event) + "}";
    const Reply again = call_text(tm_consultation_apply, context, retry);
    require(again.rc == TM_OK && again.doc.is_object() &&
                is_bool(again.doc.get_object(), "applied", false) &&
                is_string(again.doc.get_object(), "status", status) &&
                raw_member(again.text, "state") == state,
            "consultation.apply: the same event again on the snapshot it produced is not a retry "
            "that changes nothing: " +
                std::string(tm_status_name(again.rc)) + " " + again.text.substr(0, 400));
}

// protocol.canonicalize of `document` (JSON text): TM_OK with {"canonical", "sha256"}, which it
// returns, or "" when the text is too large to send again.
std::pair<std::string, std::string>
canonical_of(const tm_context* context, std::string_view document, std::string_view where) {
    const std::string request = "{\"document\":" + std::string(document) + "}";
    const Reply r = call_text(tm_protocol_canonicalize, context, request);
    if (r.rc == TM_E_LIMIT && request.size() > (std::size_t{16} << 20)) {
        return {};
    }
    require(r.rc == TM_OK && r.doc.is_object(), std::string(where) + ": protocol.canonicalize of " +
                                                    std::string(document.substr(0, 200)) +
                                                    " returned " + tm_status_name(r.rc));
    const auto& o = r.doc.get_object();
    return {std::string(string_member(o, "canonical", where)),
            std::string(string_member(o, "sha256", where))};
}

// protocol.canonicalize: TM_OK has "canonical" and "sha256" (a SHA-256); the canonical text,
// canonicalised again, is itself, with the same hash.
void check_canonicalize(int rc, const bj::object& out, std::string_view, const tm_context* context,
                        std::string_view) {
    const std::string_view where = "protocol.canonicalize";
    if (rc != TM_OK) {
        return;
    }
    const std::string_view canonical = string_member(out, "canonical", where);
    const std::string_view sha256 = string_member(out, "sha256", where);
    require(is_hash(sha256), "protocol.canonicalize: \"sha256\" is not 64 lowercase hex digits");
    const auto [again, again_sha256] = canonical_of(context, canonical, where);
    if (again.empty() && again_sha256.empty()) {
        return;
    }
    require(again == canonical && again_sha256 == sha256,
            "protocol.canonicalize: the canonical text " + std::string(canonical.substr(0, 300)) +
                " canonicalises to " + again.substr(0, 300));
}

// protocol.build: TM_OK has the protocol (format telemed.protocol/1), written in its canonical
// form, and "content_hash", the SHA-256 of that text.
void check_build(int rc, const bj::object& out, std::string_view out_text,
                 const tm_context* context, std::string_view) {
    const std::string_view where = "protocol.build";
    if (rc != TM_OK) {
        return;
    }
    require(is_object(out, "protocol") &&
                is_string(out.at("protocol").get_object(), "format", "telemed.protocol/1"),
            "protocol.build: TM_OK without a telemed.protocol/1 \"protocol\"");
    const std::string_view hash = string_member(out, "content_hash", where);
    require(is_hash(hash), "protocol.build: \"content_hash\" is not 64 lowercase hex digits");
    const std::string_view protocol = raw_member(out_text, "protocol");
    const auto [canonical, sha256] = canonical_of(context, protocol, where);
    require(canonical == protocol && sha256 == hash,
            "protocol.build: the protocol is not written in its canonical form, or "
            "\"content_hash\" is not its SHA-256");
}

// The signature object of protocol.sign's output: {"algorithm", "key_id", "certificate"?,
// "content_hash": {"algorithm": "sha-256", "value"}, "value"}; returns the content hash.
std::string_view check_signature_object(const bj::object& out, std::string_view where,
                                        std::string_view algorithm, std::string_view key_id,
                                        std::string_view certificate, std::string_view value) {
    require(is_object(out, "signature"), std::string(where) + ": TM_OK without \"signature\"");
    const auto& s = out.at("signature").get_object();
    require(is_string(s, "algorithm", algorithm) && is_string(s, "key_id", key_id) &&
                (certificate.empty() ? !s.contains("certificate")
                                     : is_string(s, "certificate", certificate)),
            std::string(where) + ": the signature names another signer: " + bj::serialize(s));
    require(is_object(s, "content_hash") &&
                is_string(s.at("content_hash").get_object(), "algorithm", "sha-256"),
            std::string(where) + ": the signature's content_hash is not SHA-256");
    const std::string_view hash = string_member(s.at("content_hash").get_object(), "value", where);
    require(is_hash(hash), std::string(where) + ": the content hash is not 64 lowercase hex");
    const std::string_view written = string_member(s, "value", where);
    if (!value.empty()) {
        require(written == value, std::string(where) + ": the signature's value is not the "
                                                       "signer's bytes in base64");
    } else {
        require(written.size() == 88 && written.ends_with("==") &&
                    written.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
                                              "wxyz0123456789+/=") == std::string_view::npos,
                std::string(where) + ": the signature's value is not 64 bytes in base64");
    }
    return hash;
}

// The canonical text of the protocol a sign request signs: of its "protocol", or of the protocol
// protocol.build makes of its "state" (whose content hash must be `hash`). "" when the input
// writes its key with escapes.
std::string signed_protocol(const tm_context* context, std::string_view input,
                            std::string_view hash, std::string_view where) {
    const std::string_view given = raw_member(input, "protocol");
    if (!given.empty()) {
        return canonical_of(context, given, where).first;
    }
    if (raw_member(input, "state").empty()) {
        return {};
    }
    const Reply built = call_text(tm_protocol_build, context, input);
    require(built.rc == TM_OK && built.doc.is_object() &&
                is_string(built.doc.get_object(), "content_hash", hash),
            std::string(where) + ": signed a snapshot whose protocol.build gives " +
                tm_status_name(built.rc) + " or another content hash");
    return std::string(raw_member(built.text, "protocol"));
}

// protocol.verify of a protocol (canonical text) and the signature object of `out_text`.
bj::object verify_signed(const tm_context* context, std::string_view protocol,
                         std::string_view out_text, std::string_view where) {
    const std::string request = "{\"protocol\":" + std::string(protocol) +
                                ",\"signature\":" + std::string(raw_member(out_text, "signature")) +
                                "}";
    const Reply verified = call_text(tm_protocol_verify, context, request);
    require(verified.rc == TM_OK && verified.doc.is_object(),
            std::string(where) + ": protocol.verify of the signed protocol returned " +
                tm_status_name(verified.rc));
    return verified.doc.get_object();
}

// protocol_sign signs with a built-in key made once from a fixed seed: RFC 8032, section 7.1,
// test 1, whose public key the contexts trust as doc-1-2026 (TELEMED_FUZZ_SIGNERS).
constexpr unsigned char fixed_seed[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
constexpr const char* fixed_key_id = "doc-1-2026";
constexpr const char* fixed_key_certificate = "fuzz-certificate-1";

struct SigningKeyFree {
    void operator()(tm_signing_key* k) const noexcept { tm_signing_key_free(k); }
};

const tm_signing_key* fixed_key() {
    static const std::unique_ptr<tm_signing_key, SigningKeyFree> key = [] {
        tm_signing_key* raw = nullptr;
        const int rc = tm_signing_key_new(fixed_seed, sizeof fixed_seed, fixed_key_id,
                                          fixed_key_certificate, &raw);
        require(rc == TM_OK && raw != nullptr, "tm_signing_key_new failed");
        return std::unique_ptr<tm_signing_key, SigningKeyFree>(raw);
    }();
    return key.get();
}

int sign_fixed(const tm_context* context, const char* json, size_t json_len, char** out_json,
               size_t* out_len) {
    return tm_protocol_sign(context, json, json_len, fixed_key(), out_json, out_len);
}

// protocol.sign with the fixed key: the signature names the key, its content hash is the
// SHA-256 of the protocol's canonical text (of "protocol", or of protocol.build's for "state"),
// and protocol.verify finds it valid.
void check_sign(int rc, const bj::object& out, std::string_view out_text, const tm_context* context,
                std::string_view input) {
    const std::string_view where = "protocol.sign";
    if (rc != TM_OK) {
        return;
    }
    const std::string_view hash =
        check_signature_object(out, where, "Ed25519", fixed_key_id, fixed_key_certificate, {});
    const std::string protocol = signed_protocol(context, input, hash, where);
    if (protocol.empty()) {
        return;
    }
    require(canonical_of(context, protocol, where).second == hash,
            "protocol.sign: the content hash is not the SHA-256 of the protocol's canonical text");
    const bj::object verified = verify_signed(context, protocol, out_text, where);
    require(is_bool(verified, "valid", true) && is_string(verified, "result", "valid"),
            "protocol.sign: protocol.verify does not find the signature valid: " +
                bj::serialize(verified));
}

// protocol_sign_external: a fixed external signer. The input's last byte picks what its callback
// does: '\n' fails (returns 1), ' ' writes no byte, '\t' claims one byte more than the buffer
// (each TM_E_SIGNER); anything else (and an empty input) writes the 64 bytes 0, 1, ..., 63.
enum class ExternalMode { sign, fail, empty, too_long };

ExternalMode external_mode(std::string_view input) {
    if (input.empty()) {
        return ExternalMode::sign;
    }
    switch (input.back()) {
    case '\n':
        return ExternalMode::fail;
    case ' ':
        return ExternalMode::empty;
    case '\t':
        return ExternalMode::too_long;
    default:
        return ExternalMode::sign;
    }
}

// The external signer's algorithm, key id and certificate: a ГОСТ signer the contexts trust.
constexpr const char* external_algorithm = "GOST R 34.10-2012-256";
constexpr const char* external_key_id = "org-1-gost";
constexpr const char* external_certificate = "01d3a5f0c2b4e6a8";
// The bytes 0, 1, ..., 63 in base64.
constexpr std::string_view external_value_base64 =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

// What the callback saw in the last call.
struct ExternalCall {
    ExternalMode mode = ExternalMode::sign;
    int calls = 0;
    std::string message;
};

int external_sign(void* user_data, const unsigned char* message, size_t message_len,
                  unsigned char* signature, size_t capacity, size_t* signature_len) {
    auto& call = *static_cast<ExternalCall*>(user_data);
    ++call.calls;
    require(message != nullptr && message_len > 0 && signature != nullptr &&
                signature_len != nullptr && capacity == TM_SIGNATURE_MAX_BYTES,
            "the external signer was called without a message, a buffer of "
            "TM_SIGNATURE_MAX_BYTES or a length");
    call.message.assign(reinterpret_cast<const char*>(message), message_len);
    switch (call.mode) {
    case ExternalMode::fail:
        return 1;
    case ExternalMode::empty:
        *signature_len = 0;
        return 0;
    case ExternalMode::too_long:
        *signature_len = capacity + 1;
        return 0;
    case ExternalMode::sign:
        break;
    }
    for (std::size_t i = 0; i < 64; ++i) {
        signature[i] = static_cast<unsigned char>(i);
    }
    *signature_len = 64;
    return 0;
}

ExternalCall external_call;

int sign_external_fixed(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len) {
    external_call = ExternalCall{external_mode(std::string_view(json, json_len)), 0, {}};
    tm_external_signer signer;
    require(tm_external_signer_init(&signer, TM_EXTERNAL_SIGNER_VERSION) == TM_OK,
            "tm_external_signer_init failed");
    signer.algorithm = external_algorithm;
    signer.key_id = external_key_id;
    signer.certificate = external_certificate;
    signer.sign = external_sign;
    signer.user_data = &external_call;
    const int rc = tm_protocol_sign_external(context, json, json_len, &signer, out_json, out_len);
    // The callback runs once when the protocol is ready to sign, and only then; its failure is
    // TM_E_SIGNER (signer_failed at /signer), and nothing else is.
    const bool failing = external_call.mode != ExternalMode::sign;
    require(external_call.calls <= 1, "the external signer was called more than once");
    require((rc == TM_OK || rc == TM_E_SIGNER) == (external_call.calls == 1),
            std::string("tm_protocol_sign_external returned ") + tm_status_name(rc) + " after " +
                std::to_string(external_call.calls) + " calls of the signer");
    require((rc == TM_E_SIGNER) == (external_call.calls == 1 && failing),
            std::string("tm_protocol_sign_external returned ") + tm_status_name(rc) +
                (failing ? " when the signer failed" : " when the signer signed"));
    if (rc == TM_E_SIGNER) {
        const tm_error* e = tm_error_last();
        require(std::string_view(e->code) == "signer_failed" &&
                    std::string_view(e->pointer) == "/signer",
                std::string("TM_E_SIGNER with ") + e->code + " at \"" + e->pointer + "\"");
    }
    return rc;
}

// protocol.sign_external: the signature records the signer and its bytes; the message the
// callback signed is the protocol's canonical text (it canonicalises to itself, and its hash is
// the content hash); protocol.verify checks the hash and leaves the ГОСТ signature to its provider.
void check_sign_external(int rc, const bj::object& out, std::string_view out_text,
                         const tm_context* context, std::string_view input) {
    const std::string_view where = "protocol.sign_external";
    if (rc != TM_OK) {
        return;
    }
    const std::string_view hash =
        check_signature_object(out, where, external_algorithm, external_key_id,
                               external_certificate, external_value_base64);
    const std::string message = external_call.message;
    const auto [canonical, sha256] = canonical_of(context, message, where);
    require(canonical == message && sha256 == hash,
            "protocol.sign_external: the signer was not given the canonical text whose SHA-256 "
            "is the content hash");
    const std::string protocol = signed_protocol(context, input, hash, where);
    require(protocol.empty() || protocol == message,
            "protocol.sign_external: the signer was given another text than the protocol's");
    const bj::object verified = verify_signed(context, message, out_text, where);
    require(is_bool(verified, "valid", false) &&
                is_string(verified, "result", "algorithm_not_verifiable"),
            "protocol.sign_external: protocol.verify of a ГОСТ signature: " +
                bj::serialize(verified));
}

// protocol.verify: TM_OK has "valid" and a "result" of the documented set, "valid" exactly when
// the result is "valid", and a "pointer" below /signature exactly when it is not.
void check_verify(int rc, const bj::object& out, std::string_view, const tm_context*,
                  std::string_view) {
    const std::string_view where = "protocol.verify";
    if (rc != TM_OK) {
        return;
    }
    const auto* valid = out.if_contains("valid");
    require(valid != nullptr && valid->is_bool(), "protocol.verify: TM_OK without \"valid\"");
    const std::string_view result = string_member(out, "result", where);
    bool known = false;
    for (const auto r : {"valid", "content_changed", "signer_unknown", "signature_malformed",
                         "signature_invalid", "algorithm_not_verifiable"}) {
        known = known || result == r;
    }
    require(known,
            "protocol.verify: the result \"" + std::string(result) + "\" is not a documented one");
    require(valid->get_bool() == (result == "valid"),
            "protocol.verify: \"valid\" disagrees with the result " + std::string(result));
    const auto* pointer = out.if_contains("pointer");
    require(valid->get_bool() ? pointer == nullptr
                              : pointer != nullptr && pointer->is_string() &&
                                    under(pointer->get_string(), "/signature"),
            "protocol.verify: " + std::string(result) + " with the pointer " +
                (pointer == nullptr ? std::string("(none)") : bj::serialize(*pointer)));
}

// audit.verify: TM_OK has "valid", "entries" (the number of entries given), "head" (a hash) and,
// exactly when not valid, "first_bad": {"index" (at most "entries"), "pointer" /entries/<index>,
// "reason" of the documented set}.
void check_audit(int rc, const bj::object& out, std::string_view, const tm_context*,
                 std::string_view input) {
    const std::string_view where = "audit.verify";
    if (rc != TM_OK) {
        return;
    }
    const auto* valid = out.if_contains("valid");
    require(valid != nullptr && valid->is_bool(), "audit.verify: TM_OK without \"valid\"");
    const std::int64_t entries = integer(out, "entries", where);
    require(is_hash(string_member(out, "head", where)), "audit.verify: \"head\" is not a hash");
    bj::parse_options options;
    options.max_depth = static_cast<std::size_t>(-1);
    bj::error_code ec;
    const bj::value request = bj::parse(input, ec, {}, options);
    require(!ec && request.is_object() && request.get_object().contains("entries") &&
                request.get_object().at("entries").is_array(),
            "audit.verify: TM_OK for a request without an \"entries\" array");
    require(entries ==
                static_cast<std::int64_t>(request.get_object().at("entries").get_array().size()),
            "audit.verify: \"entries\" is not the number of entries given");
    const auto* bad = out.if_contains("first_bad");
    if (valid->get_bool()) {
        require(bad == nullptr, "audit.verify: a valid chain with \"first_bad\"");
        return;
    }
    require(bad != nullptr && bad->is_object(), "audit.verify: an invalid chain without first_bad");
    const auto& first = bad->get_object();
    const std::int64_t index = integer(first, "index", where);
    require(index >= 0 && index <= entries &&
                is_string(first, "pointer", "/entries/" + std::to_string(index)),
            "audit.verify: first_bad " + bj::serialize(first) + " is not an entry's");
    const std::string_view reason = string_member(first, "reason", where);
    require(reason == "malformed" || reason == "sequence" || reason == "broken_link" ||
                reason == "modified" || reason == "head_mismatch",
            "audit.verify: the reason \"" + std::string(reason) + "\" is not a documented one");
}

// protocol.render: TM_OK has the format and language asked for and the "content"; HTML is a
// complete document with no script.
void check_render(int rc, const bj::object& out, std::string_view, const tm_context*,
                  std::string_view) {
    const std::string_view where = "protocol.render";
    if (rc != TM_OK) {
        return;
    }
    const std::string_view format = string_member(out, "format", where);
    const std::string_view language = string_member(out, "language", where);
    require((format == "text" || format == "html") && (language == "ru" || language == "en"),
            "protocol.render: the format or language is not one asked for");
    const std::string_view content = string_member(out, "content", where);
    require(!content.empty(), "protocol.render: empty content");
    if (format == "html") {
        require(content.starts_with("<!DOCTYPE html>"),
                "protocol.render: the HTML is not a complete document");
        std::string lower(content);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        require(lower.find("<script") == std::string::npos,
                "protocol.render: the HTML holds a script");
    }
}

// protocol.deliveries: TM_OK has the Госуслуги notification {"title", "text", "document"} and,
// when there is one, the СФР record as an object.
void check_deliveries(int rc, const bj::object& out, std::string_view, const tm_context*,
                      std::string_view) {
    if (rc != TM_OK) {
        return;
    }
    require(is_object(out, "gosuslugi"), "protocol.deliveries: TM_OK without \"gosuslugi\"");
    const auto& g = out.at("gosuslugi").get_object();
    require(is_object(g, "title") && is_object(g, "text") && is_object(g, "document"),
            "protocol.deliveries: the notification lacks title, text or document: " +
                bj::serialize(g));
    require(!out.contains("sfr") || is_object(out, "sfr"),
            "protocol.deliveries: \"sfr\" is not an object");
}

// identifier_pseudonym hashes with a fixed 32-byte key. Before each call, a NULL key and a key of
// 31 bytes must both be TM_E_INVALID_ARGUMENT with no output.
constexpr unsigned char pseudonym_key[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};

int pseudonym_fixed(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len) {
    const Input none;
    for (const std::size_t length : {std::size_t{0}, std::size_t{31}}) {
        char sentinel = 0;
        char* out = &sentinel;
        size_t n = 12345;
        const int rc = tm_identifier_pseudonym(
            context, json, json_len, length == 0 ? nullptr : pseudonym_key, length, &out, &n);
        Output kept(out == &sentinel ? nullptr : out);
        check_status(rc);
        require(rc == TM_E_INVALID_ARGUMENT && out == nullptr && n == 0,
                std::string("tm_identifier_pseudonym with a key of ") + std::to_string(length) +
                    " bytes returned " + tm_status_name(rc) +
                    (out == nullptr ? "" : " with an output"));
        check_error(rc, none);
    }
    return tm_identifier_pseudonym(context, json, json_len, pseudonym_key, sizeof pseudonym_key,
                                   out_json, out_len);
}

// identifier.pseudonym: TM_OK has "scheme" and one result per identifier given, in order, each
// with its "index" and "valid", a pseudonym (a 64-digit hex BLAKE2b-256) exactly when valid, and
// problems below its own /identifiers/<index>.
void check_pseudonym(int rc, const bj::object& out, std::string_view, const tm_context*,
                     std::string_view input) {
    const std::string_view where = "identifier.pseudonym";
    if (rc != TM_OK) {
        return;
    }
    string_member(out, "scheme", where);
    require(has_array(out, "results"), "identifier.pseudonym: TM_OK without \"results\"");
    const auto& results = out.at("results").get_array();
    bj::parse_options options;
    options.max_depth = static_cast<std::size_t>(-1);
    bj::error_code ec;
    const bj::value request = bj::parse(input, ec, {}, options);
    require(!ec && request.is_object() && request.get_object().contains("identifiers") &&
                request.get_object().at("identifiers").is_array() &&
                request.get_object().at("identifiers").get_array().size() == results.size(),
            "identifier.pseudonym: not one result per identifier");
    const Input keys = read_input(input);
    for (std::size_t i = 0; i < results.size(); ++i) {
        require(results[i].is_object(), "identifier.pseudonym: a result is not an object");
        const auto& result = results[i].get_object();
        require(integer(result, "index", where) == static_cast<std::int64_t>(i),
                "identifier.pseudonym: result " + std::to_string(i) + " has another index");
        const auto* valid = result.if_contains("valid");
        require(valid != nullptr && valid->is_bool(),
                "identifier.pseudonym: a result without \"valid\"");
        const auto* pseudonym = result.if_contains("pseudonym");
        require(valid->get_bool() ? pseudonym != nullptr && pseudonym->is_string() &&
                                        is_hash(pseudonym->get_string())
                                  : pseudonym == nullptr,
                "identifier.pseudonym: result " + bj::serialize(result) +
                    " has a pseudonym without being valid, or none or a malformed one being valid");
        if (const auto* problems = result.if_contains("problems")) {
            require(problems->is_array(), "identifier.pseudonym: \"problems\" is not an array");
            const std::string prefix = "/identifiers/" + std::to_string(i);
            for (const auto& p : problems->get_array()) {
                const ProblemView problem = problem_of(p);
                require(under(problem.pointer, prefix), "identifier.pseudonym: the problem at \"" +
                                                            std::string(problem.pointer) +
                                                            "\" is not below " + prefix);
                check_pointer(problem.pointer, problem.code, keys,
                              "identifier.pseudonym problems[].pointer");
            }
        }
    }
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
    options.clock_user_data = const_cast<ContextSpec*>(&spec);
}

// What one call gave back, copied at once (tm_error_last() is valid only until the next call).
struct Answer {
    int rc = 0;
    std::string output;
    bool has_output = false;
    std::string code;
    std::string pointer;
    std::string rule_id;
};

template <class Call> Answer answer_of(Call&& invoke) {
    Answer a;
    char* out = nullptr;
    size_t out_len = 0;
    a.rc = invoke(&out, &out_len);
    const tm_error* e = tm_error_last();
    a.code = e->code;
    a.pointer = e->pointer;
    a.rule_id = e->rule_id;
    if (out != nullptr) {
        a.has_output = true;
        a.output.assign(out, out_len);
    }
    tm_string_free(out);
    return a;
}

// tm_call: the input is "name\ndocument". A by-name operation must answer exactly as its typed
// function does on the same bytes (status, output, error); any other name is refused as unknown or
// typed-only, with no output.
void run_by_name(const tm_context* context, std::string_view input) {
    const std::size_t newline = input.find('\n');
    // The name as tm_call reads it: up to its first NUL byte.
    std::string name(input.substr(0, newline));
    name.resize(std::strlen(name.c_str()));
    const std::string_view document =
        newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    static const char empty = '\0';
    const char* doc = document.empty() ? &empty : document.data();
    const Answer named = answer_of([&](char** out, size_t* len) {
        return tm_call(context, name.c_str(), doc, document.size(), out, len);
    });
    // The names tm_call takes, from the library's own list.
    static const std::set<std::string> by_name = [] {
        char* list = nullptr;
        size_t list_len = 0;
        require(tm_operation_list(&list, &list_len) == TM_OK, "tm_operation_list failed");
        // Kept in a variable: a temporary's lifetime would end before the loop body.
        const bj::value parsed = bj::parse(std::string_view(list, list_len));
        std::set<std::string> names;
        for (const auto& op : parsed.at("operations").as_array()) {
            if (op.at("by_name").as_bool()) {
                names.emplace(op.at("name").as_string());
            }
        }
        tm_string_free(list);
        return names;
    }();
    if (by_name.count(name) == 0) {
        require(named.rc == TM_E_NOT_FOUND || named.rc == TM_E_INVALID_ARGUMENT,
                "tm_call of an unknown or typed-only name gave " +
                    std::string(tm_status_name(named.rc)));
        require(!named.has_output, "tm_call refused a name but returned a document");
        require(named.code == "unknown_operation" || named.code == "operation_not_by_name" ||
                    named.code == "null_argument",
                "tm_call refused a name with code " + named.code);
        return;
    }
    // Its typed function: the target of the same name with '_' for '.'.
    std::string target_name = name;
    std::replace(target_name.begin(), target_name.end(), '.', '_');
    const Target* typed = nullptr;
    for (const auto& t : targets) {
        if (t.name == target_name && t.kind == Kind::json && t.operation != nullptr) {
            typed = &t;
        }
    }
    Answer expected;
    if (name == "context.describe" || name == "indication.list") {
        expected = answer_of([&](char** out, size_t* len) {
            return name == "context.describe" ? tm_context_describe(context, out, len)
                                              : tm_indication_list(context, out, len);
        });
    } else {
        require(typed != nullptr, "no typed function to compare tm_call(\"" + name + "\") with");
        expected = answer_of([&](char** out, size_t* len) {
            return typed->operation(context, doc, document.size(), out, len);
        });
    }
    require(named.rc == expected.rc && named.has_output == expected.has_output &&
                named.output == expected.output && named.code == expected.code &&
                named.pointer == expected.pointer && named.rule_id == expected.rule_id,
            "tm_call(\"" + name +
                "\") differs from its typed function: " + tm_status_name(named.rc) + " " +
                named.code + " vs " + tm_status_name(expected.rc) + " " + expected.code);
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
    // check_status knows a status by its name: TM_E_SIGNER (12) is one since the consultation.
    require(std::string_view(tm_status_name(TM_E_SIGNER)) == "TM_E_SIGNER",
            "tm_status_name does not know TM_E_SIGNER");
    if (state.target->kind == Kind::config) {
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
    check_parse(rc == TM_OK || rc == TM_E_RULES, rc, error.code, input);
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
    for (const auto& probe : config_readings_probes) {
        const std::string_view text(probe.input);
        call(probe.operation, context.get(), text.data(), text.size(), read_input(text, true), true,
             probe.operation == tm_reading_validate ? check_validate : check_batch);
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
    const std::string_view view(text, size);
    switch (s.target->kind) {
    case Kind::config:
        run_config(text, size, read_input(view));
        break;
    case Kind::json: {
        const Input input = read_input(view, s.target->readings);
        for (const auto& context : s.contexts) {
            call(s.target->operation, context.get(), text, size, input, s.target->readings,
                 s.target->extra);
        }
        break;
    }
    case Kind::ble_bytes:
        run_ble_bytes(s.contexts.front().get(), data, size);
        break;
    case Kind::typed:
        for (const auto& context : s.contexts) {
            run_typed(context.get(), data, size);
        }
        break;
    case Kind::by_name:
        for (const auto& context : s.contexts) {
            run_by_name(context.get(), view);
        }
        break;
    case Kind::stream: {
        const std::vector<std::size_t> chunks = chunk_sizes(data, size);
        const std::vector<std::string_view> lines = split_lines(view);
        std::vector<Input> inputs;
        inputs.reserve(lines.size());
        for (const auto line : lines) {
            inputs.push_back(read_input(line, true));
        }
        for (std::size_t i = 0; i < s.contexts.size(); ++i) {
            run_stream(s.contexts[i].get(), stream_options[i], data, chunks, lines, inputs);
        }
        break;
    }
    }
    return 0;
}
