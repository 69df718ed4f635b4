/**
 * @file telemed.h
 * The one public C header of telemed, the library of Russian doctor-patient telemedicine
 * rules.
 *
 * This header is the contract. What is not declared here is not API.
 *
 * Conventions (docs/c-api.md says more):
 *  - Every function that can fail returns an int status from enum tm_status. The numeric values of
 *    tm_status are pinned forever: a value is never reused nor renumbered; new codes are only
 * appended.
 *  - After a failure, tm_error_last() describes it (code, English and Russian message, JSON pointer
 * of the offending field, rule id). It is kept per thread and never returns NULL. Messages never
 * contain personal data: identifiers are masked, names and dates of birth never appear.
 *  - JSON in, JSON out: input is UTF-8 given as pointer + length (no terminating NUL needed);
 * output is a NUL-terminated UTF-8 buffer allocated by the library, released with tm_string_free()
 * and never with the caller's free(). On failure the output is NULL, except TM_E_VALIDATION: then
 * the output holds the report listing every problem ({"problems": [...], ...}) and tm_error_last()
 * names the first.
 *  - Handles are opaque. tm_x_new(tm_x **out, ...) creates, tm_x_free(x) releases, tm_x_free(NULL)
 * is a no-op. On failure *out is set to NULL and nothing is leaked.
 *  - A failed operation changes no state.
 *  - Option structs start with an unsigned `version` field; fill them with their _init function
 * first.
 *  - Nothing C++ crosses this boundary: every C++ exception is caught inside and becomes a status.
 */
#ifndef TELEMED_H
#define TELEMED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @def TM_EXTERN(type)
 * Declares a public function returning `type`: default visibility with GCC and Clang (the library
 * is built with -fvisibility=hidden), dllexport while building telemed on Windows
 * (TM_BUILDING_LIBRARY) and dllimport in its callers.
 */
#if defined(_WIN32)
#if defined(TM_BUILDING_LIBRARY)
#define TM_EXTERN(type) __declspec(dllexport) type
#else
#define TM_EXTERN(type) __declspec(dllimport) type
#endif
#elif defined(__GNUC__)
#define TM_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define TM_EXTERN(type) type
#endif

/** Major version: changes only when the C ABI breaks. (CMakeLists.txt reads the version from here.)
 */
#define TM_VERSION_MAJOR 0
/** Minor version: additions that keep the ABI. */
#define TM_VERSION_MINOR 4
/** Patch version: fixes only. */
#define TM_VERSION_PATCH 0

/** The library version as one number: MAJOR * 10000 + MINOR * 100 + PATCH, at compile time. */
#define TM_VERSION_NUMBER (TM_VERSION_MAJOR * 10000 + TM_VERSION_MINOR * 100 + TM_VERSION_PATCH)

/**
 * Status codes. PINNED FOREVER: these numbers never change and are never reused; new codes are
 * appended. tm_status_name() gives the symbolic name ("TM_E_VALIDATION") used by the conformance
 * vectors.
 */
typedef enum tm_status {
    /** Success. */
    TM_OK = 0,
    /** A NULL pointer, or an option with a malformed value (the pointer names the option). */
    TM_E_INVALID_ARGUMENT = 1,
    /** An option struct's version is not one this library knows. */
    TM_E_STRUCT_VERSION = 2,
    /** Not well-formed JSON: truncated, trailing garbage, empty or zero length, an object that
     *  repeats a key (the pointer names the repeated member), or a key holding U+0000 (the pointer
     *  names its object: a pointer through it would be cut at the NUL). */
    TM_E_JSON_SYNTAX = 3,
    /** A string or key in the input is not valid UTF-8; the pointer names it. */
    TM_E_INVALID_UTF8 = 4,
    /** The input exceeds a limit: document size 16 MiB, nesting depth 64, string 64 KiB. */
    TM_E_LIMIT = 5,
    /** Well-formed JSON that breaks the model or a rule; a report lists every problem, up to 100,
     *  then one "too_many_problems" entry counting the rest. */
    TM_E_VALIDATION = 6,
    /** A rule-set or configuration document is invalid, or no rule set / rule is in force. */
    TM_E_RULES = 7,
    /** An unknown id looked up by an operation: tm_rule_explain() with a rule id no rule set of
     *  the context holds (code "unknown_rule", pointer "/rule"), tm_call() with an operation name
     *  this library does not have (code "unknown_operation"). */
    TM_E_NOT_FOUND = 8,
    /** The context's zone is unknown to the tz database (or is one of its files that is not a
     *  served zone: "posixrules", "posix/...", "right/...", "Factory", "localtime"), none is
     *  known for its jurisdiction, or TZDIR names another tz database than the one the library
     *  reads. (An unknown zone inside a document is TM_E_VALIDATION.) */
    TM_E_TIME_ZONE = 9,
    /** Memory could not be allocated. */
    TM_E_NO_MEMORY = 10,
    /** A defect in telemed: please report it. */
    TM_E_INTERNAL = 11,
    /** An external signer's callback reported a failure, or wrote a signature longer than the
     *  buffer it was given (tm_protocol_sign_external; code "signer_failed"). */
    TM_E_SIGNER = 12
} tm_status;

/**
 * Details of the last failure on the calling thread. All strings are UTF-8 and never NULL ("" when
 * absent). The struct is owned by the library and valid until the next telemed call on the same
 * thread. Fields may be appended in later versions; never allocate this struct yourself.
 */
typedef struct tm_error {
    int status;       /**< The tm_status of the failure (TM_OK when there was none). */
    const char* code; /**< Stable problem code such as "invalid_check_digit" or "unknown_field". */
    const char* message_en; /**< English message, free of personal data. */
    const char* message_ru; /**< Russian message, free of personal data. */
    const char*
        pointer; /**< RFC 6901 JSON pointer of the offending field; "" is the whole document. */
    const char*
        rule_id; /**< Id of the rule concerned, such as "identity.snils.checksum"; "" when none. */
} tm_error;

/** The last failure on this thread; never NULL. After a success its status is TM_OK. */
TM_EXTERN(const tm_error*) tm_error_last(void);

/** Resets this thread's last failure to TM_OK. */
TM_EXTERN(void) tm_error_clear(void);

