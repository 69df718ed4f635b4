/* validate_patient FILE [JURISDICTION]: validates a patient document with telemed's C API.
 * Prints the JSON report, then a one-line summary. Exit status: 0 valid, 1 invalid, 2 other errors.
 */
#include <stdio.h>
#include <stdlib.h>

#include "telemed.h"

/* Reads the whole file into a malloc'ed buffer; NULL on failure. */
static char* read_file(const char* path, size_t* len) {
    FILE* f = fopen(path, "rb");
    char* buf = NULL;
    size_t cap = 0, n = 0, got = 0;
    if (f == NULL) {
        return NULL;
    }
    do {
        if (n == cap) {
            char* bigger;
            cap = cap == 0 ? 4096 : cap * 2;
            if ((bigger = realloc(buf, cap)) == NULL) {
                break;
            }
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (n == cap || ferror(f)) { /* realloc or read failed */
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* One line from this thread's last failure: status, code, pointer, rule, both messages. */
static void summary(FILE* to, const char* what) {
    const tm_error* e = tm_error_last();
    fprintf(to, "%s: %s %s at \"%s\" (rule %s): %s / %s\n", what, tm_status_name(e->status),
            e->code, e->pointer, e->rule_id[0] ? e->rule_id : "-", e->message_en, e->message_ru);
}

int main(int argc, char** argv) {
    tm_context_options options;
    tm_context* context = NULL;
    char *doc, *report = NULL;
    size_t doc_len = 0;
    int status;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE [JURISDICTION]\n", argv[0]);
        return 2;
    }
    if ((doc = read_file(argv[1], &doc_len)) == NULL) {
        fprintf(stderr, "%s: cannot read the file\n", argv[1]);
        return 2;
    }
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = argc == 3 ? argv[2] : "RU-NVS";
    if (tm_context_new(&context, &options) != TM_OK) {
        summary(stderr, "cannot create the context");
        free(doc);
        return 2;
    }
    status = tm_patient_validate(context, doc, doc_len, &report, NULL);
    if (report != NULL) {
        printf("%s\n", report);
    }
    if (status == TM_OK) {
        printf("valid\n");
    } else if (status == TM_E_VALIDATION) {
        summary(stdout, "invalid, first error");
    } else {
        summary(stderr, "validation failed");
    }
    tm_string_free(report);
    tm_context_free(context);
    free(doc);
    return status == TM_OK ? 0 : status == TM_E_VALIDATION ? 1 : 2;
}
