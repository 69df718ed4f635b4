// Speed of the C ABI against the raw speed of its JSON dependency (Boost.JSON).
//
// Figures, not tests: nothing here asserts a time. After the runs the program prints the ratios
// of each C API call to a bare boost::json::parse of the same document, the ratios of a remote
// sick-leave closure and of an eligibility decision to parsing their request plus serialising
// their response, and the cost of creating a context (targets: patient.validate <= 3x raw parse,
// sick_leave.close and eligibility.evaluate <= 1.5x parse + serialize, context creation <= 5 ms).
//
// The ratios come from the BM_Paired_* benchmarks, which alternate their two sides within one run
// (paired.hpp): the median of the per-round ratios, with its spread and number of pairs. The other
// benchmarks give each call's own time per call, for reference.
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
#include "ratio_reporter.hpp"
#include "telemed.h"

namespace {

// A full adult patient without a representative: every section of docs/identity.md but the
// representative and proxies. The person is invented; ЕНП 5400 0000 0000 1235 passes Luhn and
// СНИЛС 112-233-445 95 passes the mod-101 check.
constexpr std::string_view patient_document = R"({
  "id": "MIS-NVS-000123",
  "enp": "5400 0000 0000 1235",
  "snils": "112-233-445 95",
  "name": {"family": "Вымышленная", "given": "Тестина", "patronymic": "Примеровна"},
  "birth_date": "1968-04-12",
  "sex": "female",
  "contacts": [
    {"kind": "phone", "value": "+79130000000"},
    {"kind": "email", "value": "patient@example.org"}
  ],
  "home_region": "RU-NVS",
  "time_zone": "Asia/Novosibirsk",
  "consents": [
    {"type": "informed_voluntary", "scope": "Диспансерное наблюдение", "date": "2024-02-01",
     "given_by": "patient"},
    {"type": "telemedicine", "scope": "Консультации врач — пациент", "date": "2024-02-01",
     "given_by": "patient"}
  ],
  "conditions": [
    {"icd10": "I10", "established": "in_person", "date": "2019-05-14"},
    {"icd10": "E11.9", "established": "in_person", "date": "2021-10-03"},
    {"icd10": "J44.9", "established": "in_person", "date": "2023-03-22"}
  ],
  "dispensary_observation": [
    {"icd10": "I10", "from": "2024-02-01"},
    {"icd10": "E11.9", "from": "2024-02-01", "to": "2025-12-31"}
  ],
  "visits": [
    {"date": "2025-06-10", "kind": "in_person", "organisation": "ГБУЗ НСО «Городская поликлиника № 0»"},
    {"date": "2025-11-18", "kind": "telemedicine"},
    {"date": "2026-02-20", "kind": "in_person"}
  ]
})";

constexpr std::string_view identifier_document = R"({"type": "snils", "value": "112-233-445 95"})";

// A remote closure (tm_sick_leave_close) of a realistic certificate: opened in person in a
// Novosibirsk polyclinic on 16 February 2026, two periods by the treating doctor (16-20 and 21-27
// February), one late appearance recorded, closed by the treating doctor at a telemedicine
// consultation for indication 2 on 27 February (before the fixed "now", 1 March). The number is
// invented.
constexpr std::string_view sick_leave_close_document = R"({
  "certificate": {
    "number": "910000000001",
    "status": "open",
    "reason": "own_illness",
    "organisation": {"id": "MO-NVS-0001", "time_zone": "Asia/Novosibirsk"},
    "opened": {"date": "2026-02-16", "mode": "in_person"},
    "treating_doctor": {"id": "DOC-000123", "role": "doctor"},
    "periods": [
      {"from": "2026-02-16", "to": "2026-02-20", "doctor": {"id": "DOC-000123", "role": "doctor"}},
      {"from": "2026-02-21", "to": "2026-02-27", "doctor": {"id": "DOC-000123", "role": "doctor"}}
    ],
    "next_appearance": "2026-02-27",
    "violations": [{"code": "24", "date": "2026-02-20"}]
  },
  "closure": {
    "date": "2026-02-27",
    "mode": "telemedicine",
    "doctor": {"id": "DOC-000123", "role": "doctor"},
    "consultation": {"indication": "incapacity_review", "recovery_confirmed": true,
                     "consent_recorded": true}
  }
})";

using telemed_bench::eligibility_document;

// The response of one real tm_sick_leave_close of sick_leave_close_document, parsed in main().
boost::json::value sick_leave_close_response;
// The response of one real tm_eligibility_evaluate of eligibility_document, parsed in main().
boost::json::value eligibility_response;

// A fixed "now", 2026-03-01T06:00:00Z, so that every run sees the same calendar.
std::int64_t fixed_clock(void* /*user_data*/) {
    return INT64_C(1772344800000);
}

tm_context* new_context(bool fixed) {
    tm_context_options options;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-NVS";
    if (fixed) {
        options.clock = fixed_clock;
    }
    tm_context* context = nullptr;
    if (tm_context_new(&context, &options) != TM_OK) {
        const tm_error* e = tm_error_last();
        std::fprintf(stderr, "tm_context_new failed: %s %s: %s\n", tm_status_name(e->status),
                     e->code, e->message_en);
        return nullptr;
    }
    return context;
}

