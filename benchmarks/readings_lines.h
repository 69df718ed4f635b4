/*
 * Realistic NDJSON home-device readings, generated on the fly, for the readings benchmarks
 * (bench_readings.cpp and readings_rss.c). C99 and C++: both programs read the same mix.
 *
 * The readings are telemed JSON (src/readings/native.cpp), dated in the week before a fixed "now",
 * 2026-11-27T12:00:00Z (15:00 in Kirov, UTC+3; the context's clock must be tmb_now_ms()), so none
 * is rejected as in the future (readings.time.future_skew, 10 minutes) nor flagged as older than
 * the backfill limit (30 days). Every 1000 lines hold on average (a deterministic pseudo-random
 * draw, the same on every run):
 *   - 545 blood pressures: 30 above the default target (140/90: alert bp_above_target), 5 urgent
 *     (>= 180/110: bp_urgent), 5 hypotension (systolic < 90: bp_low); 85% with a pulse, 30% with a
 *     device model, 1.5% with a doubtful-measurement flag (a warning), 1% in kPa;
 *   - 415 glucose readings (80% mmol/L, 20% mg/dL; fasting, preprandial, postprandial, casual,
 *     bedtime): 11 outside the target (glucose_outside_target), 5 hypoglycaemic (level 1), 3 above
 *     the ketone-check threshold;
 *   - 10 repeats of the line before (an upload sent twice: duplicate_reading);
 *   - 30 broken lines: truncated JSON, an unknown unit, systolic below diastolic, a number as a
 *     string, a missing field, a reading dated in the future, an empty line.
 * So about 6% of the lines raise an alert and about 4% are rejected (bench_readings prints the
 * exact mix of its text).
 */
#ifndef TELEMED_BENCH_READINGS_LINES_H
#define TELEMED_BENCH_READINGS_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The longest line tmb_next_line() writes, with its '\n' and the terminating NUL. */
#define TMB_MAX_LINE 512

/* The readings' "now": 2026-11-27T12:00:00Z. */
static inline int64_t tmb_now_ms(void) {
    return INT64_C(1795780800000);
}

/* The clock a context gets (tm_clock_fn). */
static inline int64_t tmb_clock(void* user_data) {
    (void)user_data;
    return tmb_now_ms();
}

typedef struct tmb_gen {
    uint64_t state;              /* xorshift64* */
    char previous[TMB_MAX_LINE]; /* the last good line, for repeats */
    size_t previous_len;
    unsigned long broken; /* broken lines so far */
} tmb_gen;

static inline void tmb_gen_init(tmb_gen* g, uint64_t seed) {
    memset(g, 0, sizeof *g);
    g->state = seed != 0 ? seed : UINT64_C(0x9E3779B97F4A7C15);
}

static inline uint64_t tmb_next(tmb_gen* g) {
    uint64_t x = g->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    g->state = x;
    return x * UINT64_C(2685821657736338717);
}

/* Uniform in [lo, hi]. */
static inline int tmb_between(tmb_gen* g, int lo, int hi) {
    return lo + (int)(tmb_next(g) % (uint64_t)(hi - lo + 1));
}

/* "2026-11-DDTHH:MM:SS+03:00", `minutes_back` minutes (plus some seconds) before now. */
static inline void tmb_time(tmb_gen* g, int minutes_back, char out[32]) {
    /* Minutes since 2026-11-01T00:00 local time; now is 26 days and 15 hours after it. */
    const int t = 26 * 1440 + 15 * 60 - minutes_back;
    snprintf(out, 32, "2026-11-%02dT%02d:%02d:%02d+03:00", 1 + t / 1440, (t % 1440) / 60, t % 60,
             tmb_between(g, 0, 59));
}

/* A time in the last week, at least 10 minutes ago. */
static inline void tmb_recent(tmb_gen* g, char out[32]) {
    tmb_time(g, tmb_between(g, 10, 7 * 1440 - 1), out);
}