/** The symbolic name of a status ("TM_OK", "TM_E_VALIDATION"); "TM_E_UNKNOWN" for an unknown value.
 */
TM_EXTERN(const char*) tm_status_name(int status);

/** A short English description of a status; never NULL. */
TM_EXTERN(const char*) tm_status_describe(int status);

/** The run-time library version as MAJOR * 10000 + MINOR * 100 + PATCH; compare with
 * TM_VERSION_NUMBER. */
TM_EXTERN(int) tm_version_number(void);

/** The run-time library version as "MAJOR.MINOR.PATCH". */
TM_EXTERN(const char*) tm_version_string(void);

/** Releases a buffer the library returned. tm_string_free(NULL) is a no-op. */
TM_EXTERN(void) tm_string_free(char* str);

/* ---- Context ---- */

/**
 * An immutable set of rule sets, switches, time zone and clock for one medical organisation's
 * setting. Once created it never changes, and one context may be shared by any number of threads at
 * once.
 */
typedef struct tm_context tm_context;

/**
 * The clock: returns "now" as milliseconds since 1970-01-01T00:00:00Z. Called from any thread that
 * uses the context, so it must be thread-safe. Tests and conformance vectors inject a fixed clock.
 * Values outside 1900-01-01 .. 2199-12-31 are held at those ends (instants in documents are
 * refused).
 */
typedef int64_t (*tm_clock_fn)(void* user_data);

/** The current version of tm_context_options. */
#define TM_CONTEXT_OPTIONS_VERSION 1

/** Options of tm_context_new(). Fill with tm_context_options_init() before setting fields. */
typedef struct tm_context_options {
    unsigned int version; /**< TM_CONTEXT_OPTIONS_VERSION (set by tm_context_options_init()). */
    /** "RU" for federal rules only, or an ISO 3166-2 region ("RU-NVS") for federal plus regional
     * rules. NULL means "RU". */
    const char* jurisdiction;
    /** IANA zone of the medical organisation ("Asia/Novosibirsk"): calendar dates are computed in
     * it. NULL means the zone the regions rule set gives for the jurisdiction; federal "RU" has
     * none, so a federal context must name its zone. */
    const char* time_zone;
    /** Optional configuration document (JSON; docs/rules.md): override rule sets, rule switches,
     *  drafts to enable. Validated strictly; NULL for none. */
    const char* config_json;
    size_t config_json_len; /**< Length of config_json in bytes. */
    tm_clock_fn clock;      /**< NULL means the system clock. */
    void* clock_user_data;  /**< Passed to clock. */
} tm_context_options;

/**
 * Fills *options with defaults for the given version (pass TM_CONTEXT_OPTIONS_VERSION).
 * Returns TM_E_STRUCT_VERSION for a version this library does not know.
 */
TM_EXTERN(int) tm_context_options_init(tm_context_options* options, unsigned int version);

/** sizeof(tm_context_options) as this library was built, for bindings that lay the struct out
 * themselves. */
TM_EXTERN(size_t) tm_context_options_size(void);

/** TM_CONTEXT_OPTIONS_VERSION as this library was built, for bindings. */
TM_EXTERN(unsigned int) tm_context_options_version(void);

/**
 * Creates a context. NULL options mean the defaults of tm_context_options_init(): jurisdiction "RU"
 * with no zone, which fails with TM_E_TIME_ZONE, because a federal context must name its zone.
 * Errors: TM_E_INVALID_ARGUMENT (out is NULL; config_json NULL with a non-zero length; a malformed
 * jurisdiction, pointer "/jurisdiction"), TM_E_STRUCT_VERSION, TM_E_TIME_ZONE (pointer
 * "/time_zone"), TM_E_RULES (invalid configuration document; the error's pointer names the field),
 * TM_E_JSON_SYNTAX, TM_E_INVALID_UTF8, TM_E_LIMIT (the configuration document as JSON).
 */
TM_EXTERN(int) tm_context_new(tm_context** out, const tm_context_options* options);

/** Releases a context. tm_context_free(NULL) is a no-op. */
TM_EXTERN(void) tm_context_free(tm_context* context);

/**
 * The context's settings and every rule set it holds (built in and configured, of every region and
 * period), as JSON: {"jurisdiction", "time_zone", "today" (by the context's clock, in its zone),
 * "rule_sets": [{"id", "version", "domain", "jurisdiction", "status", "effective_from",
 * "effective_to", "built_in", "applies_today" (would an operation dated today select it), "rules":
 * [{"id", "title", "confidence", "switchable", "enabled", "sources": [{"document", "point",
 * "confidence"}]}]}], "devices": {"keys": [device ids with a registered key],
 * "unsigned_readings": "accept" | "flag" | "reject"}, "signers": {"keys": [trusted protocol
 * signers' key ids]}}.
 */
TM_EXTERN(int) tm_context_describe(const tm_context* context, char** out_json, size_t* out_len);

/**
 * Explains a rule: input {"rule": "identity.snils.checksum"}; output {"rule": {"id", "title":
 * {"en", "ru"}, "confidence", "switchable", "enabled_by_default", "enabled", "applies_today",
 * "sources": [{"document", "point", "confidence"}], "params"}, "held_by": [{"id", "version",
 * "jurisdiction", "status", "applies_today"}]}. The rule described is the one that applies today (a
 * regional one over the federal one). An id no rule set of the context holds is TM_E_NOT_FOUND
 * (code "unknown_rule", pointer "/rule").
 */
TM_EXTERN(int)
tm_rule_explain(const tm_context* context, const char* json, size_t json_len, char** out_json,
                size_t* out_len);

/* ---- Eligibility of remote consultations (docs/eligibility.md) ---- */

/**
 * The indications (показания) for remote doctor–patient consultations in force today in the
 * context's jurisdiction: {"indications": [{"id", "number", "name": {"ru", "en"}, "permits":
 * [actions]}], "rule_sets", "trace"}. Novosibirsk (RU-NVS, order of 06.03.2026) lists six; a
 * jurisdiction with no such list gets an empty one.
 */
TM_EXTERN(int) tm_indication_list(const tm_context* context, char** out_json, size_t* out_len);

