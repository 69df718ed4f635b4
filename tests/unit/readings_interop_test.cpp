// FHIR R4 Observations and Open mHealth data points (src/readings/interop.hpp). Expected values
// are worked out by hand from shared/reference/devices.md ("Interoperability codes") and the
// Open mHealth 4.0 schemas and their test data (blood-pressure-4.0, blood-glucose-4.0).
#include <boost/json.hpp>
#include <chrono>
#include <date/date.h>
#include <gtest/gtest.h>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dates.hpp"
#include "readings/interop.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::readings {
namespace {

using namespace std::chrono_literals;

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int hh, int mm,
                                          int ss = 0) {
    return date::sys_days(date::year{y} / date::month{m} / date::day{d}) + std::chrono::hours{hh} +
           std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

Decimal dec(std::string_view text) {
    const auto d = Decimal::parse(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d.value_or(Decimal{});
}

bool same(const Decimal& a, const Decimal& b) {
    return compare(a, b) == std::strong_ordering::equal;
}

ReadContext in_zone(std::string_view zone) {
    ReadContext context;
    context.zone = dates::find_zone(zone);
    EXPECT_NE(context.zone, nullptr) << zone;
    return context;
}

struct Outcome {
    std::optional<Reading> reading;
    std::vector<Problem> problems;

    // "code@pointer; …" for failure messages and comparisons.
    std::string list() const {
        std::ostringstream out;
        for (const auto& p : problems) {
            out << p.code << "@" << p.pointer << "; ";
        }
        return out.str();
    }
    bool has(std::string_view code, std::string_view pointer) const {
        for (const auto& p : problems) {
            if (p.code == code && p.pointer == pointer) {
                return true;
            }
        }
        return false;
    }
    std::string arg(std::string_view code, std::string_view name) const {
        for (const auto& p : problems) {
            if (p.code != code) {
                continue;
            }
            for (const auto& [key, value] : p.args) {
                if (key == name) {
                    return value;
                }
            }
        }
        return "<none>";
    }
};

Outcome read_fhir(std::string_view text, std::string_view zone = "Asia/Novosibirsk") {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    EXPECT_TRUE(parsed.ok()) << text;
    Outcome outcome;
    if (!parsed.ok()) {
        return outcome;
    }
    json::Problems problems;
    json::ObjectReader reader(parsed.value(), "", problems);
    outcome.reading = read_fhir_observation(reader, in_zone(zone), problems);
    outcome.problems = problems.all();
    return outcome;
}

OpenMhealthSource tonometer_source() {
    OpenMhealthSource source;
    source.patient_ref = "p-0042";
    source.device.id = "tono-7";
    source.device.model = "UA-651";
    return source;
}

Outcome read_omh(std::string_view text, std::string_view zone = "Asia/Novosibirsk") {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    EXPECT_TRUE(parsed.ok()) << text;
    Outcome outcome;
    if (!parsed.ok()) {
        return outcome;
    }
    json::Problems problems;
    json::ObjectReader reader(parsed.value(), "", problems);
    outcome.reading = read_open_mhealth(reader, tonometer_source(), in_zone(zone), problems);
    outcome.problems = problems.all();
    return outcome;
}

std::string fhir_text(const Reading& reading) {
    json::Writer out;
    write_fhir_observation(out, reading);
    return out.take();
}

// 2026-03-10 08:15 in Novosibirsk (+07:00), 128/82 mmHg.
Reading blood_pressure_reading() {
    Reading r;
    r.kind = Kind::blood_pressure;
    r.patient_ref = "p-0042";
    r.device.id = "tono-7";
    r.measured_at.instant = utc(2026, 3, 10, 1, 15);
    r.measured_at.offset = 420min;
    BloodPressure bp;
    bp.unit = Unit::mmhg;
    bp.systolic = dec("128");
    bp.diastolic = dec("82");
    r.blood_pressure = bp;
    return r;
}

// 2026-03-10 07:30 in Moscow (+03:00), 5.6 mmol/L fasting.
Reading glucose_reading() {
    Reading r;
    r.kind = Kind::glucose;
    r.patient_ref = "p-0042";
    r.device.id = "gluco-3";
    r.measured_at.instant = utc(2026, 3, 10, 4, 30);
    r.measured_at.offset = 180min;
    Glucose g;
    g.unit = Unit::mmol_per_l;
    g.value.value = dec("5.6");
    g.meal = Meal::fasting;
    r.glucose = g;
    return r;
}

Reading round_trip(const Reading& reading) {
    const auto text = fhir_text(reading);
    const auto outcome = read_fhir(text);
    EXPECT_TRUE(outcome.reading.has_value()) << outcome.list() << "\n" << text;
    EXPECT_TRUE(outcome.problems.empty()) << outcome.list();
    return outcome.reading.value_or(Reading{});
}

void expect_same_envelope(const Reading& back, const Reading& sent) {
    EXPECT_EQ(back.kind, sent.kind);
    EXPECT_EQ(back.patient_ref, sent.patient_ref);
    EXPECT_EQ(back.device.id, sent.device.id);
    EXPECT_EQ(back.measured_at.instant, sent.measured_at.instant);
    EXPECT_EQ(back.measured_at.offset, sent.measured_at.offset);
    EXPECT_FALSE(back.measured_at.read_in_zone);
}

void expect_same_pressure(const Reading& back, const Reading& sent) {
    expect_same_envelope(back, sent);
    ASSERT_TRUE(back.blood_pressure.has_value());
    const auto& b = *back.blood_pressure;
    const auto& s = *sent.blood_pressure;
    EXPECT_EQ(b.unit, s.unit);
    EXPECT_TRUE(same(b.systolic, s.systolic)) << b.systolic.to_string();
    EXPECT_TRUE(same(b.diastolic, s.diastolic)) << b.diastolic.to_string();
    ASSERT_EQ(b.mean.has_value(), s.mean.has_value());
    if (s.mean) {
        EXPECT_TRUE(same(*b.mean, *s.mean)) << b.mean->to_string();
    }
    ASSERT_EQ(b.pulse.has_value(), s.pulse.has_value());
    if (s.pulse) {
        EXPECT_TRUE(same(*b.pulse, *s.pulse)) << b.pulse->to_string();
    }
}

void expect_same_glucose(const Reading& back, const Reading& sent) {
    expect_same_envelope(back, sent);
    ASSERT_TRUE(back.glucose.has_value());
    const auto& b = *back.glucose;
    const auto& s = *sent.glucose;
    EXPECT_EQ(b.unit, s.unit);
    EXPECT_EQ(b.value.censoring, s.value.censoring);
    if (s.value.censoring == Measured::Censoring::none) {
        EXPECT_TRUE(same(b.value.value, s.value.value)) << b.value.value.to_string();
    }
    ASSERT_EQ(b.value.device_limit.has_value(), s.value.device_limit.has_value());
    if (s.value.device_limit) {
        EXPECT_TRUE(same(*b.value.device_limit, *s.value.device_limit));
    }
    // The meal is not exported (interop.hpp): it does not come back.
    EXPECT_FALSE(b.meal.has_value());
}

// ---------------------------------------------------------------------------------------------
// FHIR: the exact text
// ---------------------------------------------------------------------------------------------

TEST(ReadingsInteropFhirWrite, BloodPressureExactObservation) {
    const auto written = boost::json::parse(fhir_text(blood_pressure_reading()));
    const auto expected = boost::json::parse(R"({
      "resourceType": "Observation",
      "status": "final",
      "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "vital-signs", "display": "Vital Signs"}]}],
      "code": {"coding": [
        {"system": "http://loinc.org", "code": "85354-9",
         "display": "Blood pressure panel with all children optional"},
        {"system": "urn:iso:std:iso:11073:10101", "code": "150020", "display": "MDC_PRESS_BLD_NONINV"}]},
      "subject": {"reference": "Patient/p-0042"},
      "effectiveDateTime": "2026-03-10T08:15:00+07:00",
      "device": {"reference": "Device/tono-7"},
      "component": [
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "150021", "display": "MDC_PRESS_BLD_NONINV_SYS"}]},
         "valueQuantity": {"value": 128, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "150022", "display": "MDC_PRESS_BLD_NONINV_DIA"}]},
         "valueQuantity": {"value": 82, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}
      ]
    })");
    EXPECT_EQ(written, expected) << written;
}

