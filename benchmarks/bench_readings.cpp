// Speed of the readings domain through the C API (telemed.h, "Home-device readings").
//
// Figures, not tests: nothing here asserts a time. After the runs the program prints:
//
//  1. NDJSON ingest: one tm_reading_stream (open, feed in 64 KiB chunks, finish, free) over a text
//     of realistic readings (readings_lines.h: blood pressure and glucose, ~4% broken or repeated
//     lines, ~6% with alerts), against Boost.JSON's raw parse of the same bytes. Target: the
//     stream's throughput >= 50% of the raw parse's, i.e. (stream time) / (raw time) <= 2.0.
//     The raw side splits the text at '\n' like the stream must, and builds a DOM of every line,
//     as the library does (it reads the reading from a DOM). Three raw baselines are measured:
//       - "reused parser" (the target's baseline): one boost::json::parser, reset per line onto a
//         monotonic_resource over a stack buffer — Boost.JSON at its fastest for a DOM per line,
//         and the same allocation scheme as the library (a per-line bump arena, json::Arena).
//       - "parse": boost::json::parse(line, ec) per line, Boost.JSON's plain call (a new parser
//         and heap allocation per line), as bench_patient.cpp's "raw parse" is.
//       - "stream_parser": one boost::json::stream_parser over the whole text, write_some() to
//         each value's end and reset, re-synchronised at the next '\n' after a syntax error.
//     The first is the fairest: it does what the library must do (split, parse each line into a
//     DOM allocated by bumping a pointer) and nothing it does not; the other two only add
//     Boost.JSON overheads the library does not have (a heap per line) or skip one it has
//     (splitting; NDJSON is not one JSON text, so a stream_parser must be reset per value and,
//     on a broken line, re-synchronised by hand at the next '\n').
//  2. Two threads, each with its own stream, sharing one context, against one thread (wall
//     clock, paired rounds as in bench_threads.cpp). Target: >= 1.8. Beside it, the same pairing
//     of a register-only loop (BM_ThreadsControl): the speedup this machine gives any code, so that
//     a host that does not give the process two cores is told apart from the library.
//  3. The typed C batch (tm_readings_check) against the JSON path per reading, over the same
//     readings: against one tm_readings_validate_batch call, and against tm_reading_validate per
//     reading. Target: typed >= 10x faster. Compiled only when telemed.h declares the typed batch
//     (see "TYPED BATCH" below).
//
// Ratios come from the BM_Paired_* benchmarks, which alternate their two sides within one run
// (paired.hpp): the median of the per-round ratios with its spread and number of pairs.
//
// Run: build/default/benchmarks/telemed_bench_readings
//      TELEMED_BENCH_LINES=5000 (lines per text, default 2000)
#include <algorithm>
#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "paired.hpp"
#include "ratio_reporter.hpp"
#include "readings_lines.h"
#include "telemed.h"

namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;
constexpr benchmark::IterationCount paired_rounds = 30;
// CPU time per side of a round: one pass over the text takes a few milliseconds.
constexpr double paired_batch_ns = 3e7;

// The NDJSON text and its lines (made in main()).
std::string text;
std::size_t text_lines = 0;
// The same readings as one tm_readings_validate_batch request and as tm_reading_validate requests,
// one per reading: the lines a typed reading can hold (make_requests()).
std::string batch_request;
std::size_t batch_readings = 0;
std::string batch_text; // the same readings as NDJSON, for the stream
std::vector<std::string> single_requests;

tm_context* shared_context = nullptr;

[[noreturn]] void die(const char* what, int status) {
    const tm_error* e = tm_error_last();
    std::fprintf(stderr, "%s failed: %s %s at '%s': %s\n", what, tm_status_name(status), e->code,
                 e->pointer, e->message_en);
    std::abort();
}

tm_context* new_context() {
    tm_context_options options;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-KIR"; // Europe/Kirov, UTC+3, as the readings' offsets
    options.clock = tmb_clock;
    tm_context* context = nullptr;
    if (const int status = tm_context_new(&context, &options); status != TM_OK) {
        die("tm_context_new", status);
    }
    return context;
}

std::string make_text(std::size_t count, std::uint64_t seed) {
    tmb_gen g;
    tmb_gen_init(&g, seed);
    std::string out;
    out.reserve(count * 230);
    char line[TMB_MAX_LINE];
    for (std::size_t i = 0; i < count; ++i) {
        out.append(line, tmb_next_line(&g, line));
    }
    return out;
}

// -------------------------------------------------------------------------------------------------
// The two sides of the ingest ratio
// -------------------------------------------------------------------------------------------------

struct StreamTotals {
    std::size_t result_lines = 0;
    std::size_t out_bytes = 0;
};

