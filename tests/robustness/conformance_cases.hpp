// The conformance vectors (tests/conformance/vectors) as calls to replay, for the thread test
// (tests/robustness/threads_test.cpp), the thread-scaling benchmark (benchmarks/bench_threads.cpp)
// and the conformance harness (tests/conformance/runner.cpp).
//
// Every case becomes one call through the C API: its operation, its input bytes, and the context
// its setting gives (jurisdiction, time zone, configuration, fixed "now"). Cases with the same
// setting share one context, made once by Contexts::attach() and then used by every thread at once,
// as an embedder shares one context between its threads. The vector files are checked by the
// conformance harness; here they are only read.
//
// Every C function is reached through an Api, a table of function pointers: the thread test and
// the benchmark link libtelemed and use Api::linked(); the harness loads a vendor's build with
// dlopen and fills the table with dlsym (tests/conformance/library.cpp), so that it links no copy
// of its own. The operations and their adapters take the table they call.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "telemed.h"

namespace telemed_threads {

// The C functions the vectors use, as pointers: those of the linked library (linked()) or of one
// loaded at run time (every member filled by name through for_each()).
struct Api {
    decltype(&tm_version_number) version_number = nullptr;
    decltype(&tm_version_string) version_string = nullptr;
    decltype(&tm_context_options_size) context_options_size = nullptr;
    decltype(&tm_context_options_version) context_options_version = nullptr;
    decltype(&tm_error_last) error_last = nullptr;
    decltype(&tm_status_name) status_name = nullptr;
    decltype(&tm_string_free) string_free = nullptr;
    decltype(&tm_context_options_init) context_options_init = nullptr;
    decltype(&tm_context_new) context_new = nullptr;
    decltype(&tm_context_free) context_free = nullptr;
    decltype(&tm_operation_list) operation_list = nullptr;
    decltype(&tm_call) call = nullptr;
    decltype(&tm_reading_stream_open) reading_stream_open = nullptr;
    decltype(&tm_reading_stream_feed) reading_stream_feed = nullptr;
    decltype(&tm_reading_stream_finish) reading_stream_finish = nullptr;
    decltype(&tm_reading_stream_free) reading_stream_free = nullptr;
    decltype(&tm_signing_key_new) signing_key_new = nullptr;
    decltype(&tm_signing_key_free) signing_key_free = nullptr;
    decltype(&tm_protocol_sign) protocol_sign = nullptr;
    decltype(&tm_external_signer_init) external_signer_init = nullptr;
    decltype(&tm_protocol_sign_external) protocol_sign_external = nullptr;
    decltype(&tm_identifier_pseudonym) identifier_pseudonym = nullptr;

    // Calls f(C name, member) for every member of `api` (an Api or a const Api), in the order
    // above: how a loader fills the table by name, and how missing() finds a hole.
    template <class Self, class F> static void for_each(Self& api, F&& f) {
        f("tm_version_number", api.version_number);
        f("tm_version_string", api.version_string);
        f("tm_context_options_size", api.context_options_size);
        f("tm_context_options_version", api.context_options_version);
        f("tm_error_last", api.error_last);
        f("tm_status_name", api.status_name);
        f("tm_string_free", api.string_free);
        f("tm_context_options_init", api.context_options_init);
        f("tm_context_new", api.context_new);
        f("tm_context_free", api.context_free);
        f("tm_operation_list", api.operation_list);
        f("tm_call", api.call);
        f("tm_reading_stream_open", api.reading_stream_open);
        f("tm_reading_stream_feed", api.reading_stream_feed);
        f("tm_reading_stream_finish", api.reading_stream_finish);
        f("tm_reading_stream_free", api.reading_stream_free);
        f("tm_signing_key_new", api.signing_key_new);
        f("tm_signing_key_free", api.signing_key_free);
        f("tm_protocol_sign", api.protocol_sign);
        f("tm_external_signer_init", api.external_signer_init);
        f("tm_protocol_sign_external", api.protocol_sign_external);
        f("tm_identifier_pseudonym", api.identifier_pseudonym);
    }

