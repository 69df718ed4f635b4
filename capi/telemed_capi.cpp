// The C ABI: a thin boundary that only converts. Every exception stops here and becomes a status.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>

#include "crypto/signature.hpp"
#include "i18n/i18n.hpp"
#include "telemed.h"
#include "telemed/consultation.hpp"
#include "telemed/readings.hpp"
#include "telemed/sick_leave.hpp"
#include "telemed/telemed.hpp"
#include "json/writer.hpp"

struct tm_context {
    telemed::Context context;
};

struct tm_reading_stream {
    telemed::readings::Stream stream;
};

struct tm_signing_key {
    telemed::crypto::Ed25519SecretKey key;
    std::string key_id;
    std::string certificate;
};

namespace {

using telemed::Problem;
using telemed::Response;
using telemed::Status;

// The last failure of this thread, in the form tm_error_last() hands out.
struct LastError {
    std::string code, message_en, message_ru, pointer, rule_id;
    tm_error view{TM_OK, "", "", "", "", ""};

    void set(Status status, const Problem& problem) noexcept {
        try {
            const auto message = telemed::i18n::render(problem);
            code = problem.code;
            message_en = message.en;
            message_ru = message.ru;
            pointer = problem.pointer;
            rule_id = problem.rule;
        } catch (...) {
            // Out of memory while describing the failure: keep the status, drop the details.
            code.clear(), message_en.clear(), message_ru.clear(), pointer.clear(), rule_id.clear();
        }
        view = tm_error{static_cast<int>(status), code.c_str(),    message_en.c_str(),
                        message_ru.c_str(),       pointer.c_str(), rule_id.c_str()};
    }
    void clear() noexcept {
        code.clear(), message_en.clear(), message_ru.clear(), pointer.clear(), rule_id.clear();
        view = tm_error{TM_OK, "", "", "", "", ""};
    }
};

thread_local LastError last_error;

int fail(Status status, std::string code,
         std::vector<std::pair<std::string, std::string>> args = {}, std::string pointer = {}) {
    last_error.set(
        status,
        Problem{
            std::move(code), std::move(pointer), {}, telemed::Severity::error, std::move(args)});
    return static_cast<int>(status);
}

int null_argument(const char* name) {
    return fail(Status::invalid_argument, "null_argument", {{"argument", name}});
}

// A failure inside an operation passed to json_call, which hands it out like any other.
Response refused(Status status, std::string code,
                 std::vector<std::pair<std::string, std::string>> args) {
    return Response{
        status, {}, Problem{std::move(code), "", "", telemed::Severity::error, std::move(args)}};
}

// Why an external signer cannot be used, or nothing.
std::optional<Response> unusable(const tm_external_signer* external) {
    if (external == nullptr) {
        return refused(Status::invalid_argument, "null_argument", {{"argument", "signer"}});
    }
    if (external->version != TM_EXTERNAL_SIGNER_VERSION) {
        return refused(Status::struct_version, "struct_version",
                       {{"version", std::to_string(external->version)}});
    }
    if (external->sign == nullptr || external->algorithm == nullptr ||
        external->key_id == nullptr) {
        return refused(Status::invalid_argument, "null_argument",
                       {{"argument", external->sign == nullptr        ? "signer.sign"
                                     : external->algorithm == nullptr ? "signer.algorithm"
                                                                      : "signer.key_id"}});
    }
    return std::nullopt;
}

// The embedder's callback as a Signer: called once with the canonical bytes, into a buffer of
// TM_SIGNATURE_MAX_BYTES.
telemed::Result<std::string> sign_externally(const tm_external_signer& external,
                                             std::string_view message) {
    std::string signature(TM_SIGNATURE_MAX_BYTES, '\0');
    size_t written = 0;
    const int rc = external.sign(
        external.user_data, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
        reinterpret_cast<unsigned char*>(signature.data()), signature.size(), &written);
    // A callback that reports success must also report what it wrote.
    if (rc != 0 || written == 0 || written > signature.size()) {
        return telemed::Error{Status::signer, Problem{"signer_failed",
                                                      "/signer",
                                                      "consultation.signature",
                                                      telemed::Severity::error,
                                                      {{"result", std::to_string(rc)},
                                                       {"length", std::to_string(written)}}}};
    }
    signature.resize(written);
    return signature;
}

// Runs `body`, turning every exception into a status.
template <class Body> int guarded(Body&& body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(Status::no_memory, "no_memory");
    } catch (...) {
        return fail(Status::internal, "internal_error");
    }
}