// One upload: a stream opened on the context, the text fed in chunks, finished and freed. The
// results are counted (as an embedder would at least pass them on) and dropped.
StreamTotals stream_text(const tm_context* context, std::string_view ndjson) {
    tm_reading_stream* stream = nullptr;
    if (const int status = tm_reading_stream_open(context, nullptr, 0, &stream); status != TM_OK) {
        die("tm_reading_stream_open", status);
    }
    StreamTotals totals;
    const auto take = [&](char* out, std::size_t len) {
        totals.result_lines += static_cast<std::size_t>(std::count(out, out + len, '\n'));
        totals.out_bytes += len;
        tm_string_free(out);
    };
    for (std::size_t at = 0; at < ndjson.size(); at += chunk_bytes) {
        const std::size_t n = std::min(chunk_bytes, ndjson.size() - at);
        char* out = nullptr;
        std::size_t len = 0;
        if (const int status = tm_reading_stream_feed(stream, ndjson.data() + at, n, &out, &len);
            status != TM_OK) {
            die("tm_reading_stream_feed", status);
        }
        take(out, len);
    }
    char* out = nullptr;
    std::size_t len = 0;
    if (const int status = tm_reading_stream_finish(stream, &out, &len); status != TM_OK) {
        die("tm_reading_stream_finish", status);
    }
    take(out, len);
    tm_reading_stream_free(stream);
    return totals;
}

// Calls `f(line)` for every line of `ndjson` (without its '\n'), as the stream cuts them.
template <class F> void for_each_line(std::string_view ndjson, F&& f) {
    const char* p = ndjson.data();
    const char* const end = p + ndjson.size();
    while (p < end) {
        const auto* nl =
            static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = nl != nullptr ? nl : end;
        f(std::string_view(p, static_cast<std::size_t>(stop - p)));
        p = stop + 1;
    }
}

// Boost.JSON's plain call per line: a new parser and the default (heap) allocator.
std::size_t raw_parse_lines(std::string_view ndjson) {
    std::size_t good = 0;
    for_each_line(ndjson, [&](std::string_view line) {
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(line, ec);
        benchmark::DoNotOptimize(v);
        good += ec ? 0u : 1u;
    });
    return good;
}

// Boost.JSON at its fastest for a DOM per line: one parser reused, each line's DOM in a
// monotonic_resource over a stack buffer (the library's json::Arena does the same).
std::size_t raw_parser_reused(std::string_view ndjson) {
    thread_local boost::json::parser parser;
    std::size_t good = 0;
    for_each_line(ndjson, [&](std::string_view line) {
        unsigned char buffer[4096];
        boost::json::monotonic_resource arena(buffer, sizeof buffer);
        parser.reset(&arena);
        boost::system::error_code ec;
        parser.write(line.data(), line.size(), ec);
        if (!ec) {
            boost::json::value v = parser.release();
            benchmark::DoNotOptimize(v);
            ++good;
        }
    });
    return good;
}

// One stream_parser over the whole text: each value parsed to its end (write_some), released,
// the parser reset for the next one; after a syntax error, parsing resumes after the next '\n'.
std::size_t raw_stream_parser(std::string_view ndjson) {
    thread_local boost::json::stream_parser parser;
    std::size_t good = 0;
    std::size_t at = 0;
    while (at < ndjson.size()) {
        unsigned char buffer[4096];
        boost::json::monotonic_resource arena(buffer, sizeof buffer);
        parser.reset(&arena);
        boost::system::error_code ec;
        const std::size_t used = parser.write_some(ndjson.data() + at, ndjson.size() - at, ec);
        if (!ec && parser.done()) {
            boost::json::value v = parser.release();
            benchmark::DoNotOptimize(v);
            ++good;
            at += used;
            // The '\n' (and blank lines) before the next value.
            while (at < ndjson.size() && (ndjson[at] == '\n' || ndjson[at] == ' ')) {
                ++at;
            }
            continue;
        }
        if (!ec) {
            break; // the text ends inside a value
        }
        const std::size_t nl = ndjson.find('\n', at);
        at = nl == std::string_view::npos ? ndjson.size() : nl + 1;
    }
    return good;
}

// -------------------------------------------------------------------------------------------------
// Single figures (per pass over the text, bytes/s), for reference
// -------------------------------------------------------------------------------------------------

void set_text_counters(benchmark::State& state) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text_lines));
}

void BM_StreamCApi(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(stream_text(shared_context, text));
    }
    set_text_counters(state);
}
BENCHMARK(BM_StreamCApi)->Unit(benchmark::kMillisecond);

void BM_RawParserReused(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(raw_parser_reused(text));
    }
    set_text_counters(state);
}
BENCHMARK(BM_RawParserReused)->Unit(benchmark::kMillisecond);

void BM_RawParseLines(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(raw_parse_lines(text));
    }
    set_text_counters(state);
}
BENCHMARK(BM_RawParseLines)->Unit(benchmark::kMillisecond);

void BM_RawStreamParser(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(raw_stream_parser(text));
    }
    set_text_counters(state);
}
BENCHMARK(BM_RawStreamParser)->Unit(benchmark::kMillisecond);

// Opening and freeing a stream with nothing fed: the fixed cost of one upload.
void BM_StreamOpenFree(benchmark::State& state) {
    for (auto _ : state) {
        tm_reading_stream* stream = nullptr;
        if (const int status = tm_reading_stream_open(shared_context, nullptr, 0, &stream);
            status != TM_OK) {
            die("tm_reading_stream_open", status);
        }
        benchmark::DoNotOptimize(stream);
        tm_reading_stream_free(stream);
    }
}
BENCHMARK(BM_StreamOpenFree)->Unit(benchmark::kMicrosecond);

