/*
 * Memory of a long NDJSON stream of readings through the C API: the driver that readings_rss.sh
 * runs under /usr/bin/time -v (whose "Maximum resident set size" is the figure).
 *
 *   telemed_readings_rss [count [chunk_bytes [options_json]]]
 *                                                streams `count` readings (default 1000000) in
 *                                                chunks of `chunk_bytes` (default 64 KiB), the
 *                                                stream opened with `options_json` (default none:
 *                                                e.g. '{"duplicate_window":100000}')
 *   telemed_readings_rss --floor                 only loads libtelemed (the floor)
 *   telemed_readings_rss --warm                  a context and a stream of one reading
 *
 * The readings are generated on the fly (readings_lines.h: blood pressure and glucose, ~4% broken
 * or repeated lines, ~4.5% with alerts) into one buffer of `chunk_bytes` (default 64 KiB) that is
 * fed to tm_reading_stream_feed() whenever it is full, so lines are split across chunks as they
 * would be by reads from a socket. The results are checked and dropped: one result line per input
 * line, in order ({"index": n, ...}), accepted or not. Exit status 0 when every check passes, 1
 * otherwise, 2 on a usage error.
 *
 * Strict C99 (plus POSIX getrusage for the driver's own report of its peak).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "readings_lines.h"
#include "telemed.h"

typedef struct totals {
    unsigned long results;  /* result lines */
    unsigned long accepted; /* "accepted":true */
    unsigned long alerted;  /* accepted with a non-empty "alerts" */
    unsigned long bad;      /* result lines not as expected */
    unsigned long long out_bytes;
    size_t largest_out; /* the largest output of one call */
} totals;

static void fail_call(const char* what, int status) {
    const tm_error* e = tm_error_last();
    fprintf(stderr, "%s failed: %s %s at '%s': %s\n", what, tm_status_name(status), e->code,
            e->pointer, e->message_en);
}

/* Checks and counts the result lines of one call; frees them. */
static void take(totals* t, char* out, size_t len) {
    const char* p = out;
    const char* const end = out + len;
    char expected[64];
    while (p < end) {
        const char* nl = (const char*)memchr(p, '\n', (size_t)(end - p));
        size_t n;
        int prefix;
        if (nl == NULL) {
            ++t->bad; /* a result without its '\n' */
            break;
        }
        n = (size_t)(nl - p);
        prefix = snprintf(expected, sizeof expected, "{\"index\":%lu,\"accepted\":", t->results);
        if (prefix < 0 || n < (size_t)prefix || memcmp(p, expected, (size_t)prefix) != 0) {
            ++t->bad;
        } else if (n >= (size_t)prefix + 4 && memcmp(p + prefix, "true", 4) == 0) {
            const char* alerts = strstr(p, "\"alerts\":[");
            ++t->accepted;
            if (alerts != NULL && alerts < nl && alerts[10] == '{') {
                ++t->alerted;
            }
        }
        ++t->results;
        p = nl + 1;
    }
    t->out_bytes += len;
    if (len > t->largest_out) {
        t->largest_out = len;
    }
    tm_string_free(out);
}

static long peak_rss_kib(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return -1;
    }
    return usage.ru_maxrss;
}

static tm_context* new_context(void) {
    tm_context_options options;
    tm_context* context = NULL;
    int status;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-KIR"; /* Europe/Kirov, UTC+3, as the readings' offsets */
    options.clock = tmb_clock;
    status = tm_context_new(&context, &options);
    if (status != TM_OK) {
        fail_call("tm_context_new", status);
        return NULL;
    }
    return context;
}