char* copy_out(const std::string& text) {
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out == nullptr) {
        throw std::bad_alloc();
    }
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
}

// Hands out a response: its document, and its failure as the thread's last error.
int hand_out(const Response& response, char** out_json, size_t* out_len) {
    if (!response.json.empty()) {
        *out_json = copy_out(response.json);
        if (out_len != nullptr) {
            *out_len = response.json.size();
        }
    }
    if (response.status != Status::ok) {
        last_error.set(response.status, response.problem);
    } else {
        last_error.clear();
    }
    return static_cast<int>(response.status);
}

// One JSON call: checks the arguments, runs the operation, hands out its document and its failure.
template <class Operation>
int json_call(const tm_context* context, const char* json, size_t json_len, char** out_json,
              size_t* out_len, Operation&& operation) noexcept {
    return guarded([&] {
        if (out_json == nullptr) {
            return null_argument("out_json");
        }
        *out_json = nullptr;
        if (out_len != nullptr) {
            *out_len = 0;
        }
        if (context == nullptr) {
            return null_argument("context");
        }
        if (json == nullptr) {
            return null_argument("json");
        }
        return hand_out(operation(context->context, std::string_view(json, json_len)), out_json,
                        out_len);
    });
}

// A stream call: checks the arguments, runs `step` into a buffer and hands the buffer out.
template <class Step>
int stream_call(tm_reading_stream* stream, char** out_ndjson, size_t* out_len, Step step) {
    return guarded([&] {
        if (out_ndjson == nullptr) {
            return null_argument("out_ndjson");
        }
        *out_ndjson = nullptr;
        if (out_len != nullptr) {
            *out_len = 0;
        }
        if (stream == nullptr) {
            return null_argument("stream");
        }
        std::string results;
        const Status status = step(results);
        if (status != Status::ok) {
            return fail(status, "stream_finished");
        }
        *out_ndjson = copy_out(results);
        if (out_len != nullptr) {
            *out_len = results.size();
        }
        last_error.clear();
        return static_cast<int>(Status::ok);
    });
}

// One operation as the by-name surface (tm_operation_list, tm_call) knows it.
using DocumentOperation = Response (*)(const telemed::Context&, std::string_view);

struct NamedOperation {
    std::string_view name;     // as in the conformance vectors: "eligibility.evaluate"
    std::string_view function; // the typed C function: "tm_eligibility_evaluate"
    std::string_view input;    // "document", "none", or what the typed function takes instead
    std::string_view since;    // the library version that added it
    DocumentOperation run;     // nullptr: typed only (binary, struct or callback arguments)
};

Response describe(const telemed::Context& context, std::string_view) {
    return telemed::describe_context(context);
}

Response indications(const telemed::Context& context, std::string_view) {
    return telemed::eligibility::list_indications(context);
}