// tm_reading_validate, one call per reading ({"reading": ...}), cycling through the readings.
void BM_ReadingValidateCApi(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        const std::string& request = single_requests[i];
        i = i + 1 == single_requests.size() ? 0 : i + 1;
        char* out = nullptr;
        size_t len = 0;
        const int status =
            tm_reading_validate(shared_context, request.data(), request.size(), &out, &len);
        benchmark::DoNotOptimize(status);
        tm_string_free(out);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadingValidateCApi);

// The JSON batch: all the readings in one tm_readings_validate_batch call.
void readings_batch_json() {
    char* out = nullptr;
    size_t len = 0;
    const int status = tm_readings_validate_batch(shared_context, batch_request.data(),
                                                  batch_request.size(), &out, &len);
    if (status != TM_OK) {
        die("tm_readings_validate_batch", status);
    }
    benchmark::DoNotOptimize(out);
    tm_string_free(out);
}

void BM_ReadingsBatchJsonCApi(benchmark::State& state) {
    for (auto _ : state) {
        readings_batch_json();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(batch_readings));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(batch_request.size()));
}
BENCHMARK(BM_ReadingsBatchJsonCApi)->Unit(benchmark::kMillisecond);

// -------------------------------------------------------------------------------------------------
// TYPED BATCH: tm_readings_check (telemed.h, "The typed batch") against the JSON path, over the
// same readings: the lines a typed reading can hold (the broken lines that are not JSON, or whose
// unit, number or time is not one, are left out of both sides). Compiled only when telemed.h
// declares the typed batch (TM_READINGS_CHECK_OPTIONS_VERSION), so that this program builds
// against the header before and after it.
// -------------------------------------------------------------------------------------------------

// A reading of the text as plain values, when the line holds one a typed reading can carry.
struct PlainReading {
    bool blood_pressure = true;
    std::string unit;
    std::int64_t measured_at_ms = 0;
    double systolic = 0, diastolic = 0, pulse = std::numeric_limits<double>::quiet_NaN();
    double glucose = 0;
    std::string meal;
    std::uint32_t flags = 0;
    std::string device_id;
};

// Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "YYYY-MM-DDTHH:MM:SS+HH:MM" (the form readings_lines.h writes) as Unix milliseconds.
std::optional<std::int64_t> instant_ms(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, oh = 0, om = 0;
    char sign = 0;
    if (s.size() != 25 || std::sscanf(std::string(s).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d",
                                      &y, &mo, &d, &h, &mi, &se, &sign, &oh, &om) != 9) {
        return std::nullopt;
    }
    const std::int64_t offset = (sign == '-' ? -1 : 1) * (oh * 60 + om);
    const std::int64_t minutes =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 1440 + h * 60 +
        mi - offset;
    return (minutes * 60 + se) * 1000;
}

// The device flags in the order of their bits (telemed.h, TM_FLAG_*).
constexpr std::string_view flag_names[] = {"body_movement",
                                           "cuff_too_loose",
                                           "irregular_pulse",
                                           "pulse_above_range",
                                           "pulse_below_range",
                                           "improper_position",
                                           "battery_low",
                                           "sensor_malfunction",
                                           "sample_size_insufficient",
                                           "strip_insertion_error",
                                           "strip_type_incorrect",
                                           "result_above_device_range",
                                           "result_below_device_range",
                                           "temperature_too_high",
                                           "temperature_too_low",
                                           "read_interrupted",
                                           "general_device_fault",
                                           "time_fault"};

std::optional<PlainReading> plain_of(std::string_view line) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    const auto& o = v.get_object();
    const auto* kind = o.if_contains("kind");
    const auto* at = o.if_contains("measured_at");
    const auto* device = o.if_contains("device");
    if (kind == nullptr || !kind->is_string() || at == nullptr || !at->is_string() ||
        device == nullptr || !device->is_object()) {
        return std::nullopt;
    }
    PlainReading r;
    const auto ms = instant_ms(at->get_string());
    if (!ms) {
        return std::nullopt;
    }
    r.measured_at_ms = *ms;
    r.device_id = std::string(device->at("id").as_string());
    r.blood_pressure = kind->get_string() == "blood_pressure";
    const auto& values = o.at(r.blood_pressure ? "blood_pressure" : "glucose").as_object();
    const auto number = [](const boost::json::value* x) -> std::optional<double> {
        if (x == nullptr || !x->is_number()) {
            return std::nullopt;
        }
        return x->to_number<double>();
    };
    r.unit = std::string(values.at("unit").as_string());
    if (r.unit != "mmHg" && r.unit != "kPa" && r.unit != "mmol/L" && r.unit != "mg/dL") {
        return std::nullopt;
    }
    if (r.blood_pressure) {
        const auto s = number(values.if_contains("systolic"));
        const auto d = number(values.if_contains("diastolic"));
        if (!s || !d) {
            return std::nullopt;
        }
        r.systolic = *s, r.diastolic = *d;
        if (const auto p = number(values.if_contains("pulse"))) {
            r.pulse = *p;
        }
    } else {
        const auto g = number(values.if_contains("value"));
        if (!g) {
            return std::nullopt;
        }
        r.glucose = *g;
        r.meal = std::string(values.at("meal").as_string());
    }
    if (const auto* flags = o.if_contains("flags")) {
        for (const auto& f : flags->as_array()) {
            for (std::size_t bit = 0; bit < std::size(flag_names); ++bit) {
                if (f.as_string() == flag_names[bit]) {
                    r.flags |= 1u << bit;
                }
            }
        }
    }
    return r;
}