TEST(ReadingsInteropFhirWrite, KilopascalsWithMeanAndPulseExactComponents) {
    auto reading = blood_pressure_reading();
    reading.device.id.clear(); // no device reference then
    reading.blood_pressure->unit = Unit::kpa;
    reading.blood_pressure->systolic = dec("17.1");
    reading.blood_pressure->diastolic = dec("10.9");
    reading.blood_pressure->mean = dec("13.0");
    reading.blood_pressure->pulse = dec("72");
    const auto written = boost::json::parse(fhir_text(reading)).as_object();
    EXPECT_FALSE(written.contains("device"));
    EXPECT_FALSE(written.contains("valueQuantity"));
    const auto expected = boost::json::parse(R"([
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "150021", "display": "MDC_PRESS_BLD_NONINV_SYS"}]},
         "valueQuantity": {"value": 17.1, "unit": "kPa", "system": "http://unitsofmeasure.org", "code": "kPa"}},
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "150022", "display": "MDC_PRESS_BLD_NONINV_DIA"}]},
         "valueQuantity": {"value": 10.9, "unit": "kPa", "system": "http://unitsofmeasure.org", "code": "kPa"}},
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8478-0", "display": "Mean blood pressure"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "150023", "display": "MDC_PRESS_BLD_NONINV_MEAN"}]},
         "valueQuantity": {"value": 13.0, "unit": "kPa", "system": "http://unitsofmeasure.org", "code": "kPa"}},
        {"code": {"coding": [
           {"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"},
           {"system": "urn:iso:std:iso:11073:10101", "code": "149546", "display": "MDC_PULS_RATE_NON_INV"}]},
         "valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}
    ])");
    EXPECT_EQ(written.at("component"), expected) << written.at("component");
}

TEST(ReadingsInteropFhirWrite, ValuesKeepTheirDigits) {
    auto reading = blood_pressure_reading();
    reading.blood_pressure->unit = Unit::kpa;
    reading.blood_pressure->systolic = dec("17.10");
    reading.blood_pressure->diastolic = dec("10.9");
    reading.blood_pressure->mean = dec("13.0");
    const auto text = fhir_text(reading);
    EXPECT_NE(text.find(R"("value":17.10,)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("value":10.9,)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("value":13.0,)"), std::string::npos) << text;
    auto glucose = glucose_reading();
    glucose.glucose->value = {Measured::Censoring::below_device_range, {}, dec("0.6")};
    EXPECT_NE(fhir_text(glucose).find(R"("value":0.6,"comparator":"<",)"), std::string::npos);
}

TEST(ReadingsInteropFhirWrite, GlucoseExactObservation) {
    const auto written = boost::json::parse(fhir_text(glucose_reading()));
    const auto expected = boost::json::parse(R"({
      "resourceType": "Observation",
      "status": "final",
      "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "laboratory", "display": "Laboratory"}]}],
      "code": {"coding": [
        {"system": "http://loinc.org", "code": "14743-9",
         "display": "Glucose [Moles/volume] in Capillary blood by Glucometer"},
        {"system": "urn:iso:std:iso:11073:10101", "code": "160184",
         "display": "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD"}]},
      "subject": {"reference": "Patient/p-0042"},
      "effectiveDateTime": "2026-03-10T07:30:00+03:00",
      "valueQuantity": {"value": 5.6, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"},
      "device": {"reference": "Device/gluco-3"}
    })");
    EXPECT_EQ(written, expected) << written;
}

TEST(ReadingsInteropFhirWrite, CensoredGlucoseWithLimitIsABound) {
    auto reading = glucose_reading();
    reading.glucose->unit = Unit::mmol_per_l;
    reading.glucose->value = {Measured::Censoring::below_device_range, {}, dec("0.6")};
    const auto written = boost::json::parse(fhir_text(reading)).as_object();
    EXPECT_EQ(written.at("valueQuantity"),
              boost::json::parse(R"({"value": 0.6, "comparator": "<", "unit": "mmol/L",
                "system": "http://unitsofmeasure.org", "code": "mmol/L"})"));
    EXPECT_EQ(written.at("interpretation"), boost::json::parse(R"([{"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
        "code": "<", "display": "Off scale low"}]}])"));
    EXPECT_FALSE(written.contains("dataAbsentReason"));
}