static const char* const tmb_bp_models[] = {"UA-651", "M2 Basic", "BM 54", "B.Well MED-55"};

/* Writes a blood-pressure line (without '\n'); `roll` in [0, 1000) picks the alert, if any.
 * `broken` > 0 makes it one of the broken kinds. Returns the length. */
static inline size_t tmb_bp_line(tmb_gen* g, char* out, int roll, int broken) {
    const int patient = tmb_between(g, 1, 800);
    char at[32];
    char device[96];
    char values[160];
    int systolic, diastolic;
    const char* unit = "mmHg";
    const char* flags = "";
    if (roll < 55) {
        systolic = tmb_between(g, 141, 175), diastolic = tmb_between(g, 85, 104);
    } else if (roll < 64) {
        systolic = tmb_between(g, 182, 205), diastolic = tmb_between(g, 100, 118);
    } else if (roll < 73) {
        systolic = tmb_between(g, 78, 88), diastolic = tmb_between(g, 48, 58);
    } else {
        systolic = tmb_between(g, 100, 138), diastolic = tmb_between(g, 62, 88);
        if (diastolic > systolic - 25) {
            diastolic = systolic - 25;
        }
    }
    tmb_recent(g, at);
    if (broken == 4) {
        tmb_time(g, -tmb_between(g, 60, 600), at); /* in the future */
    }
    if (tmb_between(g, 0, 99) < 30) {
        snprintf(device, sizeof device, "{\"id\":\"tono-%d\",\"model\":\"%s\"}", patient,
                 tmb_bp_models[patient % 4]);
    } else {
        snprintf(device, sizeof device, "{\"id\":\"tono-%d\"}", patient);
    }
    if (tmb_between(g, 0, 999) < 15) {
        flags = patient % 2 == 0 ? ",\"flags\":[\"irregular_pulse\"]"
                                 : ",\"flags\":[\"body_movement\"]";
    }
    if (broken == 2) {
        const int swap = systolic;
        systolic = diastolic, diastolic = swap; /* systolic below diastolic */
    }
    if (broken == 1) {
        unit = "mm Hg"; /* not a unit the schema knows */
    }
    if (tmb_between(g, 0, 99) == 0 && broken == 0) {
        /* kPa, one decimal: 128 mmHg is 17.1 kPa. */
        snprintf(values, sizeof values, "{\"systolic\":%d.%d,\"diastolic\":%d.%d,\"unit\":\"kPa\"}",
                 systolic * 4 / 30, (systolic * 40 / 30) % 10, diastolic * 4 / 30,
                 (diastolic * 40 / 30) % 10);
    } else if (broken == 3) {
        snprintf(values, sizeof values, "{\"systolic\":\"%d\",\"diastolic\":%d,\"unit\":\"%s\"}",
                 systolic, diastolic, unit);
    } else if (tmb_between(g, 0, 99) < 85) {
        snprintf(values, sizeof values,
                 "{\"systolic\":%d,\"diastolic\":%d,\"pulse\":%d,\"unit\":\"%s\"}", systolic,
                 diastolic, tmb_between(g, 52, 96), unit);
    } else {
        snprintf(values, sizeof values, "{\"systolic\":%d,\"diastolic\":%d,\"unit\":\"%s\"}",
                 systolic, diastolic, unit);
    }
    return (size_t)snprintf(out, TMB_MAX_LINE,
                            "{\"patient_ref\":\"P-%04d\",\"device\":%s,\"kind\":\"blood_pressure\","
                            "\"measured_at\":\"%s\",\"blood_pressure\":%s%s}",
                            patient, device, at, values, flags);
}

static const char* const tmb_meals[] = {"fasting", "preprandial", "postprandial", "casual",
                                        "bedtime"};

