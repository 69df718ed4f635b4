/*
 * The sick-leave (ЭЛН) calls of the C API from C: bad arguments and bad documents for every call,
 * each with its status, code and JSON pointer; *out_json NULL on every failure but
 * TM_E_VALIDATION; and a refused call leaves the caller's state untouched (the input buffer
 * byte-identical, no new certificate in the report).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telemed.h"

#include "check.h"

/* 2026-03-12T09:00:00+03:00 (Moscow morning) = 2026-03-12T06:00:00Z: "today" is 12 March 2026. */
static const int64_t fixed_now_ms = 1773295200000LL;

static int64_t fixed_clock(void* user_data) {
    return *(const int64_t*)user_data;
}

static tm_context* make_context(const char* config) {
    tm_context_options options;
    tm_context* context = NULL;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU";
    options.time_zone = "Europe/Moscow";
    options.config_json = config;
    options.config_json_len = config ? strlen(config) : 0;
    options.clock = fixed_clock;
    options.clock_user_data = (void*)&fixed_now_ms;
    if (tm_context_new(&context, &options) != TM_OK) {
        fprintf(stderr, "tm_context_new: %s %s\n", tm_error_last()->code,
                tm_error_last()->message_en);
        return NULL;
    }
    return context;
}

/* ---- Documents ---- */

#define NUMBER "912345678901"
#define NUMBER_13 "9123456789012"
#define DOCTOR "{\"id\":\"DOC-1\",\"role\":\"doctor\"}"
#define OTHER_DOCTOR "{\"id\":\"DOC-2\",\"role\":\"doctor\"}"
#define PERIOD(from, to) "{\"from\":\"" from "\",\"to\":\"" to "\",\"doctor\":" DOCTOR "}"
/* Opened in person on 2 March 2026; first period 2-6 March, second 7-13 March. */
#define FIRST PERIOD("2026-03-02", "2026-03-06")
#define TWO_PERIODS FIRST "," PERIOD("2026-03-07", "2026-03-13")
#define CERT_HEAD(number, opened_mode)                                                             \
    "\"number\":\"" number "\",\"reason\":\"own_illness\","                                        \
    "\"organisation\":{\"id\":\"MO-77-001\",\"time_zone\":\"Europe/Moscow\"},"                     \
    "\"opened\":{\"date\":\"2026-03-02\",\"mode\":\"" opened_mode                                  \
    "\"},\"treating_doctor\":" DOCTOR
#define CERT_BODY(number) CERT_HEAD(number, "in_person")
/* A certificate to open (no status), and one in a given state; `extra` starts with a comma. */
#define FRESH(number) "{" CERT_BODY(number) ",\"periods\":[" FIRST "]}"
#define CERT(number, status, periods, extra)                                                       \
    "{" CERT_BODY(number) ",\"status\":\"" status "\",\"periods\":[" periods "]" extra "}"
#define REMOTE_CLOSURE(date)                                                                       \
    "{\"date\":\"" date "\",\"mode\":\"telemedicine\",\"doctor\":" DOCTOR                          \
    ",\"consultation\":{\"indication\":\"incapacity_review\",\"recovery_confirmed\":true,"         \
    "\"consent_recorded\":true}}"
#define IN_PERSON_CLOSURE(date, extra)                                                             \
    "{\"date\":\"" date "\",\"mode\":\"in_person\",\"doctor\":" DOCTOR extra "}"
#define DECISION                                                                                   \
    "{\"date\":\"2026-03-10\",\"commission_chair\":{\"id\":\"VK-1\",\"role\":\"doctor\"}}"

#define OPEN_DOC(number) "{\"certificate\":" FRESH(number) "}"
#define EXTEND_DOC(number)                                                                         \
    "{\"certificate\":" CERT(number, "open", FIRST, "") ",\"period\":" PERIOD(                     \
        "2026-03-07", "2026-03-10") ",\"mode\":\"in_person\"}"
