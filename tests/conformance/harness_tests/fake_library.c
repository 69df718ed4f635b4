/*
 * Shared libraries that telemed-conformance must refuse with exit status 2 (check_harness.py
 * "refused"). One source, one variant per build: FAKE_NOT_TELEMED exports no tm_ symbol;
 * FAKE_OLD claims 0.3.0 (before tm_call); FAKE_MAJOR claims 1.4.0; FAKE_LAYOUT has another
 * sizeof(tm_context_options); FAKE_INCOMPLETE passes those checks and has no other function.
 */
#include "telemed.h"

#if defined(FAKE_NOT_TELEMED)

/** The one function of a library that is not telemed. */
__attribute__((visibility("default"))) int fake_not_telemed(void);

int fake_not_telemed(void) {
    return 1;
}

#else

#if defined(FAKE_OLD)
#define FAKE_VERSION 300
#elif defined(FAKE_MAJOR)
#define FAKE_VERSION 10400
#else
#define FAKE_VERSION TM_VERSION_NUMBER
#endif

#if defined(FAKE_LAYOUT)
#define FAKE_OPTIONS_SIZE (sizeof(tm_context_options) + sizeof(void*))
#else
#define FAKE_OPTIONS_SIZE sizeof(tm_context_options)
#endif

int tm_version_number(void) {
    return FAKE_VERSION;
}

size_t tm_context_options_size(void) {
    return FAKE_OPTIONS_SIZE;
}

unsigned int tm_context_options_version(void) {
    return TM_CONTEXT_OPTIONS_VERSION;
}

#endif
