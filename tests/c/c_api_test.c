/*
 * The C API from C: argument checks, every kind of bad input (each with its status, code and JSON
 * pointer), ownership, option-struct versioning, and that a failure leaves no state behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telemed.h"

#include "check.h"

/* 2026-03-10T12:00:00+07:00 (Novosibirsk noon) = 2026-03-10T05:00:00Z. */
static const int64_t fixed_now_ms = 1773118800000LL;

static int64_t fixed_clock(void* user_data) {
    return *(const int64_t*)user_data;
}

static tm_context* make_context(const char* jurisdiction, const char* zone, const char* config) {
    tm_context_options options;
    tm_context* context = NULL;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = jurisdiction;
    options.time_zone = zone;
    options.config_json = config;
    options.config_json_len = config ? strlen(config) : 0;
    options.clock = fixed_clock;
    options.clock_user_data = (void*)&fixed_now_ms;
    if (tm_context_new(&context, &options) != TM_OK) {
        return NULL;
    }
    return context;
}

typedef int (*json_fn)(const tm_context*, const char*, size_t, char**, size_t*);

/* Calls fn on doc (len bytes); checks status, error code and pointer; returns the output (caller
 * frees). */
static char* expect(json_fn fn, const tm_context* context, const char* doc, size_t len, int status,
                    const char* code, const char* pointer) {
    char* out = (char*)0x1; /* must be reset by the call */
    size_t out_len = 12345;
    int rc = fn(context, doc, len, &out, &out_len);
    const tm_error* error = tm_error_last();
    CHECK(error != NULL);
    if (rc != status) {
        fprintf(stderr, "  status %s, expected %s (code %s, pointer '%s')\n", tm_status_name(rc),
                tm_status_name(status), error->code, error->pointer);
    }
    CHECK(rc == status);
    CHECK(error->status == status);
    if (code != NULL) {
        if (strcmp(error->code, code) != 0) {
            fprintf(stderr, "  code '%s', expected '%s'\n", error->code, code);
        }
        CHECK(strcmp(error->code, code) == 0);
    }
    if (pointer != NULL) {
        if (strcmp(error->pointer, pointer) != 0) {
            fprintf(stderr, "  pointer '%s', expected '%s'\n", error->pointer, pointer);
        }
        CHECK(strcmp(error->pointer, pointer) == 0);
    }
    CHECK(error->message_en[0] != '\0' || status == TM_OK);
    CHECK(error->message_ru[0] != '\0' || status == TM_OK);
    if (out != NULL) {
        CHECK(strlen(out) == out_len);
    } else {
        CHECK(out_len == 0);
    }
    return out;
}

static void test_versions_and_names(void) {
    CHECK(tm_version_number() == TM_VERSION_NUMBER);
    CHECK(strchr(tm_version_string(), '.') != NULL);
    CHECK(strcmp(tm_status_name(TM_OK), "TM_OK") == 0);
    CHECK(strcmp(tm_status_name(TM_E_VALIDATION), "TM_E_VALIDATION") == 0);
    CHECK(strcmp(tm_status_name(999), "TM_E_UNKNOWN") == 0);
    CHECK(strcmp(tm_status_name(-1), "TM_E_UNKNOWN") == 0);
    CHECK(tm_status_describe(12345) != NULL);
    /* The pinned values: changing one breaks every binding. */
    CHECK(TM_OK == 0 && TM_E_INVALID_ARGUMENT == 1 && TM_E_STRUCT_VERSION == 2 &&
          TM_E_JSON_SYNTAX == 3);
    CHECK(TM_E_INVALID_UTF8 == 4 && TM_E_LIMIT == 5 && TM_E_VALIDATION == 6 && TM_E_RULES == 7);
    CHECK(TM_E_NOT_FOUND == 8 && TM_E_TIME_ZONE == 9 && TM_E_NO_MEMORY == 10 &&
          TM_E_INTERNAL == 11 && TM_E_SIGNER == 12);
    CHECK(strcmp(tm_status_name(TM_E_SIGNER), "TM_E_SIGNER") == 0);
}

static void test_struct_versions(void) {
    tm_context_options options;
    tm_context* context = (tm_context*)0x1;
    /* A struct that changes size must change version. Pinned sizes per version, in pointer-sized
     * words (the same on ILP32 and LP64): version 1 = version (padded), jurisdiction, time_zone,
     * config_json, config_json_len, clock, clock_user_data. A new version adds a row here. */
    CHECK(TM_CONTEXT_OPTIONS_VERSION == 1);
    CHECK(sizeof(tm_context_options) == 7 * sizeof(void*));
    CHECK(tm_context_options_size() == sizeof(tm_context_options));
    CHECK(tm_context_options_version() == TM_CONTEXT_OPTIONS_VERSION);
    /* tm_readings_check_options is pinned too: version, two sizes, a pointer and its length. */
    CHECK(TM_READINGS_CHECK_OPTIONS_VERSION == 1);
    CHECK(sizeof(tm_readings_check_options) == 5 * sizeof(void*));
    CHECK(tm_readings_check_options_size() == sizeof(tm_readings_check_options));
    CHECK(tm_readings_check_options_version() == TM_READINGS_CHECK_OPTIONS_VERSION);
    CHECK(tm_context_options_init(NULL, TM_CONTEXT_OPTIONS_VERSION) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_context_options_init(&options, 99) == TM_E_STRUCT_VERSION);
    CHECK(strcmp(tm_error_last()->code, "struct_version") == 0);
    CHECK(tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION) == TM_OK);
    CHECK(options.version == TM_CONTEXT_OPTIONS_VERSION && options.jurisdiction == NULL &&
          options.clock == NULL);
    options.version = 2;
    CHECK(tm_context_new(&context, &options) == TM_E_STRUCT_VERSION);
    CHECK(context == NULL);
}