#define VISIT_DOC(number)                                                                          \
    "{\"certificate\":" CERT(                                                                      \
        number, "open", FIRST,                                                                     \
        ",\"next_appearance\":\"2026-03-06\"") ",\"visit\":{\"date\":\"2026-03-07\"}}"
#define CLOSE_DOC(number)                                                                          \
    "{\"certificate\":" CERT(number, "open", TWO_PERIODS,                                          \
                             "") ",\"closure\":" REMOTE_CLOSURE("2026-03-12") "}"
#define ANNUL_DOC(number)                                                                          \
    "{\"certificate\":" CERT(number, "open", FIRST, "") ",\"decision\":" DECISION "}"
#define DUPLICATE_DOC(number)                                                                      \
    "{\"certificate\":" CERT(number, "open", FIRST, "") ",\"decision\":" DECISION                  \
                                                        ",\"new_number\":\"912345678902\"}"
#define RECORD_DOC(number)                                                                         \
    "{\"certificate\":" CERT(number, "closed", FIRST,                                              \
                             ",\"return_to_work\":\"2026-03-07\",\"closed\":{\"date\":"            \
                             "\"2026-03-06\",\"mode\":\"telemedicine\"}") "}"

typedef int (*json_fn)(const tm_context*, const char*, size_t, char**, size_t*);

struct call {
    const char* name;
    json_fn fn;
    const char* doc;    /* valid: TM_OK with the commission switch on */
    const char* doc_13; /* the same with a 13-digit certificate number */
};

static const struct call calls[] = {
    {"tm_sick_leave_open", tm_sick_leave_open, OPEN_DOC(NUMBER), OPEN_DOC(NUMBER_13)},
    {"tm_sick_leave_extend", tm_sick_leave_extend, EXTEND_DOC(NUMBER), EXTEND_DOC(NUMBER_13)},
    {"tm_sick_leave_record_visit", tm_sick_leave_record_visit, VISIT_DOC(NUMBER),
     VISIT_DOC(NUMBER_13)},
    {"tm_sick_leave_close", tm_sick_leave_close, CLOSE_DOC(NUMBER), CLOSE_DOC(NUMBER_13)},
    {"tm_sick_leave_annul", tm_sick_leave_annul, ANNUL_DOC(NUMBER), ANNUL_DOC(NUMBER_13)},
    {"tm_sick_leave_duplicate", tm_sick_leave_duplicate, DUPLICATE_DOC(NUMBER),
     DUPLICATE_DOC(NUMBER_13)},
    {"tm_sick_leave_record", tm_sick_leave_record, RECORD_DOC(NUMBER), RECORD_DOC(NUMBER_13)},
};
#define CALL_COUNT (sizeof calls / sizeof calls[0])

/* ---- The checking call ---- */

/*
 * Calls fn on doc (len bytes) and checks: the status; the error's code and pointer (unless NULL);
 * rule id (unless NULL); that the input buffer is byte-identical afterwards; that *out_json is
 * NULL with *out_len 0 on every failure but TM_E_VALIDATION, whose output is the report with no
 * new certificate. Returns the output (the caller frees it).
 */