// The library's operations: the one list every binding and harness reads instead of keeping its
// own table. Typed-only entries are listed so that a binding knows what it must wrap by hand.
constexpr NamedOperation named_operations[] = {
    {"identifier.validate", "tm_identifier_validate", "document", "0.1.0",
     telemed::identity::validate_identifier},
    {"patient.validate", "tm_patient_validate", "document", "0.1.0",
     telemed::identity::validate_patient},
    {"patient.normalize", "tm_patient_normalize", "document", "0.1.0",
     telemed::identity::normalize_patient},
    {"patient.identify", "tm_patient_identify", "document", "0.1.0",
     telemed::identity::identify_patient},
    {"patient.age", "tm_patient_age", "document", "0.1.0", telemed::identity::patient_age},
    {"context.describe", "tm_context_describe", "none", "0.1.0", describe},
    {"rule.explain", "tm_rule_explain", "document", "0.1.0", telemed::explain_rule},
    {"indication.list", "tm_indication_list", "none", "0.1.0", indications},
    {"eligibility.evaluate", "tm_eligibility_evaluate", "document", "0.1.0",
     telemed::eligibility::evaluate},
    {"sick_leave.open", "tm_sick_leave_open", "document", "0.1.0", telemed::sick_leave::open},
    {"sick_leave.extend", "tm_sick_leave_extend", "document", "0.1.0", telemed::sick_leave::extend},
    {"sick_leave.record_visit", "tm_sick_leave_record_visit", "document", "0.1.0",
     telemed::sick_leave::record_visit},
    {"sick_leave.close", "tm_sick_leave_close", "document", "0.1.0", telemed::sick_leave::close},
    {"sick_leave.annul", "tm_sick_leave_annul", "document", "0.1.0", telemed::sick_leave::annul},
    {"sick_leave.duplicate", "tm_sick_leave_duplicate", "document", "0.1.0",
     telemed::sick_leave::duplicate},
    {"sick_leave.record", "tm_sick_leave_record", "document", "0.1.0", telemed::sick_leave::record},
    {"reading.validate", "tm_reading_validate", "document", "0.2.0", telemed::readings::validate},
    {"reading.decode_ble", "tm_reading_decode_ble", "document", "0.2.0",
     telemed::readings::decode_ble},
    {"reading.decode_ble_bytes", "tm_reading_decode_ble_bytes", "bytes", "0.2.0", nullptr},
    {"readings.validate_batch", "tm_readings_validate_batch", "document", "0.2.0",
     telemed::readings::validate_batch},
    {"readings.check", "tm_readings_check", "structs", "0.2.0", nullptr},
    {"readings.stream", "tm_reading_stream_open", "stream", "0.2.0", nullptr},
    {"reading.to_fhir", "tm_reading_to_fhir", "document", "0.2.0", telemed::readings::to_fhir},
    {"readings.summary", "tm_readings_summary", "document", "0.2.0", telemed::readings::summarize},
    {"consultation.apply", "tm_consultation_apply", "document", "0.3.0",
     telemed::consultation::apply},
    {"protocol.build", "tm_protocol_build", "document", "0.3.0",
     telemed::consultation::build_protocol},
    {"protocol.canonicalize", "tm_protocol_canonicalize", "document", "0.3.0",
     telemed::consultation::canonicalize},
    {"protocol.sign", "tm_protocol_sign", "signing_key", "0.3.0", nullptr},
    {"protocol.sign_external", "tm_protocol_sign_external", "external_signer", "0.3.0", nullptr},
    {"protocol.verify", "tm_protocol_verify", "document", "0.3.0",
     telemed::consultation::verify_protocol},
    {"protocol.render", "tm_protocol_render", "document", "0.3.0",
     telemed::consultation::render_protocol},
    {"protocol.deliveries", "tm_protocol_deliveries", "document", "0.3.0",
     telemed::consultation::delivery_payloads},
    {"audit.verify", "tm_audit_verify", "document", "0.3.0", telemed::consultation::verify_audit},
    {"identifier.pseudonym", "tm_identifier_pseudonym", "key", "0.3.0", nullptr},
};

// The list as JSON, built once: it never changes while the library is loaded.
std::string operation_list_json() {
    telemed::json::Writer w;
    w.begin_object();
    w.key("operations");
    w.begin_array();
    for (const auto& op : named_operations) {
        w.begin_object();
        w.key("name");
        w.string(op.name);
        w.key("function");
        w.string(op.function);
        w.key("input");
        w.string(op.input);
        w.key("by_name");
        w.boolean(op.run != nullptr);
        w.key("since");
        w.string(op.since);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
}

const NamedOperation* find_named_operation(std::string_view name) {
    for (const auto& op : named_operations) {
        if (op.name == name) {
            return &op;
        }
    }
    return nullptr;
}

// An unknown name is echoed only when it looks like an operation name (it is the caller's text).
std::string printable_operation_name(std::string_view name) {
    const bool plain =
        !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
        });
    return plain ? std::string(name) : std::string("?");
}

} // namespace