/**
 * Decides a remote consultation request (docs/eligibility.md): {"patient", "organisation":
 * {"telemedicine_cabinet"}, "slot": {"start", "telemedicine"}, "doctor": {"role",
 * "experience_years"}, "indication"?, "format", "mode", "present", "identification",
 * "planned_actions", "facts"?}. Output: {"verdict": "allowed" | "allowed_with_restrictions" |
 * "in_person_required" | "not_allowed", "visit_date", "permitted_actions", "refused_actions":
 * [{"action", "reasons"}], "reasons": [{"code", "rule", "message": {"en", "ru"}}],
 * "required_documents", "missing_facts", "problems", "rule_sets", "trace"}. Computed on the slot's
 * calendar date in the organisation's zone with the rule sets in force then; missing facts give
 * "not_allowed", never a silent allow. A malformed request is TM_E_VALIDATION.
 */
TM_EXTERN(int)
tm_eligibility_evaluate(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len);

/* ---- Identity: identifiers and the patient (docs/identity.md) ---- */

/**
 * Validates one identifier. Input: {"type": "snils" | "enp", "value": "112-233-445 95"}.
 * Output: {"valid", "type", "normalized" (digits only) and "masked" (both only when the format is
 * right), "problems": [...], "rule_sets": [{"id", "version"}], "trace": [rule ids]}. An invalid
 * identifier is a result, not a failure: the call returns TM_OK with "valid": false.
 */
TM_EXTERN(int)
tm_identifier_validate(const tm_context* context, const char* json, size_t json_len,
                       char** out_json, size_t* out_len);

/**
 * Validates a patient document (docs/identity.md) and reports every problem, not only the first.
 * Output: {"valid", "problems": [{"code", "severity", "pointer", "rule", "message": {"en", "ru"}}],
 * "rule_sets", "trace"}. Returns TM_OK when valid (warnings allowed), TM_E_VALIDATION when any
 * problem is an error: *out_json then holds the report too, and tm_error_last() names the first
 * error.
 */