static char* expect_rule(const char* name, json_fn fn, const tm_context* context, const char* doc,
                         size_t len, int status, const char* code, const char* pointer,
                         const char* rule_id) {
    char* out = (char*)0x1; /* must be reset by the call */
    size_t out_len = 12345;
    char* copy = NULL;
    const tm_error* error;
    int rc;
    if (doc != NULL) {
        copy = (char*)malloc(len + 1);
        if (copy == NULL) {
            ++failed;
            return NULL;
        }
        memcpy(copy, doc, len);
    }
    rc = fn(context, doc, len, &out, &out_len);
    error = tm_error_last();
    CHECK(error != NULL);
    if (rc != status) {
        fprintf(stderr, "  %s: status %s, expected %s (code %s, pointer '%s')\n", name,
                tm_status_name(rc), tm_status_name(status), error->code, error->pointer);
    }
    CHECK(rc == status);
    CHECK(error->status == status);
    if (code != NULL && strcmp(error->code, code) != 0) {
        fprintf(stderr, "  %s: code '%s', expected '%s'\n", name, error->code, code);
    }
    CHECK(code == NULL || strcmp(error->code, code) == 0);
    if (pointer != NULL && strcmp(error->pointer, pointer) != 0) {
        fprintf(stderr, "  %s: pointer '%s', expected '%s'\n", name, error->pointer, pointer);
    }
    CHECK(pointer == NULL || strcmp(error->pointer, pointer) == 0);
    if (rule_id != NULL && strcmp(error->rule_id, rule_id) != 0) {
        fprintf(stderr, "  %s: rule '%s', expected '%s'\n", name, error->rule_id, rule_id);
    }
    CHECK(rule_id == NULL || strcmp(error->rule_id, rule_id) == 0);
    CHECK(status == TM_OK || (error->message_en[0] != '\0' && error->message_ru[0] != '\0'));
    /* The caller's document is never written to. */
    if (copy != NULL) {
        CHECK(memcmp(copy, doc, len) == 0);
        free(copy);
    }
    if (status != TM_OK && status != TM_E_VALIDATION) {
        CHECK(out == NULL);
        CHECK(out_len == 0);
    } else {
        CHECK(out != NULL && out != (char*)0x1);
    }
    if (out == (char*)0x1) {
        return NULL;
    }
    if (out != NULL) {
        CHECK(strlen(out) == out_len);
    }
    if (status == TM_E_VALIDATION && out != NULL) {
        /* The report lists the problems and holds no new state. */
        CHECK(strstr(out, "\"problems\":[{") != NULL);
        CHECK(strstr(out, "\"certificate\":") == NULL);
        if (code != NULL) {
            char needle[96];
            snprintf(needle, sizeof needle, "\"code\":\"%s\"", code);
            CHECK(strstr(out, needle) != NULL);
        }
    }
    return out;
}

static void expect_free(const char* name, json_fn fn, const tm_context* context, const char* doc,
                        int status, const char* code, const char* pointer, const char* rule_id) {
    tm_string_free(
        expect_rule(name, fn, context, doc, strlen(doc), status, code, pointer, rule_id));
}

/* ---- Tests ---- */

/* Each valid document is accepted, so that the failures below come from what was changed. */
static void test_valid_documents(const tm_context* with_switch) {
    size_t i;
    for (i = 0; i < CALL_COUNT; ++i) {
        expect_free(calls[i].name, calls[i].fn, with_switch, calls[i].doc, TM_OK, "", "", "");
    }
}

static void test_null_arguments(const tm_context* context) {
    size_t i;
    for (i = 0; i < CALL_COUNT; ++i) {
        const struct call* c = &calls[i];
        const size_t len = strlen(c->doc);
        char* out = (char*)0x1;
        size_t out_len = 7;
        /* NULL context. */
        tm_string_free(expect_rule(c->name, c->fn, NULL, c->doc, len, TM_E_INVALID_ARGUMENT,
                                   "null_argument", "", ""));
        CHECK(strstr(tm_error_last()->message_en, "context") != NULL);
        /* NULL json, with and without a length. */
        tm_string_free(expect_rule(c->name, c->fn, context, NULL, 10, TM_E_INVALID_ARGUMENT,
                                   "null_argument", "", ""));
        CHECK(strstr(tm_error_last()->message_en, "json") != NULL);
        tm_string_free(expect_rule(c->name, c->fn, context, NULL, 0, TM_E_INVALID_ARGUMENT,
                                   "null_argument", "", ""));
        /* NULL out_json: nothing to hand the output to; out_len is left alone. */
        CHECK(c->fn(context, c->doc, len, NULL, &out_len) == TM_E_INVALID_ARGUMENT);
        CHECK(strcmp(tm_error_last()->code, "null_argument") == 0);
        CHECK(strstr(tm_error_last()->message_en, "out_json") != NULL);
        /* out_len is optional. (Annulment and duplicates need the switch this context lacks.) */
        {
            const int expected = (c->fn == tm_sick_leave_annul || c->fn == tm_sick_leave_duplicate)
                                     ? TM_E_RULES
                                     : TM_OK;
            CHECK(c->fn(context, c->doc, len, &out, NULL) == expected);
            CHECK(expected == TM_OK ? out != NULL : out == NULL);
            tm_string_free(out);
        }
    }
}