extern "C" {

const tm_error* tm_error_last(void) {
    return &last_error.view;
}

void tm_error_clear(void) {
    last_error.clear();
}

const char* tm_status_name(int status) {
    return telemed::status_name(status);
}

const char* tm_status_describe(int status) {
    return telemed::status_describe(status);
}

int tm_version_number(void) {
    return TM_VERSION_NUMBER;
}

const char* tm_version_string(void) {
#define TM_STRINGIFY2(x) #x
#define TM_STRINGIFY(x) TM_STRINGIFY2(x)
    return TM_STRINGIFY(TM_VERSION_MAJOR) "." TM_STRINGIFY(TM_VERSION_MINOR) "." TM_STRINGIFY(
        TM_VERSION_PATCH);
}

void tm_string_free(char* str) {
    std::free(str);
}

int tm_context_options_init(tm_context_options* options, unsigned int version) {
    if (options == nullptr) {
        return null_argument("options");
    }
    if (version != TM_CONTEXT_OPTIONS_VERSION) {
        return fail(Status::struct_version, "struct_version",
                    {{"version", std::to_string(version)}});
    }
    std::memset(options, 0, sizeof *options);
    options->version = TM_CONTEXT_OPTIONS_VERSION;
    last_error.clear();
    return TM_OK;
}

size_t tm_context_options_size(void) {
    return sizeof(tm_context_options);
}

unsigned int tm_context_options_version(void) {
    return TM_CONTEXT_OPTIONS_VERSION;
}

int tm_context_new(tm_context** out, const tm_context_options* options) {
    return guarded([&] {
        if (out == nullptr) {
            return null_argument("out");
        }
        *out = nullptr;
        tm_context_options defaults;
        if (options == nullptr) {
            tm_context_options_init(&defaults, TM_CONTEXT_OPTIONS_VERSION);
            options = &defaults;
        }
        if (options->version != TM_CONTEXT_OPTIONS_VERSION) {
            return fail(Status::struct_version, "struct_version",
                        {{"version", std::to_string(options->version)}});
        }
        if (options->config_json == nullptr && options->config_json_len != 0) {
            return null_argument("config_json");
        }
        telemed::ContextOptions cpp;
        cpp.jurisdiction = options->jurisdiction != nullptr ? options->jurisdiction : "RU";
        cpp.time_zone = options->time_zone != nullptr ? options->time_zone : "";
        if (options->config_json != nullptr) {
            cpp.config_json.assign(options->config_json, options->config_json_len);
            if (cpp.config_json.empty()) {
                return fail(Status::json_syntax, "empty_document");
            }
        }
        if (options->clock != nullptr) {
            const tm_clock_fn clock = options->clock;
            void* data = options->clock_user_data;
            cpp.clock = [clock, data] {
                // system_clock holds 64-bit nanoseconds (1677–2262): a clock outside 1900–2199 is
                // held at that range's ends rather than overflowing.
                constexpr int64_t min_ms = -2208988800000LL; // 1900-01-01T00:00:00Z
                constexpr int64_t max_ms = 7258118399999LL;  // 2199-12-31T23:59:59.999Z
                const int64_t ms = std::clamp(clock(data), min_ms, max_ms);
                return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
            };
        }
        auto created = telemed::Context::create(cpp);
        if (!created.ok()) {
            last_error.set(created.error().status, created.error().problem);
            return static_cast<int>(created.error().status);
        }
        *out = new tm_context{std::move(created).value()};
        last_error.clear();
        return static_cast<int>(TM_OK);
    });
}

void tm_context_free(tm_context* context) {
    delete context;
}

int tm_context_describe(const tm_context* context, char** out_json, size_t* out_len) {
    static const char empty[] = "{}";
    return json_call(
        context, empty, sizeof empty - 1, out_json, out_len,
        [](const telemed::Context& c, std::string_view) { return telemed::describe_context(c); });
}

int tm_rule_explain(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::explain_rule);
}