    // The C name of the first member that is not set; nullptr when the table is complete.
    const char* missing() const {
        const char* hole = nullptr;
        for_each(*this, [&](const char* name, const auto& fn) {
            if (fn == nullptr && hole == nullptr) {
                hole = name;
            }
        });
        return hole;
    }

    // The library this program links. Only a program that links libtelemed may call it (the
    // harness does not: its link would fail on the tm_ symbols, which is the guard).
    static Api linked() {
        Api api;
        api.version_number = tm_version_number;
        api.version_string = tm_version_string;
        api.context_options_size = tm_context_options_size;
        api.context_options_version = tm_context_options_version;
        api.error_last = tm_error_last;
        api.status_name = tm_status_name;
        api.string_free = tm_string_free;
        api.context_options_init = tm_context_options_init;
        api.context_new = tm_context_new;
        api.context_free = tm_context_free;
        api.operation_list = tm_operation_list;
        api.call = tm_call;
        api.reading_stream_open = tm_reading_stream_open;
        api.reading_stream_feed = tm_reading_stream_feed;
        api.reading_stream_finish = tm_reading_stream_finish;
        api.reading_stream_free = tm_reading_stream_free;
        api.signing_key_new = tm_signing_key_new;
        api.signing_key_free = tm_signing_key_free;
        api.protocol_sign = tm_protocol_sign;
        api.external_signer_init = tm_external_signer_init;
        api.protocol_sign_external = tm_protocol_sign_external;
        api.identifier_pseudonym = tm_identifier_pseudonym;
        if (const char* hole = api.missing()) {
            throw std::logic_error(std::string("Api::linked() does not set ") + hole);
        }
        return api;
    }
};

// An adapter: one typed-only operation driven as a JSON call through the given table.
using Adapter = int (*)(const Api&, const tm_context*, const char*, size_t, char**, size_t*);

// An operation of the vector files. Those the library calls by name (tm_operation_list, tm_call)
// need nothing here; the few whose typed function takes bytes, a key or a callback are driven by
// an adapter below that reads its arguments from the case's document.
struct Operation {
    std::string name;
    const Api* api = nullptr;   // the table the call goes through; outlives the operation
    Adapter adapter = nullptr;  // nullptr: tm_call by name
    bool takes_document = true; // false: the operation's input is "none" (the context only)