int main(int argc, char** argv) {
    unsigned long count = 1000000;
    size_t chunk_bytes = 64 * 1024;
    const char* options = NULL;
    char* chunk;
    size_t used = 0;
    char line[TMB_MAX_LINE];
    unsigned long i;
    unsigned long long in_bytes = 0;
    tmb_gen gen;
    tm_context* context;
    tm_reading_stream* stream = NULL;
    totals t;
    int status;
    char* out = NULL;
    size_t out_len = 0;
    clock_t started;
    double seconds;

    memset(&t, 0, sizeof t);
    if (argc > 1 && strcmp(argv[1], "--floor") == 0) {
        /* A trivial program linked to libtelemed: the library and its dependencies loaded. */
        printf("floor: %s, libtelemed %s; peak RSS %ld KiB\n", tm_status_name(TM_OK),
               tm_version_string(), peak_rss_kib());
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--warm") == 0) {
        count = 1;
    } else if (argc > 1) {
        count = strtoul(argv[1], NULL, 10);
        if (argc > 2) {
            chunk_bytes = (size_t)strtoul(argv[2], NULL, 10);
        }
        if (argc > 3) {
            options = argv[3];
        }
        if (count == 0 || chunk_bytes == 0) {
            fprintf(stderr, "usage: %s [count [chunk_bytes [options_json]]] | --floor | --warm\n",
                    argv[0]);
            return 2;
        }
    }

    context = new_context();
    if (context == NULL) {
        return 1;
    }
    status =
        tm_reading_stream_open(context, options, options != NULL ? strlen(options) : 0, &stream);
    if (status != TM_OK) {
        fail_call("tm_reading_stream_open", status);
        tm_context_free(context);
        return 1;
    }
    chunk = (char*)malloc(chunk_bytes);
    if (chunk == NULL) {
        return 1;
    }
    tmb_gen_init(&gen, 1);
    started = clock();
    for (i = 0; i < count; ++i) {
        const size_t n = tmb_next_line(&gen, line);
        size_t done = 0;
        in_bytes += n;
        while (done < n) {
            size_t part = n - done;
            if (part > chunk_bytes - used) {
                part = chunk_bytes - used;
            }
            memcpy(chunk + used, line + done, part);
            used += part;
            done += part;
            if (used == chunk_bytes) {
                status = tm_reading_stream_feed(stream, chunk, used, &out, &out_len);
                if (status != TM_OK) {
                    fail_call("tm_reading_stream_feed", status);
                    return 1;
                }
                take(&t, out, out_len);
                used = 0;
            }
        }
    }
    if (used != 0) {
        status = tm_reading_stream_feed(stream, chunk, used, &out, &out_len);
        if (status != TM_OK) {
            fail_call("tm_reading_stream_feed", status);
            return 1;
        }
        take(&t, out, out_len);
    }
    status = tm_reading_stream_finish(stream, &out, &out_len);
    if (status != TM_OK) {
        fail_call("tm_reading_stream_finish", status);
        return 1;
    }
    take(&t, out, out_len);
    seconds = (double)(clock() - started) / CLOCKS_PER_SEC;
    tm_reading_stream_free(stream);
    tm_context_free(context);
    free(chunk);

    printf("readings: %lu lines, %llu bytes in %lu-byte chunks, options %s; %lu results (%lu "
           "accepted, %lu "
           "with alerts, %lu rejected), %llu bytes out (largest output of one call %lu bytes); "
           "%.2f s CPU, %.1f us a line; peak RSS %ld KiB (getrusage)\n",
           count, in_bytes, (unsigned long)chunk_bytes, options != NULL ? options : "none",
           t.results, t.accepted, t.alerted, t.results - t.accepted, t.out_bytes,
           (unsigned long)t.largest_out, seconds, seconds * 1e6 / (double)count, peak_rss_kib());
    if (t.results != count || t.bad != 0) {
        fprintf(stderr, "FAILED: %lu results for %lu lines, %lu malformed\n", t.results, count,
                t.bad);
        return 1;
    }
    if (count >= 1000 && (t.accepted < count / 10 * 9 || t.alerted < count / 50)) {
        fprintf(stderr, "FAILED: the mix is not as intended (%lu accepted, %lu with alerts)\n",
                t.accepted, t.alerted);
        return 1;
    }
    return 0;
}