int tm_indication_list(const tm_context* context, char** out_json, size_t* out_len) {
    static const char empty[] = "{}";
    return json_call(context, empty, sizeof empty - 1, out_json, out_len,
                     [](const telemed::Context& c, std::string_view) {
                         return telemed::eligibility::list_indications(c);
                     });
}

int tm_eligibility_evaluate(const tm_context* context, const char* json, size_t json_len,
                            char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::eligibility::evaluate);
}

int tm_identifier_validate(const tm_context* context, const char* json, size_t json_len,
                           char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len,
                     telemed::identity::validate_identifier);
}

int tm_patient_validate(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len,
                     telemed::identity::validate_patient);
}

int tm_patient_normalize(const tm_context* context, const char* json, size_t json_len,
                         char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len,
                     telemed::identity::normalize_patient);
}

int tm_patient_identify(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len,
                     telemed::identity::identify_patient);
}

int tm_patient_age(const tm_context* context, const char* json, size_t json_len, char** out_json,
                   size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::identity::patient_age);
}

int tm_reading_validate(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::readings::validate);
}

int tm_reading_decode_ble(const tm_context* context, const char* json, size_t json_len,
                          char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::readings::decode_ble);
}

int tm_reading_decode_ble_bytes(const tm_context* context, unsigned int characteristic,
                                const unsigned char* bytes, size_t bytes_len, char** out_json,
                                size_t* out_len) {
    return guarded([&] {
        if (out_json == nullptr) {
            return null_argument("out_json");
        }
        *out_json = nullptr;
        if (out_len != nullptr) {
            *out_len = 0;
        }
        if (context == nullptr) {
            return null_argument("context");
        }
        if (bytes == nullptr && bytes_len != 0) {
            return null_argument("bytes");
        }
        if (characteristic != TM_BLE_BLOOD_PRESSURE_MEASUREMENT &&
            characteristic != TM_BLE_GLUCOSE_MEASUREMENT &&
            characteristic != TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT) {
            return fail(Status::invalid_argument, "unknown_characteristic");
        }
        return hand_out(telemed::readings::decode_ble_bytes(
                            context->context, static_cast<std::uint16_t>(characteristic),
                            std::span<const std::uint8_t>(bytes, bytes_len)),
                        out_json, out_len);
    });
}

int tm_readings_validate_batch(const tm_context* context, const char* json, size_t json_len,
                               char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::readings::validate_batch);
}

int tm_readings_summary(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::readings::summarize);
}

int tm_reading_to_fhir(const tm_context* context, const char* json, size_t json_len,
                       char** out_json, size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len, telemed::readings::to_fhir);
}

int tm_readings_check_options_init(tm_readings_check_options* options, unsigned int version) {
    if (options == nullptr) {
        return null_argument("options");
    }
    if (version != TM_READINGS_CHECK_OPTIONS_VERSION) {
        return fail(Status::struct_version, "struct_version",
                    {{"version", std::to_string(version)}});
    }
    std::memset(options, 0, sizeof *options);
    options->version = TM_READINGS_CHECK_OPTIONS_VERSION;
    options->reading_size = sizeof(tm_reading);
    options->result_size = sizeof(tm_reading_result);
    last_error.clear();
    return TM_OK;
}

size_t tm_readings_check_options_size(void) {
    return sizeof(tm_readings_check_options);
}

unsigned int tm_readings_check_options_version(void) {
    return TM_READINGS_CHECK_OPTIONS_VERSION;
}

size_t tm_reading_size(void) {
    return sizeof(tm_reading);
}

size_t tm_reading_result_size(void) {
    return sizeof(tm_reading_result);
}