TEST(ReadingsInteropFhirWrite, CensoredGlucoseWithoutLimitIsAbsentAndOffScale) {
    auto reading = glucose_reading();
    reading.glucose->unit = Unit::mg_per_dl;
    reading.glucose->value = {Measured::Censoring::above_device_range, {}, std::nullopt};
    const auto written = boost::json::parse(fhir_text(reading)).as_object();
    EXPECT_FALSE(written.contains("valueQuantity"));
    EXPECT_EQ(written.at("code").at("coding").at(0).at("code"), "41653-7");
    EXPECT_EQ(written.at("dataAbsentReason"), boost::json::parse(R"({"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
        "code": "unknown", "display": "Unknown"}]})"));
    EXPECT_EQ(written.at("interpretation").at(0).at("coding").at(0).at("code"), ">");
    EXPECT_EQ(written.at("interpretation").at(0).at("coding").at(0).at("display"),
              "Off scale high");
}

// ---------------------------------------------------------------------------------------------
// FHIR: round trips
// ---------------------------------------------------------------------------------------------

TEST(ReadingsInteropFhirRoundTrip, BloodPressureMillimetresOfMercury) {
    const auto sent = blood_pressure_reading();
    expect_same_pressure(round_trip(sent), sent);
}

TEST(ReadingsInteropFhirRoundTrip, BloodPressureWithMeanAndPulse) {
    auto sent = blood_pressure_reading();
    sent.blood_pressure->mean = dec("97");
    sent.blood_pressure->pulse = dec("64");
    expect_same_pressure(round_trip(sent), sent);
}

TEST(ReadingsInteropFhirRoundTrip, BloodPressureKilopascalsExact) {
    auto sent = blood_pressure_reading();
    sent.blood_pressure->unit = Unit::kpa;
    sent.blood_pressure->systolic = dec("17.1");
    sent.blood_pressure->diastolic = dec("10.93");
    sent.blood_pressure->mean = dec("12.99");
    expect_same_pressure(round_trip(sent), sent);
    sent.blood_pressure->mean.reset();
    sent.blood_pressure->pulse = dec("58");
    expect_same_pressure(round_trip(sent), sent);
}

TEST(ReadingsInteropFhirRoundTrip, GlucoseBothUnits) {
    auto sent = glucose_reading();
    expect_same_glucose(round_trip(sent), sent);
    sent.glucose->unit = Unit::mg_per_dl;
    sent.glucose->value.value = dec("101");
    expect_same_glucose(round_trip(sent), sent);
}

TEST(ReadingsInteropFhirRoundTrip, GlucoseLowWithAndWithoutLimitHighWithout) {
    auto sent = glucose_reading();
    sent.glucose->value = {Measured::Censoring::below_device_range, {}, dec("0.6")};
    expect_same_glucose(round_trip(sent), sent);
    sent.glucose->value.device_limit.reset();
    expect_same_glucose(round_trip(sent), sent);
    sent.glucose->unit = Unit::mg_per_dl;
    sent.glucose->value = {Measured::Censoring::above_device_range, {}, std::nullopt};
    expect_same_glucose(round_trip(sent), sent);
    sent.glucose->value.device_limit = dec("600");
    expect_same_glucose(round_trip(sent), sent);
}

TEST(ReadingsInteropFhirRoundTrip, MillisecondsAndUtcKept) {
    auto sent = blood_pressure_reading();
    sent.measured_at.instant = utc(2026, 11, 27, 1, 15) + 123ms;
    sent.measured_at.offset = 0min;
    EXPECT_NE(fhir_text(sent).find("\"2026-11-27T01:15:00.123Z\""), std::string::npos);
    expect_same_pressure(round_trip(sent), sent);
}

// ---------------------------------------------------------------------------------------------
// FHIR: reading what others send
// ---------------------------------------------------------------------------------------------

// A blood-pressure Observation as others write it; `extra` is spliced in at the top level.
std::string
bp_observation(std::string_view components, std::string_view extra = "",
               std::string_view effective = R"("effectiveDateTime": "2026-03-10T08:15:00+07:00")") {
    std::string text = R"({"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
      "subject": {"reference": "Patient/p-0042"}, )";
    text += effective;
    text += R"(, "component": [)";
    text += components;
    text += "]";
    text += extra;
    text += "}";
    return text;
}

constexpr std::string_view systolic_128 = R"({"code": {"coding": [{"system": "http://loinc.org",
    "code": "8480-6"}]}, "valueQuantity": {"value": 128, "unit": "mmHg",
    "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}})";
constexpr std::string_view diastolic_82 = R"({"code": {"coding": [{"system": "http://loinc.org",
    "code": "8462-4"}]}, "valueQuantity": {"value": 82, "unit": "mmHg",
    "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}})";

std::string both(std::string_view a = systolic_128, std::string_view b = diastolic_82) {
    return std::string(a) + "," + std::string(b);
}

TEST(ReadingsInteropFhirRead, HarmlessFieldsAcceptedUnknownAndModifiersRefused) {
    const auto ok = read_fhir(bp_observation(
        both(), R"(, "id": "obs-1", "meta": {"versionId": "2"}, "identifier": [{"value": "x"}],
        "text": {"status": "generated", "div": "<div>BP</div>"}, "issued": "2026-03-10T08:16:00+07:00",
        "performer": [{"reference": "Patient/p-0042"}], "note": [{"text": "after a walk"}],
        "interpretation": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "N"}]}],
        "category": [{"coding": [{"code": "vital-signs"}]}], "extension": [])"));
    ASSERT_TRUE(ok.reading.has_value()) << ok.list();
    EXPECT_TRUE(ok.problems.empty()) << ok.list();
    const auto bad = read_fhir(bp_observation(
        both(), R"(, "modifierExtension": [{"url": "x"}], "valueString": "128/82")"));
    EXPECT_FALSE(bad.reading.has_value());
    EXPECT_TRUE(bad.has("unknown_field", "/modifierExtension")) << bad.list();
    EXPECT_TRUE(bad.has("unknown_field", "/valueString")) << bad.list();
}