std::vector<PlainReading> plain_readings; // made in make_requests()

#if defined(TM_READINGS_CHECK_OPTIONS_VERSION)

std::vector<tm_reading> typed_batch;
std::vector<tm_reading_result> typed_results;

void make_typed_batch() {
    for (const auto& p : plain_readings) {
        tm_reading r;
        std::memset(&r, 0, sizeof r);
        r.kind = p.blood_pressure ? TM_READING_BLOOD_PRESSURE : TM_READING_GLUCOSE;
        r.unit = p.unit == "mmHg"    ? TM_UNIT_MMHG
                 : p.unit == "kPa"   ? TM_UNIT_KPA
                 : p.unit == "mg/dL" ? TM_UNIT_MG_DL
                                     : TM_UNIT_MMOL_L;
        r.measured_at_ms = p.measured_at_ms;
        r.systolic = p.systolic;
        r.diastolic = p.diastolic;
        r.mean = std::numeric_limits<double>::quiet_NaN();
        r.pulse = p.pulse;
        r.glucose = p.glucose;
        r.value = TM_VALUE_MEASURED;
        r.meal = p.meal == "preprandial"    ? TM_MEAL_PREPRANDIAL
                 : p.meal == "postprandial" ? TM_MEAL_POSTPRANDIAL
                 : p.meal == "fasting"      ? TM_MEAL_FASTING
                 : p.meal == "casual"       ? TM_MEAL_CASUAL
                 : p.meal == "bedtime"      ? TM_MEAL_BEDTIME
                                            : TM_MEAL_NONE;
        r.flags = p.flags;
        r.device_id = p.device_id.c_str(); // plain_readings is not changed after this
        typed_batch.push_back(r);
    }
    typed_results.resize(typed_batch.size());
}

void readings_batch_typed() {
    const int status = tm_readings_check(shared_context, nullptr, typed_batch.data(),
                                         typed_batch.size(), typed_results.data());
    if (status != TM_OK) {
        die("tm_readings_check", status);
    }
    benchmark::DoNotOptimize(typed_results.data());
    benchmark::ClobberMemory();
}

void BM_ReadingsTypedCApi(benchmark::State& state) {
    for (auto _ : state) {
        readings_batch_typed();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(typed_batch.size()));
}
BENCHMARK(BM_ReadingsTypedCApi)->Unit(benchmark::kMicrosecond);

// Per reading: both sides check the same batch_readings readings.
void BM_Paired_TypedBatch_JsonBatch(benchmark::State& state) {
    telemed_bench::run_paired(state, "typed_vs_json_batch", readings_batch_typed,
                              readings_batch_json, paired_batch_ns);
}
BENCHMARK(BM_Paired_TypedBatch_JsonBatch)->UseManualTime()->Iterations(paired_rounds);

// The same readings as single tm_reading_validate calls.
void readings_single_json() {
    for (const auto& request : single_requests) {
        char* out = nullptr;
        size_t len = 0;
        const int status =
            tm_reading_validate(shared_context, request.data(), request.size(), &out, &len);
        benchmark::DoNotOptimize(status);
        tm_string_free(out);
    }
}

void BM_Paired_TypedBatch_JsonSingle(benchmark::State& state) {
    telemed_bench::run_paired(state, "typed_vs_json_single", readings_batch_typed,
                              readings_single_json, paired_batch_ns);
}
BENCHMARK(BM_Paired_TypedBatch_JsonSingle)->UseManualTime()->Iterations(paired_rounds);

// Both paths must agree on which readings they accept (else one times another path).
bool check_typed_batch() {
    make_typed_batch();
    readings_batch_typed();
    std::size_t typed_accepted = 0;
    for (const auto& r : typed_results) {
        typed_accepted += r.status == TM_OK ? 1u : 0u;
    }
    char* out = nullptr;
    size_t len = 0;
    if (tm_readings_validate_batch(shared_context, batch_request.data(), batch_request.size(), &out,
                                   &len) != TM_OK) {
        return false;
    }
    const auto doc = boost::json::parse(std::string_view(out, len));
    tm_string_free(out);
    const auto json_accepted = doc.at("accepted").to_number<std::size_t>();
    std::printf("typed batch: %zu readings, %zu accepted; JSON batch of the same: %zu accepted\n",
                typed_batch.size(), typed_accepted, json_accepted);
    if (typed_accepted != json_accepted) {
        std::fprintf(stderr, "the typed and JSON batches disagree on the same readings\n");
    }
    return true;
}

#endif // TM_READINGS_CHECK_OPTIONS_VERSION

// -------------------------------------------------------------------------------------------------
// Paired ratios (paired.hpp)
// -------------------------------------------------------------------------------------------------

void stream_side() {
    benchmark::DoNotOptimize(stream_text(shared_context, text));
}