int tm_readings_check(const tm_context* context, const tm_readings_check_options* options,
                      const tm_reading* readings, size_t count, tm_reading_result* results) {
    using telemed::readings::TypedReading;
    using telemed::readings::TypedResult;
    return guarded([&] {
        if (context == nullptr) {
            return null_argument("context");
        }
        if (count != 0 && readings == nullptr) {
            return null_argument("readings");
        }
        if (count != 0 && results == nullptr) {
            return null_argument("results");
        }
        tm_readings_check_options defaults;
        if (options == nullptr) {
            tm_readings_check_options_init(&defaults, TM_READINGS_CHECK_OPTIONS_VERSION);
            options = &defaults;
        }
        if (options->version != TM_READINGS_CHECK_OPTIONS_VERSION) {
            return fail(Status::struct_version, "struct_version",
                        {{"version", std::to_string(options->version)}});
        }
        if (options->reading_size != sizeof(tm_reading) ||
            options->result_size != sizeof(tm_reading_result)) {
            return fail(Status::invalid_argument, "struct_size");
        }
        if (options->patient_json == nullptr && options->patient_json_len != 0) {
            return null_argument("patient_json");
        }
        // The C structs are converted into the C++ ones field by field (the enums' values are the
        // header's constants); values out of range stay out of range and are rejected per
        // reading (TM_REASON_INVALID_READING).
        std::vector<TypedReading> in(count);
        for (size_t i = 0; i < count; ++i) {
            const tm_reading& r = readings[i];
            TypedReading& t = in[i];
            t.kind = static_cast<TypedReading::Kind>(std::min(r.kind, 255u));
            t.unit = static_cast<TypedReading::Unit>(std::min(r.unit, 255u));
            t.measured_at_ms = r.measured_at_ms;
            t.systolic = r.systolic;
            t.diastolic = r.diastolic;
            t.mean = r.mean;
            t.pulse = r.pulse;
            t.glucose = r.glucose;
            t.value = static_cast<TypedReading::Value>(std::min(r.value, 255u));
            t.meal = static_cast<TypedReading::Meal>(std::min(r.meal, 255u));
            t.flags = r.flags;
            t.device_id = r.device_id != nullptr ? std::string_view(r.device_id) : "";
        }
        std::vector<TypedResult> out(count);
        Problem failure;
        const Status status = telemed::readings::check_typed(
            context->context,
            options->patient_json == nullptr
                ? std::string_view()
                : std::string_view(options->patient_json, options->patient_json_len),
            in, out, &failure);
        if (status != Status::ok) {
            last_error.set(status, failure);
            return static_cast<int>(status);
        }
        for (size_t i = 0; i < count; ++i) {
            results[i] = tm_reading_result{static_cast<int>(out[i].status),
                                           out[i].category,
                                           out[i].band,
                                           out[i].severity,
                                           out[i].alerts,
                                           out[i].reasons};
        }
        last_error.clear();
        return static_cast<int>(TM_OK);
    });
}

int tm_reading_stream_open(const tm_context* context, const char* options_json, size_t options_len,
                           tm_reading_stream** out) {
    return guarded([&] {
        if (out == nullptr) {
            return null_argument("out");
        }
        *out = nullptr;
        if (context == nullptr) {
            return null_argument("context");
        }
        if (options_json == nullptr && options_len != 0) {
            return null_argument("options_json");
        }
        auto opened = telemed::readings::Stream::open(
            context->context, options_json == nullptr
                                  ? std::string_view()
                                  : std::string_view(options_json, options_len));
        if (!opened.ok()) {
            last_error.set(opened.error().status, opened.error().problem);
            return static_cast<int>(opened.error().status);
        }
        *out = new tm_reading_stream{std::move(opened.value())};
        last_error.clear();
        return static_cast<int>(Status::ok);
    });
}

int tm_reading_stream_feed(tm_reading_stream* stream, const char* chunk, size_t chunk_len,
                           char** out_ndjson, size_t* out_len) {
    if (chunk == nullptr && chunk_len != 0) {
        return guarded([&] {
            // The outputs are cleared first, as on every failure (docs/c-api.md).
            if (out_ndjson != nullptr) {
                *out_ndjson = nullptr;
            }
            if (out_len != nullptr) {
                *out_len = 0;
            }
            return null_argument("chunk");
        });
    }
    return stream_call(stream, out_ndjson, out_len, [&](std::string& results) {
        return stream->stream.feed(
            chunk == nullptr ? std::string_view() : std::string_view(chunk, chunk_len), results);
    });
}