TM_EXTERN(int)
tm_patient_validate(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/**
 * Validates a patient document and returns it normalised: names in NFC, trimmed, white space
 * folded; ЕНП as 16 digits; СНИЛС as "XXX-XXX-XXX YY". The document reads back unchanged. Output:
 * {"valid": true, "problems" (warnings), "patient", "name_key" (the case- and ё/е-insensitive
 * matching key of the full name), "rule_sets", "trace"}. An invalid document fails as
 * tm_patient_validate() does, with the same report.
 */
TM_EXTERN(int)
tm_patient_normalize(const tm_context* context, const char* json, size_t json_len, char** out_json,
                     size_t* out_len);

/**
 * Identifies a patient as booking bots do: an identifier plus the date of birth, against a record.
 * Input: {"patient": {...record...}, "claim": {"snils" | "enp": "...", "birth_date":
 * "YYYY-MM-DD"}}. Output: {"result": "match" | "mismatch" | "invalid_identifier", "method",
 * "rule_sets", "trace"}. A mismatch never says which part differed. An invalid record or claim
 * document is TM_E_VALIDATION.
 */
TM_EXTERN(int)
tm_patient_identify(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/**
 * Age in completed years on a calendar date.
 * Input: {"birth_date": "YYYY-MM-DD", "on": "YYYY-MM-DD"} or
 *        {"birth_date": ..., "at": "RFC 3339 instant", "time_zone": "IANA zone" (default: the
 * context's)} or {"birth_date": ...} alone for today in the context's zone (by the context's
 * clock). Output: {"years", "on" (the calendar date used), "time_zone" (the zone the date was
 * taken in, whenever "on" was not given), "rule_sets", "trace"}.
 */
TM_EXTERN(int)
tm_patient_age(const tm_context* context, const char* json, size_t json_len, char** out_json,
               size_t* out_len);

/* ---- Home-device readings: blood pressure and glucose (docs/readings.md) ---- */

/**
 * Checks and classifies one reading: {"reading", "patient"?}. The reading is telemed JSON
 * ({"patient_ref", "device": {"id", "model"?, "serial"?}, "kind": "blood_pressure" | "glucose",
 * "measured_at" (RFC 3339, or a local time read in the patient's zone), "blood_pressure" |
 * "glucose", "setting"?, "flags"?}), a FHIR R4 Observation, {"patient_ref", "device",
 * "open_mhealth": data point}, {"patient_ref", "device", "ble": {"characteristic", "value" (hex),
 * "context"?}} or {"envelope": {"device_id", "payload", "signature"}} (Ed25519). "patient":
 * {"zone"?, "age_years"?, "pregnant"?, "targets"?}. Accepted: TM_OK with {"accepted": true,
 * "reading" (normalised), "classification", "alerts": [{"code", "severity": "info" | "warning" |
 * "urgent", "rule", "message_doctor": {"en", "ru"}, "message_patient": {"en", "ru"}, "action":
 * {"en", "ru"}}], "problems" (warnings), "rule_sets", "trace"}. Rejected: TM_E_VALIDATION with
 * {"accepted": false, "problems"} naming every reason. TM_E_RULES when a rule the checks need is
 * not in force.
 */
TM_EXTERN(int)
tm_reading_validate(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/**
 * Decodes a Bluetooth LE characteristic value given as hex: {"characteristic": "2A35" | "2A18" |
 * "2A34", "value": "1E 7800 ..."}. Output: every field, the flags and status words with their
 * bits named, SFLOAT values as {"value": 2.0} or {"special": "nan" | "nres" | "plus_infinity" |
 * "minus_infinity" | "reserved"}. Bytes that do not hold the characteristic: TM_E_VALIDATION
 * (codes ble_truncated, ble_trailing_bytes, ble_reserved_flags, ... with the byte offset).
 */
TM_EXTERN(int)
tm_reading_decode_ble(const tm_context* context, const char* json, size_t json_len, char** out_json,
                      size_t* out_len);

/** The 16-bit UUIDs tm_reading_decode_ble_bytes() decodes. */
#define TM_BLE_BLOOD_PRESSURE_MEASUREMENT 0x2A35u
/** Glucose Measurement. */
#define TM_BLE_GLUCOSE_MEASUREMENT 0x2A18u
/** Glucose Measurement Context. */
#define TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT 0x2A34u

/**
 * tm_reading_decode_ble() for raw bytes: `characteristic` is one of the TM_BLE_ constants, `bytes`
 * the characteristic value (may be NULL when `bytes_len` is 0). TM_E_INVALID_ARGUMENT for another
 * characteristic.
 */
TM_EXTERN(int)
tm_reading_decode_ble_bytes(const tm_context* context, unsigned int characteristic,
                            const unsigned char* bytes, size_t bytes_len, char** out_json,
                            size_t* out_len);

/**
 * Checks and classifies an array of readings: {"readings": [...], "patient"?}. Output (TM_OK
 * whenever the request is readable): {"results": [{"index", "accepted", ...as
 * tm_reading_validate}], "accepted", "rejected", "rule_sets", "trace"}: one result per element, in
 * order. A repeat of a reading (same device, instant, kind and values) is rejected with
 * "duplicate_reading" naming the first.
 */
TM_EXTERN(int)
tm_readings_validate_batch(const tm_context* context, const char* json, size_t json_len,
                           char** out_json, size_t* out_len);

/**
 * Exports one plausible reading as a FHIR R4 Observation: {"reading", "patient"?} → {"observation",
 * "problems", "rule_sets", "trace"}. An implausible reading is TM_E_VALIDATION.
 */
TM_EXTERN(int)
tm_reading_to_fhir(const tm_context* context, const char* json, size_t json_len, char** out_json,
                   size_t* out_len);

/**
 * Summarises a patient's readings over a window of calendar days in the patient's zone:
 * {"patient"?, "window": {"from", "to"} (inclusive, at most 366 days), "readings": [...]}. Output:
 * {"window", "readings": {"total", "accepted", "rejected", "outside_window", "in_window"},
 * "rejected": [{"index", "codes"}], "blood_pressure": {"home_protocol": {"first_day",
 * "dropped_day", "last_day", "days", "days_with_both_sessions", "complete", "readings",
 * "systolic_mean", "diastolic_mean", "above_home_threshold", "above_target"} | null}, "glucose":
 * {"time_in_range": {"readings", "very_low", "low", "in_range", "high", "percent_in_range"} |
 * null}, "gaps": [{"from", "to", "hours"}], "alerts": [{"date", "index", "alert"}], "facts":
 * {"alerts": [{"date", "severity": "urgent" | "routine"}]} (exactly eligibility.evaluate's
 * facts.alerts), "stable_course": {"evidence", "assessed", "stable"?, "reasons"?}, "problems",
 * "rule_sets", "trace"}. A malformed request is TM_E_VALIDATION.
 */
TM_EXTERN(int)
tm_readings_summary(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/* The typed batch: readings already held as numbers (docs/readings.md, "The typed batch"). */

/** tm_reading.kind */
#define TM_READING_BLOOD_PRESSURE 1u
/** tm_reading.kind */
#define TM_READING_GLUCOSE 2u
/** tm_reading.unit: blood pressure */
#define TM_UNIT_MMHG 1u
/** tm_reading.unit: blood pressure */
#define TM_UNIT_KPA 2u
/** tm_reading.unit: glucose */
#define TM_UNIT_MG_DL 3u
/** tm_reading.unit: glucose */
#define TM_UNIT_MMOL_L 4u
/** tm_reading.value: the glucose field holds the measured number */
#define TM_VALUE_MEASURED 0u
/** tm_reading.value: the meter showed LO (below its range) */
#define TM_VALUE_BELOW_DEVICE_RANGE 1u
/** tm_reading.value: the meter showed HI (above its range) */
#define TM_VALUE_ABOVE_DEVICE_RANGE 2u
/** tm_reading.meal: none given */
#define TM_MEAL_NONE 0u
/** tm_reading.meal */
#define TM_MEAL_PREPRANDIAL 1u
/** tm_reading.meal */
#define TM_MEAL_POSTPRANDIAL 2u
/** tm_reading.meal */
#define TM_MEAL_FASTING 3u
/** tm_reading.meal */
#define TM_MEAL_CASUAL 4u
/** tm_reading.meal */
#define TM_MEAL_BEDTIME 5u

/** tm_reading.flags: what the device reported beside the values (the BLE status bits). */
#define TM_FLAG_BODY_MOVEMENT (1u << 0)
/** tm_reading.flags */
#define TM_FLAG_CUFF_TOO_LOOSE (1u << 1)
/** tm_reading.flags */
#define TM_FLAG_IRREGULAR_PULSE (1u << 2)
/** tm_reading.flags */
#define TM_FLAG_PULSE_ABOVE_RANGE (1u << 3)
/** tm_reading.flags */
#define TM_FLAG_PULSE_BELOW_RANGE (1u << 4)
/** tm_reading.flags */
#define TM_FLAG_IMPROPER_POSITION (1u << 5)
/** tm_reading.flags */
#define TM_FLAG_BATTERY_LOW (1u << 6)
/** tm_reading.flags */
#define TM_FLAG_SENSOR_MALFUNCTION (1u << 7)
/** tm_reading.flags */
#define TM_FLAG_SAMPLE_SIZE_INSUFFICIENT (1u << 8)
/** tm_reading.flags */
#define TM_FLAG_STRIP_INSERTION_ERROR (1u << 9)
/** tm_reading.flags */
#define TM_FLAG_STRIP_TYPE_INCORRECT (1u << 10)
/** tm_reading.flags */
#define TM_FLAG_RESULT_ABOVE_DEVICE_RANGE (1u << 11)
/** tm_reading.flags */
#define TM_FLAG_RESULT_BELOW_DEVICE_RANGE (1u << 12)
/** tm_reading.flags */
#define TM_FLAG_TEMPERATURE_TOO_HIGH (1u << 13)
/** tm_reading.flags */
#define TM_FLAG_TEMPERATURE_TOO_LOW (1u << 14)
/** tm_reading.flags */
#define TM_FLAG_READ_INTERRUPTED (1u << 15)
/** tm_reading.flags */
#define TM_FLAG_GENERAL_DEVICE_FAULT (1u << 16)
/** tm_reading.flags */
#define TM_FLAG_TIME_FAULT (1u << 17)

/** One reading as numbers. */
typedef struct tm_reading {
    unsigned int kind; /**< TM_READING_BLOOD_PRESSURE or TM_READING_GLUCOSE */
    unsigned int unit; /**< TM_UNIT_MMHG, TM_UNIT_KPA (pressure), TM_UNIT_MG_DL, TM_UNIT_MMOL_L */
    int64_t measured_at_ms; /**< the instant, milliseconds since 1970-01-01T00:00:00Z */
    double systolic;        /**< blood pressure */
    double diastolic;       /**< blood pressure */
    double mean;            /**< mean arterial pressure; NaN when absent */
    double pulse;           /**< beats per minute; NaN when absent */
    double glucose;         /**< glucose, read only when value is TM_VALUE_MEASURED */
    unsigned int value;     /**< TM_VALUE_MEASURED, TM_VALUE_BELOW_/ABOVE_DEVICE_RANGE (glucose) */
    unsigned int meal;      /**< TM_MEAL_* (glucose) */
    unsigned int flags;     /**< TM_FLAG_* bits */
    const char* device_id;  /**< NUL-terminated; NULL or "" when unknown (then repeats are found by
                                 time and values alone) */
} tm_reading;

/** tm_reading_result.category: blood pressure, the ESH office category */
#define TM_CATEGORY_NONE 0u
/** ESH: < 120 and < 80 */
#define TM_CATEGORY_OPTIMAL 1u
/** ESH: 120–129 and/or 80–84 */
#define TM_CATEGORY_NORMAL 2u
/** ESH: 130–139 and/or 85–89 */
#define TM_CATEGORY_HIGH_NORMAL 3u
/** ESH: 140–159 and/or 90–99 */
#define TM_CATEGORY_GRADE_1 4u
/** ESH: 160–179 and/or 100–109 */
#define TM_CATEGORY_GRADE_2 5u
/** ESH: ≥ 180 and/or ≥ 110 */
#define TM_CATEGORY_GRADE_3 6u

/** tm_reading_result.band: glucose */
#define TM_BAND_NONE 0u
/** below the level 2 threshold */
#define TM_BAND_HYPOGLYCAEMIA_LEVEL_2 1u
/** below the level 1 threshold */
#define TM_BAND_HYPOGLYCAEMIA_LEVEL_1 2u
/** below the meal target */
#define TM_BAND_BELOW_TARGET 3u
/** within the meal target */
#define TM_BAND_IN_TARGET 4u
/** above the meal target */
#define TM_BAND_ABOVE_TARGET 5u
/** no target for this meal context */
#define TM_BAND_NO_TARGET 6u
/** LO that no threshold decides */
#define TM_BAND_BELOW_DEVICE_RANGE 7u
/** HI that no threshold decides */
#define TM_BAND_ABOVE_DEVICE_RANGE 8u

/** tm_reading_result.severity: the highest alert */
#define TM_SEVERITY_NONE 0u
/** tm_reading_result.severity */
#define TM_SEVERITY_INFO 1u
/** tm_reading_result.severity */
#define TM_SEVERITY_WARNING 2u
/** tm_reading_result.severity */
#define TM_SEVERITY_URGENT 3u

/** tm_reading_result.alerts: the alert codes of tm_reading_validate as bits */
#define TM_ALERT_BP_URGENT (1u << 0)
/** bp_low */
#define TM_ALERT_BP_LOW (1u << 1)
/** bp_above_target */
#define TM_ALERT_BP_ABOVE_TARGET (1u << 2)
/** glucose_hypoglycaemia_level_2 */
#define TM_ALERT_GLUCOSE_HYPOGLYCAEMIA_LEVEL_2 (1u << 3)
/** glucose_hypoglycaemia_level_1 */
#define TM_ALERT_GLUCOSE_HYPOGLYCAEMIA_LEVEL_1 (1u << 4)
/** glucose_ketone_check */
#define TM_ALERT_GLUCOSE_KETONE_CHECK (1u << 5)
/** glucose_outside_target */
#define TM_ALERT_GLUCOSE_OUTSIDE_TARGET (1u << 6)

/** tm_reading_result.reasons: the problems found, as bits (errors reject; the two warnings,
 *  TM_REASON_OLDER_THAN_BACKFILL_LIMIT and TM_REASON_DEVICE_DOUBT, do not) */
#define TM_REASON_INVALID_READING (1u << 0)
/** implausible_value */
#define TM_REASON_IMPLAUSIBLE_VALUE (1u << 1)
/** systolic_not_above_diastolic, mean_outside_range */
#define TM_REASON_PRESSURE_ORDER (1u << 2)
/** measured_in_future */
#define TM_REASON_MEASURED_IN_FUTURE (1u << 3)
/** older_than_backfill_limit (a warning) */
#define TM_REASON_OLDER_THAN_BACKFILL_LIMIT (1u << 4)
/** device_reported_fault */
#define TM_REASON_DEVICE_FAULT (1u << 5)
/** device_reported_doubt (a warning) */
#define TM_REASON_DEVICE_DOUBT (1u << 6)
/** control_solution */
#define TM_REASON_CONTROL_SOLUTION (1u << 7)
/** duplicate_reading */
#define TM_REASON_DUPLICATE (1u << 8)
/** number_too_precise */
#define TM_REASON_NUMBER_TOO_PRECISE (1u << 9)
/** targets_not_applicable, and other problems of the patient's targets */
#define TM_REASON_TARGETS_NOT_APPLICABLE (1u << 10)
/** any other problem */
#define TM_REASON_OTHER (1u << 31)

/** What became of one tm_reading. */
typedef struct tm_reading_result {
    int status;            /**< TM_OK accepted, TM_E_VALIDATION rejected */
    unsigned int category; /**< TM_CATEGORY_* (blood pressure) */
    unsigned int band;     /**< TM_BAND_* (glucose) */
    unsigned int severity; /**< TM_SEVERITY_*: the highest alert */
    unsigned int alerts;   /**< TM_ALERT_* bits */
    unsigned int reasons;  /**< TM_REASON_* bits */
} tm_reading_result;

/** The current version of tm_readings_check_options. */
#define TM_READINGS_CHECK_OPTIONS_VERSION 1

/** Options of tm_readings_check(). Fill with tm_readings_check_options_init(). */
typedef struct tm_readings_check_options {
    unsigned int version; /**< TM_READINGS_CHECK_OPTIONS_VERSION */
    size_t reading_size;  /**< sizeof(tm_reading) as the caller compiled it (the array stride) */
    size_t result_size;   /**< sizeof(tm_reading_result) as the caller compiled it */
    const char* patient_json; /**< the "patient" object of tm_reading_validate, or NULL */
    size_t patient_json_len;  /**< its length in bytes */
} tm_readings_check_options;

/** Fills *options with defaults for `version` (sizes of this header's structs, no patient). */
TM_EXTERN(int)
tm_readings_check_options_init(tm_readings_check_options* options, unsigned int version);
/** sizeof(tm_readings_check_options) as this library was built. */
TM_EXTERN(size_t) tm_readings_check_options_size(void);
/** TM_READINGS_CHECK_OPTIONS_VERSION as this library was built. */
TM_EXTERN(unsigned int) tm_readings_check_options_version(void);
/** sizeof(tm_reading) as this library was built. */
TM_EXTERN(size_t) tm_reading_size(void);
/** sizeof(tm_reading_result) as this library was built. */
TM_EXTERN(size_t) tm_reading_result_size(void);

/**
 * Checks and classifies `count` readings held as numbers: the steps of tm_reading_validate
 * without documents. results[i] receives the outcome of readings[i]; repeats within the call are
 * rejected (TM_REASON_DUPLICATE). NULL options mean the defaults. Returns TM_OK when every reading
 * has its result (accepted or not); otherwise no result is meaningful: TM_E_INVALID_ARGUMENT
 * (NULL arrays with count > 0; sizes other than this library's), TM_E_STRUCT_VERSION,
 * TM_E_VALIDATION (the patient object), TM_E_RULES.
 */
TM_EXTERN(int)
tm_readings_check(const tm_context* context, const tm_readings_check_options* options,
                  const tm_reading* readings, size_t count, tm_reading_result* results);

/** An NDJSON stream of readings (tm_reading_stream_open). */
typedef struct tm_reading_stream tm_reading_stream;

/**
 * Opens a stream of readings, one JSON reading per line, fed in chunks of any size. Options
 * (options_json may be NULL when options_len is 0): {"patient"?, "max_line_bytes"? (1…1048576,
 * default 65536), "duplicate_window"? (readings remembered for duplicates, 1…65536, default 4096)}.
 * The stream holds its own reference to the context's state, so it may outlive the tm_context
 * handle. One thread at a time per stream. Errors: TM_E_INVALID_ARGUMENT, TM_E_VALIDATION (bad
 * options), TM_E_RULES, TM_E_JSON_SYNTAX, TM_E_INVALID_UTF8, TM_E_LIMIT.
 */
TM_EXTERN(int)
tm_reading_stream_open(const tm_context* context, const char* options_json, size_t options_len,
                       tm_reading_stream** out);

/**
 * Feeds a chunk (it may end anywhere, even inside a line or a UTF-8 sequence). `*out_ndjson`
 * receives one result line ({"index", "accepted", ...as tm_reading_validate, "rule_sets",
 * "trace"}, ended by a newline) per input line completed by this chunk, possibly none (""); free
 * it with tm_string_free(). A line longer than max_line_bytes gets "line_too_long", an empty line
 * "empty_line", a line that is not JSON its parse error: every line gets exactly one result.
 * TM_E_INVALID_ARGUMENT after tm_reading_stream_finish().
 */
TM_EXTERN(int)
tm_reading_stream_feed(tm_reading_stream* stream, const char* chunk, size_t chunk_len,
                       char** out_ndjson, size_t* out_len);

/**
 * Ends the stream: the result of a last line without a final newline, if any ("" otherwise).
 * TM_E_INVALID_ARGUMENT when already finished.
 */
TM_EXTERN(int)
tm_reading_stream_finish(tm_reading_stream* stream, char** out_ndjson, size_t* out_len);

/** Frees a stream (NULL is allowed). */
TM_EXTERN(void) tm_reading_stream_free(tm_reading_stream* stream);

/* ---- Sick leave: the electronic certificate, ЭЛН (docs/sick-leave.md) ---- */

/*
 * Every sick-leave call is pure: it takes the certificate's state as JSON ({"certificate": {...},
 * ...}) and returns the new state ({"certificate": {...}, "problems", "rule_sets", "trace"}); it
 * keeps nothing. A refused operation returns TM_E_VALIDATION with the report of every problem and
 * no new state, so the caller's certificate stays as it was. Calendar dates are dates in the zone
 * of the certificate's organisation ("organisation": {"time_zone"}); "today" comes from the
 * context's clock.
 */

/**
 * Opens a certificate: {"certificate": {"number", "reason", "organisation", "opened": {"date",
 * "mode"}, "treating_doctor", "periods": [one period], ...}}. Opening is in person unless the
 * unconfirmed switch sick_leave.open.remote is on; the period is held to the individual and total
 * limits.
 */
TM_EXTERN(int)
tm_sick_leave_open(const tm_context* context, const char* json, size_t json_len, char** out_json,
                   size_t* out_len);

/**
 * Adds a period: {"certificate", "period": {"from", "to", "doctor", "commission_chair"?}, "mode",
 * "next_appearance"?, "recent_certificates"?: [dates opened, for the draft rule]}. The period must
 * start the day after the last one ends; a doctor alone gives up to 15 days in total (feldsher,
 * dentist 10), the medical commission beyond, at most 15 days at a time; at most 3 periods, at most
 * 10 months (12 for tuberculosis). Remote extension only under the unconfirmed switch
 * sick_leave.extend.remote.
 */
TM_EXTERN(int)
tm_sick_leave_extend(const tm_context* context, const char* json, size_t json_len, char** out_json,
                     size_t* out_len);

/**
 * Records the patient's appearance: {"certificate", "visit": {"date", "next_appearance"?}}. A visit
 * after the appointed "next_appearance" adds regime violation 24 dated the appointed day; output
 * adds "late".
 */
TM_EXTERN(int)
tm_sick_leave_record_visit(const tm_context* context, const char* json, size_t json_len,
                           char** out_json, size_t* out_len);

/**
 * Closes a certificate: {"certificate", "closure": {"date", "mode": "in_person" | "telemedicine",
 * "doctor", "outcome"? (31–37), "continuation_number"?, "state_change_date"?, "consultation"?:
 * {"indication", "recovery_confirmed", "consent_recorded", "mode"?: "real_time_video" |
 * "real_time_chat" | "deferred", "channel"?: "max" | "other"}}}. The last period ends on the
 * closing date; return to work is the next day. Remote closure: a certificate opened in person, by
 * the treating doctor, at a consultation for indication "incapacity_review" with recovery confirmed
 * and consent recorded. In Voronezh (RU-VOR, from 2026-02-19) the consultation is held by video: a
 * consultation.mode other than "real_time_video" is sick_leave_video_required, none missing_field.
 */
TM_EXTERN(int)
tm_sick_leave_close(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/**
 * Annuls a certificate by a medical-commission decision: {"certificate", "decision": {"date",
 * "commission_chair"}}. Needs the unconfirmed switch sick_leave.commission.annul (TM_E_RULES
 * otherwise).
 */
TM_EXTERN(int)
tm_sick_leave_annul(const tm_context* context, const char* json, size_t json_len, char** out_json,
                    size_t* out_len);

/**
 * Issues a duplicate by a medical-commission decision: {"certificate", "decision", "new_number"}.
 * Output: the replaced certificate (status "duplicate") and "duplicate", the new one. Same switch
 * as annulment.
 */
TM_EXTERN(int)
tm_sick_leave_duplicate(const tm_context* context, const char* json, size_t json_len,
                        char** out_json, size_t* out_len);

/**
 * The Social Fund (СФР) record and the patient's message: {"certificate", "unmask_number"?: false}.
 * Output: {"record": {"LN_CODE", "TREAT_PERIODS": [{"TREAT_DT1", "TREAT_DT2", ...}],
 * "RETURN_DATE_LPU",
 * ...}, "message": {"ru", "en"}}. The message shows the number masked unless unmask_number is true.
 */
TM_EXTERN(int)
tm_sick_leave_record(const tm_context* context, const char* json, size_t json_len, char** out_json,
                     size_t* out_len);

/* ---- Consultations and their protocol (docs/consultation.md) ----------------------------------
 */

/**
 * Applies one lifecycle event to a consultation: {"state"?: snapshot, "event": {"id", "type",
 * "at", ...}} → {"applied", "status", "allowed_events", "decision"?, "state", "problems",
 * "rule_sets", "trace"}. The snapshot is the embedder's to store; pass back exactly what the last
 * call returned. Types: request, schedule, verify_identity, confirm_consent, start,
 * connection_lost, resume, complete, sign_protocol, deliver, cancel, no_show. An event whose id
 * was applied before returns TM_OK with "applied": false and the snapshot unchanged (a retry);
 * the same id for another event is TM_E_VALIDATION ("event_id_reused"). An event the status does
 * not allow is TM_E_VALIDATION ("event_not_allowed", pointer "/event/type"), and the report names
 * "allowed_events". A snapshot whose audit chain or content was changed is TM_E_VALIDATION
 * ("audit_chain_broken", "state_modified"). A failed call changes nothing.
 */
TM_EXTERN(int)
tm_consultation_apply(const tm_context* context, const char* json, size_t json_len, char** out_json,
                      size_t* out_len);

/**
 * The protocol document of a completed consultation: {"state"} → {"protocol", "content_hash"}
 * (the protocol written in its RFC 8785 canonical form; content_hash = lowercase hex SHA-256 of
 * those bytes).
 */
TM_EXTERN(int)
tm_protocol_build(const tm_context* context, const char* json, size_t json_len, char** out_json,
                  size_t* out_len);

/**
 * The RFC 8785 (JSON Canonicalization Scheme) text of any JSON value: {"document"} →
 * {"canonical", "sha256"}.
 */
TM_EXTERN(int)
tm_protocol_canonicalize(const tm_context* context, const char* json, size_t json_len,
                         char** out_json, size_t* out_len);

/** A built-in Ed25519 signing key (tm_signing_key_new); its secret is wiped when freed. */
typedef struct tm_signing_key tm_signing_key;

/**
 * Makes an Ed25519 signing key from its 32-byte seed (the RFC 8032 private key). `key_id` (1–64
 * bytes of UTF-8) names it as the context's trusted signers do; `certificate` may be NULL. The
 * seed is copied into library memory; the caller should wipe its own copy. Free with
 * tm_signing_key_free. Errors: TM_E_INVALID_ARGUMENT.
 */
TM_EXTERN(int)
tm_signing_key_new(const unsigned char* seed, size_t seed_len, const char* key_id,
                   const char* certificate, tm_signing_key** out);

/** Copies the key's 32-byte Ed25519 public key into public_key (32 bytes). */
TM_EXTERN(int)
tm_signing_key_public(const tm_signing_key* key, unsigned char* public_key, size_t public_key_len);

/** Frees a signing key, wiping its secret (sodium_memzero); NULL is allowed. */
TM_EXTERN(void) tm_signing_key_free(tm_signing_key* key);

/** The largest signature an external signer may write, in bytes. */
#define TM_SIGNATURE_MAX_BYTES 1024

/**
 * An external signer's callback: signs exactly `message_len` bytes of `message` (the protocol's
 * canonical bytes), writes the raw signature to `signature` (room for `signature_capacity` bytes)
 * and its length to *signature_len. Returns 0 on success, anything else on failure. Called once
 * per tm_protocol_sign_external call, on the calling thread.
 */
typedef int (*tm_sign_fn)(void* user_data, const unsigned char* message, size_t message_len,
                          unsigned char* signature, size_t signature_capacity,
                          size_t* signature_len);

/** Version of tm_external_signer this header describes. */
#define TM_EXTERNAL_SIGNER_VERSION 1

/** An embedder's signer, such as the MIS's certified ГОСТ provider (УКЭП). */
typedef struct tm_external_signer {
    unsigned int version;    /**< TM_EXTERNAL_SIGNER_VERSION */
    const char* algorithm;   /**< "GOST R 34.10-2012-256", "GOST R 34.10-2012-512" or "Ed25519" */
    const char* key_id;      /**< as the context's trusted signers name it (1–64 bytes) */
    const char* certificate; /**< the signer's certificate reference, or NULL */
    tm_sign_fn sign;         /**< the callback */
    void* user_data;         /**< passed to the callback as is */
} tm_external_signer;

/** Fills *signer with zeros and the version; TM_E_STRUCT_VERSION for an unknown version. */
TM_EXTERN(int) tm_external_signer_init(tm_external_signer* signer, unsigned int version);

/**
 * Signs a protocol with a built-in Ed25519 key: {"protocol"} (as tm_protocol_build returned it)
 * or {"state"} (a completed consultation) → {"signature": {"algorithm", "key_id",
 * "certificate"?, "content_hash": {"algorithm": "sha-256", "value"}, "value" (base64)}}. The
 * signature is pure Ed25519 (RFC 8032) over the protocol's RFC 8785 canonical bytes, so any
 * Ed25519 verifier checks it (openssl pkeyutl -verify -rawin).
 */
TM_EXTERN(int)
tm_protocol_sign(const tm_context* context, const char* json, size_t json_len,
                 const tm_signing_key* key, char** out_json, size_t* out_len);

/**
 * As tm_protocol_sign, with an external signer. Errors beside tm_protocol_sign's:
 * TM_E_STRUCT_VERSION, TM_E_INVALID_ARGUMENT (no callback, algorithm or key id; an algorithm
 * rule "consultation.signature" does not list), TM_E_SIGNER (the callback failed).
 */
TM_EXTERN(int)
tm_protocol_sign_external(const tm_context* context, const char* json, size_t json_len,
                          const tm_external_signer* signer, char** out_json, size_t* out_len);

/**
 * Verifies a protocol's signature with the context's trusted signers (configuration
 * "signers"): {"protocol", "signature"} → {"valid", "result", "pointer"?, "key_id",
 * "algorithm"}. result: "valid", "content_changed", "signer_unknown", "signature_malformed",
 * "signature_invalid" or "algorithm_not_verifiable" (a ГОСТ signature: its provider verifies it).
 * An invalid signature is a result (TM_OK), not a failure.
 */
TM_EXTERN(int)
tm_protocol_verify(const tm_context* context, const char* json, size_t json_len, char** out_json,
                   size_t* out_len);

/**
 * Verifies a hash-chained audit log: {"entries": [...] (at most 256), "head"?: {"hash", "count"}}
 * → {"valid", "entries", "head", "first_bad"?: {"index", "pointer", "reason"}}; reason:
 * "malformed", "sequence", "broken_link", "modified" or "head_mismatch" (the tail was cut: only a
 * stored head and count show it).
 */
TM_EXTERN(int)
tm_audit_verify(const tm_context* context, const char* json, size_t json_len, char** out_json,
                size_t* out_len);

/**
 * The protocol of a completed consultation for people: {"state", "format": "text" | "html",
 * "language": "ru" | "en"} → {"format", "language", "content"}. Identifiers are masked; times are
 * in the organisation's zone («10 марта 2026 г., 16:00 (Новосибирск)»).
 */
TM_EXTERN(int)
tm_protocol_render(const tm_context* context, const char* json, size_t json_len, char** out_json,
                   size_t* out_len);

/**
 * What a signed consultation delivers: {"state", "document_ref"} → {"gosuslugi": the patient's
 * notification, "sfr"?: the Social Fund record of the certificate closed}.
 */
TM_EXTERN(int)
tm_protocol_deliveries(const tm_context* context, const char* json, size_t json_len,
                       char** out_json, size_t* out_len);

/**
 * Pseudonymous patient keys for analytics exports: {"identifiers": [{"type": "snils" | "enp",
 * "value"}]} (1–1000) → {"scheme", "results": [{"index", "type", "valid", "pseudonym"?, "masked"?,
 * "problems"?}]}. pseudonym = hex keyed BLAKE2b-256 with `key` (32–64 bytes, the embedder's own)
 * over the normalised identifier. Errors: TM_E_INVALID_ARGUMENT (key NULL or of another length),
 * TM_E_LIMIT, TM_E_VALIDATION.
 */
TM_EXTERN(int)
tm_identifier_pseudonym(const tm_context* context, const char* json, size_t json_len,
                        const unsigned char* key, size_t key_len, char** out_json, size_t* out_len);

/* ---- Operations by name (for bindings and conformance harnesses) ---- */

/**
 * Every operation of this library, as JSON: {"operations": [{"name": "eligibility.evaluate",
 * "function": "tm_eligibility_evaluate", "input", "by_name", "since": "0.1.0"}]}. "name" is the
 * operation's name in the conformance vectors; "function" the typed C function; "input" is
 * "document" (a JSON document), "none" (no input), or, for operations that only their typed
 * function can call ("by_name": false), what it takes instead: "bytes", "structs", "stream",
 * "signing_key", "external_signer", "key". A binding reads this list instead of keeping its own
 * table, so a new operation reaches it without a change. The list is the same for the whole life of
 * the library. Errors: TM_E_INVALID_ARGUMENT (out_json is NULL), TM_E_NO_MEMORY.
 */
TM_EXTERN(int) tm_operation_list(char** out_json, size_t* out_len);

/**
 * Calls an operation by its name (a NUL-terminated name from tm_operation_list() with "by_name":
 * true): exactly what its typed function does with the same document. For an operation whose input
 * is "none", the document is ignored and json may be NULL (with json_len 0). Errors: those of the
 * operation; TM_E_INVALID_ARGUMENT (context, operation or out_json NULL; json NULL with a non-zero
 * length, or NULL for an operation that takes a document; an operation with "by_name": false, code
 * "operation_not_by_name"); TM_E_NOT_FOUND (no
 * operation of that name, code "unknown_operation").
 */
TM_EXTERN(int)
tm_call(const tm_context* context, const char* operation, const char* json, size_t json_len,
        char** out_json, size_t* out_len);

#ifdef __cplusplus
}
#endif

#endif /* TELEMED_H */