void BM_Paired_Stream_RawParserReused(benchmark::State& state) {
    telemed_bench::run_paired(
        state, "stream_vs_reused", stream_side,
        [] { benchmark::DoNotOptimize(raw_parser_reused(text)); }, paired_batch_ns);
}
BENCHMARK(BM_Paired_Stream_RawParserReused)->UseManualTime()->Iterations(paired_rounds);

void BM_Paired_Stream_RawParse(benchmark::State& state) {
    telemed_bench::run_paired(
        state, "stream_vs_parse", stream_side,
        [] { benchmark::DoNotOptimize(raw_parse_lines(text)); }, paired_batch_ns);
}
BENCHMARK(BM_Paired_Stream_RawParse)->UseManualTime()->Iterations(paired_rounds);

// The stream against the JSON batch over the same readings: what answering line by line costs
// (each result line carries its own rule_sets and trace; the batch writes them once).
void BM_Paired_Stream_JsonBatch(benchmark::State& state) {
    telemed_bench::run_paired(
        state, "stream_vs_batch",
        [] { benchmark::DoNotOptimize(stream_text(shared_context, batch_text)); },
        readings_batch_json, paired_batch_ns);
}
BENCHMARK(BM_Paired_Stream_JsonBatch)->UseManualTime()->Iterations(paired_rounds);

void BM_Paired_Stream_RawStreamParser(benchmark::State& state) {
    telemed_bench::run_paired(
        state, "stream_vs_stream_parser", stream_side,
        [] { benchmark::DoNotOptimize(raw_stream_parser(text)); }, paired_batch_ns);
}
BENCHMARK(BM_Paired_Stream_RawStreamParser)->UseManualTime()->Iterations(paired_rounds);

// -------------------------------------------------------------------------------------------------
// Two threads on one context, each with its own streams
// -------------------------------------------------------------------------------------------------

std::int64_t process_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// How many streams over the text each thread runs in one timed run (set in main()).
int passes = 1;
// The control: a loop of arithmetic on registers, no memory, no library, calibrated in main() to
// take about as long as `passes` streams. Its speedup on T threads is what the machine gives any
// code (a shared or oversubscribed host gives less than T), the ceiling for the library's.
std::uint64_t spin_iterations = 1;

std::uint64_t spin(std::uint64_t n) {
    std::uint64_t x = 0x9E3779B97F4A7C15u;
    for (std::uint64_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        benchmark::DoNotOptimize(x);
    }
    return x;
}

struct Timing {
    double wall_ns = 0;
    double cpu_ns = 0;
};

// Worker threads started once and kept, like an embedder's pool (bench_threads.cpp): each runs
// `passes` uploads (stream_text) over the shared context when asked.
class Workers {
public:
    explicit Workers(int count) {
        for (int i = 0; i < count; ++i) {
            threads_.emplace_back([this, i] { work(i); });
        }
    }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;
    ~Workers() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        start_.notify_all();
        for (auto& thread : threads_) {
            thread.join();
        }
    }

    // Runs the work on the first `threads` workers at once: `passes` streams each, or the control
    // loop.
    Timing run(int threads, bool control = false) {
        std::unique_lock lock(mutex_);
        control_ = control;
        active_ = threads;
        remaining_ = threads;
        ++generation_;
        const std::int64_t cpu0 = process_cpu_ns();
        const auto wall0 = std::chrono::steady_clock::now();
        start_.notify_all();
        done_.wait(lock, [this] { return remaining_ == 0; });
        const auto wall = std::chrono::steady_clock::now() - wall0;
        return Timing{static_cast<double>(std::chrono::nanoseconds(wall).count()),
                      static_cast<double>(process_cpu_ns() - cpu0)};
    }