int tm_reading_stream_finish(tm_reading_stream* stream, char** out_ndjson, size_t* out_len) {
    return stream_call(stream, out_ndjson, out_len,
                       [&](std::string& results) { return stream->stream.finish(results); });
}

void tm_reading_stream_free(tm_reading_stream* stream) {
    delete stream;
}

#define TM_JSON_CALL(name, operation)                                                              \
    int name(const tm_context* context, const char* json, size_t json_len, char** out_json,        \
             size_t* out_len) {                                                                    \
        return json_call(context, json, json_len, out_json, out_len, operation);                   \
    }
TM_JSON_CALL(tm_sick_leave_open, telemed::sick_leave::open)
TM_JSON_CALL(tm_sick_leave_extend, telemed::sick_leave::extend)
TM_JSON_CALL(tm_sick_leave_record_visit, telemed::sick_leave::record_visit)
TM_JSON_CALL(tm_sick_leave_close, telemed::sick_leave::close)
TM_JSON_CALL(tm_sick_leave_annul, telemed::sick_leave::annul)
TM_JSON_CALL(tm_sick_leave_duplicate, telemed::sick_leave::duplicate)
TM_JSON_CALL(tm_sick_leave_record, telemed::sick_leave::record)
TM_JSON_CALL(tm_consultation_apply, telemed::consultation::apply)
TM_JSON_CALL(tm_protocol_build, telemed::consultation::build_protocol)
TM_JSON_CALL(tm_protocol_canonicalize, telemed::consultation::canonicalize)
TM_JSON_CALL(tm_protocol_verify, telemed::consultation::verify_protocol)
TM_JSON_CALL(tm_audit_verify, telemed::consultation::verify_audit)
TM_JSON_CALL(tm_protocol_render, telemed::consultation::render_protocol)
TM_JSON_CALL(tm_protocol_deliveries, telemed::consultation::delivery_payloads)
#undef TM_JSON_CALL

int tm_operation_list(char** out_json, size_t* out_len) {
    return guarded([&] {
        if (out_json == nullptr) {
            return null_argument("out_json");
        }
        static const std::string list = operation_list_json();
        *out_json = copy_out(list);
        if (out_len != nullptr) {
            *out_len = list.size();
        }
        last_error.clear();
        return static_cast<int>(Status::ok);
    });
}

int tm_call(const tm_context* context, const char* operation, const char* json, size_t json_len,
            char** out_json, size_t* out_len) {
    // No document at all is allowed only for an operation whose input is "none"; json_call needs
    // some text to pass along, and the operation ignores it.
    static const char empty[] = "{}";
    const bool absent = json == nullptr && json_len == 0;
    return json_call(
        context, absent ? empty : json, absent ? sizeof empty - 1 : json_len, out_json, out_len,
        [operation, absent](const telemed::Context& c, std::string_view document) {
            if (operation == nullptr) {
                return refused(Status::invalid_argument, "null_argument",
                               {{"argument", "operation"}});
            }
            const NamedOperation* op = find_named_operation(operation);
            if (op == nullptr) {
                return refused(Status::not_found, "unknown_operation",
                               {{"operation", printable_operation_name(operation)}});
            }
            if (op->run == nullptr) {
                return refused(Status::invalid_argument, "operation_not_by_name",
                               {{"operation", std::string(op->name)},
                                {"function", std::string(op->function)}});
            }
            // As its typed function would: a document operation without a document.
            if (absent && op->input != "none") {
                return refused(Status::invalid_argument, "null_argument", {{"argument", "json"}});
            }
            return op->run(c, document);
        });
}