/* Writes a glucose line (without '\n'); `roll` in [0, 1000) picks the alert, if any. */
static inline size_t tmb_glucose_line(tmb_gen* g, char* out, int roll, int broken) {
    const int patient = tmb_between(g, 1, 800);
    const int m = tmb_between(g, 0, 99);
    const int meal = m < 30 ? 0 : m < 50 ? 1 : m < 75 ? 2 : m < 95 ? 3 : 4;
    char at[32];
    char value[32];
    int tenths; /* mmol/L x 10 */
    if (roll < 36) {
        /* Outside the target: high before a meal, or high after one (casual: no target). */
        tenths = meal == 2 ? tmb_between(g, 101, 125) : tmb_between(g, 74, 95);
        if (meal == 3 || meal == 4) {
            tenths = tmb_between(g, 50, 70);
        }
    } else if (roll < 48) {
        tenths = tmb_between(g, 32, 37); /* hypoglycaemia level 1: 58-67 mg/dL */
    } else if (roll < 55) {
        tenths = tmb_between(g, 140, 190); /* above 240 mg/dL: check ketones */
    } else {
        tenths = meal == 2 ? tmb_between(g, 60, 95) : tmb_between(g, 46, 70);
    }
    tmb_recent(g, at);
    if (tmb_between(g, 0, 99) < 20 && broken == 0) {
        snprintf(value, sizeof value, "%d,\"unit\":\"mg/dL\"", (tenths * 18 + 5) / 10);
    } else {
        snprintf(value, sizeof value, "%d.%d,\"unit\":\"%s\"", tenths / 10, tenths % 10,
                 broken == 1 ? "MMOL" : "mmol/L");
    }
    if (broken == 5) {
        /* No "measured_at". */
        return (size_t)snprintf(out, TMB_MAX_LINE,
                                "{\"patient_ref\":\"P-%04d\",\"device\":{\"id\":\"gluco-%d\"},"
                                "\"kind\":\"glucose\",\"glucose\":{\"value\":%s,\"meal\":\"%s\"}}",
                                patient, patient, value, tmb_meals[meal]);
    }
    return (size_t)snprintf(out, TMB_MAX_LINE,
                            "{\"patient_ref\":\"P-%04d\",\"device\":{\"id\":\"gluco-%d\"},"
                            "\"kind\":\"glucose\",\"measured_at\":\"%s\",\"glucose\":{\"value\":%"
                            "s,\"meal\":\"%s\"}}",
                            patient, patient, at, value, tmb_meals[meal]);
}

/* Writes the next line, with its '\n', into `out` (at least TMB_MAX_LINE bytes); returns its
 * length (NUL not counted). */
static inline size_t tmb_next_line(tmb_gen* g, char* out) {
    const int kind = tmb_between(g, 0, 999);
    const int roll = tmb_between(g, 0, 999);
    size_t n;
    if (kind < 10 && g->previous_len != 0) {
        memcpy(out, g->previous, g->previous_len + 1); /* an upload sent twice */
        return g->previous_len;
    }
    if (kind < 40) {
        /* Broken: seven kinds in turn. */
        const int broken = (int)(g->broken++ % 7);
        switch (broken) {
        case 0: /* truncated JSON */
            n = tmb_bp_line(g, out, 999, 0);
            n = n * 2 / 3;
            break;
        case 1: /* an unknown unit */
        case 5: /* a missing field */
            n = tmb_glucose_line(g, out, 999, broken);
            break;
        case 6: /* an empty line */
            n = 0;
            break;
        default: /* 2: systolic below diastolic, 3: a number as a string, 4: in the future */
            n = tmb_bp_line(g, out, 999, broken);
            break;
        }
        out[n] = '\n';
        out[n + 1] = '\0';
        return n + 1;
    }
    n = kind < 585 ? tmb_bp_line(g, out, roll, 0) : tmb_glucose_line(g, out, roll, 0);
    out[n] = '\n';
    out[n + 1] = '\0';
    memcpy(g->previous, out, n + 2);
    g->previous_len = n + 1;
    return n + 1;
}

#endif /* TELEMED_BENCH_READINGS_LINES_H */