static void test_bad_json(const tm_context* context) {
    size_t i;
    for (i = 0; i < CALL_COUNT; ++i) {
        const struct call* c = &calls[i];
        const size_t len = strlen(c->doc);
        /* Zero length: the document is empty even though the pointer is not. */
        tm_string_free(expect_rule(c->name, c->fn, context, c->doc, 0, TM_E_JSON_SYNTAX,
                                   "empty_document", "", ""));
        /* Truncated: the length cuts a valid document short (the last brace, and the middle of a
         * string); nothing past the length is read. */
        tm_string_free(expect_rule(c->name, c->fn, context, c->doc, len - 1, TM_E_JSON_SYNTAX,
                                   "truncated_json", "", ""));
        tm_string_free(expect_rule(c->name, c->fn, context, c->doc, 30, TM_E_JSON_SYNTAX,
                                   "truncated_json", "", ""));
        /* Not JSON at all. */
        expect_free(c->name, c->fn, context, "{certificate: 1}", TM_E_JSON_SYNTAX, "json_syntax",
                    "", "");
    }
}

static void test_thirteen_digits(const tm_context* with_switch) {
    size_t i;
    for (i = 0; i < CALL_COUNT; ++i) {
        char* out = expect_rule(calls[i].name, calls[i].fn, with_switch, calls[i].doc_13,
                                strlen(calls[i].doc_13), TM_E_VALIDATION, "invalid_format",
                                "/certificate/number", "sick_leave.number.format");
        /* The identifier is not repeated in the report nor in the message. */
        CHECK(out != NULL && strstr(out, NUMBER) == NULL);
        CHECK(strstr(tm_error_last()->message_en, NUMBER) == NULL);
        CHECK(strstr(tm_error_last()->message_ru, NUMBER) == NULL);
        tm_string_free(out);
    }
    /* A continuation number of 13 digits, and a duplicate's new number of 11. */
    expect_free(
        "close 31", tm_sick_leave_close, with_switch,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"closure\":" IN_PERSON_CLOSURE(
            "2026-03-06", ",\"outcome\":\"31\",\"continuation_number\":\"" NUMBER_13 "\"") "}",
        TM_E_VALIDATION, "invalid_format", "/closure/continuation_number",
        "sick_leave.number.format");
    expect_free(
        "duplicate 11", tm_sick_leave_duplicate, with_switch,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"decision\":" DECISION
                                                            ",\"new_number\":\"91234567890\"}",
        TM_E_VALIDATION, "invalid_format", "/new_number", "sick_leave.number.format");
}

static void test_commission_switch_off(const tm_context* context) {
    /* Annulment and duplicates need the unconfirmed switch: TM_E_RULES, no output. */
    expect_free("annul", tm_sick_leave_annul, context, ANNUL_DOC(NUMBER), TM_E_RULES,
                "rule_not_in_force", "", "sick_leave.commission.annul");
    expect_free("duplicate", tm_sick_leave_duplicate, context, DUPLICATE_DOC(NUMBER), TM_E_RULES,
                "rule_not_in_force", "", "sick_leave.commission.annul");
}