TEST(ReadingsInteropFhirRead, MdcOnlyCodesAreAccepted) {
    const auto outcome = read_fhir(R"({"resourceType": "Observation", "status": "amended",
      "code": {"coding": [{"system": "urn:iso:std:iso:11073:10101", "code": "150020"}]},
      "subject": {"reference": "Patient/p-1"}, "effectiveInstant": "2026-03-10T01:15:00Z",
      "component": [
        {"code": {"coding": [{"system": "urn:iso:std:iso:11073:10101", "code": "150021"}]},
         "valueQuantity": {"value": 120.5, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
        {"code": {"coding": [{"system": "urn:iso:std:iso:11073:10101", "code": "150022"}]},
         "valueQuantity": {"value": 80, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]})");
    ASSERT_TRUE(outcome.reading.has_value()) << outcome.list();
    EXPECT_TRUE(same(outcome.reading->blood_pressure->systolic, dec("120.5")));
    EXPECT_EQ(outcome.reading->measured_at.instant, utc(2026, 3, 10, 1, 15));
    EXPECT_EQ(outcome.reading->device.id, "");
}

TEST(ReadingsInteropFhirRead, TimeWithoutOffsetReadInThePatientsZone) {
    const auto effective = R"("effectiveDateTime": "2026-03-10T08:15:00")";
    const auto novosibirsk = read_fhir(bp_observation(both(), "", effective), "Asia/Novosibirsk");
    ASSERT_TRUE(novosibirsk.reading.has_value()) << novosibirsk.list();
    EXPECT_EQ(novosibirsk.reading->measured_at.instant, utc(2026, 3, 10, 1, 15));
    EXPECT_EQ(novosibirsk.reading->measured_at.offset, 420min);
    EXPECT_TRUE(novosibirsk.reading->measured_at.read_in_zone);
    const auto moscow = read_fhir(bp_observation(both(), "", effective), "Europe/Moscow");
    ASSERT_TRUE(moscow.reading.has_value()) << moscow.list();
    EXPECT_EQ(moscow.reading->measured_at.instant, utc(2026, 3, 10, 5, 15));
    EXPECT_EQ(moscow.reading->measured_at.offset, 180min);
    // Written back with the offset it was shown with.
    EXPECT_NE(fhir_text(*moscow.reading).find("\"2026-03-10T08:15:00+03:00\""), std::string::npos);
}

TEST(ReadingsInteropFhirRead, MissingComponents) {
    const auto no_diastolic = read_fhir(bp_observation(systolic_128));
    EXPECT_FALSE(no_diastolic.reading.has_value());
    ASSERT_EQ(no_diastolic.problems.size(), 1u) << no_diastolic.list();
    EXPECT_TRUE(no_diastolic.has("missing_component", "/component"));
    EXPECT_EQ(no_diastolic.arg("missing_component", "item"), "8462-4");

    const auto none = read_fhir(bp_observation(""));
    EXPECT_EQ(none.problems.size(), 2u) << none.list();
    EXPECT_EQ(none.arg("missing_component", "item"), "8480-6");

    auto text = bp_observation("");
    text.replace(text.find(R"(, "component": [])"), 17, "");
    const auto absent = read_fhir(text);
    ASSERT_EQ(absent.problems.size(), 1u) << absent.list();
    EXPECT_TRUE(absent.has("missing_field", "/component"));

    const auto no_value = read_fhir(bp_observation(both(R"({"code": {"coding": [{"system":
        "http://loinc.org", "code": "8480-6"}]}})")));
    EXPECT_TRUE(no_value.has("missing_field", "/component/0/valueQuantity")) << no_value.list();
}

TEST(ReadingsInteropFhirRead, WrongLoincNamesTheAcceptedCodes) {
    auto text = bp_observation(both());
    text.replace(text.find("85354-9"), 7, "55284-4");
    const auto outcome = read_fhir(text);
    EXPECT_FALSE(outcome.reading.has_value());
    ASSERT_EQ(outcome.problems.size(), 1u) << outcome.list();
    EXPECT_TRUE(outcome.has("invalid_value", "/code/coding/0/code"));
    EXPECT_EQ(outcome.arg("invalid_value", "allowed"),
              "LOINC 85354-9, LOINC 14743-9, LOINC 41653-7, MDC 150020, MDC 160184, MDC 160188");

    const auto component = read_fhir(bp_observation(both(systolic_128, R"({"code": {"coding": [
        {"system": "http://snomed.info/sct", "code": "271650006"}]}, "valueQuantity": {"value": 82,
        "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}})")));
    EXPECT_TRUE(component.has("invalid_value", "/component/1/code/coding")) << component.list();
    EXPECT_EQ(component.arg("invalid_value", "allowed"),
              "LOINC 8480-6, LOINC 8462-4, LOINC 8478-0, LOINC 8867-4, MDC 150021, MDC 150022, "
              "MDC 150023, MDC 149546");
    EXPECT_TRUE(component.has("missing_component", "/component")) << component.list();

    // A LOINC translation beside a recognised code is ignored; a contradicting one is not.
    auto translated = bp_observation(both());
    translated.replace(translated.find(R"("code": "85354-9"})"), 18,
                       R"("code": "85354-9"}, {"system": "http://loinc.org", "code": "55284-4"})");
    EXPECT_TRUE(read_fhir(translated).reading.has_value());
    auto contradicting = bp_observation(both());
    contradicting.replace(
        contradicting.find(R"("code": "85354-9"})"), 18,
        R"("code": "85354-9"}, {"system": "http://loinc.org", "code": "14743-9"})");
    EXPECT_TRUE(read_fhir(contradicting).has("conflicting_fields", "/code/coding/1/code"));
}

TEST(ReadingsInteropFhirRead, UnitsAreUcumCodes) {
    // "mmHg" is how people write it, not the UCUM code.
    auto text = bp_observation(both());
    text.replace(text.find(R"("code": "mm[Hg]")"), 16, R"("code": "mmHg")");
    const auto outcome = read_fhir(text);
    EXPECT_FALSE(outcome.reading.has_value());
    ASSERT_EQ(outcome.problems.size(), 1u) << outcome.list();
    EXPECT_TRUE(outcome.has("unknown_unit", "/component/0/valueQuantity/code"));
    EXPECT_EQ(outcome.arg("unknown_unit", "unit"), "mmHg");
    EXPECT_EQ(outcome.arg("unknown_unit", "accepted"), "mm[Hg], kPa");

    // One pressure unit for the whole reading.
    auto mixed = bp_observation(both());
    mixed.replace(mixed.rfind(R"("code": "mm[Hg]")"), 16, R"("code": "kPa")");
    const auto mixed_outcome = read_fhir(mixed);
    EXPECT_TRUE(mixed_outcome.has("invalid_value", "/component/1/valueQuantity/code"))
        << mixed_outcome.list();
    EXPECT_EQ(mixed_outcome.arg("invalid_value", "allowed"), "mm[Hg]");

    auto system = bp_observation(both());
    system.replace(system.find("http://unitsofmeasure.org"), 25, "http://example.org/units");
    EXPECT_TRUE(read_fhir(system).has("invalid_value", "/component/0/valueQuantity/system"));
}

TEST(ReadingsInteropFhirRead, WrongTypes) {
    auto value = bp_observation(both());
    value.replace(value.find(R"("value": 128)"), 12, R"("value": "128")");
    const auto v = read_fhir(value);
    EXPECT_TRUE(v.has("wrong_type", "/component/0/valueQuantity/value")) << v.list();

    auto subject = bp_observation(both());
    subject.replace(subject.find(R"({"reference": "Patient/p-0042"})"), 31, R"("Patient/p-0042")");
    EXPECT_TRUE(read_fhir(subject).has("wrong_type", "/subject"));

    const auto components = read_fhir(R"({"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
      "subject": {"reference": "Patient/p-0042"}, "effectiveDateTime": 20260310,
      "component": {"code": "8480-6"}})");
    EXPECT_TRUE(components.has("wrong_type", "/component")) << components.list();
    EXPECT_TRUE(components.has("wrong_type", "/effectiveDateTime")) << components.list();

    const auto document = read_fhir(R"(["Observation"])");
    EXPECT_FALSE(document.reading.has_value());
    EXPECT_TRUE(document.has("wrong_type", ""));
}

TEST(ReadingsInteropFhirRead, ResourceStatusAndReferences) {
    auto text = bp_observation(both());
    text.replace(text.find(R"("status": "final")"), 17, R"("status": "preliminary")");
    text.replace(text.find(R"("resourceType": "Observation")"), 29, R"("resourceType": "Patient")");
    const auto outcome = read_fhir(text);
    EXPECT_TRUE(outcome.has("invalid_value", "/status")) << outcome.list();
    EXPECT_TRUE(outcome.has("invalid_value", "/resourceType")) << outcome.list();

    // An absolute or versioned reference is refused; its text is not echoed.
    for (const auto* reference : {"https://mis.example/fhir/Patient/Ivanov",
                                  "Patient/Ivanov/_history/2", "Device/Ivanov", "Patient/"}) {
        auto r = bp_observation(both());
        r.replace(r.find("Patient/p-0042"), 14, reference);
        const auto refused = read_fhir(r);
        EXPECT_TRUE(refused.has("invalid_value", "/subject/reference")) << reference;
        EXPECT_EQ(refused.arg("invalid_value", "allowed"), "Patient/<id>");
        for (const auto& p : refused.problems) {
            for (const auto& [key, arg] : p.args) {
                EXPECT_EQ(arg.find("Ivanov"), std::string::npos) << key;
            }
        }
    }
    const auto device =
        read_fhir(bp_observation(both(), R"(, "device": {"reference": "Device/tono-7",
        "display": "Omron M3"})"));
    ASSERT_TRUE(device.reading.has_value()) << device.list();
    EXPECT_EQ(device.reading->device.id, "tono-7");
    EXPECT_EQ(device.reading->patient_ref, "p-0042");
}

TEST(ReadingsInteropFhirRead, SingleInstantOnly) {
    const auto period = read_fhir(bp_observation(
        both(), "",
        R"("effectivePeriod": {"start": "2026-03-10T08:00:00+07:00", "end": "2026-03-10T09:00:00+07:00"})"));
    EXPECT_FALSE(period.reading.has_value());
    ASSERT_EQ(period.problems.size(), 1u) << period.list();
    EXPECT_TRUE(period.has("time_interval_not_supported", "/effectivePeriod"));

    const auto missing =
        read_fhir(bp_observation(both(), "", R"("issued": "2026-03-10T08:15:00Z")"));
    EXPECT_TRUE(missing.has("missing_field", "/effectiveDateTime")) << missing.list();

    const auto two =
        read_fhir(bp_observation(both(), R"(, "effectiveInstant": "2026-03-10T01:15:00Z")"));
    EXPECT_TRUE(two.has("conflicting_fields", "/effectiveInstant")) << two.list();
}

TEST(ReadingsInteropFhirRead, BloodPressureIsNeverABoundDuplicatesRefused) {
    auto bound = bp_observation(both());
    bound.replace(bound.find(R"("value": 128,)"), 13, R"("value": 300, "comparator": ">",)");
    EXPECT_TRUE(read_fhir(bound).has("censored_value_not_supported",
                                     "/component/0/valueQuantity/comparator"));
    const auto twice = read_fhir(bp_observation(both() + "," + std::string(systolic_128)));
    EXPECT_TRUE(twice.has("duplicate_item", "/component/2")) << twice.list();
    const auto absent = read_fhir(bp_observation(both(systolic_128, R"({"code": {"coding": [
        {"system": "http://loinc.org", "code": "8462-4"}]}, "dataAbsentReason": {"coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "error"}]}})")));
    ASSERT_EQ(absent.problems.size(), 1u) << absent.list();
    EXPECT_TRUE(absent.has("value_absent", "/component/1/dataAbsentReason"));
}