private:
    void work(int index) {
        std::uint64_t seen = 0;
        std::unique_lock lock(mutex_);
        for (;;) {
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) {
                return;
            }
            seen = generation_;
            if (index >= active_) {
                continue;
            }
            const bool control = control_;
            lock.unlock();
            if (control) {
                benchmark::DoNotOptimize(spin(spin_iterations));
            } else {
                for (int p = 0; p < passes; ++p) {
                    benchmark::DoNotOptimize(stream_text(shared_context, text));
                }
            }
            lock.lock();
            if (--remaining_ == 0) {
                done_.notify_all();
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable start_, done_;
    std::uint64_t generation_ = 0;
    int active_ = 0;
    int remaining_ = 0;
    bool stop_ = false;
    bool control_ = false;
    std::vector<std::thread> threads_;
};

Workers* workers = nullptr; // made in main()

struct ThreadRuns {
    std::vector<Timing> ones, manys;
};
std::map<int, ThreadRuns> thread_runs;  // by thread count, pooled over repetitions
std::map<int, ThreadRuns> control_runs; // the control loop, likewise

// BM_Threads/T: the streams; BM_ThreadsControl/T: the control loop, paired the same way.
void threads_body(benchmark::State& state, bool control) {
    const int threads = static_cast<int>(state.range(0));
    workers->run(threads, control); // warm up every thread (its thread-local ICU formats, arena)
    ThreadRuns runs;
    bool single_first = true;
    for (auto _ : state) {
        if (single_first) {
            runs.ones.push_back(workers->run(1, control));
            runs.manys.push_back(workers->run(threads, control));
        } else {
            runs.manys.push_back(workers->run(threads, control));
            runs.ones.push_back(workers->run(1, control));
        }
        single_first = !single_first;
        state.SetIterationTime(runs.manys.back().wall_ns / 1e9);
    }
    std::vector<double> speedups;
    for (std::size_t i = 0; i < runs.ones.size(); ++i) {
        speedups.push_back(threads * runs.ones[i].wall_ns / runs.manys[i].wall_ns);
    }
    const auto s = telemed_bench::spread_of(speedups);
    state.counters["speedup"] = s.median;
    state.counters["q1"] = s.q1;
    state.counters["q3"] = s.q3;
    state.counters["pairs"] = static_cast<double>(s.n);
    auto& pooled = (control ? control_runs : thread_runs)[threads];
    pooled.ones.insert(pooled.ones.end(), runs.ones.begin(), runs.ones.end());
    pooled.manys.insert(pooled.manys.end(), runs.manys.begin(), runs.manys.end());
}

void BM_Threads(benchmark::State& state) {
    threads_body(state, false);
}

void BM_ThreadsControl(benchmark::State& state) {
    threads_body(state, true);
}

void print_threads(int threads, double target) {
    const auto it = thread_runs.find(threads);
    if (it == thread_runs.end() || it->second.ones.empty()) {
        std::printf("%d threads / 1 thread: n/a (BM_Threads/%d did not run)\n", threads, threads);
        return;
    }
    const auto& r = it->second;
    std::vector<double> speedups, cores, cpu_per_line, one_core;
    for (std::size_t i = 0; i < r.ones.size(); ++i) {
        speedups.push_back(threads * r.ones[i].wall_ns / r.manys[i].wall_ns);
        cores.push_back(r.manys[i].cpu_ns / r.manys[i].wall_ns);
        one_core.push_back(r.ones[i].cpu_ns / r.ones[i].wall_ns);
        cpu_per_line.push_back(r.manys[i].cpu_ns / threads / r.ones[i].cpu_ns);
    }
    const auto s = telemed_bench::spread_of(speedups);
    std::printf("%d threads / 1 thread (throughput, wall clock; one stream per thread, one shared "
                "context): median %.2f (IQR %.2f-%.2f, min-max %.2f-%.2f, %zu pairs; target >= "
                "%.1f)\n",
                threads, s.median, s.q1, s.q3, s.min, s.max, s.n, target);
    std::printf(
        "    cores busy: %.2f on %d threads, %.2f on 1; CPU per line on %d threads x%.2f of "
        "1 thread\n",
        telemed_bench::spread_of(cores).median, threads, telemed_bench::spread_of(one_core).median,
        threads, telemed_bench::spread_of(cpu_per_line).median);
    if (const auto c = control_runs.find(threads);
        c != control_runs.end() && !c->second.ones.empty()) {
        std::vector<double> control, control_cores;
        for (std::size_t i = 0; i < c->second.ones.size(); ++i) {
            control.push_back(threads * c->second.ones[i].wall_ns / c->second.manys[i].wall_ns);
            control_cores.push_back(c->second.manys[i].cpu_ns / c->second.manys[i].wall_ns);
        }
        const auto k = telemed_bench::spread_of(control);
        std::printf(
            "    control (a register-only loop, no library; what this machine gives any code): "
            "median %.2f (IQR %.2f-%.2f, %zu pairs), %.2f cores busy on %d threads\n",
            k.median, k.q1, k.q3, k.n, telemed_bench::spread_of(control_cores).median, threads);
    }
}

// "<label>: <side> / <baseline> time median X (IQR, min-max, N pairs; target <= T) = throughput
// Y% of the baseline (IQR)".
void print_ingest(const std::string& key, const char* baseline, double target) {
    const auto it = telemed_bench::paired_ratios().find(key);
    if (it == telemed_bench::paired_ratios().end() || it->second.empty()) {
        std::printf("stream / %s: n/a (%s did not run)\n", baseline, key.c_str());
        return;
    }
    const auto s = telemed_bench::spread_of(it->second);
    std::printf("stream / %s, time per text: median %.2f (IQR %.2f-%.2f, min-max %.2f-%.2f, %zu "
                "pairs; target <= %.1f) -> stream throughput %.0f%% of raw (IQR %.0f-%.0f%%)\n",
                baseline, s.median, s.q1, s.q3, s.min, s.max, s.n, target, 100.0 / s.median,
                100.0 / s.q3, 100.0 / s.q1);
}

// "<fast> is X times faster than <slow> per reading: median (IQR, min-max, N pairs; target >= T)"
// from the pairs kept under `key` (each pair: fast time / slow time over the same readings).
[[maybe_unused]] void print_speedup(const std::string& key, const char* fast, const char* slow,
                                    double target) {
    const auto it = telemed_bench::paired_ratios().find(key);
    if (it == telemed_bench::paired_ratios().end() || it->second.empty()) {
        std::printf("%s / %s: n/a (%s did not run)\n", fast, slow, key.c_str());
        return;
    }
    std::vector<double> speedups;
    for (const double r : it->second) {
        speedups.push_back(1.0 / r);
    }
    const auto s = telemed_bench::spread_of(speedups);
    std::printf("%s vs %s, speedup per reading: median %.1fx (IQR %.1f-%.1f, min-max %.1f-%.1f, "
                "%zu pairs; target >= %.0fx)\n",
                fast, slow, s.median, s.q1, s.q3, s.min, s.max, s.n, target);
}

// -------------------------------------------------------------------------------------------------
// Set-up: the text, its mix, the batch requests
// -------------------------------------------------------------------------------------------------

// Runs one stream over the text and checks it: one result per line, the mix as intended (else
// the benchmark would time another path, e.g. everything rejected as in the future). Prints the
// mix.
bool check_text(std::size_t* accepted_out) {
    tm_reading_stream* stream = nullptr;
    if (tm_reading_stream_open(shared_context, nullptr, 0, &stream) != TM_OK) {
        return false;
    }
    std::string results;
    for (std::size_t at = 0; at < text.size(); at += chunk_bytes) {
        char* out = nullptr;
        std::size_t len = 0;
        if (tm_reading_stream_feed(stream, text.data() + at,
                                   std::min(chunk_bytes, text.size() - at), &out, &len) != TM_OK) {
            return false;
        }
        results.append(out, len);
        tm_string_free(out);
    }
    char* out = nullptr;
    std::size_t len = 0;
    tm_reading_stream_finish(stream, &out, &len);
    results.append(out, len);
    tm_string_free(out);
    tm_reading_stream_free(stream);

    std::size_t lines = 0, accepted = 0, alerted = 0, alerts = 0, warned = 0;
    std::map<std::string, std::size_t> rejected_by, alerts_by;
    bool in_order = true;
    for_each_line(results, [&](std::string_view line) {
        const auto v = boost::json::parse(line).as_object();
        in_order = in_order && v.at("index").to_number<std::size_t>() == lines;
        ++lines;
        const bool ok = v.at("accepted").as_bool();
        accepted += ok ? 1u : 0u;
        bool first_error = true;
        for (const auto& p : v.at("problems").as_array()) {
            if (!ok && first_error && p.at("severity").as_string() == "error") {
                ++rejected_by[std::string(p.at("code").as_string())];
                first_error = false;
            }
            warned += ok ? 1u : 0u;
        }
        if (ok && !v.at("alerts").as_array().empty()) {
            ++alerted;
            for (const auto& a : v.at("alerts").as_array()) {
                ++alerts;
                ++alerts_by[std::string(a.at("code").as_string())];
            }
        }
    });
    const auto n = static_cast<double>(text_lines);
    const auto share = [n](std::size_t k) { return 100.0 * static_cast<double>(k) / n; };
    std::printf("text: %zu lines, %zu bytes (%.0f bytes a line); results %zu bytes (%.0f a line)\n",
                text_lines, text.size(), static_cast<double>(text.size()) / n, results.size(),
                static_cast<double>(results.size()) / n);
    std::printf("      accepted %zu (%.1f%%), of which %zu with alerts (%.1f%% of lines, %zu "
                "alerts) and %zu warnings; rejected %zu (%.1f%%)\n",
                accepted, share(accepted), alerted, share(alerted), alerts, warned,
                text_lines - accepted, share(text_lines - accepted));
    std::printf("      rejected by first error:");
    for (const auto& [code, k] : rejected_by) {
        std::printf(" %s %zu;", code.c_str(), k);
    }
    std::printf("\n      alerts:");
    for (const auto& [code, k] : alerts_by) {
        std::printf(" %s %zu;", code.c_str(), k);
    }
    std::printf("\n");
    *accepted_out = accepted;
    const bool mix_ok = accepted >= text_lines * 9 / 10 && alerted >= text_lines / 50;
    if (lines != text_lines || !in_order || !mix_ok) {
        std::fprintf(stderr,
                     "the text's results are not as intended: %zu results for %zu lines, "
                     "%zu accepted, %zu with alerts\n",
                     lines, text_lines, accepted, alerted);
        return false;
    }
    return true;
}

// {"readings": [...]} and {"reading": line} requests of the readings a typed reading can hold
// (every line but the broken ones that are not JSON or hold no unit, number or time).
void make_requests() {
    batch_request = R"({"readings":[)";
    for_each_line(text, [&](std::string_view line) {
        auto plain = plain_of(line);
        if (!plain) {
            return;
        }
        plain_readings.push_back(std::move(*plain));
        batch_request += batch_readings == 0 ? "" : ",";
        batch_request += line;
        batch_text += line;
        batch_text += '\n';
        ++batch_readings;
        single_requests.push_back(R"({"reading":)" + std::string(line) + "}");
    });
    batch_request += "]}";
}

} // namespace