    // One call: the input is ignored when the operation takes no document.
    int call(const tm_context* context, std::string_view input, char** out_json,
             size_t* out_len) const {
        if (adapter != nullptr) {
            return adapter(*api, context, input.data(), input.size(), out_json, out_len);
        }
        return takes_document
                   ? api->call(context, name.c_str(), input.data(), input.size(), out_json, out_len)
                   : api->call(context, name.c_str(), nullptr, 0, out_json, out_len);
    }
};

// "readings.stream": the NDJSON stream (tm_reading_stream_open / _feed / _finish / _free) as one
// JSON call, so that vectors can drive it. Built only on the public C API.
//
// Input: {"options": {...}?, "ndjson": "text", "chunk_sizes": [n, ...]?}. The options are passed
// to tm_reading_stream_open as they are (none: NULL); the text is fed in chunks of the given sizes
// in bytes, cycled (none: the whole text in one chunk, and an empty text in no chunk), so a chunk
// may end inside a line or a UTF-8 sequence; then the stream is finished.
//
// Output (TM_OK): {"results": [each result line parsed as JSON, in order], "rule_sets": [],
// "trace": []}; the per-line rule sets and traces stay in each result. A result line that is not
// JSON is kept as a string, so that a vector names it as a mismatch. A failing stream call ends
// the adapter with that call's status and its tm_error_last() (no output), except a
// TM_E_VALIDATION from tm_reading_stream_open (bad options), which gets the report
// {"problems": [that error], "rule_sets": [], "trace": []}, as every TM_E_VALIDATION of an
// operation that takes a document has. An input that is not of this shape is
// TM_E_INVALID_ARGUMENT, reported through the C API itself (tm_reading_stream_open with a NULL
// out argument), so that tm_error_last() agrees with the returned status; so is an output that
// cannot be allocated (the C API offers no way to report TM_E_NO_MEMORY here).
//
// The output buffer is allocated with malloc(), which is what tm_string_free() releases in this
// library (capi/telemed_capi.cpp), and is freed with tm_string_free() like any output by the
// runner, the thread test and the benchmark.
namespace detail {

// Hands `document` out as an output buffer (see readings_stream); false when out of memory.
inline bool hand_out(const std::string& document, char** out_json, size_t* out_len) {
    char* buffer = static_cast<char*>(std::malloc(document.size() + 1));
    if (buffer == nullptr) {
        return false;
    }
    std::memcpy(buffer, document.data(), document.size() + 1);
    *out_json = buffer;
    if (out_len != nullptr) {
        *out_len = document.size();
    }
    return true;
}

} // namespace detail

inline int readings_stream(const Api& api, const tm_context* context, const char* json,
                           size_t json_len, char** out_json, size_t* out_len) {
    namespace bj = boost::json;
    const auto invalid_argument = [&] {
        // A NULL `out` makes tm_reading_stream_open fail with TM_E_INVALID_ARGUMENT
        // (null_argument), which sets tm_error_last() accordingly.
        return api.reading_stream_open(context, nullptr, 0, nullptr);
    };
    if (out_json == nullptr) {
        return invalid_argument();
    }
    *out_json = nullptr;
    if (out_len != nullptr) {
        *out_len = 0;
    }
    // Parsed and checked before the first stream call.
    std::optional<std::string> options;
    std::string ndjson;
    std::vector<std::size_t> chunk_sizes;
    {
        bj::error_code ec;
        const bj::value input =
            json == nullptr ? bj::value() : bj::parse(std::string_view(json, json_len), ec);
        if (ec || !input.is_object()) {
            return invalid_argument();
        }
        const auto& o = input.get_object();
        for (const auto& kv : o) {
            if (kv.key() != "options" && kv.key() != "ndjson" && kv.key() != "chunk_sizes") {
                return invalid_argument();
            }
        }
        const auto* text = o.if_contains("ndjson");
        if (text == nullptr || !text->is_string()) {
            return invalid_argument();
        }
        ndjson = std::string(text->get_string());
        if (const auto* opts = o.if_contains("options")) {
            options = bj::serialize(*opts);
        }
        if (const auto* sizes = o.if_contains("chunk_sizes")) {
            if (!sizes->is_array() || sizes->get_array().empty()) {
                return invalid_argument();
            }
            for (const auto& n : sizes->get_array()) {
                if (!n.is_int64() || n.get_int64() < 1) {
                    return invalid_argument();
                }
                chunk_sizes.push_back(static_cast<std::size_t>(n.get_int64()));
            }
        }
    }

    tm_reading_stream* stream = nullptr;
    const int opened =
        options ? api.reading_stream_open(context, options->data(), options->size(), &stream)
                : api.reading_stream_open(context, nullptr, 0, &stream);
    if (opened != TM_OK) {
        if (opened != TM_E_VALIDATION) {
            return opened;
        }
        // The report of a bad option, built from the error; tm_error_last() is left as it is.
        const tm_error* e = api.error_last();
        const bj::object problem{
            {"code", e->code},
            {"severity", "error"},
            {"pointer", e->pointer},
            {"rule", e->rule_id},
            {"message", bj::object{{"en", e->message_en}, {"ru", e->message_ru}}}};
        const std::string report = bj::serialize(bj::object{
            {"problems", bj::array{problem}}, {"rule_sets", bj::array{}}, {"trace", bj::array{}}});
        detail::hand_out(report, out_json, out_len); // out of memory: the status stands alone
        return opened;
    }

    std::string lines; // every result line, in order
    int status = TM_OK;
    const auto take = [&](int rc, char* out, size_t len) {
        if (rc == TM_OK && out != nullptr) {
            lines.append(out, len);
        }
        api.string_free(out);
        return rc;
    };
    std::size_t pos = 0;
    for (std::size_t k = 0; status == TM_OK && pos < ndjson.size(); ++k) {
        const std::size_t size =
            chunk_sizes.empty() ? ndjson.size() : chunk_sizes[k % chunk_sizes.size()];
        const std::size_t n = std::min(size, ndjson.size() - pos);
        char* out = nullptr;
        size_t len = 0;
        const int rc = api.reading_stream_feed(stream, ndjson.data() + pos, n, &out, &len);
        status = take(rc, out, len);
        pos += n;
    }
    if (status == TM_OK) {
        char* out = nullptr;
        size_t len = 0;
        const int rc = api.reading_stream_finish(stream, &out, &len);
        status = take(rc, out, len);
    }
    api.reading_stream_free(stream);
    if (status != TM_OK) {
        return status;
    }

    bj::array results;
    for (std::size_t start = 0; start < lines.size();) {
        std::size_t end = lines.find('\n', start);
        if (end == std::string::npos) {
            end = lines.size();
        }
        const std::string_view line(lines.data() + start, end - start);
        bj::error_code ec;
        bj::value parsed = bj::parse(line, ec);
        results.push_back(ec ? bj::value(bj::string(line)) : std::move(parsed));
        start = end + 1;
    }
    const std::string document = bj::serialize(bj::object{
        {"results", std::move(results)}, {"rule_sets", bj::array{}}, {"trace", bj::array{}}});
    return detail::hand_out(document, out_json, out_len) ? TM_OK : invalid_argument();
}

namespace detail {

// The bytes of lowercase or uppercase hex text; nothing when it is not hex of even length.
inline std::optional<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    const auto nibble = [](char c) -> int {
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
    };
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

// An external signer for the vectors: it "signs" by returning fixed bytes (as a ГОСТ provider
// would return its signature), or fails with the result code it is given.
struct FixedSignature {
    std::string bytes;
    int result = 0;
};

inline int fixed_signer(void* user_data, const unsigned char*, size_t, unsigned char* signature,
                        size_t capacity, size_t* signature_len) {
    const auto* fixed = static_cast<const FixedSignature*>(user_data);
    if (fixed->result != 0) {
        return fixed->result;
    }
    const std::size_t n = std::min(capacity + 1, fixed->bytes.size()); // +1: overlong is refused
    std::memcpy(signature, fixed->bytes.data(), std::min(n, capacity));
    *signature_len = n;
    return 0;
}

} // namespace detail

// "protocol.sign": tm_protocol_sign with a built-in key, or tm_protocol_sign_external with a
// signer that returns fixed bytes. Input: the document tm_protocol_sign takes ({"protocol"} or
// {"state"}) plus one of "key": {"seed": 64 hex digits, "key_id", "certificate"?} or
// "external": {"algorithm", "key_id", "certificate"?, "signature_hex", "result"? (the callback's
// return value, default 0)}; those two members are taken out before the call. Anything else
// malformed is TM_E_INVALID_ARGUMENT through the C API (tm_signing_key_new with a NULL out).
inline int protocol_sign(const Api& api, const tm_context* context, const char* json,
                         size_t json_len, char** out_json, size_t* out_len) {
    namespace bj = boost::json;
    const auto invalid_argument = [&] {
        return api.signing_key_new(nullptr, 0, nullptr, nullptr, nullptr);
    };
    bj::error_code ec;
    bj::value input =
        json == nullptr ? bj::value() : bj::parse(std::string_view(json, json_len), ec);
    if (ec || !input.is_object()) {
        return invalid_argument();
    }
    auto& o = input.get_object();
    const auto text = [](const bj::object& from, const char* key) -> std::optional<std::string> {
        const auto* v = from.if_contains(key);
        return v != nullptr && v->is_string() ? std::optional<std::string>(v->get_string())
                                              : std::nullopt;
    };
    if (const auto* key = o.if_contains("key"); key != nullptr && key->is_object()) {
        const auto seed_hex = text(key->get_object(), "seed");
        const auto key_id = text(key->get_object(), "key_id");
        const auto certificate = text(key->get_object(), "certificate");
        const auto seed = seed_hex ? detail::from_hex(*seed_hex) : std::nullopt;
        if (!seed || !key_id) {
            return invalid_argument();
        }
        o.erase("key");
        const std::string document = bj::serialize(input);
        tm_signing_key* signing_key = nullptr;
        const int made = api.signing_key_new(
            reinterpret_cast<const unsigned char*>(seed->data()), seed->size(), key_id->c_str(),
            certificate ? certificate->c_str() : nullptr, &signing_key);
        if (made != TM_OK) {
            return made;
        }
        const int rc = api.protocol_sign(context, document.data(), document.size(), signing_key,
                                         out_json, out_len);
        api.signing_key_free(signing_key);
        return rc;
    }
    const auto* external = o.if_contains("external");
    if (external == nullptr || !external->is_object()) {
        return invalid_argument();
    }
    const auto algorithm = text(external->get_object(), "algorithm");
    const auto key_id = text(external->get_object(), "key_id");
    const auto certificate = text(external->get_object(), "certificate");
    const auto signature_hex = text(external->get_object(), "signature_hex");
    const auto signature = signature_hex ? detail::from_hex(*signature_hex) : std::nullopt;
    if (!algorithm || !key_id || !signature) {
        return invalid_argument();
    }
    detail::FixedSignature fixed{*signature, 0};
    if (const auto* result = external->get_object().if_contains("result")) {
        if (!result->is_int64()) {
            return invalid_argument();
        }
        fixed.result = static_cast<int>(result->get_int64());
    }
    o.erase("external");
    const std::string document = bj::serialize(input);
    tm_external_signer signer;
    api.external_signer_init(&signer, TM_EXTERNAL_SIGNER_VERSION);
    signer.algorithm = algorithm->c_str();
    signer.key_id = key_id->c_str();
    signer.certificate = certificate ? certificate->c_str() : nullptr;
    signer.sign = detail::fixed_signer;
    signer.user_data = &fixed;
    return api.protocol_sign_external(context, document.data(), document.size(), &signer, out_json,
                                      out_len);
}

// "identifier.pseudonym": tm_identifier_pseudonym with the key given as "key_hex" (taken out of the
// document before the call).
inline int identifier_pseudonym(const Api& api, const tm_context* context, const char* json,
                                size_t json_len, char** out_json, size_t* out_len) {
    namespace bj = boost::json;
    bj::error_code ec;
    bj::value input =
        json == nullptr ? bj::value() : bj::parse(std::string_view(json, json_len), ec);
    const bj::value* key_hex =
        !ec && input.is_object() ? input.get_object().if_contains("key_hex") : nullptr;
    const auto key = key_hex != nullptr && key_hex->is_string()
                         ? detail::from_hex(key_hex->get_string())
                         : std::nullopt;
    if (!key) {
        return api.identifier_pseudonym(context, json, json_len, nullptr, 0, out_json, out_len);
    }
    input.get_object().erase("key_hex");
    const std::string document = bj::serialize(input);
    return api.identifier_pseudonym(context, document.data(), document.size(),
                                    reinterpret_cast<const unsigned char*>(key->data()),
                                    key->size(), out_json, out_len);
}

// The operations of the vector files: the list of the library behind `api` (tm_operation_list),
// with the adapters above for the typed-only operations the vectors drive, each calling through
// `api`. "context.new" is not here: such a case makes a context. Throws std::runtime_error when
// the list cannot be had or read.
inline std::vector<Operation> list_operations(const Api& api) {
    const std::pair<std::string_view, Adapter> adapters[] = {
        {"readings.stream", readings_stream},
        {"protocol.sign", protocol_sign},
        {"identifier.pseudonym", identifier_pseudonym},
    };
    char* raw = nullptr;
    size_t raw_len = 0;
    if (api.operation_list(&raw, &raw_len) != TM_OK) {
        throw std::runtime_error("tm_operation_list failed");
    }
    boost::json::error_code ec;
    const boost::json::value list = boost::json::parse(std::string_view(raw, raw_len), ec);
    api.string_free(raw);
    const auto* operations =
        !ec && list.is_object() ? list.get_object().if_contains("operations") : nullptr;
    if (operations == nullptr || !operations->is_array()) {
        throw std::runtime_error("tm_operation_list gave no \"operations\" array");
    }
    std::vector<Operation> ops;
    for (const auto& entry : operations->get_array()) {
        Operation op;
        op.api = &api;
        op.name = entry.at("name").as_string();
        op.takes_document = entry.at("input").as_string() != "none";
        const auto adapter = std::find_if(std::begin(adapters), std::end(adapters),
                                          [&](const auto& a) { return a.first == op.name; });
        if (adapter != std::end(adapters)) {
            op.adapter = adapter->second;
        } else if (!entry.at("by_name").as_bool()) {
            continue; // typed only, and no vector drives it
        }
        ops.push_back(std::move(op));
    }
    return ops;
}

inline const Operation* find_operation(const std::vector<Operation>& operations,
                                       std::string_view name) {
    for (const auto& op : operations) {
        if (op.name == name) {
            return &op;
        }
    }
    return nullptr;
}

// What follows serves the programs that link libtelemed (the thread test, the benchmark): the
// linked library's table and operations, made once.
inline const Api& linked_api() {
    static const Api api = Api::linked();
    return api;
}

inline const std::vector<Operation>& all_operations() {
    static const std::vector<Operation> operations = list_operations(linked_api());
    return operations;
}

inline const Operation* find_operation(std::string_view name) {
    return find_operation(all_operations(), name);
}

// The setting a case's context is made from.
struct Setting {
    std::string jurisdiction;
    std::optional<std::string> time_zone;
    std::optional<std::string> config; // serialised
    std::int64_t now_ms = 0;

