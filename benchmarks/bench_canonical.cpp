// Speed of RFC 8785 canonicalization against Boost.JSON's own round trip of the same document.
//
// Figures, not tests: nothing here asserts a time. After the runs the program prints the ratio of
// the strict parse plus canonicalization (json::parse, json::canonicalize: what hashing or signing
// a received document costs before the hash) to a bare boost::json::parse plus
// boost::json::serialize of the same consultation protocol (4.1 KB as sent, 3.6 KB canonical).
// The 2x printed beside it is a proposed target, not one the project has set. The ratio comes from
// BM_Paired_Canonicalize_RoundTrip, which alternates its two sides within one run (paired.hpp):
// the median of the per-round ratios, with its spread and number of pairs. The other benchmarks
// give each side's own time per call, for reference.
#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "paired.hpp"
#include "json/canonical.hpp"
#include "json/strict.hpp"

namespace {

// A consultation protocol as a doctor's system would send it for signing: invented people and
// texts, members in no particular order, Russian free text, nested objects, whole and fractional
// numbers (all of at most 15 significant digits).
constexpr std::string_view protocol_document = R"({
  "format": "telemed.protocol/1",
  "consultation": {"id": "TMC-2026-000417", "kind": "doctor_patient", "mode": "video",
                   "started": "2026-03-01T06:00:00Z", "ended": "2026-03-01T06:24:40Z",
                   "duration_s": 1480},
  "organisation": {"id": "MO-NVS-0001", "name": "ГБУЗ НСО «Городская поликлиника № 0»",
                   "time_zone": "Asia/Novosibirsk", "license": "Л041-00110-54/00000000"},
  "doctor": {"id": "DOC-000123", "role": "doctor", "specialty": "терапевт",
             "name": {"family": "Примерова", "given": "Анна", "patronymic": "Сергеевна"}},
  "patient": {"id": "MIS-NVS-000123", "birth_date": "1968-04-12", "sex": "female",
              "name": {"family": "Вымышленная", "given": "Тестина", "patronymic": "Примеровна"}},
  "consent": {"type": "telemedicine", "date": "2024-02-01", "given_by": "patient",
              "recorded": true},
  "complaints": "Головная боль в затылочной области по утрам, шум в ушах, мелькание «мушек» перед глазами при подъёме давления. Слабость к вечеру, сон нарушен.",
  "anamnesis": "Гипертоническая болезнь с 2019 года, сахарный диабет 2 типа с 2021 года. Принимает лозартан 50 мг утром, метформин 1000 мг два раза в день. Последний очный приём 20.02.2026: назначен контроль давления дважды в день и дневник самоконтроля.",
  "findings": {
    "readings": [
      {"kind": "blood_pressure", "systolic": 162, "diastolic": 98, "pulse": 84,
       "at": "2026-02-28T07:10:00+07:00", "device": "BLE-BP-7F21"},
      {"kind": "blood_pressure", "systolic": 148, "diastolic": 92, "pulse": 78,
       "at": "2026-02-28T20:30:00+07:00", "device": "BLE-BP-7F21"},
      {"kind": "glucose", "value": 7.8, "unit": "mmol/L", "context": "fasting",
       "at": "2026-03-01T07:05:00+07:00"},
      {"kind": "temperature", "value": 36.6, "unit": "Cel", "at": "2026-03-01T07:06:00+07:00"},
      {"kind": "weight", "value": 81.35, "unit": "kg", "at": "2026-03-01T07:08:00+07:00"}
    ],
    "summary": "По данным дневника средние значения АД 155/95 мм рт. ст. за 14 дней, гликемия натощак 7,2–8,1 ммоль/л. Отёков нет со слов пациентки.",
    "scores": {"adherence": 0.85, "risk": 3, "bmi": 29.4}
  },
  "assessment": {
    "diagnoses": [
      {"icd10": "I10", "text": "Эссенциальная (первичная) гипертензия", "status": "established"},
      {"icd10": "E11.9", "text": "Сахарный диабет 2 типа без осложнений", "status": "established"}
    ],
    "conclusion": "Артериальная гипертензия, недостаточный контроль на фоне текущей терапии. Показана коррекция доз и очный осмотр."
  },
  "plan": {
    "prescriptions": [
      {"drug": "лозартан", "dose_mg": 100, "per_day": 1, "days": 30,
       "note": "утром, под контролем АД"},
      {"drug": "индапамид", "dose_mg": 1.5, "per_day": 1, "days": 30,
       "note": "утром, ретардная форма"}
    ],
    "referrals": [
      {"to": "кардиолог", "urgency": "planned", "within_days": 14},
      {"to": "офтальмолог", "urgency": "planned", "within_days": 30}
    ],
    "next_steps": "Измерять АД утром и вечером, вносить в дневник. Повторная телемедицинская консультация через 7 дней. При АД выше 180/110 или боли в груди — вызов скорой помощи по номеру 103.",
    "follow_up": {"date": "2026-03-08", "mode": "telemedicine"}
  },
  "signed": false,
  "version": 3
})";

constexpr benchmark::IterationCount paired_rounds = 40;

// The strict parse and the canonical text: what hashing a received document costs before the hash.
void canonicalize_once() {
    telemed::json::Arena arena;
    auto parsed = telemed::json::parse(protocol_document, arena);
    std::optional<std::string> text = telemed::json::canonicalize(parsed.value());
    benchmark::DoNotOptimize(text);
}

// Boost.JSON's own parse and serialization: the raw cost of reading and writing the document.
void round_trip_once() {
    const boost::json::value v = boost::json::parse(protocol_document);
    std::string out = boost::json::serialize(v);
    benchmark::DoNotOptimize(out);
}

void BM_Canonicalize(benchmark::State& state) {
    for (auto _ : state) {
        canonicalize_once();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(protocol_document.size()));
}
BENCHMARK(BM_Canonicalize);

void BM_BoostParseSerialize(benchmark::State& state) {
    for (auto _ : state) {
        round_trip_once();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(protocol_document.size()));
}
BENCHMARK(BM_BoostParseSerialize);

void BM_Paired_Canonicalize_RoundTrip(benchmark::State& state) {
    telemed_bench::run_paired(state, "canonicalize", canonicalize_once, round_trip_once);
}
BENCHMARK(BM_Paired_Canonicalize_RoundTrip)->UseManualTime()->Iterations(paired_rounds);

} // namespace

int main(int argc, char** argv) {
    // The document must parse and have a canonical form, or the benchmark would time a failure.
    {
        telemed::json::Arena arena;
        auto parsed = telemed::json::parse(protocol_document, arena);
        if (!parsed.ok() || !telemed::json::canonicalize(parsed.value())) {
            std::fprintf(stderr, "the benchmark document is refused\n");
            return 2;
        }
        std::printf("document: %zu bytes, canonical text: %zu bytes\n", protocol_document.size(),
                    telemed::json::canonicalize(parsed.value())->size());
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::printf("\n");
    telemed_bench::print_paired("canonicalize", "parse + canonicalize", "(Boost parse + serialize)",
                                2.0);
    return 0;
}