static void test_context_errors(void) {
    tm_context_options options;
    tm_context* context = (tm_context*)0x1;
    CHECK(tm_context_new(NULL, NULL) == TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
    /* Federal context without a zone: the organisation's zone is a legal fact, never guessed. */
    CHECK(tm_context_new(&context, NULL) == TM_E_TIME_ZONE);
    CHECK(context == NULL);
    CHECK(strcmp(tm_error_last()->code, "time_zone_required") == 0);
    CHECK(strcmp(tm_error_last()->pointer, "/time_zone") == 0);

    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU";
    options.time_zone = "Mars/Olympus";
    CHECK(tm_context_new(&context, &options) == TM_E_TIME_ZONE);
    CHECK(strcmp(tm_error_last()->code, "unknown_time_zone") == 0);

    options.time_zone = NULL;
    options.jurisdiction = "Novosibirsk";
    CHECK(tm_context_new(&context, &options) == TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->pointer, "/jurisdiction") == 0);

    options.jurisdiction = "RU-NVS";
    options.config_json = "{\"switches\": {\"identity.snils.checksum\": false}}";
    options.config_json_len = strlen(options.config_json);
    CHECK(tm_context_new(&context, &options) == TM_E_RULES);
    CHECK(strcmp(tm_error_last()->code, "not_switchable") == 0);
    CHECK(strcmp(tm_error_last()->pointer, "/switches/identity.snils.checksum") == 0);
    CHECK(strcmp(tm_error_last()->rule_id, "identity.snils.checksum") == 0);

    options.config_json = "{\"rules\": []}";
    options.config_json_len = strlen(options.config_json);
    CHECK(tm_context_new(&context, &options) == TM_E_RULES);
    CHECK(strcmp(tm_error_last()->code, "unknown_field") == 0);
    CHECK(strcmp(tm_error_last()->pointer, "/rules") == 0);

    options.config_json = "{\"switches\": ";
    options.config_json_len = strlen(options.config_json);
    CHECK(tm_context_new(&context, &options) == TM_E_JSON_SYNTAX);

    options.config_json = NULL;
    options.config_json_len = 5;
    CHECK(tm_context_new(&context, &options) == TM_E_INVALID_ARGUMENT);
    CHECK(context == NULL);

    tm_context_free(NULL); /* a no-op */
    tm_string_free(NULL);  /* a no-op */
    tm_error_clear();
    CHECK(tm_error_last()->status == TM_OK && tm_error_last()->code[0] == '\0');
}