    bool operator<(const Setting& o) const {
        return std::tie(jurisdiction, time_zone, config, now_ms) <
               std::tie(o.jurisdiction, o.time_zone, o.config, o.now_ms);
    }
};

struct Case {
    std::string id;
    const Operation* operation = nullptr; // nullptr: a "context.new" case
    Setting setting;
    std::string input;                   // the bytes sent (empty for context-only operations)
    std::string expected_status;         // the vector's expected status name
    const tm_context* context = nullptr; // set by make_contexts(), for operation cases
};

// What one call gave back: its status, its output bytes and the thread's last error.
struct Outcome {
    int status = -1;
    std::string output;
    std::string error; // tm_error_last(): status, code, pointer, rule id and both messages

    bool operator==(const Outcome&) const = default;
};

// YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) → milliseconds since 1970 (the fraction is truncated to
// milliseconds). The vectors' "now" are well-formed (the conformance runner checks them).
inline std::int64_t parse_now_ms(std::string_view s) {
    const auto number = [&](std::size_t from, std::size_t count) {
        int n = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (i >= s.size() || s[i] < '0' || s[i] > '9') {
                throw std::runtime_error("bad \"now\": " + std::string(s));
            }
            n = n * 10 + (s[i] - '0');
        }
        return n;
    };
    using namespace std::chrono;
    const year_month_day day{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                             std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    std::int64_t ms =
        duration_cast<milliseconds>(sys_days(day).time_since_epoch() + hours{number(11, 2)} +
                                    minutes{number(14, 2)} + seconds{number(17, 2)})
            .count();
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        int digits = 0, millis = 0;
        for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++digits) {
            if (digits < 3) {
                millis = millis * 10 + (s[pos] - '0');
            }
        }
        for (; digits < 3; ++digits) {
            millis *= 10;
        }
        ms += millis;
    }
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        ms -= std::int64_t{sign} * (number(pos + 1, 2) * 60 + number(pos + 4, 2)) * 60000;
    }
    return ms;
}