static void test_periods(const tm_context* context) {
    /* Reversed period in the certificate to open. */
    expect_free("open reversed", tm_sick_leave_open, context,
                "{\"certificate\":{" CERT_BODY(NUMBER) ",\"periods\":[" PERIOD("2026-03-06",
                                                                               "2026-03-02") "]}}",
                TM_E_VALIDATION, "date_order", "/certificate/periods/0/to", "");
    /* Overlapping periods in a certificate: the second starts on the first one's last day. */
    expect_free("close overlapping", tm_sick_leave_close, context,
                "{\"certificate\":" CERT(NUMBER, "open",
                                         FIRST "," PERIOD("2026-03-06", "2026-03-10"),
                                         "") ",\"closure\":" REMOTE_CLOSURE("2026-03-10") "}",
                TM_E_VALIDATION, "periods_overlap", "/certificate/periods/1/from",
                "sick_leave.periods.contiguous");
    /* A gap between periods in a certificate. */
    expect_free("record gap", tm_sick_leave_record, context,
                "{\"certificate\":" CERT(NUMBER, "open",
                                         FIRST "," PERIOD("2026-03-08", "2026-03-10"), "") "}",
                TM_E_VALIDATION, "periods_gap", "/certificate/periods/1/from",
                "sick_leave.periods.contiguous");
    /* A reversed period in a certificate that is not the first. */
    expect_free("visit reversed", tm_sick_leave_record_visit, context,
                "{\"certificate\":" CERT(NUMBER, "open",
                                         FIRST "," PERIOD("2026-03-09", "2026-03-07"),
                                         "") ",\"visit\":{\"date\":\"2026-03-07\"}}",
                TM_E_VALIDATION, "date_order", "/certificate/periods/1/to", "");
    /* Extension overlapping the last period, leaving a gap, or reversed. */
    expect_free("extend overlapping", tm_sick_leave_extend, context,
                "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"period\":" PERIOD(
                    "2026-03-05", "2026-03-10") ",\"mode\":\"in_person\"}",
                TM_E_VALIDATION, "periods_overlap", "/period/from",
                "sick_leave.periods.contiguous");
    expect_free("extend gap", tm_sick_leave_extend, context,
                "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"period\":" PERIOD(
                    "2026-03-08", "2026-03-10") ",\"mode\":\"in_person\"}",
                TM_E_VALIDATION, "periods_gap", "/period/from", "sick_leave.periods.contiguous");
    expect_free("extend reversed", tm_sick_leave_extend, context,
                "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"period\":" PERIOD(
                    "2026-03-10", "2026-03-07") ",\"mode\":\"in_person\"}",
                TM_E_VALIDATION, "date_order", "/period/to", "");
    /* A fourth period: a continuation certificate is needed. */
    expect_free("extend fourth", tm_sick_leave_extend, context,
                "{\"certificate\":" CERT(
                    NUMBER, "open", TWO_PERIODS "," PERIOD("2026-03-14", "2026-03-15"),
                    "") ",\"period\":" PERIOD("2026-03-16", "2026-03-17") ","
                                                                          "\"mode\":\"in_person\"}",
                TM_E_VALIDATION, "continuation_required", "/period", "sick_leave.periods.max");
    /* 16 days in total by a doctor alone (2-17 March). */
    expect_free("extend 16 days", tm_sick_leave_extend, context,
                "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"period\":" PERIOD(
                    "2026-03-07", "2026-03-17") ",\"mode\":\"in_person\"}",
                TM_E_VALIDATION, "commission_required", "/period/to",
                "sick_leave.period.individual_limit");
}

