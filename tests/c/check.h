/* The C tests' one assertion: counts passes and failures, and says where a check failed. */
#ifndef TELEMED_TEST_CHECK_H
#define TELEMED_TEST_CHECK_H

#include <stdio.h>

static int passed = 0;
static int failed = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            ++passed;                                                                              \
        } else {                                                                                   \
            ++failed;                                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#endif