std::string glucose_observation(std::string_view loinc, std::string_view value) {
    std::string text = R"({"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": ")";
    text += loinc;
    text += R"("}]}, "subject": {"reference": "Patient/p-0042"},
      "effectiveDateTime": "2026-03-10T07:30:00+03:00", )";
    text += value;
    text += "}";
    return text;
}

TEST(ReadingsInteropFhirRead, GlucoseUnitFollowsTheLoincCode) {
    const auto wrong = read_fhir(glucose_observation(
        "14743-9",
        R"("valueQuantity": {"value": 101, "system": "http://unitsofmeasure.org", "code": "mg/dL"})"));
    EXPECT_FALSE(wrong.reading.has_value());
    EXPECT_TRUE(wrong.has("unknown_unit", "/valueQuantity/code")) << wrong.list();
    EXPECT_EQ(wrong.arg("unknown_unit", "accepted"), "mmol/L");
    const auto right = read_fhir(glucose_observation(
        "41653-7",
        R"("valueQuantity": {"value": 101, "system": "http://unitsofmeasure.org", "code": "mg/dL"})"));
    ASSERT_TRUE(right.reading.has_value()) << right.list();
    EXPECT_EQ(right.reading->glucose->unit, Unit::mg_per_dl);
    EXPECT_TRUE(same(right.reading->glucose->value.value, dec("101")));
    const auto missing =
        read_fhir(glucose_observation("41653-7", R"("issued": "2026-03-10T07:31:00+03:00")"));
    EXPECT_TRUE(missing.has("missing_field", "/valueQuantity")) << missing.list();
}

TEST(ReadingsInteropFhirRead, GlucoseAbsentValues) {
    const auto dar = R"("dataAbsentReason": {"coding": [{"system":
        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": ")";
    // No direction: the value is simply absent.
    const auto absent =
        read_fhir(glucose_observation("41653-7", std::string(dar) + R"(error"}]})"));
    ASSERT_EQ(absent.problems.size(), 1u) << absent.list();
    EXPECT_TRUE(absent.has("value_absent", "/dataAbsentReason"));
    // IEEE 11073 devices send LO as −∞: read as below the device's range.
    const auto low =
        read_fhir(glucose_observation("41653-7", std::string(dar) + R"(negative-infinity"}]})"));
    ASSERT_TRUE(low.reading.has_value()) << low.list();
    EXPECT_EQ(low.reading->glucose->value.censoring, Measured::Censoring::below_device_range);
    EXPECT_FALSE(low.reading->glucose->value.device_limit.has_value());
    // A value and a reason for its absence together.
    const auto both_given = read_fhir(glucose_observation(
        "14743-9",
        std::string(R"("valueQuantity": {"value": 5.6, "system": "http://unitsofmeasure.org",
        "code": "mmol/L"}, )") +
            dar + R"(unknown"}]})"));
    EXPECT_TRUE(both_given.has("conflicting_fields", "/dataAbsentReason")) << both_given.list();
    // A number said to be off scale.
    const auto off = read_fhir(glucose_observation(
        "14743-9", R"("valueQuantity": {"value": 5.6, "system": "http://unitsofmeasure.org",
        "code": "mmol/L"}, "interpretation": [{"coding": [{"system":
        "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": ">"}]}])"));
    EXPECT_TRUE(off.has("conflicting_fields", "/interpretation")) << off.list();
    // Comparators other than < and >.
    const auto at_most = read_fhir(
        glucose_observation("14743-9", R"("valueQuantity": {"value": 0.6, "comparator": "<=",
        "system": "http://unitsofmeasure.org", "code": "mmol/L"})"));
    EXPECT_TRUE(at_most.has("invalid_value", "/valueQuantity/comparator")) << at_most.list();
}