static void test_unknown_codes(const tm_context* context) {
    /* Outcome 38 at an in-person closure. */
    expect_free(
        "close outcome 38", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"closure\":" IN_PERSON_CLOSURE(
            "2026-03-06", ",\"outcome\":\"38\"") "}",
        TM_E_VALIDATION, "unknown_code", "/closure/outcome", "sick_leave.outcome.codes");
    /* Outcome 30 recorded in the certificate. */
    expect_free("record outcome 30", tm_sick_leave_record, context,
                "{\"certificate\":" CERT(NUMBER, "closed", FIRST,
                                         ",\"outcome\":\"30\",\"closed\":{\"date\":\"2026-03-06\","
                                         "\"mode\":\"in_person\"}") "}",
                TM_E_VALIDATION, "unknown_code", "/certificate/outcome",
                "sick_leave.outcome.codes");
    /* Regime violation 22 (the codes are 23-28). */
    expect_free(
        "visit violation 22", tm_sick_leave_record_visit, context,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST,
                                 ",\"violations\":[{\"code\":\"22\",\"date\":"
                                 "\"2026-03-04\"}]") ",\"visit\":{\"date\":\"2026-03-06\"}}",
        TM_E_VALIDATION, "unknown_code", "/certificate/violations/0/code",
        "sick_leave.violation.codes");
    /* Outcome 31 needs the continuation number; 32 the state-change date. */
    expect_free(
        "close 31", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"closure\":" IN_PERSON_CLOSURE(
            "2026-03-06", ",\"outcome\":\"31\"") "}",
        TM_E_VALIDATION, "continuation_number_required", "/closure/continuation_number",
        "sick_leave.outcome.codes");
    expect_free(
        "close 32", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST, "") ",\"closure\":" IN_PERSON_CLOSURE(
            "2026-03-06", ",\"outcome\":\"32\"") "}",
        TM_E_VALIDATION, "state_change_date_required", "/closure/state_change_date",
        "sick_leave.outcome.codes");
    /* An unknown status and an unknown reason. */
    expect_free("record status", tm_sick_leave_record, context,
                "{\"certificate\":" CERT(NUMBER, "pending", FIRST, "") "}", TM_E_VALIDATION, NULL,
                "/certificate/status", NULL);
    expect_free("open field", tm_sick_leave_open, context,
                "{\"certificate\":{" CERT_BODY(NUMBER) ",\"periods\":[" FIRST "],\"colour\":1}}",
                TM_E_VALIDATION, "unknown_field", "/certificate/colour", NULL);
}

/* A state that disagrees with its status is refused before any operation reads it. */
static void test_inconsistent_state(const tm_context* context) {
    /* Closed without the closing date nor the return-to-work date. */
    expect_free("record closed bare", tm_sick_leave_record, context,
                "{\"certificate\":" CERT(NUMBER, "closed", FIRST, "") "}", TM_E_VALIDATION,
                "inconsistent_state", "/certificate/closed", "");
    /* Continued without the continuation number. */
    expect_free("record continued bare", tm_sick_leave_record, context,
                "{\"certificate\":" CERT(NUMBER, "continued", FIRST,
                                         ",\"closed\":{\"date\":\"2026-03-06\",\"mode\":"
                                         "\"in_person\"}") "}",
                TM_E_VALIDATION, "inconsistent_state", "/certificate/continuation_number", "");
    /* Open with a return-to-work date. */
    expect_free(
        "close open returned", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(
            NUMBER, "open", FIRST,
            ",\"return_to_work\":\"2026-03-07\"") ",\"closure\":" REMOTE_CLOSURE("2026-03-06") "}",
        TM_E_VALIDATION, "inconsistent_state", "/certificate/return_to_work", "");
}

