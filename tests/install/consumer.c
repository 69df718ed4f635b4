/* Uses the installed header and library: the version matches and a СНИЛС validates. Built through
 * find_package, pkg-config (shared and --static) and the Debian packages (tests/install,
 * tests/packaging). */
#include <stdio.h>
#include <string.h>
#include <telemed.h>

int main(void) {
    tm_context_options options;
    tm_context* context = NULL;
    char* out = NULL;
    size_t len = 0;
    const char doc[] = "{\"type\":\"snils\",\"value\":\"112-233-445 95\"}";
    int rc;
    char expected_version[32];

    if (tm_version_number() != TM_VERSION_NUMBER) {
        fprintf(stderr, "header %d, library %d\n", TM_VERSION_NUMBER, tm_version_number());
        return 1;
    }
    snprintf(expected_version, sizeof expected_version, "%d.%d.%d", TM_VERSION_MAJOR,
             TM_VERSION_MINOR, TM_VERSION_PATCH);
    if (strcmp(tm_version_string(), expected_version) != 0) {
        fprintf(stderr, "library version %s, header %s\n", tm_version_string(), expected_version);
        return 1;
    }
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-KIR";
    if (tm_context_new(&context, &options) != TM_OK) {
        fprintf(stderr, "context: %s\n", tm_error_last()->message_en);
        return 1;
    }
    rc = tm_identifier_validate(context, doc, sizeof doc - 1, &out, &len);
    if (rc != TM_OK || out == NULL || strstr(out, "\"valid\":true") == NULL) {
        fprintf(stderr, "unexpected: %d %s\n", rc, out ? out : "(null)");
        tm_string_free(out);
        tm_context_free(context);
        return 1;
    }
    tm_string_free(out);
    tm_context_free(context);
    printf("telemed %s: SNILS valid\n", tm_version_string());
    return 0;
}