// ---------------------------------------------------------------------------------------------
// Open mHealth
// ---------------------------------------------------------------------------------------------

TEST(ReadingsInteropOpenMhealth, BloodPressureSchemaExamples) {
    // blood-pressure 4.0 test data "blood-pressure-only".
    const auto only = read_omh(R"({
        "systolic_blood_pressure": {"value": 115, "unit": "mmHg"},
        "diastolic_blood_pressure": {"value": 60, "unit": "mmHg"},
        "effective_time_frame": {"date_time": "2020-02-05T07:25:00-08:00"}})");
    ASSERT_TRUE(only.reading.has_value()) << only.list();
    EXPECT_TRUE(only.problems.empty()) << only.list();
    const auto& r = *only.reading;
    EXPECT_EQ(r.kind, Kind::blood_pressure);
    EXPECT_EQ(r.patient_ref, "p-0042");
    EXPECT_EQ(r.device.id, "tono-7");
    EXPECT_EQ(r.device.model, "UA-651");
    EXPECT_EQ(r.measured_at.instant, utc(2020, 2, 5, 15, 25));
    EXPECT_EQ(r.measured_at.offset, -480min);
    ASSERT_TRUE(r.blood_pressure.has_value());
    EXPECT_EQ(r.blood_pressure->unit, Unit::mmhg);
    EXPECT_TRUE(same(r.blood_pressure->systolic, dec("115")));
    EXPECT_TRUE(same(r.blood_pressure->diastolic, dec("60")));
    EXPECT_FALSE(r.blood_pressure->mean.has_value());
    EXPECT_FALSE(r.glucose.has_value());

    // "with-posture-location-relation".
    const auto posture = read_omh(R"({
        "systolic_blood_pressure": {"value": 125, "unit": "mmHg"},
        "diastolic_blood_pressure": {"value": 60, "unit": "mmHg"},
        "body_posture": "sitting", "measurement_location": "left wrist",
        "temporal_relationship_to_physical_activity": "at rest",
        "effective_time_frame": {"date_time": "2020-02-05T07:25:00-08:00"}})");
    ASSERT_TRUE(posture.reading.has_value()) << posture.list();
    EXPECT_TRUE(same(posture.reading->blood_pressure->systolic, dec("125")));

    // "with-descriptive-statistic": a maximum over a week is not one measurement.
    const auto statistic = read_omh(R"({
        "systolic_blood_pressure": {"value": 160, "unit": "mmHg"},
        "diastolic_blood_pressure": {"value": 60, "unit": "mmHg"},
        "effective_time_frame": {"time_interval": {"start_date_time": "2020-02-05T07:00:00-08:00",
                                                   "end_date_time": "2020-02-12T07:00:00-08:00"}},
        "body_posture": "sitting", "measurement_location": "left wrist",
        "descriptive_statistic": "maximum"})");
    EXPECT_FALSE(statistic.reading.has_value());
    ASSERT_EQ(statistic.problems.size(), 2u) << statistic.list();
    EXPECT_TRUE(
        statistic.has("time_interval_not_supported", "/effective_time_frame/time_interval"));
    EXPECT_TRUE(statistic.has("not_a_single_measurement", "/descriptive_statistic"));

    // shouldFail "invalid-unit".
    const auto unit = read_omh(R"({
        "systolic_blood_pressure": {"value": 115, "unit": "mmH"},
        "diastolic_blood_pressure": {"value": 60, "unit": "mmHg"},
        "effective_time_frame": {"date_time": "2020-02-05T07:25:00-08:00"}})");
    ASSERT_EQ(unit.problems.size(), 1u) << unit.list();
    EXPECT_TRUE(unit.has("unknown_unit", "/systolic_blood_pressure/unit"));
    EXPECT_EQ(unit.arg("unknown_unit", "accepted"), "mmHg");
}