static void test_closing(const tm_context* context) {
    /* Closing a closed certificate. */
    expect_free(
        "close closed", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(
            NUMBER, "closed", FIRST,
            ",\"return_to_work\":\"2026-03-07\",\"closed\":{\"date\":"
            "\"2026-03-06\",\"mode\":\"in_person\"}") ",\"closure\":" REMOTE_CLOSURE("2026-03-06") "}",
        TM_E_VALIDATION, "certificate_not_open", "/certificate/status", "");
    /* Closing on 1 March a certificate opened on 2 March. */
    expect_free(
        "close before opened", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(NUMBER, "open", FIRST,
                                 "") ",\"closure\":" IN_PERSON_CLOSURE("2026-03-01", "") "}",
        TM_E_VALIDATION, "close_before_period", "/closure/date", "");
    /* Closing on 6 March when the last period starts on 7 March. */
    expect_free("close before last period", tm_sick_leave_close, context,
                "{\"certificate\":" CERT(NUMBER, "open", TWO_PERIODS,
                                         "") ",\"closure\":" REMOTE_CLOSURE("2026-03-06") "}",
                TM_E_VALIDATION, "close_before_period", "/closure/date", "");
    /* Closing tomorrow (13 March) by the organisation's clock. */
    expect_free("close tomorrow", tm_sick_leave_close, context,
                "{\"certificate\":" CERT(NUMBER, "open", TWO_PERIODS,
                                         "") ",\"closure\":" REMOTE_CLOSURE("2026-03-13") "}",
                TM_E_VALIDATION, "future_date", "/closure/date", "");
    /* Remote closure by a doctor who is not the treating one. */
    expect_free(
        "close other doctor", tm_sick_leave_close, context,
        "{\"certificate\":" CERT(
            NUMBER, "open", FIRST,
            "") ",\"closure\":{\"date\":"
                "\"2026-03-06\",\"mode\":\"telemedicine\",\"doctor\":" OTHER_DOCTOR
                ",\"consultation\":{\"indication\":\"incapacity_review\",\"recovery_confirmed\":"
                "true,\"consent_recorded\":true}}}",
        TM_E_VALIDATION, "not_treating_doctor", "/closure/doctor/id", "sick_leave.close.remote");
    /* Remote closure of a certificate opened remotely. */
    expect_free("close opened remotely", tm_sick_leave_close, context,
                "{\"certificate\":{" CERT_HEAD(
                    NUMBER, "telemedicine") ",\"status\":\"open\","
                                            "\"periods\":[" FIRST
                                            "]},\"closure\":" REMOTE_CLOSURE("2026-03-06") "}",
                TM_E_VALIDATION, "opened_remotely", "/certificate/opened/mode",
                "sick_leave.close.remote");
}

/* The remote closure itself: the last period ends on the closing day, return the next day. */
static void test_remote_close_result(const tm_context* context) {
    const char* doc = calls[3].doc;
    char* out =
        expect_rule("close", tm_sick_leave_close, context, doc, strlen(doc), TM_OK, "", "", "");
    CHECK(out != NULL && strstr(out, "\"status\":\"closed\"") != NULL);
    CHECK(out != NULL && strstr(out, "{\"from\":\"2026-03-07\",\"to\":\"2026-03-12\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"return_to_work\":\"2026-03-13\"") != NULL);
    CHECK(out != NULL &&
          strstr(out, "\"closed\":{\"date\":\"2026-03-12\",\"mode\":\"telemedicine\"}") != NULL);
    tm_string_free(out);
    /* A late visit: violation 24 dated the appointed day. */
    doc = calls[2].doc;
    out = expect_rule("visit", tm_sick_leave_record_visit, context, doc, strlen(doc), TM_OK, "", "",
                      "");
    CHECK(out != NULL && strstr(out, "\"late\":true") != NULL);
    CHECK(out != NULL &&
          strstr(out, "\"violations\":[{\"code\":\"24\",\"date\":\"2026-03-06\"}]") != NULL);
    tm_string_free(out);
}

int main(void) {
    tm_context* context = make_context(NULL);
    tm_context* with_switch =
        make_context("{\"switches\": {\"sick_leave.commission.annul\": true}}");
    CHECK(context != NULL);
    CHECK(with_switch != NULL);
    if (context != NULL && with_switch != NULL) {
        test_valid_documents(with_switch);
        test_null_arguments(context);
        test_bad_json(context);
        test_thirteen_digits(with_switch);
        test_commission_switch_off(context);
        test_periods(context);
        test_unknown_codes(context);
        test_inconsistent_state(context);
        test_closing(context);
        test_remote_close_result(context);
    }
    tm_context_free(with_switch);
    tm_context_free(context);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