// Every case of every *.json file in `directory`, in file order (files sorted by name).
inline std::vector<Case> read_cases(const std::filesystem::path& directory) {
    namespace bj = boost::json;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<Case> cases;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
        const bj::value doc = bj::parse(text);
        for (const auto& v : doc.as_array()) {
            const auto& o = v.as_object();
            Case c;
            c.id = std::string(o.at("id").as_string());
            const std::string_view operation = o.at("operation").as_string();
            c.operation = find_operation(operation);
            if (c.operation == nullptr && operation != "context.new") {
                throw std::runtime_error(c.id + ": unknown operation");
            }
            c.setting.jurisdiction = std::string(o.at("jurisdiction").as_string());
            if (const auto* zone = o.if_contains("time_zone")) {
                c.setting.time_zone = std::string(zone->as_string());
            }
            if (const auto* config = o.if_contains("config")) {
                c.setting.config = bj::serialize(*config);
            }
            c.setting.now_ms = parse_now_ms(o.at("now").as_string());
            if (const auto* input = o.if_contains("input")) {
                c.input = bj::serialize(*input);
            } else if (const auto* text_input = o.if_contains("input_text")) {
                c.input = std::string(text_input->as_string());
            }
            c.expected_status = std::string(o.at("expect").as_object().at("status").as_string());
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

inline std::int64_t fixed_clock(void* user_data) {
    return *static_cast<const std::int64_t*>(user_data);
}

// tm_context_new for a setting, with a fixed clock reading *now_ms (which must outlive the
// context). Returns the status; *out is the context on TM_OK.
inline int new_context(const Setting& setting, const std::int64_t* now_ms, tm_context** out) {
    tm_context_options options;
    linked_api().context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = setting.jurisdiction.c_str();
    options.time_zone = setting.time_zone ? setting.time_zone->c_str() : nullptr;
    if (setting.config) {
        options.config_json = setting.config->data();
        options.config_json_len = setting.config->size();
    }
    options.clock = fixed_clock;
    options.clock_user_data = const_cast<std::int64_t*>(now_ms);
    return linked_api().context_new(out, &options);
}

// One context per setting of the operation cases (context.new cases make their own), owned here
// and shared by everyone who runs the cases.
class Contexts {
public:
    Contexts() = default;
    Contexts(const Contexts&) = delete;
    Contexts& operator=(const Contexts&) = delete;
    ~Contexts() {
        for (auto& [setting, entry] : made_) {
            linked_api().context_free(entry.context);
        }
    }

    // Sets each operation case's context. Throws when a setting gives no context.
    void attach(std::vector<Case>& cases) {
        for (auto& c : cases) {
            if (c.operation == nullptr) {
                continue;
            }
            auto [it, fresh] = made_.try_emplace(c.setting);
            if (fresh) {
                it->second.now_ms = std::make_unique<std::int64_t>(c.setting.now_ms);
                if (new_context(c.setting, it->second.now_ms.get(), &it->second.context) != TM_OK) {
                    throw std::runtime_error(
                        c.id + ": tm_context_new failed: " + linked_api().error_last()->code);
                }
            }
            c.context = it->second.context;
        }
    }

    std::size_t size() const { return made_.size(); }

private:
    struct Entry {
        std::unique_ptr<std::int64_t> now_ms;
        tm_context* context = nullptr;
    };
    std::map<Setting, Entry> made_;
};

inline std::string last_error_text(int status) {
    const tm_error* e = linked_api().error_last();
    std::string out = std::to_string(e->status);
    for (const char* field : {e->code, e->pointer, e->rule_id, e->message_en, e->message_ru}) {
        out += '\x1f';
        out += field;
    }
    if (e->status != status) {
        out += "\x1f(tm_error_last()->status differs from the returned status)";
    }
    return out;
}

// Runs one case on the calling thread. An operation case uses its shared context; a context.new
// case makes (and frees) a context of its own, and its outcome is the status and the last error.
inline Outcome run(const Case& c) {
    Outcome r;
    if (c.operation == nullptr) {
        const std::int64_t now = c.setting.now_ms;
        tm_context* context = nullptr;
        r.status = new_context(c.setting, &now, &context);
        r.error = last_error_text(r.status);
        linked_api().context_free(context);
        return r;
    }
    char* out = nullptr;
    size_t out_len = 0;
    r.status = c.operation->call(c.context, c.input, &out, &out_len);
    r.error = last_error_text(r.status);
    if (out != nullptr) {
        r.output.assign(out, out_len);
    }
    linked_api().string_free(out);
    return r;
}

} // namespace telemed_threads