TEST(ReadingsInteropOpenMhealth, GlucoseDataPointWithHeader) {
    const auto outcome = read_omh(R"({
      "header": {
        "id": "123e4567-e89b-12d3-a456-426655440000",
        "creation_date_time": "2013-02-05T07:26:00Z",
        "schema_id": {"namespace": "omh", "name": "blood-glucose", "version": "4.0"},
        "acquisition_provenance": {"source_name": "Glucose app", "modality": "sensed"},
        "user_id": "someone@example.org"},
      "body": {
        "blood_glucose": {"unit": "mg/dL", "value": 95},
        "effective_time_frame": {"date_time": "2013-02-05T07:25:00Z"},
        "specimen_source": "capillary blood",
        "temporal_relationship_to_meal": "fasting",
        "temporal_relationship_to_sleep": "on waking"}})");
    ASSERT_TRUE(outcome.reading.has_value()) << outcome.list();
    EXPECT_TRUE(outcome.problems.empty()) << outcome.list();
    const auto& r = *outcome.reading;
    EXPECT_EQ(r.kind, Kind::glucose);
    EXPECT_EQ(r.patient_ref, "p-0042"); // from the caller, not user_id
    EXPECT_EQ(r.measured_at.instant, utc(2013, 2, 5, 7, 25));
    EXPECT_EQ(r.measured_at.offset, 0min);
    ASSERT_TRUE(r.glucose.has_value());
    EXPECT_EQ(r.glucose->unit, Unit::mg_per_dl);
    EXPECT_TRUE(same(r.glucose->value.value, dec("95")));
    EXPECT_EQ(r.glucose->value.censoring, Measured::Censoring::none);
    EXPECT_EQ(r.glucose->meal, Meal::fasting);
}

TEST(ReadingsInteropOpenMhealth, GlucoseSchemaExampleWithEverythingIsNotOneMeasurement) {
    // blood-glucose 4.0 test data "with-everything".
    const auto outcome = read_omh(R"({
        "blood_glucose": {"unit": "mg/dL", "value": 95},
        "effective_time_frame": {"time_interval": {"start_date_time": "2013-02-05T07:25:00Z",
                                                   "end_date_time": "2013-06-05T07:25:00Z"}},
        "specimen_source": "capillary blood",
        "temporal_relationship_to_meal": "fasting",
        "temporal_relationship_to_sleep": "on waking",
        "descriptive_statistic": "minimum"})");
    EXPECT_FALSE(outcome.reading.has_value());
    ASSERT_EQ(outcome.problems.size(), 2u) << outcome.list();
    EXPECT_TRUE(outcome.has("time_interval_not_supported", "/effective_time_frame/time_interval"));
    EXPECT_TRUE(outcome.has("not_a_single_measurement", "/descriptive_statistic"));
}

TEST(ReadingsInteropOpenMhealth, MgdlRejectedWithPointerAndAcceptedSpellings) {
    const auto outcome = read_omh(R"({
      "header": {"schema_id": {"namespace": "omh", "name": "blood-glucose", "version": "4.0"}},
      "body": {"blood_glucose": {"value": 110, "unit": "MGDL"},
               "effective_time_frame": {"date_time": "2026-03-10T07:30:00+03:00"}}})");
    EXPECT_FALSE(outcome.reading.has_value());
    ASSERT_EQ(outcome.problems.size(), 1u) << outcome.list();
    EXPECT_TRUE(outcome.has("unknown_unit", "/body/blood_glucose/unit"));
    EXPECT_EQ(outcome.arg("unknown_unit", "unit"), "MGDL");
    EXPECT_EQ(outcome.arg("unknown_unit", "accepted"), "mg/dL, mmol/L");
    for (const auto* spelling : {"mg/dl", "mmol/l", "mgdl", "mg per dL"}) {
        std::string text = R"({"blood_glucose": {"value": 110, "unit": ")";
        text += spelling;
        text += R"("}, "effective_time_frame": {"date_time": "2026-03-10T07:30:00+03:00"}})";
        EXPECT_TRUE(read_omh(text).has("unknown_unit", "/blood_glucose/unit")) << spelling;
    }
}

TEST(ReadingsInteropOpenMhealth, TimeWithoutOffsetReadInThePatientsZone) {
    const auto body = R"({"blood_glucose": {"value": 5.6, "unit": "mmol/L"},
        "effective_time_frame": {"date_time": "2026-03-10T08:15:00"}})";
    const auto novosibirsk = read_omh(body, "Asia/Novosibirsk");
    ASSERT_TRUE(novosibirsk.reading.has_value()) << novosibirsk.list();
    EXPECT_EQ(novosibirsk.reading->measured_at.instant, utc(2026, 3, 10, 1, 15));
    EXPECT_EQ(novosibirsk.reading->measured_at.offset, 420min);
    EXPECT_TRUE(novosibirsk.reading->measured_at.read_in_zone);
    const auto moscow = read_omh(body, "Europe/Moscow");
    ASSERT_TRUE(moscow.reading.has_value()) << moscow.list();
    EXPECT_EQ(moscow.reading->measured_at.instant, utc(2026, 3, 10, 5, 15));
    EXPECT_EQ(moscow.reading->measured_at.offset, 180min);
    EXPECT_TRUE(same(moscow.reading->glucose->value.value, dec("5.6")));
}

TEST(ReadingsInteropOpenMhealth, MealAndSleepMapping) {
    const std::pair<const char*, Meal> meals[] = {
        {"fasting", Meal::fasting},
        {"not fasting", Meal::casual},
        {"before meal", Meal::preprandial},
        {"before breakfast", Meal::preprandial},
        {"before lunch", Meal::preprandial},
        {"before dinner", Meal::preprandial},
        {"after meal", Meal::postprandial},
        {"after breakfast", Meal::postprandial},
        {"after lunch", Meal::postprandial},
        {"after dinner", Meal::postprandial},
        {"2 hours postprandial", Meal::postprandial},
        {"with meal", Meal::postprandial},
        {"with food", Meal::postprandial},
    };
    const auto body = [](std::string_view extra) {
        std::string text = R"({"blood_glucose": {"value": 6.1, "unit": "mmol/L"},
            "effective_time_frame": {"date_time": "2026-03-10T22:30:00+07:00"})";
        text += extra;
        text += "}";
        return text;
    };
    for (const auto& [relation, meal] : meals) {
        const auto outcome = read_omh(
            body(std::string(R"(, "temporal_relationship_to_meal": ")") + relation + "\""));
        ASSERT_TRUE(outcome.reading.has_value()) << relation << ": " << outcome.list();
        EXPECT_EQ(outcome.reading->glucose->meal, meal) << relation;
    }
    const auto bedtime = read_omh(body(R"(, "temporal_relationship_to_sleep": "before sleeping")"));
    ASSERT_TRUE(bedtime.reading.has_value()) << bedtime.list();
    EXPECT_EQ(bedtime.reading->glucose->meal, Meal::bedtime);
    const auto meal_wins = read_omh(body(R"(, "temporal_relationship_to_sleep": "before sleeping",
        "temporal_relationship_to_meal": "after dinner")"));
    EXPECT_EQ(meal_wins.reading->glucose->meal, Meal::postprandial);
    const auto waking = read_omh(body(R"(, "temporal_relationship_to_sleep": "on waking")"));
    EXPECT_FALSE(waking.reading->glucose->meal.has_value());
    const auto unknown = read_omh(body(R"(, "temporal_relationship_to_meal": "brunch")"));
    EXPECT_TRUE(unknown.has("invalid_value", "/temporal_relationship_to_meal")) << unknown.list();
    const auto urine = read_omh(body(R"(, "specimen_source": "urine")"));
    EXPECT_TRUE(urine.has("invalid_value", "/specimen_source")) << urine.list();
    EXPECT_EQ(urine.arg("invalid_value", "allowed"), "capillary blood");
}

