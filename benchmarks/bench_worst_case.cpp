// The worst inputs for a report: documents made of nothing but problems. Every element of
// planned_actions a wrong value (eligibility.evaluate), every field of a patient unknown
// (patient.validate). A report keeps at most 100 problems (docs/c-api.md, "Limits"), so its size
// and the ICU work of its messages are bounded; what remains grows with the input and must stay
// linear and small.
//
// Each size is a paired ratio (paired.hpp): the telemed call through the C API against Boost.JSON's
// raw parse of the same bytes, alternating within one run. Linear work shows as the same ratio and
// the same ns per input byte at every size; the report's size is printed beside it.
//
// Run: build/default/benchmarks/telemed_bench_worst_case
#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "paired.hpp"
#include "telemed.h"

namespace {

tm_context* shared_context = nullptr;

std::int64_t fixed_clock(void*) {
    return 1773136800000; // 2026-03-10T10:00:00Z
}

// eligibility.evaluate whose planned_actions holds `count` zeros: each one an invalid_value.
std::string zeros_request(std::size_t count) {
    std::string zeros = "[";
    for (std::size_t i = 0; i < count; ++i) {
        zeros += i == 0 ? "0" : ",0";
    }
    zeros += "]";
    return R"({"patient":{"name":{"family":"Примерова","given":"Анна"},"birth_date":"1960-05-01","sex":"female",
      "consents":[{"type":"telemedicine","date":"2023-01-01","given_by":"patient"}]},
      "organisation":{"telemedicine_cabinet":true},"slot":{"start":"2026-03-10T09:00:00Z","telemedicine":true},
      "doctor":{"role":"same_organisation_doctor","experience_years":9},"format":"doctor_patient",
      "mode":"real_time_video","present":["patient"],"identification":"esia","planned_actions":)" +
           zeros + "}";
}

// patient.validate with `count` unknown fields: each one an unknown_field.
std::string unknown_fields_patient(std::size_t count) {
    std::string doc =
        R"({"name":{"family":"Примерова","given":"Анна"},"birth_date":"1968-04-12","sex":"female")";
    for (std::size_t i = 0; i < count; ++i) {
        doc += ",\"x" + std::to_string(i) + "\":0";
    }
    return doc + "}";
}

struct Case {
    const char* name;
    int (*call)(const tm_context*, const char*, size_t, char**, size_t*);
    std::string document;
};

std::vector<Case>& cases() {
    static std::vector<Case> all;
    return all;
}

std::vector<std::size_t>& report_sizes() {
    static std::vector<std::size_t> sizes;
    return sizes;
}

// One call, which must be refused with a bounded report.
auto refused(const Case& c) {
    return [&c] {
        char* out = nullptr;
        size_t out_len = 0;
        const int status =
            c.call(shared_context, c.document.data(), c.document.size(), &out, &out_len);
        benchmark::DoNotOptimize(out);
        tm_string_free(out);
        if (status != TM_E_VALIDATION) {
            std::fprintf(stderr, "%s: expected TM_E_VALIDATION, got %s\n", c.name,
                         tm_status_name(status));
            std::abort();
        }
    };
}

auto raw_parse(const std::string& document) {
    return [&document] {
        boost::json::value v = boost::json::parse(document);
        benchmark::DoNotOptimize(v);
    };
}

void BM_WorstCase(benchmark::State& state) {
    const Case& c = cases()[static_cast<std::size_t>(state.range(0))];
    telemed_bench::run_paired(state, c.name, refused(c), raw_parse(c.document));
    state.counters["input_bytes"] = static_cast<double>(c.document.size());
    state.counters["report_bytes"] =
        static_cast<double>(report_sizes()[static_cast<std::size_t>(state.range(0))]);
    state.counters["ns_per_byte"] = state.counters["A_ns"] / static_cast<double>(c.document.size());
}

} // namespace

int main(int argc, char** argv) {
    tm_context_options options;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-NVS";
    options.clock = fixed_clock;
    if (tm_context_new(&shared_context, &options) != TM_OK) {
        std::fprintf(stderr, "context: %s\n", tm_error_last()->code);
        return 1;
    }
    // 8.7 KB of zeros is the issue's reproducer (it returned 2.6 MB and took 25 ms).
    static const char* names[] = {"zeros_8.7KB",  "zeros_87KB",    "zeros_870KB",
                                  "unknown_13KB", "unknown_148KB", "unknown_1.6MB"};
    const std::size_t zeros[] = {4350, 43500, 435000};
    const std::size_t unknown[] = {1000, 10000, 100000};
    for (std::size_t i = 0; i < 3; ++i) {
        cases().push_back({names[i], tm_eligibility_evaluate, zeros_request(zeros[i])});
    }
    for (std::size_t i = 0; i < 3; ++i) {
        cases().push_back({names[3 + i], tm_patient_validate, unknown_fields_patient(unknown[i])});
    }
    for (const auto& c : cases()) {
        char* out = nullptr;
        size_t out_len = 0;
        c.call(shared_context, c.document.data(), c.document.size(), &out, &out_len);
        report_sizes().push_back(out_len);
        tm_string_free(out);
    }
    for (std::size_t i = 0; i < cases().size(); ++i) {
        benchmark::RegisterBenchmark((std::string("BM_WorstCase/") + cases()[i].name).c_str(),
                                     BM_WorstCase)
            ->Arg(static_cast<std::int64_t>(i))
            ->UseManualTime()
            ->Iterations(15);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::printf(
        "\nWorst-case reports (telemed call / raw Boost.JSON parse of the same bytes, paired):\n");
    for (std::size_t i = 0; i < cases().size(); ++i) {
        const auto& c = cases()[i];
        const auto it = telemed_bench::paired_ratios().find(c.name);
        if (it == telemed_bench::paired_ratios().end()) {
            continue;
        }
        const auto s = telemed_bench::spread_of(it->second);
        std::printf(
            "  %-14s input %8zu B  report %6zu B  ratio median %.2f (IQR %.2f-%.2f, %zu pairs)\n",
            c.name, c.document.size(), report_sizes()[i], s.median, s.q1, s.q3, s.n);
    }
    tm_context_free(shared_context);
    return 0;
}