int tm_signing_key_new(const unsigned char* seed, size_t seed_len, const char* key_id,
                       const char* certificate, tm_signing_key** out) {
    return guarded([&] {
        if (out == nullptr) {
            return null_argument("out");
        }
        *out = nullptr;
        if (seed == nullptr) {
            return null_argument("seed");
        }
        if (key_id == nullptr) {
            return null_argument("key_id");
        }
        if (seed_len != 32) {
            return fail(Status::invalid_argument, "invalid_length",
                        {{"argument", "seed"}, {"length", "32"}}, "/seed");
        }
        const std::string_view id(key_id);
        if (id.empty() || id.size() > 64) {
            return fail(Status::invalid_argument, "invalid_length",
                        {{"argument", "key_id"}, {"length", "1–64"}}, "/key_id");
        }
        auto key = telemed::crypto::Ed25519SecretKey::from_seed(
            std::string_view(reinterpret_cast<const char*>(seed), seed_len));
        if (!key) {
            return fail(Status::internal, "internal_error");
        }
        *out = new tm_signing_key{std::move(*key), std::string(id),
                                  certificate == nullptr ? std::string() : certificate};
        last_error.clear();
        return static_cast<int>(TM_OK);
    });
}

int tm_signing_key_public(const tm_signing_key* key, unsigned char* public_key,
                          size_t public_key_len) {
    return guarded([&] {
        if (key == nullptr) {
            return null_argument("key");
        }
        if (public_key == nullptr) {
            return null_argument("public_key");
        }
        if (public_key_len != 32) {
            return fail(Status::invalid_argument, "invalid_length",
                        {{"argument", "public_key"}, {"length", "32"}}, "/public_key");
        }
        std::memcpy(public_key, key->key.public_key().data(), 32);
        last_error.clear();
        return static_cast<int>(TM_OK);
    });
}

void tm_signing_key_free(tm_signing_key* key) {
    delete key; // the key's destructor wipes the secret
}

int tm_external_signer_init(tm_external_signer* signer, unsigned int version) {
    return guarded([&] {
        if (signer == nullptr) {
            return null_argument("signer");
        }
        if (version != TM_EXTERNAL_SIGNER_VERSION) {
            return fail(Status::struct_version, "struct_version",
                        {{"version", std::to_string(version)}});
        }
        std::memset(signer, 0, sizeof *signer);
        signer->version = TM_EXTERNAL_SIGNER_VERSION;
        last_error.clear();
        return static_cast<int>(TM_OK);
    });
}

int tm_protocol_sign(const tm_context* context, const char* json, size_t json_len,
                     const tm_signing_key* key, char** out_json, size_t* out_len) {
    return json_call(
        context, json, json_len, out_json, out_len,
        [&](const telemed::Context& c, std::string_view text) {
            if (key == nullptr) {
                return refused(Status::invalid_argument, "null_argument", {{"argument", "key"}});
            }
            const telemed::consultation::Signer signer{
                "Ed25519", key->key_id, key->certificate,
                [key](std::string_view message) -> telemed::Result<std::string> {
                    const auto signature = key->key.sign(message);
                    return std::string(reinterpret_cast<const char*>(signature.data()),
                                       signature.size());
                }};
            return telemed::consultation::sign_protocol(c, text, signer);
        });
}

int tm_protocol_sign_external(const tm_context* context, const char* json, size_t json_len,
                              const tm_external_signer* external, char** out_json,
                              size_t* out_len) {
    return json_call(context, json, json_len, out_json, out_len,
                     [&](const telemed::Context& c, std::string_view text) {
                         if (auto refusal = unusable(external)) {
                             return *refusal;
                         }
                         const telemed::consultation::Signer signer{
                             external->algorithm, external->key_id,
                             external->certificate == nullptr ? std::string()
                                                              : external->certificate,
                             [external](std::string_view message) {
                                 return sign_externally(*external, message);
                             }};
                         return telemed::consultation::sign_protocol(c, text, signer);
                     });
}

int tm_identifier_pseudonym(const tm_context* context, const char* json, size_t json_len,
                            const unsigned char* key, size_t key_len, char** out_json,
                            size_t* out_len) {
    return json_call(
        context, json, json_len, out_json, out_len,
        [&](const telemed::Context& c, std::string_view text) {
            if (key == nullptr) {
                return refused(Status::invalid_argument, "null_argument", {{"argument", "key"}});
            }
            return telemed::identity::pseudonym(
                c, text, std::string_view(reinterpret_cast<const char*>(key), key_len));
        });
}

} // extern "C"