static void test_null_arguments(const tm_context* context) {
    char* out = NULL;
    size_t len = 0;
    const char doc[] = "{\"type\":\"snils\",\"value\":\"112-233-445 95\"}";
    CHECK(tm_identifier_validate(NULL, doc, sizeof doc - 1, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
    CHECK(strstr(tm_error_last()->message_en, "context") != NULL);
    CHECK(tm_identifier_validate(context, NULL, 10, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_identifier_validate(context, doc, sizeof doc - 1, NULL, &len) ==
          TM_E_INVALID_ARGUMENT);
    CHECK(tm_patient_validate(context, NULL, 0, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_patient_identify(NULL, doc, sizeof doc - 1, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_patient_age(context, doc, sizeof doc - 1, NULL, NULL) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_context_describe(NULL, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(out == NULL);
    /* out_len is optional. */
    CHECK(tm_identifier_validate(context, doc, sizeof doc - 1, &out, NULL) == TM_OK);
    CHECK(out != NULL && strstr(out, "\"valid\":true") != NULL);
    tm_string_free(out);
}

static void test_bad_documents(const tm_context* context) {
    char* out;
    /* Zero length and white space only. */
    out = expect(tm_patient_validate, context, "", 0, TM_E_JSON_SYNTAX, "empty_document", "");
    CHECK(out == NULL);
    out = expect(tm_patient_validate, context, "{}", 0, TM_E_JSON_SYNTAX, "empty_document", "");
    out = expect(tm_patient_validate, context, " \n\t", 3, TM_E_JSON_SYNTAX, "empty_document", "");
    /* Truncated JSON: the length cuts a valid document short, nothing past it is read. */
    {
        const char doc[] =
            "{\"name\":{\"family\":\"Иванов\",\"given\":\"Иван\"},\"birth_date\":\"1980-01-01\"}";
        out = expect(tm_patient_validate, context, doc, 30, TM_E_JSON_SYNTAX, "truncated_json", "");
        CHECK(out == NULL);
        out = expect(tm_patient_validate, context, doc, sizeof doc - 2, TM_E_JSON_SYNTAX,
                     "truncated_json", "");
    }
    out =
        expect(tm_patient_validate, context, "{\"a\":1}}", 8, TM_E_JSON_SYNTAX, "json_syntax", "");
    out = expect(tm_patient_validate, context, "{'a':1}", 7, TM_E_JSON_SYNTAX, "json_syntax", "");
    /* Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate, a truncated sequence.
     */
    {
        const char* docs[] = {
            "{\"name\":{\"family\":\"\x80\"}}", "{\"name\":{\"family\":\"\xC0\xAF\"}}",
            "{\"name\":{\"family\":\"\xED\xA0\x80\"}}", "{\"name\":{\"family\":\"\xD0\"}}"};
        size_t i;
        for (i = 0; i < 4; ++i) {
            out = expect(tm_patient_validate, context, docs[i], strlen(docs[i]), TM_E_INVALID_UTF8,
                         "invalid_utf8", "/name/family");
            CHECK(out == NULL);
        }
    }
    /* Embedded NUL inside the length: not valid JSON text. */
    out = expect(tm_patient_validate, context, "{\"a\":\0}", 7, TM_E_JSON_SYNTAX, NULL, "");
    /* Nesting 10 000 deep. */
    {
        size_t depth = 10000, i;
        char* doc = (char*)malloc(2 * depth);
        for (i = 0; i < depth; ++i) {
            doc[i] = '[';
            doc[depth + i] = ']';
        }
        out = expect(tm_patient_validate, context, doc, 2 * depth, TM_E_LIMIT, "nesting_too_deep",
                     "");
        CHECK(out == NULL);
        free(doc);
    }
    /* A 10 MB string in a field: the limit names the field. */
    {
        const char head[] = "{\"name\":{\"family\":\"";
        const char tail[] =
            "\",\"given\":\"Иван\"},\"birth_date\":\"1980-01-01\",\"sex\":\"male\"}";
        size_t big = 10u * 1024u * 1024u;
        size_t len = strlen(head) + big + strlen(tail);
        char* doc = (char*)malloc(len);
        memcpy(doc, head, strlen(head));
        memset(doc + strlen(head), 'a', big);
        memcpy(doc + strlen(head) + big, tail, strlen(tail));
        out = expect(tm_patient_validate, context, doc, len, TM_E_LIMIT, "string_too_long",
                     "/name/family");
        CHECK(out == NULL);
        free(doc);
    }
    /* A 20 MB document: over the document limit before parsing. */
    {
        size_t len = 20u * 1024u * 1024u;
        char* doc = (char*)malloc(len);
        memset(doc, ' ', len);
        doc[0] = '[';
        doc[len - 1] = ']';
        out = expect(tm_patient_validate, context, doc, len, TM_E_LIMIT, "document_too_large", "");
        free(doc);
    }
}

static void test_validation(const tm_context* context) {
    char* out;
    /* Wrong check digits: a result, not a failure, for identifier.validate. */
    {
        const char ok[] = "{\"type\":\"snils\",\"value\":\"112-233-445 95\"}";
        const char bad[] = "{\"type\":\"snils\",\"value\":\"112-233-445 96\"}";
        out = expect(tm_identifier_validate, context, ok, sizeof ok - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"valid\":true") != NULL);
        tm_string_free(out);
        out = expect(tm_identifier_validate, context, bad, sizeof bad - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"valid\":false") != NULL);
        CHECK(out != NULL && strstr(out, "\"invalid_check_digit\"") != NULL);
        CHECK(out != NULL && strstr(out, "11*-***-*** 96") != NULL);
        /* The full number never appears in a message. */
        CHECK(out != NULL && strstr(out, "The check digits of SNILS 11*-***-*** 96") != NULL);
        tm_string_free(out);
    }
    /* In a patient, wrong check digits are an error with pointer and rule id. */
    {
        const char doc[] =
            "{\"snils\":\"112-233-445 96\",\"name\":{\"family\":\"Иванов\",\"given\":\"Иван\"},"
            "\"birth_date\":\"1980-01-01\",\"sex\":\"male\"}";
        out = expect(tm_patient_validate, context, doc, sizeof doc - 1, TM_E_VALIDATION,
                     "invalid_check_digit", "/snils");
        CHECK(strcmp(tm_error_last()->rule_id, "identity.snils.checksum") == 0);
        CHECK(strstr(tm_error_last()->message_en, "112-233-445") == NULL);
        CHECK(out != NULL && strstr(out, "\"valid\":false") != NULL);
        tm_string_free(out);
    }
    /* Impossible date, unknown field, wrong type: all reported, the first in tm_error_last(). */
    {
        const char doc[] =
            "{\"name\":{\"family\":\"Иванов\",\"given\":\"Иван\"},\"birth_date\":\"2026-02-30\","
            "\"sex\":1,\"nickname\":\"x\"}";
        out = expect(tm_patient_validate, context, doc, sizeof doc - 1, TM_E_VALIDATION,
                     "invalid_date", "/birth_date");
        CHECK(out != NULL && strstr(out, "\"pointer\":\"/sex\"") != NULL);
        CHECK(out != NULL && strstr(out, "\"wrong_type\"") != NULL);
        CHECK(out != NULL && strstr(out, "\"pointer\":\"/nickname\"") != NULL);
        tm_string_free(out);
    }
    /* A document that is not an object. */
    out = expect(tm_patient_validate, context, "[]", 2, TM_E_VALIDATION, "wrong_type", "");
    tm_string_free(out);
    /* Identification of a claim with an invalid identifier says so without failing. */
    {
        const char doc[] =
            "{\"patient\":{\"name\":{\"family\":\"Иванов\",\"given\":\"Иван\"},"
            "\"birth_date\":\"1980-01-01\",\"sex\":\"male\",\"snils\":\"11223344595\"},"
            "\"claim\":{\"snils\":\"11223344596\",\"birth_date\":\"1980-01-01\"}}";
        out = expect(tm_patient_identify, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"result\":\"invalid_identifier\"") != NULL);
        tm_string_free(out);
    }
}

static void test_dates_in_zones(void) {
    /* 2026-03-09T20:30:00Z: 23:30 in Moscow (the 9th), 03:30 in Novosibirsk and 08:30 in Kamchatka
     * (the 10th). */
    const char doc[] = "{\"birth_date\":\"2011-03-10\"}";
    static const int64_t late_evening = 1773088200000LL;
    const char* zones[] = {"Europe/Moscow", "Asia/Novosibirsk", "Asia/Kamchatka"};
    const char* expected[] = {"\"years\":14,\"on\":\"2026-03-09\"",
                              "\"years\":15,\"on\":\"2026-03-10\"",
                              "\"years\":15,\"on\":\"2026-03-10\""};
    size_t i;
    for (i = 0; i < 3; ++i) {
        tm_context_options options;
        tm_context* context = NULL;
        char* out = NULL;
        tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
        options.time_zone = zones[i];
        options.clock = fixed_clock;
        options.clock_user_data = (void*)&late_evening;
        CHECK(tm_context_new(&context, &options) == TM_OK);
        CHECK(tm_patient_age(context, doc, sizeof doc - 1, &out, NULL) == TM_OK);
        if (out == NULL || strstr(out, expected[i]) == NULL) {
            fprintf(stderr, "  %s: %s\n", zones[i], out ? out : "(null)");
        }
        CHECK(out != NULL && strstr(out, expected[i]) != NULL);
        tm_string_free(out);
        tm_context_free(context);
    }
}

static int64_t clock_far_future(void* user_data) {
    (void)user_data;
    return INT64_MAX;
}

static void test_clock_out_of_range(void) {
    /* A clock beyond 64-bit nanoseconds is held at 2199-12-31T23:59:59.999Z (already 2200-01-01 in
     * Moscow), not overflowed (UBSan would say). */
    tm_context_options options;
    tm_context* context = NULL;
    char* out = NULL;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.time_zone = "Europe/Moscow";
    options.clock = clock_far_future;
    CHECK(tm_context_new(&context, &options) == TM_OK);
    CHECK(tm_context_describe(context, &out, NULL) == TM_OK);
    CHECK(out != NULL && strstr(out, "\"today\":\"2200-01-01\"") != NULL);
    tm_string_free(out);
    tm_context_free(context);
}

static void test_describe(const tm_context* context) {
    char* out = NULL;
    size_t len = 0;
    CHECK(tm_context_describe(context, &out, &len) == TM_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(out != NULL && strstr(out, "\"time_zone\":\"Asia/Novosibirsk\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"today\":\"2026-03-10\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"id\":\"ru.identity\"") != NULL);
    tm_string_free(out);
}

/* ---- Home-device readings (tm_reading_*, tm_readings_*) ---- */

#define BP_READING(systolic, diastolic)                                                            \
    "{\"patient_ref\":\"P-0042\",\"device\":{\"id\":\"tono-17\"},\"kind\":\"blood_pressure\","     \
    "\"measured_at\":\"2026-03-10T08:15:00+07:00\",\"blood_pressure\":{\"unit\":\"mmHg\","         \
    "\"systolic\":" systolic ",\"diastolic\":" diastolic "}}"
#define GLUCOSE_READING                                                                            \
    "{\"patient_ref\":\"P-0042\",\"device\":{\"id\":\"gluco-3\"},\"kind\":\"glucose\","            \
    "\"measured_at\":\"2026-03-10T07:30:00+07:00\",\"glucose\":{\"unit\":\"mmol/L\","              \
    "\"value\":5.4,\"meal\":\"fasting\"}}"

/* Blood Pressure Measurement 0x2A35 in mmHg (flags 0x00), three little-endian SFLOATs with
 * exponent 0: 0x0078 = 120 systolic, 0x0050 = 80 diastolic, 0x005D = 93 mean arterial pressure. */
static const unsigned char bp_bytes[] = {0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00};

/* How many '\n'-terminated lines `text` holds. */
static size_t count_lines(const char* text) {
    size_t n = 0;
    for (; *text != '\0'; ++text) {
        n += *text == '\n';
    }
    return n;
}

/* A NULL argument: TM_E_INVALID_ARGUMENT, null_argument naming it, no output (*out and *out_len
 * are read after the call, which set them). */
static void expect_null_argument(int rc, const char* argument, char* const* out,
                                 const size_t* out_len) {
    CHECK(rc == TM_E_INVALID_ARGUMENT);
    CHECK(tm_error_last()->status == TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
    if (strstr(tm_error_last()->message_en, argument) == NULL) {
        fprintf(stderr, "  '%s' does not name %s\n", tm_error_last()->message_en, argument);
    }
    CHECK(strstr(tm_error_last()->message_en, argument) != NULL);
    CHECK(*out == NULL);
    CHECK(*out_len == 0);
}

static void test_readings_null_arguments(const tm_context* context) {
    const char doc[] = "{\"reading\":" BP_READING("128", "82") "}";
    const json_fn calls[] = {tm_reading_validate, tm_reading_decode_ble, tm_readings_validate_batch,
                             tm_reading_to_fhir};
    size_t i;
    for (i = 0; i < sizeof calls / sizeof calls[0]; ++i) {
        char* out = (char*)0x1;
        size_t len = 12345;
        expect_null_argument(calls[i](NULL, doc, sizeof doc - 1, &out, &len), "context", &out,
                             &len);
        out = (char*)0x1;
        len = 12345;
        expect_null_argument(calls[i](context, NULL, 10, &out, &len), "json", &out, &len);
        len = 12345;
        CHECK(calls[i](context, doc, sizeof doc - 1, NULL, &len) == TM_E_INVALID_ARGUMENT);
        CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
        CHECK(strstr(tm_error_last()->message_en, "out_json") != NULL);
    }
    {
        char* out = (char*)0x1;
        size_t len = 12345;
        expect_null_argument(tm_reading_decode_ble_bytes(NULL, TM_BLE_BLOOD_PRESSURE_MEASUREMENT,
                                                         bp_bytes, sizeof bp_bytes, &out, &len),
                             "context", &out, &len);
        out = (char*)0x1;
        len = 12345;
        expect_null_argument(tm_reading_decode_ble_bytes(context, TM_BLE_BLOOD_PRESSURE_MEASUREMENT,
                                                         NULL, 7, &out, &len),
                             "bytes", &out, &len);
        CHECK(tm_reading_decode_ble_bytes(context, TM_BLE_BLOOD_PRESSURE_MEASUREMENT, bp_bytes,
                                          sizeof bp_bytes, NULL, &len) == TM_E_INVALID_ARGUMENT);
        CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
        /* NULL with length 0 is an empty value: read, and too short. */
        out = NULL;
        CHECK(tm_reading_decode_ble_bytes(context, TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT, NULL, 0,
                                          &out, &len) == TM_E_VALIDATION);
        CHECK(strcmp(tm_error_last()->code, "ble_truncated") == 0);
        CHECK(out != NULL && strlen(out) == len);
        tm_string_free(out);
    }
    {
        tm_reading_stream* stream = (tm_reading_stream*)0x1;
        char* out = (char*)0x1;
        size_t len = 12345;
        CHECK(tm_reading_stream_open(NULL, NULL, 0, &stream) == TM_E_INVALID_ARGUMENT);
        CHECK(stream == NULL);
        CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
        CHECK(strstr(tm_error_last()->message_en, "context") != NULL);
        CHECK(tm_reading_stream_open(context, NULL, 0, NULL) == TM_E_INVALID_ARGUMENT);
        CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
        stream = (tm_reading_stream*)0x1;
        CHECK(tm_reading_stream_open(context, NULL, 5, &stream) == TM_E_INVALID_ARGUMENT);
        CHECK(stream == NULL);
        CHECK(strstr(tm_error_last()->message_en, "options_json") != NULL);

        expect_null_argument(tm_reading_stream_feed(NULL, "{}\n", 3, &out, &len), "stream", &out,
                             &len);
        out = (char*)0x1;
        len = 12345;
        expect_null_argument(tm_reading_stream_finish(NULL, &out, &len), "stream", &out, &len);

        CHECK(tm_reading_stream_open(context, NULL, 0, &stream) == TM_OK);
        CHECK(stream != NULL);
        out = (char*)0x1;
        len = 12345;
        expect_null_argument(tm_reading_stream_feed(stream, NULL, 3, &out, &len), "chunk", &out,
                             &len);
        CHECK(tm_reading_stream_feed(stream, "{}\n", 3, NULL, &len) == TM_E_INVALID_ARGUMENT);
        CHECK(strstr(tm_error_last()->message_en, "out_ndjson") != NULL);
        CHECK(tm_reading_stream_finish(stream, NULL, &len) == TM_E_INVALID_ARGUMENT);
        CHECK(strstr(tm_error_last()->message_en, "out_ndjson") != NULL);
        /* None of these consumed anything: the stream is still open and empty. A NULL chunk of
         * length 0 is an empty chunk; out_len is optional. */
        CHECK(tm_reading_stream_feed(stream, NULL, 0, &out, NULL) == TM_OK);
        CHECK(out != NULL && out[0] == '\0');
        tm_string_free(out);
        out = NULL;
        CHECK(tm_reading_stream_finish(stream, &out, &len) == TM_OK);
        CHECK(out != NULL && len == 0 && out[0] == '\0');
        tm_string_free(out);
        tm_reading_stream_free(stream);
        tm_reading_stream_free(NULL); /* a no-op */
    }
}

static void test_reading_validate(const tm_context* context) {
    char* out;
    {
        const char doc[] = "{\"reading\":" BP_READING("128", "82") "}";
        out = expect(tm_reading_validate, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"accepted\":true") != NULL);
        CHECK(out != NULL && strstr(out, "\"classification\":{") != NULL);
        CHECK(out != NULL && strstr(out, "\"alerts\":[") != NULL);
        CHECK(out != NULL && strstr(out, "\"rule_sets\":[{") != NULL);
        tm_string_free(out);
    }
    /* Diastolic above systolic: rejected, with the report and the first error in tm_error_last().
     */
    {
        const char doc[] = "{\"reading\":" BP_READING("128", "182") "}";
        out =
            expect(tm_reading_validate, context, doc, sizeof doc - 1, TM_E_VALIDATION, NULL, NULL);
        CHECK(out != NULL && strstr(out, "\"accepted\":false") != NULL);
        CHECK(strncmp(tm_error_last()->pointer, "/reading", 8) == 0);
        CHECK(tm_error_last()->rule_id[0] != '\0');
        CHECK(out != NULL && strstr(out, tm_error_last()->code) != NULL);
        tm_string_free(out);
    }
    /* A glucose reading in mmol/L. */
    {
        const char doc[] = "{\"reading\":" GLUCOSE_READING ",\"patient\":{\"age_years\":40}}";
        out = expect(tm_reading_validate, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"accepted\":true") != NULL);
        tm_string_free(out);
    }
    /* Not JSON: no report. */
    out = expect(tm_reading_validate, context, "{\"reading\":", 11, TM_E_JSON_SYNTAX,
                 "truncated_json", "");
    CHECK(out == NULL);
}

static void test_reading_decode_ble(const tm_context* context) {
    char* out = NULL;
    size_t len = 0;
    CHECK(tm_reading_decode_ble_bytes(context, TM_BLE_BLOOD_PRESSURE_MEASUREMENT, bp_bytes,
                                      sizeof bp_bytes, &out, &len) == TM_OK);
    CHECK(tm_error_last()->status == TM_OK && tm_error_last()->code[0] == '\0');
    CHECK(out != NULL && strlen(out) == len);
    if (out != NULL && strstr(out, "\"systolic\":{\"value\":120}") == NULL) {
        fprintf(stderr, "  %s\n", out);
    }
    CHECK(out != NULL && strstr(out, "\"characteristic\":\"2A35\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"unit\":\"mmHg\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"systolic\":{\"value\":120}") != NULL);
    CHECK(out != NULL && strstr(out, "\"diastolic\":{\"value\":80}") != NULL);
    CHECK(out != NULL && strstr(out, "\"mean_arterial_pressure\":{\"value\":93}") != NULL);
    /* Decoding applies no rule. */
    CHECK(out != NULL && strstr(out, "\"rule_sets\":[],\"trace\":[]") != NULL);
    /* The same bytes as hex through the JSON operation: the same document. */
    {
        const char doc[] = "{\"characteristic\":\"2A35\",\"value\":\"00 7800 5000 5D00\"}";
        char* from_hex = expect(tm_reading_decode_ble, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && from_hex != NULL && strcmp(out, from_hex) == 0);
        tm_string_free(from_hex);
    }
    tm_string_free(out);

    /* A characteristic the library does not decode (Intermediate Cuff Pressure, 0x2A36). */
    out = (char*)0x1;
    len = 12345;
    CHECK(tm_reading_decode_ble_bytes(context, 0x2A36u, bp_bytes, sizeof bp_bytes, &out, &len) ==
          TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->code, "unknown_characteristic") == 0);
    CHECK(out == NULL && len == 0);

    /* Cut after the systolic value: the diastolic field is missing (offset 3). */
    out = NULL;
    CHECK(tm_reading_decode_ble_bytes(context, TM_BLE_BLOOD_PRESSURE_MEASUREMENT, bp_bytes, 3, &out,
                                      &len) == TM_E_VALIDATION);
    CHECK(strcmp(tm_error_last()->code, "ble_truncated") == 0);
    CHECK(strcmp(tm_error_last()->pointer, "/diastolic") == 0);
    CHECK(out != NULL && strstr(out, "\"valid\":false") != NULL);
    tm_string_free(out);
}

static void test_readings_batch_and_fhir(const tm_context* context) {
    char* out;
    {
        const char doc[] =
            "{\"readings\":[" BP_READING("128", "82") "," GLUCOSE_READING
                                                      "," BP_READING("128", "82") "]}";
        out = expect(tm_readings_validate_batch, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"index\":2") != NULL);
        CHECK(out != NULL && strstr(out, "\"accepted\":2,\"rejected\":1") != NULL);
        CHECK(out != NULL && strstr(out, "\"duplicate_reading\"") != NULL);
        tm_string_free(out);
    }
    {
        const char doc[] = "{\"reading\":" BP_READING("128", "82") "}";
        out = expect(tm_reading_to_fhir, context, doc, sizeof doc - 1, TM_OK, "", "");
        CHECK(out != NULL && strstr(out, "\"resourceType\":\"Observation\"") != NULL);
        CHECK(out != NULL && strstr(out, "\"8480-6\"") != NULL);
        tm_string_free(out);
    }
    {
        const char doc[] = "{\"reading\":" BP_READING("128", "182") "}";
        out = expect(tm_reading_to_fhir, context, doc, sizeof doc - 1, TM_E_VALIDATION, NULL, NULL);
        CHECK(out != NULL && strstr(out, "\"observation\"") == NULL);
        tm_string_free(out);
    }
}

/* Feeds `chunk` and appends its results to `all` (capacity `size`); returns the status. */
static int feed(tm_reading_stream* stream, const char* chunk, size_t chunk_len, char* all,
                size_t size) {
    char* out = (char*)0x1;
    size_t len = 12345;
    int rc = tm_reading_stream_feed(stream, chunk, chunk_len, &out, &len);
    if (rc == TM_OK) {
        CHECK(out != NULL && strlen(out) == len);
        CHECK(len == 0 || out[len - 1] == '\n');
        if (out != NULL && strlen(all) + len < size) {
            strcat(all, out);
        }
    } else {
        CHECK(out == NULL && len == 0);
    }
    tm_string_free(out);
    return rc;
}

static void test_reading_stream(const tm_context* context) {
    /* Four lines: a reading, a glucose reading whose patient_ref is Cyrillic, a line that is not
     * JSON, and a last reading without a final newline. */
    const char text[] = BP_READING(
        "128", "82") "\n"
                     "{\"patient_ref\":\"Пётр\",\"device\":{\"id\":\"gluco-3\"},"
                     "\"kind\":\"glucose\",\"measured_at\":\"2026-03-10T07:30:00+07:00\","
                     "\"glucose\":{\"unit\":\"mmol/L\",\"value\":5.4}}\n"
                     "not json\r\n" BP_READING("131", "84");
    const size_t text_len = sizeof text - 1;
    const char* cyrillic = strstr(text, "Пётр");
    const size_t first_end = (size_t)(strchr(text, '\n') - text); /* the first line's '\n' */
    char all[16384] = "";
    tm_reading_stream* stream = NULL;
    char* out = NULL;
    size_t len = 0, split_utf8;
    CHECK(cyrillic != NULL);
    split_utf8 = (size_t)(cyrillic - text) + 1; /* inside the two bytes of 'П' */

    CHECK(tm_reading_stream_open(context, NULL, 0, &stream) == TM_OK);
    CHECK(stream != NULL);
    if (stream == NULL || cyrillic == NULL) {
        return;
    }
    /* The first chunk ends inside the first line: no result yet. */
    CHECK(feed(stream, text, 10, all, sizeof all) == TM_OK);
    CHECK(all[0] == '\0');
    /* Up to inside the 'П' of the second line: the first line's result. */
    CHECK(feed(stream, text + 10, split_utf8 - 10, all, sizeof all) == TM_OK);
    CHECK(count_lines(all) == 1);
    CHECK(strncmp(all, "{\"index\":0,\"accepted\":true", 26) == 0);
    CHECK(split_utf8 > first_end);
    /* The rest: the second and third lines complete, the fourth waits for the end. */
    CHECK(feed(stream, text + split_utf8, text_len - split_utf8, all, sizeof all) == TM_OK);
    CHECK(count_lines(all) == 3);
    CHECK(strstr(all, "{\"index\":1,\"accepted\":true") != NULL);
    CHECK(strstr(all, "{\"index\":2,\"accepted\":false") != NULL);
    CHECK(strstr(all, "\"json_syntax\"") != NULL);
    /* The end gives the last line's result. */
    CHECK(tm_reading_stream_finish(stream, &out, &len) == TM_OK);
    CHECK(out != NULL && strlen(out) == len);
    CHECK(out != NULL && strncmp(out, "{\"index\":3,\"accepted\":true", 26) == 0);
    CHECK(out != NULL && len > 0 && out[len - 1] == '\n');
    if (out != NULL && strlen(all) + len < sizeof all) {
        strcat(all, out);
    }
    tm_string_free(out);
    CHECK(count_lines(all) == 4);
    /* Finished: feeding or finishing again is refused, with no output. */
    CHECK(feed(stream, "{}\n", 3, all, sizeof all) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_error_last()->status == TM_E_INVALID_ARGUMENT && tm_error_last()->code[0] != '\0');
    out = (char*)0x1;
    len = 12345;
    CHECK(tm_reading_stream_finish(stream, &out, &len) == TM_E_INVALID_ARGUMENT);
    CHECK(out == NULL && len == 0);
    CHECK(count_lines(all) == 4);
    tm_reading_stream_free(stream);

    /* Bad options: TM_E_VALIDATION, no stream. */
    {
        const char options[] = "{\"max_line_bytes\":0}";
        stream = (tm_reading_stream*)0x1;
        CHECK(tm_reading_stream_open(context, options, sizeof options - 1, &stream) ==
              TM_E_VALIDATION);
        CHECK(stream == NULL);
        CHECK(strcmp(tm_error_last()->code, "out_of_range") == 0);
        CHECK(strcmp(tm_error_last()->pointer, "/max_line_bytes") == 0);
    }
    /* Options: a line over max_line_bytes gets line_too_long, and the stream goes on. */
    {
        const char options[] = "{\"max_line_bytes\":1024}";
        char line[2100];
        memset(line, ' ', sizeof line);
        line[sizeof line - 1] = '\n';
        all[0] = '\0';
        CHECK(tm_reading_stream_open(context, options, sizeof options - 1, &stream) == TM_OK);
        CHECK(feed(stream, line, sizeof line, all, sizeof all) == TM_OK);
        CHECK(feed(stream, "\n", 1, all, sizeof all) == TM_OK);
        CHECK(count_lines(all) == 2);
        CHECK(strstr(all, "{\"index\":0,") == all && strstr(all, "\"line_too_long\"") != NULL);
        CHECK(strstr(all, "{\"index\":1,") != NULL && strstr(all, "\"empty_line\"") != NULL);
        tm_reading_stream_free(stream); /* unfinished: freeing is enough */
    }
}

/* The stream holds its own reference to the context's state: it works after tm_context_free. */
static void test_reading_stream_outlives_context(void) {
    tm_context* context = make_context("RU-NVS", NULL, NULL);
    tm_reading_stream* stream = NULL;
    const char line[] = BP_READING("128", "82") "\n";
    char all[8192] = "";
    char* out = NULL;
    CHECK(context != NULL);
    if (context == NULL) {
        return;
    }
    CHECK(tm_reading_stream_open(context, NULL, 0, &stream) == TM_OK);
    tm_context_free(context);
    CHECK(stream != NULL);
    if (stream == NULL) {
        return;
    }
    CHECK(feed(stream, line, sizeof line - 1, all, sizeof all) == TM_OK);
    CHECK(feed(stream, line, 20, all, sizeof all) == TM_OK);
    CHECK(tm_reading_stream_finish(stream, &out, NULL) == TM_OK);
    CHECK(out != NULL && strncmp(out, "{\"index\":1,", 11) == 0);
    tm_string_free(out);
    CHECK(strncmp(all, "{\"index\":0,\"accepted\":true", 26) == 0);
    CHECK(strstr(all, "\"rule_sets\":[{") != NULL);
    tm_reading_stream_free(stream);
}

/* ---- Protocol signing: the built-in key and an external signer's callback ---- */

/* RFC 8032 §7.1 TEST 1. */
static const unsigned char test1_seed[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
static const unsigned char test1_public[32] = {
    0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
    0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};

/* What the test signer saw, and what it does. */
struct test_signer {
    char message[256];
    size_t message_len;
    int result;         /* returned as is when not 0 */
    size_t claimed_len; /* the signature length it reports */
};

static int test_sign(void* user_data, const unsigned char* message, size_t message_len,
                     unsigned char* signature, size_t capacity, size_t* signature_len) {
    struct test_signer* t = (struct test_signer*)user_data;
    size_t n = message_len < sizeof t->message - 1 ? message_len : sizeof t->message - 1;
    memcpy(t->message, message, n);
    t->message[n] = '\0';
    t->message_len = message_len;
    if (t->result != 0) {
        return t->result;
    }
    memset(signature, 0xab, capacity < 64 ? capacity : 64);
    *signature_len = t->claimed_len;
    return 0;
}

static void test_protocol_signing(const tm_context* context) {
    /* Keys the protocol's canonical bytes: members sorted, no white space. */
    static const char protocol[] =
        "{\"protocol\": {\"format\": \"telemed.protocol/1\", \"consultation_id\": \"x\"}}";
    static const char canonical[] = "{\"consultation_id\":\"x\",\"format\":\"telemed.protocol/1\"}";
    tm_signing_key* key = (tm_signing_key*)0x1;
    unsigned char public_key[32];
    tm_external_signer signer;
    struct test_signer seen;
    char* out = NULL;
    size_t out_len = 0;

    CHECK(tm_signing_key_new(test1_seed, 32, "k", NULL, NULL) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_signing_key_new(test1_seed, 31, "k", NULL, &key) == TM_E_INVALID_ARGUMENT);
    CHECK(key == NULL);
    CHECK(strcmp(tm_error_last()->pointer, "/seed") == 0);
    CHECK(tm_signing_key_new(test1_seed, 32, "", NULL, &key) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_signing_key_new(NULL, 32, "k", NULL, &key) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_signing_key_new(test1_seed, 32, "doc-1", "cert-1", &key) == TM_OK);
    CHECK(key != NULL);
    CHECK(tm_signing_key_public(key, public_key, 31) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_signing_key_public(key, public_key, 32) == TM_OK);
    CHECK(memcmp(public_key, test1_public, 32) == 0);
    CHECK(tm_protocol_sign(context, protocol, sizeof protocol - 1, NULL, &out, &out_len) ==
          TM_E_INVALID_ARGUMENT);
    CHECK(out == NULL && out_len == 0);
    CHECK(tm_protocol_sign(context, protocol, sizeof protocol - 1, key, &out, &out_len) == TM_OK);
    CHECK(out != NULL && strstr(out, "\"algorithm\":\"Ed25519\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"certificate\":\"cert-1\"") != NULL);
    tm_string_free(out);
    tm_signing_key_free(key);
    tm_signing_key_free(NULL);

    /* The external signer's struct: version 1 is version (padded) + 5 pointers. */
    CHECK(TM_EXTERNAL_SIGNER_VERSION == 1);
    CHECK(sizeof(tm_external_signer) == 6 * sizeof(void*));
    CHECK(tm_external_signer_init(&signer, 99) == TM_E_STRUCT_VERSION);
    CHECK(tm_external_signer_init(&signer, TM_EXTERNAL_SIGNER_VERSION) == TM_OK);
    CHECK(signer.version == 1 && signer.sign == NULL && signer.user_data == NULL);
    CHECK(tm_protocol_sign_external(context, protocol, sizeof protocol - 1, &signer, &out,
                                    &out_len) == TM_E_INVALID_ARGUMENT); /* no callback */
    memset(&seen, 0, sizeof seen);
    seen.claimed_len = 64;
    signer.algorithm = "GOST R 34.10-2012-256";
    signer.key_id = "gost-1";
    signer.certificate = "01ab";
    signer.sign = test_sign;
    signer.user_data = &seen;
    CHECK(tm_protocol_sign_external(context, protocol, sizeof protocol - 1, &signer, &out,
                                    &out_len) == TM_OK);
    /* The callback got exactly the canonical bytes; 64 bytes of 0xab are "q6urq6ur…" in base64. */
    CHECK(seen.message_len == sizeof canonical - 1);
    CHECK(strcmp(seen.message, canonical) == 0);
    CHECK(out != NULL && strstr(out, "\"value\":\"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6ur"
                                     "q6urq6urq6urq6urq6urq6urq6urq6urq6urqw==\"") != NULL);
    tm_string_free(out);
    out = (char*)0x1;
    seen.result = 7;
    CHECK(tm_protocol_sign_external(context, protocol, sizeof protocol - 1, &signer, &out,
                                    &out_len) == TM_E_SIGNER);
    CHECK(out == NULL && out_len == 0);
    CHECK(strcmp(tm_error_last()->code, "signer_failed") == 0);
    seen.result = 0;
    seen.claimed_len = TM_SIGNATURE_MAX_BYTES + 1; /* more than the buffer it was given */
    CHECK(tm_protocol_sign_external(context, protocol, sizeof protocol - 1, &signer, &out,
                                    &out_len) == TM_E_SIGNER);
    signer.algorithm = "RSA";
    seen.claimed_len = 64;
    CHECK(tm_protocol_sign_external(context, protocol, sizeof protocol - 1, &signer, &out,
                                    &out_len) == TM_E_INVALID_ARGUMENT);
    CHECK(strcmp(tm_error_last()->code, "invalid_signer") == 0);
}

static void test_canonical_and_pseudonym(const tm_context* context) {
    static const char doc[] = "{\"document\": {\"b\": 1, \"a\": [1.0, \"\\u00e9\"]}}";
    static const char ids[] =
        "{\"identifiers\": [{\"type\": \"snils\", \"value\": \"11223344595\"}]}";
    unsigned char key[64];
    char* out = expect(tm_protocol_canonicalize, context, doc, sizeof doc - 1, TM_OK, "", "");
    /* Sorted keys, 1.0 → 1, é written raw (UTF-8 C3 A9). */
    CHECK(out != NULL &&
          strstr(out, "\"canonical\":\"{\\\"a\\\":[1,\\\"\xc3\xa9\\\"],\\\"b\\\":1}\"") != NULL);
    tm_string_free(out);
    memset(key, 7, sizeof key);
    out = (char*)0x1;
    CHECK(tm_identifier_pseudonym(context, ids, sizeof ids - 1, NULL, 32, &out, NULL) ==
          TM_E_INVALID_ARGUMENT);
    CHECK(out == NULL);
    CHECK(tm_identifier_pseudonym(context, ids, sizeof ids - 1, key, 31, &out, NULL) ==
          TM_E_INVALID_ARGUMENT);
    CHECK(tm_identifier_pseudonym(context, ids, sizeof ids - 1, key, 64, &out, NULL) == TM_OK);
    CHECK(out != NULL && strstr(out, "\"pseudonym\":\"") != NULL);
    tm_string_free(out);
}

/* tm_call on a NUL-terminated name, with the same checks as expect(). */
static const char* call_operation_name;

static int call_named(const tm_context* context, const char* json, size_t json_len, char** out_json,
                      size_t* out_len) {
    return tm_call(context, call_operation_name, json, json_len, out_json, out_len);
}

static char* expect_call(const char* operation, const tm_context* context, const char* doc,
                         size_t len, int status, const char* code) {
    call_operation_name = operation;
    return expect(call_named, context, doc, len, status, code, NULL);
}

/* The operation list, and calls by name: the same bytes as the typed function, every listed
 * by-name operation reachable, the others and unknown names refused. */
static void test_operations_by_name(const tm_context* context) {
    static const char snils[] = "{\"type\": \"snils\", \"value\": \"112-233-445 95\"}";
    char* list = NULL;
    size_t list_len = 0;
    char* typed;
    char* named;
    const char* cursor;
    int by_name = 0;
    int typed_only = 0;
    CHECK(tm_operation_list(NULL, NULL) == TM_E_INVALID_ARGUMENT);
    CHECK(tm_operation_list(&list, &list_len) == TM_OK);
    CHECK(list != NULL && strlen(list) == list_len);
    if (list == NULL) {
        return;
    }
    CHECK(strstr(list,
                 "{\"name\":\"eligibility.evaluate\",\"function\":\"tm_eligibility_evaluate\","
                 "\"input\":\"document\",\"by_name\":true,\"since\":\"0.1.0\"}") != NULL);
    CHECK(strstr(list, "{\"name\":\"protocol.sign\",\"function\":\"tm_protocol_sign\",\"input\":"
                       "\"signing_key\",\"by_name\":false,\"since\":\"0.3.0\"}") != NULL);

    /* Each by-name operation answers through tm_call with something other than "unknown". */
    for (cursor = strstr(list, "\"name\":\""); cursor != NULL;
         cursor = strstr(cursor + 1, "\"name\":\"")) {
        char name[64];
        const char* start = cursor + 8;
        const char* end = strchr(start, '"');
        const char* flag = strstr(start, "\"by_name\":");
        char* out = NULL;
        int rc;
        CHECK(end != NULL && flag != NULL && (size_t)(end - start) < sizeof name);
        if (end == NULL || flag == NULL || (size_t)(end - start) >= sizeof name) {
            break;
        }
        memcpy(name, start, (size_t)(end - start));
        name[end - start] = '\0';
        rc = tm_call(context, name, "{}", 2, &out, NULL);
        if (strncmp(flag + 10, "true", 4) == 0) {
            ++by_name;
            CHECK(rc != TM_E_NOT_FOUND && rc != TM_E_INVALID_ARGUMENT);
        } else {
            ++typed_only;
            CHECK(rc == TM_E_INVALID_ARGUMENT &&
                  strcmp(tm_error_last()->code, "operation_not_by_name") == 0);
        }
        tm_string_free(out);
    }
    if (by_name != 28 || typed_only != 6) {
        fprintf(stderr, "  by name %d, typed only %d\n", by_name, typed_only);
    }
    CHECK(by_name == 28 && typed_only == 6);
    tm_string_free(list);

    /* Byte for byte what the typed function gives. */
    typed = expect(tm_identifier_validate, context, snils, sizeof snils - 1, TM_OK, "", "");
    named = expect_call("identifier.validate", context, snils, sizeof snils - 1, TM_OK, "");
    CHECK(typed != NULL && named != NULL && strcmp(typed, named) == 0);
    tm_string_free(typed);
    tm_string_free(named);
    typed = NULL;
    CHECK(tm_context_describe(context, &typed, NULL) == TM_OK);
    named = expect_call("context.describe", context, NULL, 0, TM_OK, "");
    CHECK(typed != NULL && named != NULL && strcmp(typed, named) == 0);
    tm_string_free(typed);
    tm_string_free(named);

    /* A failure by name is the typed function's failure, report included. */
    named = expect_call("identifier.validate", context, "{\"type\": 1}", 11, TM_E_VALIDATION, NULL);
    CHECK(strcmp(tm_error_last()->pointer, "/type") == 0);
    tm_string_free(named);

    /* Unknown and unprintable names, typed-only operations, NULL arguments. */
    CHECK(expect_call("no.such_operation", context, "{}", 2, TM_E_NOT_FOUND, "unknown_operation") ==
          NULL);
    CHECK(strstr(tm_error_last()->message_en, "no.such_operation") != NULL);
    CHECK(expect_call("x\"<script>", context, "{}", 2, TM_E_NOT_FOUND, "unknown_operation") ==
          NULL);
    CHECK(strstr(tm_error_last()->message_en, "script") == NULL);
    CHECK(expect_call("readings.stream", context, "{}", 2, TM_E_INVALID_ARGUMENT,
                      "operation_not_by_name") == NULL);
    CHECK(strstr(tm_error_last()->message_en, "tm_reading_stream_open") != NULL);
    CHECK(expect_call(NULL, context, "{}", 2, TM_E_INVALID_ARGUMENT, "null_argument") == NULL);
    CHECK(expect_call("patient.validate", NULL, "{}", 2, TM_E_INVALID_ARGUMENT, "null_argument") ==
          NULL);
    CHECK(expect_call("patient.validate", context, NULL, 5, TM_E_INVALID_ARGUMENT,
                      "null_argument") == NULL);
    /* No document at all: only an operation without input takes that, like the typed functions. */
    CHECK(expect_call("patient.validate", context, NULL, 0, TM_E_INVALID_ARGUMENT,
                      "null_argument") == NULL);
    CHECK(strcmp(tm_error_last()->message_en, "The argument json must not be NULL.") == 0);
    CHECK(tm_call(context, "patient.validate", "{}", 2, NULL, NULL) == TM_E_INVALID_ARGUMENT);
}

int main(void) {
    tm_context* context;
    test_versions_and_names();
    test_struct_versions();
    test_context_errors();
    context = make_context("RU-NVS", NULL, NULL);
    CHECK(context != NULL);
    if (context != NULL) {
        test_null_arguments(context);
        test_bad_documents(context);
        test_validation(context);
        test_describe(context);
        test_readings_null_arguments(context);
        test_reading_validate(context);
        test_reading_decode_ble(context);
        test_readings_batch_and_fhir(context);
        test_reading_stream(context);
        test_protocol_signing(context);
        test_canonical_and_pseudonym(context);
        test_operations_by_name(context);
        tm_context_free(context);
    }
    test_dates_in_zones();
    test_clock_out_of_range();
    test_reading_stream_outlives_context();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
