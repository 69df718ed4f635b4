// Cost of the C ABI boundary: the eligibility decision called directly in C++ against the same
// decision through tm_eligibility_evaluate, both from the static library (the shared library
// exports only the tm_ symbols).
//
// Figures, not tests: nothing here asserts a time. After the runs the program prints the ratio of
// the C call to the direct C++ call (target: the C API within 5 % of the C++ call). The ratio comes
// from BM_Paired_CApi_Cpp, which alternates the two calls within one run (paired.hpp): the median
// of the per-round ratios, with its spread and number of pairs.
#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "eligibility_request.hpp"
#include "paired.hpp"
#include "telemed.h"
#include "telemed/context.hpp"
#include "telemed/eligibility.hpp"

namespace {

using telemed_bench::eligibility_document;

// A fixed "now", 2026-03-01T06:00:00Z, in both APIs, so that every run sees the same calendar.
constexpr std::int64_t fixed_now_ms = INT64_C(1772344800000);

std::int64_t fixed_clock(void* /*user_data*/) {
    return fixed_now_ms;
}

// The contexts the benchmarks share, created in main(): the same jurisdiction and clock.
const telemed::Context* cpp_context = nullptr;
tm_context* c_context = nullptr;

void BM_EligibilityCpp(benchmark::State& state) {
    if (cpp_context == nullptr) {
        state.SkipWithError("no context");
        return;
    }
    for (auto _ : state) {
        telemed::Response response =
            telemed::eligibility::evaluate(*cpp_context, eligibility_document);
        benchmark::DoNotOptimize(response);
        if (response.status != telemed::Status::ok) {
            state.SkipWithError(response.problem.code.c_str());
            break;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(eligibility_document.size()));
}
BENCHMARK(BM_EligibilityCpp);

void BM_EligibilityCApiStatic(benchmark::State& state) {
    if (c_context == nullptr) {
        state.SkipWithError("no context");
        return;
    }
    for (auto _ : state) {
        char* out = nullptr;
        size_t out_len = 0;
        const int status = tm_eligibility_evaluate(c_context, eligibility_document.data(),
                                                   eligibility_document.size(), &out, &out_len);
        benchmark::DoNotOptimize(status);
        benchmark::DoNotOptimize(out);
        tm_string_free(out);
        if (status != TM_OK) {
            state.SkipWithError(tm_error_last()->code);
            break;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(eligibility_document.size()));
}
BENCHMARK(BM_EligibilityCApiStatic);

// The paired ratio: each iteration is one round, a batch of C calls and a batch of C++ calls in
// alternating order (paired.hpp). main() checked that both succeed with the same answer.
void BM_Paired_CApi_Cpp(benchmark::State& state) {
    if (cpp_context == nullptr || c_context == nullptr) {
        state.SkipWithError("no context");
        return;
    }
    const auto c_call = [] {
        char* out = nullptr;
        size_t out_len = 0;
        const int status = tm_eligibility_evaluate(c_context, eligibility_document.data(),
                                                   eligibility_document.size(), &out, &out_len);
        benchmark::DoNotOptimize(out);
        tm_string_free(out);
        if (status != TM_OK) {
            std::abort();
        }
    };
    const auto cpp_call = [] {
        telemed::Response response =
            telemed::eligibility::evaluate(*cpp_context, eligibility_document);
        benchmark::DoNotOptimize(response);
        if (response.status != telemed::Status::ok) {
            std::abort();
        }
    };
    telemed_bench::run_paired(state, "c_vs_cpp", c_call, cpp_call);
}
BENCHMARK(BM_Paired_CApi_Cpp)->UseManualTime()->Iterations(40);

// The verdict of a response document, or "" when it has none.
std::string verdict_of(std::string_view json) {
    boost::json::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    if (ec || !v.is_object()) {
        return {};
    }
    const boost::json::value* verdict = v.as_object().if_contains("verdict");
    return verdict != nullptr && verdict->is_string() ? std::string(verdict->get_string()) : "";
}

// Both calls must give the same "allowed" answer, else the benchmark would time a rejection or a
// shortened rule chain, or compare two different pieces of work.
bool check_same_answer(const telemed::Context& cpp, const tm_context* c) {
    const telemed::Response response = telemed::eligibility::evaluate(cpp, eligibility_document);
    if (response.status != telemed::Status::ok) {
        std::fprintf(stderr, "the C++ call refuses the consultation: %s %s at '%s'\n",
                     telemed::status_name(static_cast<int>(response.status)),
                     response.problem.code.c_str(), response.problem.pointer.c_str());
        return false;
    }
    char* out = nullptr;
    size_t out_len = 0;
    const int status = tm_eligibility_evaluate(c, eligibility_document.data(),
                                               eligibility_document.size(), &out, &out_len);
    if (status != TM_OK) {
        const tm_error* e = tm_error_last();
        std::fprintf(stderr, "the C call refuses the consultation: %s %s at '%s'\n",
                     tm_status_name(status), e->code, e->pointer);
        tm_string_free(out);
        return false;
    }
    const std::string c_json(out, out_len);
    tm_string_free(out);
    if (c_json != response.json) {
        std::fprintf(stderr, "the C and C++ calls answer differently:\n%s\n%s\n", c_json.c_str(),
                     response.json.c_str());
        return false;
    }
    if (verdict_of(c_json) != "allowed") {
        std::fprintf(stderr, "the benchmark consultation is not allowed: %s\n", c_json.c_str());
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    telemed::ContextOptions options;
    options.jurisdiction = "RU-NVS";
    options.clock = [] {
        return std::chrono::system_clock::time_point(std::chrono::milliseconds(fixed_now_ms));
    };
    auto created = telemed::Context::create(options);
    if (!created.ok()) {
        std::fprintf(stderr, "telemed::Context::create failed: %s %s\n",
                     telemed::status_name(static_cast<int>(created.error().status)),
                     created.error().problem.code.c_str());
        return 2;
    }
    const telemed::Context context = std::move(created).value();

    tm_context_options c_options;
    tm_context_options_init(&c_options, TM_CONTEXT_OPTIONS_VERSION);
    c_options.jurisdiction = "RU-NVS";
    c_options.clock = fixed_clock;
    tm_context* c = nullptr;
    if (tm_context_new(&c, &c_options) != TM_OK) {
        const tm_error* e = tm_error_last();
        std::fprintf(stderr, "tm_context_new failed: %s %s: %s\n", tm_status_name(e->status),
                     e->code, e->message_en);
        return 2;
    }
    if (!check_same_answer(context, c)) {
        tm_context_free(c);
        return 2;
    }
    cpp_context = &context;
    c_context = c;

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        tm_context_free(c);
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    c_context = nullptr;
    cpp_context = nullptr;
    tm_context_free(c);

    std::printf("\n");
    telemed_bench::print_paired("c_vs_cpp", "C API", "direct C++", 1.05, 3);
    return 0;
}