TEST(ReadingsInteropOpenMhealth, HeaderSchemaChecked) {
    const auto text = [](std::string_view schema, std::string_view body) {
        return std::string(R"({"header": {"schema_id": )") + std::string(schema) +
               R"(}, "body": )" + std::string(body) + "}";
    };
    const std::string bp_body = R"({"systolic_blood_pressure": {"value": 115, "unit": "mmHg"},
        "diastolic_blood_pressure": {"value": 60, "unit": "mmHg"},
        "effective_time_frame": {"date_time": "2020-02-05T07:25:00-08:00"}})";
    const auto old = read_omh(
        text(R"({"namespace": "omh", "name": "blood-pressure", "version": "3.1"})", bp_body));
    ASSERT_EQ(old.problems.size(), 1u) << old.list();
    EXPECT_TRUE(old.has("invalid_value", "/header/schema_id/version"));
    const auto minor = read_omh(
        text(R"({"namespace": "omh", "name": "blood-pressure", "version": "4.1"})", bp_body));
    EXPECT_TRUE(minor.reading.has_value()) << minor.list();
    const auto other =
        read_omh(text(R"({"namespace": "omh", "name": "heart-rate", "version": "2.0"})", bp_body));
    EXPECT_TRUE(other.has("invalid_value", "/header/schema_id/name")) << other.list();
    // The header says glucose, the body is a blood pressure.
    const auto mismatch = read_omh(
        text(R"({"namespace": "omh", "name": "blood-glucose", "version": "4.0"})", bp_body));
    EXPECT_TRUE(mismatch.has("missing_field", "/body/blood_glucose")) << mismatch.list();
    EXPECT_TRUE(mismatch.has("unknown_field", "/body/systolic_blood_pressure")) << mismatch.list();
    const auto no_body = read_omh(
        R"({"header": {"schema_id": {"namespace": "omh", "name": "blood-glucose", "version": "4.0"}}})");
    EXPECT_TRUE(no_body.has("missing_field", "/body")) << no_body.list();
    const auto unknown = read_omh(
        text(R"({"namespace": "omh", "name": "blood-pressure", "version": "4.0"}, "secret": 1)",
             bp_body));
    EXPECT_TRUE(unknown.has("unknown_field", "/header/secret")) << unknown.list();
}

TEST(ReadingsInteropOpenMhealth, MissingFieldsAndWrongTypes) {
    const auto empty = read_omh("{}");
    EXPECT_FALSE(empty.reading.has_value());
    EXPECT_TRUE(empty.has("missing_field", "/effective_time_frame")) << empty.list();
    EXPECT_TRUE(empty.has("missing_field", "/systolic_blood_pressure")) << empty.list();
    EXPECT_TRUE(empty.has("missing_field", "/diastolic_blood_pressure")) << empty.list();

    const auto types = read_omh(R"({
        "systolic_blood_pressure": {"value": "115", "unit": "mmHg"},
        "diastolic_blood_pressure": 60,
        "effective_time_frame": {"date_time": 1580916300}})");
    EXPECT_FALSE(types.reading.has_value());
    EXPECT_TRUE(types.has("wrong_type", "/systolic_blood_pressure/value")) << types.list();
    EXPECT_TRUE(types.has("wrong_type", "/diastolic_blood_pressure")) << types.list();
    EXPECT_TRUE(types.has("wrong_type", "/effective_time_frame/date_time")) << types.list();

    const auto no_value = read_omh(R"({"blood_glucose": {"unit": "mmol/L"},
        "effective_time_frame": {"date_time": "2026-03-10T08:15:00+07:00"}, "user_notes": "x"})");
    EXPECT_TRUE(no_value.has("missing_field", "/blood_glucose/value")) << no_value.list();
    EXPECT_TRUE(no_value.has("unknown_field", "/user_notes")) << no_value.list();

    // Open mHealth 4.0 has no kPa.
    const auto kpa = read_omh(R"({"systolic_blood_pressure": {"value": 17.1, "unit": "kPa"},
        "diastolic_blood_pressure": {"value": 10.9, "unit": "kPa"},
        "effective_time_frame": {"date_time": "2026-03-10T08:15:00+07:00"}})");
    EXPECT_TRUE(kpa.has("unknown_unit", "/systolic_blood_pressure/unit")) << kpa.list();
    EXPECT_TRUE(kpa.has("unknown_unit", "/diastolic_blood_pressure/unit")) << kpa.list();
}

TEST(ReadingsInteropOpenMhealth, ToFhirAndBack) {
    const auto omh = read_omh(R"({"blood_glucose": {"value": 7.25, "unit": "mmol/L"},
        "effective_time_frame": {"date_time": "2026-03-10T08:15:00+07:00"}})");
    ASSERT_TRUE(omh.reading.has_value()) << omh.list();
    const auto back = round_trip(*omh.reading);
    EXPECT_TRUE(same(back.glucose->value.value, dec("7.25")));
    EXPECT_EQ(back.device.id, "tono-7");
    EXPECT_EQ(back.measured_at.instant, utc(2026, 3, 10, 1, 15));
}

} // namespace
} // namespace telemed::readings