int main(int argc, char** argv) {
    std::size_t lines = 2000;
    if (const char* n = std::getenv("TELEMED_BENCH_LINES")) {
        lines = std::max<std::size_t>(10, std::strtoull(n, nullptr, 10));
    }
    text = make_text(lines, 42);
    text_lines = lines;
    shared_context = new_context();
    std::size_t accepted = 0;
    if (!check_text(&accepted)) {
        tm_context_free(shared_context);
        return 2;
    }
    make_requests();
    readings_batch_json(); // must succeed (aborts otherwise)
#if defined(TM_READINGS_CHECK_OPTIONS_VERSION)
    if (!check_typed_batch()) {
        tm_context_free(shared_context);
        return 2;
    }
#endif

    // About 60 ms of one thread's CPU time per timed thread run.
    const std::int64_t start = telemed_bench::thread_cpu_ns();
    stream_text(shared_context, text);
    const std::int64_t pass_ns = std::max<std::int64_t>(1, telemed_bench::thread_cpu_ns() - start);
    passes = static_cast<int>(std::max<std::int64_t>(1, 60000000 / pass_ns));
    const int hardware = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    std::vector<int> counts{2};
    if (hardware > 2) {
        counts.push_back(hardware);
    }
    // The control loop as long as one thread's streams.
    const std::int64_t spin_start = telemed_bench::thread_cpu_ns();
    benchmark::DoNotOptimize(spin(10000000));
    const std::int64_t spin_ns =
        std::max<std::int64_t>(1, telemed_bench::thread_cpu_ns() - spin_start);
    spin_iterations =
        static_cast<std::uint64_t>(10000000.0 * static_cast<double>(passes) *
                                   static_cast<double>(pass_ns) / static_cast<double>(spin_ns));
    for (const int t : counts) {
        benchmark::RegisterBenchmark("BM_Threads", BM_Threads)
            ->Arg(t)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Iterations(30);
        benchmark::RegisterBenchmark("BM_ThreadsControl", BM_ThreadsControl)
            ->Arg(t)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Iterations(30);
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        tm_context_free(shared_context);
        return 1;
    }
    telemed_bench::RecordingReporter reporter;
    {
        Workers pool(counts.back());
        workers = &pool;
        benchmark::RunSpecifiedBenchmarks(&reporter);
        workers = nullptr;
    }
    benchmark::Shutdown();
    tm_context_free(shared_context);

    std::printf("\n%zu lines (%zu bytes) per text, fed in %zu KiB chunks; %d stream(s) per thread "
                "per timed thread run; hardware_concurrency %d\n",
                text_lines, text.size(), chunk_bytes / 1024, passes, hardware);
    print_ingest("stream_vs_reused", "raw reused parser (target baseline)", 2.0);
    print_ingest("stream_vs_parse", "raw boost::json::parse per line", 2.0);
    print_ingest("stream_vs_stream_parser", "raw stream_parser", 2.0);
    if (const auto it = telemed_bench::paired_ratios().find("stream_vs_batch");
        it != telemed_bench::paired_ratios().end() && !it->second.empty()) {
        const auto s = telemed_bench::spread_of(it->second);
        std::printf("stream / JSON batch over the same %zu readings, time: median %.2f (IQR "
                    "%.2f-%.2f, min-max %.2f-%.2f, %zu pairs; no target: the cost of answering "
                    "line by line)\n",
                    batch_readings, s.median, s.q1, s.q3, s.min, s.max, s.n);
    }
    for (const int t : counts) {
        print_threads(t, t == 2 ? 1.8 : 0.9 * t);
    }
    const auto per_line = [&](const char* name, std::size_t items) {
        const double ns = reporter.ns(name);
        if (ns < 0) {
            std::printf("  %s: n/a\n", name);
        } else {
            std::printf("  %s: %.2f us per line (%.1f MB/s)\n", name,
                        ns / 1e3 / static_cast<double>(items),
                        static_cast<double>(text.size()) / ns * 1e3);
        }
    };
    std::printf("single runs (not paired; for scale only):\n");
    per_line("BM_StreamCApi", text_lines);
    per_line("BM_RawParserReused", text_lines);
    per_line("BM_RawParseLines", text_lines);
    per_line("BM_RawStreamParser", text_lines);
    const double batch_ns = reporter.ns("BM_ReadingsBatchJsonCApi");
    if (batch_ns >= 0) {
        std::printf("  BM_ReadingsBatchJsonCApi: %.2f us per reading (%zu readings a batch)\n",
                    batch_ns / 1e3 / static_cast<double>(batch_readings), batch_readings);
    }
    const double single_ns = reporter.ns("BM_ReadingValidateCApi");
    if (single_ns >= 0) {
        std::printf("  BM_ReadingValidateCApi: %.2f us per reading\n", single_ns / 1e3);
    }
    const double open_ns = reporter.ns("BM_StreamOpenFree");
    if (open_ns >= 0) {
        std::printf("  BM_StreamOpenFree: %.1f us per stream\n", open_ns / 1e3);
    }
#if defined(TM_READINGS_CHECK_OPTIONS_VERSION)
    print_speedup("typed_vs_json_batch", "typed batch (tm_readings_check)",
                  "JSON batch (tm_readings_validate_batch)", 10.0);
    print_speedup("typed_vs_json_single", "typed batch (tm_readings_check)",
                  "tm_reading_validate per reading", 10.0);
    const double typed_ns = reporter.ns("BM_ReadingsTypedCApi");
    if (typed_ns >= 0) {
        std::printf("  BM_ReadingsTypedCApi: %.3f us per reading\n",
                    typed_ns / 1e3 / static_cast<double>(typed_batch.size()));
    }
#else
    std::printf("typed batch / JSON batch: n/a (telemed.h declares no typed batch; target typed "
                ">= 10x faster per reading)\n");
#endif
    return 0;
}