// The context shared by the benchmarks, created in main() after the first-creation timing.
tm_context* shared_context = nullptr;

void BM_RawBoostJsonParse(benchmark::State& state, std::string_view document) {
    for (auto _ : state) {
        boost::json::value v = boost::json::parse(document);
        benchmark::DoNotOptimize(v);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(document.size()));
}
BENCHMARK_CAPTURE(BM_RawBoostJsonParse, patient, patient_document);
BENCHMARK_CAPTURE(BM_RawBoostJsonParse, identifier, identifier_document);

using JsonCall = int (*)(const tm_context*, const char*, size_t, char**, size_t*);

void run_c_api(benchmark::State& state, JsonCall call, std::string_view document) {
    if (shared_context == nullptr) {
        state.SkipWithError("no context");
        return;
    }
    for (auto _ : state) {
        char* out = nullptr;
        size_t out_len = 0;
        const int status = call(shared_context, document.data(), document.size(), &out, &out_len);
        benchmark::DoNotOptimize(status);
        benchmark::DoNotOptimize(out);
        tm_string_free(out);
        if (status != TM_OK) {
            state.SkipWithError(tm_error_last()->code);
            break;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(document.size()));
}

void BM_PatientValidateCApi(benchmark::State& state) {
    run_c_api(state, tm_patient_validate, patient_document);
}
BENCHMARK(BM_PatientValidateCApi);

void BM_IdentifierValidateCApi(benchmark::State& state) {
    run_c_api(state, tm_identifier_validate, identifier_document);
}
BENCHMARK(BM_IdentifierValidateCApi);

void BM_SickLeaveCloseCApi(benchmark::State& state) {
    run_c_api(state, tm_sick_leave_close, sick_leave_close_document);
}
BENCHMARK(BM_SickLeaveCloseCApi);

// The JSON work any JSON-in, JSON-out call must do: parse the request, serialise the response.
void BM_SickLeaveJsonRoundTrip(benchmark::State& state) {
    for (auto _ : state) {
        boost::json::value v = boost::json::parse(sick_leave_close_document);
        benchmark::DoNotOptimize(v);
        std::string out = boost::json::serialize(sick_leave_close_response);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(sick_leave_close_document.size()));
}
BENCHMARK(BM_SickLeaveJsonRoundTrip);

void BM_EligibilityEvaluateCApi(benchmark::State& state) {
    run_c_api(state, tm_eligibility_evaluate, eligibility_document);
}
BENCHMARK(BM_EligibilityEvaluateCApi);

// The JSON work of the decision alone: parse its request, serialise its response.
void BM_EligibilityJsonRoundTrip(benchmark::State& state) {
    for (auto _ : state) {
        boost::json::value v = boost::json::parse(eligibility_document);
        benchmark::DoNotOptimize(v);
        std::string out = boost::json::serialize(eligibility_response);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(eligibility_document.size()));
}
BENCHMARK(BM_EligibilityJsonRoundTrip);

void BM_ContextCreate(benchmark::State& state) {
    for (auto _ : state) {
        tm_context* context = new_context(false);
        if (context == nullptr) {
            state.SkipWithError("tm_context_new failed");
            break;
        }
        benchmark::DoNotOptimize(context);
        tm_context_free(context);
    }
}
BENCHMARK(BM_ContextCreate)->Unit(benchmark::kMicrosecond);

// -------------------------------------------------------------------------------------------------
// Paired ratios (paired.hpp): each iteration is one round, a batch of the C call and a batch of
// its baseline, in alternating order; the counters give the median ratio and its spread.
// -------------------------------------------------------------------------------------------------

constexpr benchmark::IterationCount paired_rounds = 40;

// One C call on the shared context, which must succeed (main() checked that it does).
auto c_call(JsonCall call, std::string_view document) {
    return [call, document] {
        char* out = nullptr;
        size_t out_len = 0;
        const int status = call(shared_context, document.data(), document.size(), &out, &out_len);
        benchmark::DoNotOptimize(out);
        tm_string_free(out);
        if (status != TM_OK) {
            std::fprintf(stderr, "a benchmark call failed: %s\n", tm_error_last()->code);
            std::abort();
        }
    };
}

auto raw_parse(std::string_view document) {
    return [document] {
        boost::json::value v = boost::json::parse(document);
        benchmark::DoNotOptimize(v);
    };
}

auto round_trip(std::string_view request, const boost::json::value& response) {
    return [request, &response] {
        boost::json::value v = boost::json::parse(request);
        benchmark::DoNotOptimize(v);
        std::string out = boost::json::serialize(response);
        benchmark::DoNotOptimize(out);
    };
}

void BM_Paired_PatientValidate_RawParse(benchmark::State& state) {
    telemed_bench::run_paired(state, "patient", c_call(tm_patient_validate, patient_document),
                              raw_parse(patient_document));
}
BENCHMARK(BM_Paired_PatientValidate_RawParse)->UseManualTime()->Iterations(paired_rounds);

void BM_Paired_IdentifierValidate_RawParse(benchmark::State& state) {
    telemed_bench::run_paired(state, "identifier",
                              c_call(tm_identifier_validate, identifier_document),
                              raw_parse(identifier_document));
}
BENCHMARK(BM_Paired_IdentifierValidate_RawParse)->UseManualTime()->Iterations(paired_rounds);

void BM_Paired_SickLeaveClose_RoundTrip(benchmark::State& state) {
    telemed_bench::run_paired(state, "sick_leave",
                              c_call(tm_sick_leave_close, sick_leave_close_document),
                              round_trip(sick_leave_close_document, sick_leave_close_response));
}
BENCHMARK(BM_Paired_SickLeaveClose_RoundTrip)->UseManualTime()->Iterations(paired_rounds);

void BM_Paired_EligibilityEvaluate_RoundTrip(benchmark::State& state) {
    telemed_bench::run_paired(state, "eligibility",
                              c_call(tm_eligibility_evaluate, eligibility_document),
                              round_trip(eligibility_document, eligibility_response));
}
BENCHMARK(BM_Paired_EligibilityEvaluate_RoundTrip)->UseManualTime()->Iterations(paired_rounds);

// Runs the benchmark's closure once: it must succeed (else the benchmark would time the rejection
// path), and its response is what BM_SickLeaveJsonRoundTrip serialises.
bool prepare_sick_leave(const tm_context* context) {
    char* out = nullptr;
    size_t out_len = 0;
    const int status = tm_sick_leave_close(context, sick_leave_close_document.data(),
                                           sick_leave_close_document.size(), &out, &out_len);
    if (status != TM_OK) {
        const tm_error* e = tm_error_last();
        std::fprintf(stderr, "the benchmark closure is refused: %s %s at '%s'\n",
                     tm_status_name(status), e->code, e->pointer);
        tm_string_free(out);
        return false;
    }
    sick_leave_close_response = boost::json::parse(std::string_view(out, out_len));
    tm_string_free(out);
    return true;
}

// Runs the benchmark's decision once: it must succeed and allow the consultation (else the
// benchmark would time a rejection or a shortened rule chain), and its response is what
// BM_EligibilityJsonRoundTrip serialises.
bool prepare_eligibility(const tm_context* context) {
    char* out = nullptr;
    size_t out_len = 0;
    const int status = tm_eligibility_evaluate(context, eligibility_document.data(),
                                               eligibility_document.size(), &out, &out_len);
    if (status != TM_OK) {
        const tm_error* e = tm_error_last();
        std::fprintf(stderr, "the benchmark consultation is refused: %s %s at '%s'\n",
                     tm_status_name(status), e->code, e->pointer);
        tm_string_free(out);
        return false;
    }
    eligibility_response = boost::json::parse(std::string_view(out, out_len));
    tm_string_free(out);
    const boost::json::value* verdict = eligibility_response.as_object().if_contains("verdict");
    if (verdict == nullptr || !verdict->is_string() || verdict->get_string() != "allowed") {
        std::fprintf(stderr, "the benchmark consultation is not allowed: %s\n",
                     boost::json::serialize(eligibility_response).c_str());
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    // The first context in the process pays for loading the tz database; measured once, here.
    const auto start = std::chrono::steady_clock::now();
    tm_context* first = new_context(false);
    const auto first_us = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
    if (first == nullptr) {
        return 2;
    }
    tm_context_free(first);

    shared_context = new_context(true);
    if (shared_context == nullptr) {
        return 2;
    }
    // The document must be valid, or the benchmark would time the rejection path.
    char* out = nullptr;
    if (tm_patient_validate(shared_context, patient_document.data(), patient_document.size(), &out,
                            nullptr) != TM_OK) {
        std::fprintf(stderr, "the benchmark patient is not valid: %s\n", out ? out : "");
        tm_string_free(out);
        tm_context_free(shared_context);
        return 2;
    }
    tm_string_free(out);
    if (!prepare_sick_leave(shared_context) || !prepare_eligibility(shared_context)) {
        tm_context_free(shared_context);
        return 2;
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        tm_context_free(shared_context);
        return 1;
    }
    telemed_bench::RecordingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    tm_context_free(shared_context);

    std::printf("\n");
    using telemed_bench::print_paired;
    print_paired("patient", "patient.validate", "raw parse", 3.0);
    print_paired("identifier", "identifier.validate", "raw parse", 3.0);
    print_paired("sick_leave", "sick_leave.close", "(parse + serialize)", 1.5);
    print_paired("eligibility", "eligibility.evaluate", "(parse + serialize)", 1.5);
    const double context_ns = reporter.ns("BM_ContextCreate");
    if (context_ns >= 0.0) {
        std::printf("context creation: %.1f us (target <= 5000 us)\n", context_ns / 1e3);
    } else {
        std::printf("context creation: n/a (BM_ContextCreate did not run)\n");
    }
    std::printf("first context creation in the process (built-in rule sets read; the tz database "
                "loads later, on first use): %lld us\n",
                static_cast<long long>(first_us));
    return 0;
}
