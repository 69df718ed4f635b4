// FHIR R4 Observations and Open mHealth data points (src/readings/interop.hpp has the shapes and
// the reasons for them).
#include "readings/interop.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "core/dates.hpp"

namespace telemed::readings {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view loinc_system = "http://loinc.org";
constexpr std::string_view mdc_system = "urn:iso:std:iso:11073:10101";
constexpr std::string_view ucum_system = "http://unitsofmeasure.org";
constexpr std::string_view category_system =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view absent_system =
    "http://terminology.hl7.org/CodeSystem/data-absent-reason";
constexpr std::string_view interpretation_system =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

// The longest identifier after "Patient/" or "Device/" (FHIR ids are 1–64 characters, and so are
// device ids in the model).
constexpr std::size_t max_id_chars = 64;

// ---------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------

// What a code of an observation or of a component stands for.
enum class Concept : std::uint8_t {
    blood_pressure,
    glucose_molar, // LOINC 14743-9: the value is in mmol/L
    glucose_mass,  // LOINC 41653-7: the value is in mg/dL
    glucose,       // MDC: either unit
    systolic,
    diastolic,
    mean,
    pulse,
};

struct KnownCode {
    Concept meaning;
    std::string_view system;
    std::string_view code;
    std::string_view display;
};

// The LOINC entry of a meaning comes before its MDC entry: the writer takes the first of each.
constexpr KnownCode observation_codes[] = {
    {Concept::blood_pressure, loinc_system, "85354-9",
     "Blood pressure panel with all children optional"},
    {Concept::glucose_molar, loinc_system, "14743-9",
     "Glucose [Moles/volume] in Capillary blood by Glucometer"},
    {Concept::glucose_mass, loinc_system, "41653-7",
     "Glucose [Mass/volume] in Capillary blood by Glucometer"},
    {Concept::blood_pressure, mdc_system, "150020", "MDC_PRESS_BLD_NONINV"},
    {Concept::glucose, mdc_system, "160184", "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD"},
    {Concept::glucose, mdc_system, "160188", "MDC_CONC_GLU_CAPILLARY_PLASMA"},
};

constexpr KnownCode component_codes[] = {
    {Concept::systolic, loinc_system, "8480-6", "Systolic blood pressure"},
    {Concept::diastolic, loinc_system, "8462-4", "Diastolic blood pressure"},
    {Concept::mean, loinc_system, "8478-0", "Mean blood pressure"},
    {Concept::pulse, loinc_system, "8867-4", "Heart rate"},
    {Concept::systolic, mdc_system, "150021", "MDC_PRESS_BLD_NONINV_SYS"},
    {Concept::diastolic, mdc_system, "150022", "MDC_PRESS_BLD_NONINV_DIA"},
    {Concept::mean, mdc_system, "150023", "MDC_PRESS_BLD_NONINV_MEAN"},
    {Concept::pulse, mdc_system, "149546", "MDC_PULS_RATE_NON_INV"},
};

const KnownCode* find_code(std::span<const KnownCode> table, std::string_view system,
                           std::string_view code) noexcept {
    for (const auto& known : table) {
        if (known.system == system && known.code == code) {
            return &known;
        }
    }
    return nullptr;
}

// "LOINC 85354-9, …, MDC 150020, …": the codes a problem names as accepted.
std::string accepted_codes(std::span<const KnownCode> table) {
    std::string list;
    for (const auto& known : table) {
        list += list.empty() ? "" : ", ";
        list += known.system == loinc_system ? "LOINC " : "MDC ";
        list += known.code;
    }
    return list;
}

// Whether two recognised codings of one code can stand together, and the more precise of them.
std::optional<Concept> merge(Concept a, Concept b) noexcept {
    if (a == b) {
        return a;
    }
    const auto generic_glucose = [](Concept x, Concept y) {
        return x == Concept::glucose && (y == Concept::glucose_molar || y == Concept::glucose_mass);
    };
    if (generic_glucose(a, b)) {
        return b;
    }
    if (generic_glucose(b, a)) {
        return a;
    }
    return std::nullopt;
}

bool is_pressure(Concept c) noexcept {
    return c == Concept::systolic || c == Concept::diastolic || c == Concept::mean;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

void write_coding(json::Writer& out, const KnownCode& code) {
    out.begin_object()
        .member("system", code.system)
        .member("code", code.code)
        .member("display", code.display)
        .end_object();
}

// {"coding": [LOINC, MDC]} of a meaning; `mdc_of` names the meaning whose MDC entry is taken
// (glucose: the MDC code is the same for both units).
void write_concept(json::Writer& out, std::span<const KnownCode> table, Concept loinc_of,
                   Concept mdc_of) {
    out.begin_object().key("coding").begin_array();
    for (const auto& known : table) {
        if (known.system == loinc_system && known.meaning == loinc_of) {
            write_coding(out, known);
            break;
        }
    }
    for (const auto& known : table) {
        if (known.system == mdc_system && known.meaning == mdc_of) {
            write_coding(out, known);
            break;
        }
    }
    out.end_array().end_object();
}

void write_single_coding(json::Writer& out, std::string_view system, std::string_view code,
                         std::string_view display) {
    out.begin_object().key("coding").begin_array();
    write_coding(out, KnownCode{Concept::glucose, system, code, display});
    out.end_array().end_object();
}

void write_quantity(json::Writer& out, Decimal value, Unit unit, std::string_view comparator = {}) {
    out.begin_object().key("value");
    out.number(value);
    if (!comparator.empty()) {
        out.member("comparator", comparator);
    }
    out.member("unit", unit_name(unit))
        .member("system", ucum_system)
        .member("code", unit_ucum(unit))
        .end_object();
}

void write_component(json::Writer& out, Concept meaning, Decimal value, Unit unit) {
    out.begin_object().key("code");
    write_concept(out, component_codes, meaning, meaning);
    out.key("valueQuantity");
    write_quantity(out, value, unit);
    out.end_object();
}

void write_reference(json::Writer& out, std::string_view key, std::string_view type,
                     std::string_view id) {
    std::string reference;
    reference.reserve(type.size() + 1 + id.size());
    reference.append(type).append("/").append(id);
    out.key(key).begin_object().member("reference", reference).end_object();
}

void write_glucose_value(json::Writer& out, const Glucose& glucose) {
    const Measured& measured = glucose.value;
    if (measured.censoring == Measured::Censoring::none) {
        out.key("valueQuantity");
        write_quantity(out, measured.value, glucose.unit);
        return;
    }
    const bool below = measured.censoring == Measured::Censoring::below_device_range;
    if (measured.device_limit) {
        out.key("valueQuantity");
        write_quantity(out, *measured.device_limit, glucose.unit, below ? "<" : ">");
    } else {
        out.key("dataAbsentReason");
        write_single_coding(out, absent_system, "unknown", "Unknown");
    }
    out.key("interpretation").begin_array();
    write_single_coding(out, interpretation_system, below ? "<" : ">",
                        below ? "Off scale low" : "Off scale high");
    out.end_array();
}

// ---------------------------------------------------------------------------------------------
// Reading FHIR
// ---------------------------------------------------------------------------------------------

// Fields of a FHIR element or resource that are accepted and ignored (marked known).
void ignore(json::ObjectReader& reader, std::initializer_list<std::string_view> keys) {
    for (const auto key : keys) {
        reader.value(key, false);
    }
}

struct CodingRead {
    std::string system;
    std::string code;
    std::string pointer; // of the coding's "code"
};

// The codings of a CodeableConcept (its other fields are accepted), or nothing when it has no
// array of them. Codings without a system or a code are kept out.
std::optional<std::vector<CodingRead>> read_codings(json::ObjectReader& meaning, bool required) {
    std::optional<std::vector<CodingRead>> codings;
    ignore(meaning, {"id", "extension", "text"});
    const json::bj::array* array = meaning.array("coding", required);
    if (array != nullptr) {
        codings.emplace();
        for (std::size_t i = 0; i < array->size(); ++i) {
            json::ObjectReader coding((*array)[i], meaning, "coding", i);
            ignore(coding, {"id", "extension", "version", "display", "userSelected"});
            auto system = coding.string("system", false, 256);
            auto code = coding.string("code", false, 64);
            if (system && code) {
                codings->push_back({std::move(*system), std::move(*code), coding.at("code")});
            }
            coding.finish();
        }
    }
    meaning.finish();
    return codings;
}

// The meaning a CodeableConcept field names among `table`. Codings of other systems, and
// unrecognised LOINC / MDC codings beside a recognised one (translations), are ignored.
std::optional<Concept> read_concept(json::ObjectReader& parent, std::string_view key,
                                    std::span<const KnownCode> table, json::Problems& problems) {
    const auto* v = parent.value(key, true);
    if (v == nullptr) {
        return std::nullopt;
    }
    json::ObjectReader meaning(*v, parent, key);
    if (!meaning.is_object()) {
        return std::nullopt;
    }
    const auto codings = read_codings(meaning, true);
    if (!codings) {
        return std::nullopt;
    }
    std::optional<Concept> found;
    const CodingRead* unrecognised = nullptr;
    for (const auto& coding : *codings) {
        if (coding.system != loinc_system && coding.system != mdc_system) {
            continue;
        }
        const KnownCode* known = find_code(table, coding.system, coding.code);
        if (known == nullptr) {
            unrecognised = unrecognised != nullptr ? unrecognised : &coding;
            continue;
        }
        if (!found) {
            found = known->meaning;
            continue;
        }
        const auto merged = merge(*found, known->meaning);
        if (!merged) {
            problems.add("conflicting_fields", coding.pointer);
            return std::nullopt;
        }
        found = merged;
    }
    if (!found) {
        problems.add("invalid_value",
                     unrecognised != nullptr ? unrecognised->pointer : meaning.at("coding"), {},
                     {{"allowed", accepted_codes(table)}});
    }
    return found;
}

// "Patient/<id>" or "Device/<id>": the id, as written.
std::optional<std::string> read_reference(json::ObjectReader& parent, std::string_view key,
                                          bool required, std::string_view type,
                                          json::Problems& problems) {
    const auto* v = parent.value(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    json::ObjectReader reference(*v, parent, key);
    if (!reference.is_object()) {
        return std::nullopt;
    }
    // display may hold a name: it is accepted and never copied.
    ignore(reference, {"id", "extension", "identifier", "display"});
    const std::string type_name(type);
    reference.one_of("type", false, {type});
    auto text = reference.string("reference", true, 1024);
    reference.finish();
    if (!text) {
        return std::nullopt;
    }
    const std::string_view written = *text;
    const std::size_t prefix = type.size() + 1;
    // A relative reference to a current version: no server URL, no "/_history/…".
    if (written.size() <= prefix || written.substr(0, type.size()) != type ||
        written[type.size()] != '/' || written.find('/', prefix) != std::string_view::npos) {
        problems.add("invalid_value", reference.at("reference"), {},
                     {{"allowed", type_name + "/<id>"}});
        return std::nullopt;
    }
    const auto id = written.substr(prefix);
    if (json::code_points(id) > max_id_chars) {
        problems.add("too_long", reference.at("reference"), {},
                     {{"limit", std::to_string(max_id_chars)}});
        return std::nullopt;
    }
    return std::string(id);
}

struct Quantity {
    Decimal value;
    Unit unit = Unit::mmhg;
    std::optional<Measured::Censoring> censoring; // from a comparator
};

// A FHIR Quantity whose UCUM code is one of `accepted`. A comparator is read only when
// `bound_allowed`; elsewhere it is censored_value_not_supported.
std::optional<Quantity> read_quantity(json::ObjectReader& parent, std::string_view key,
                                      bool required, std::span<const Unit> accepted,
                                      bool bound_allowed, json::Problems& problems) {
    const auto* v = parent.value(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    json::ObjectReader q(*v, parent, key);
    if (!q.is_object()) {
        return std::nullopt;
    }
    const auto before = problems.errors();
    Quantity quantity;
    ignore(q, {"id", "extension", "unit"}); // unit: display text
    const auto value = read_decimal(q, "value", true, problems);
    if (bound_allowed) {
        if (const auto comparator = q.one_of("comparator", false, {"<", ">"})) {
            quantity.censoring = *comparator == "<" ? Measured::Censoring::below_device_range
                                                    : Measured::Censoring::above_device_range;
        }
    } else if (q.value("comparator", false) != nullptr) {
        problems.add("censored_value_not_supported", q.at("comparator"));
    }
    const auto system = q.string("system", true, 256);
    if (system && *system != ucum_system) {
        problems.add("invalid_value", q.at("system"), {}, {{"allowed", std::string(ucum_system)}});
    }
    const auto code = q.string("code", true, 64);
    if (code) {
        const auto unit = std::find_if(accepted.begin(), accepted.end(),
                                       [&](Unit u) { return unit_ucum(u) == *code; });
        if (unit != accepted.end()) {
            quantity.unit = *unit;
        } else {
            std::string names;
            for (const Unit u : accepted) {
                names += names.empty() ? "" : ", ";
                names += unit_ucum(u);
            }
            std::size_t cut = std::min<std::size_t>(code->size(), 20);
            while (cut < code->size() &&
                   (static_cast<unsigned char>((*code)[cut]) & 0xC0) == 0x80) {
                --cut;
            }
            problems.add("unknown_unit", q.at("code"), {},
                         {{"unit", code->substr(0, cut)}, {"accepted", names}});
        }
    }
    q.finish();
    if (problems.errors() != before || !value) {
        return std::nullopt;
    }
    quantity.value = *value;
    return quantity;
}

// Off scale low / high among the interpretations of an observation; conflicting_fields when both
// are given.
std::optional<Measured::Censoring> read_off_scale(json::ObjectReader& observation,
                                                  json::Problems& problems) {
    const json::bj::array* array = observation.array("interpretation", false);
    if (array == nullptr) {
        return std::nullopt;
    }
    std::optional<Measured::Censoring> found;
    for (std::size_t i = 0; i < array->size(); ++i) {
        json::ObjectReader meaning((*array)[i], observation, "interpretation", i);
        if (!meaning.is_object()) {
            continue;
        }
        const auto codings = read_codings(meaning, false);
        for (const auto& coding : codings.value_or(std::vector<CodingRead>{})) {
            if (coding.system != interpretation_system ||
                (coding.code != "<" && coding.code != ">")) {
                continue; // H, L, N… are the receiver's business
            }
            const auto censoring = coding.code == "<" ? Measured::Censoring::below_device_range
                                                      : Measured::Censoring::above_device_range;
            if (found && *found != censoring) {
                problems.add("conflicting_fields", coding.pointer);
                return std::nullopt;
            }
            found = censoring;
        }
    }
    return found;
}

// The instant: effectiveDateTime or effectiveInstant.
std::optional<MeasuredAt> read_effective(json::ObjectReader& observation,
                                         const ReadContext& context, json::Problems& problems) {
    bool interval = false;
    for (const auto key : {"effectivePeriod"sv, "effectiveTiming"sv}) {
        if (observation.value(key, false) != nullptr) {
            problems.add("time_interval_not_supported", observation.at(key));
            interval = true;
        }
    }
    const bool has_date_time = observation.has("effectiveDateTime");
    const bool has_instant = observation.has("effectiveInstant");
    if (has_date_time && has_instant) {
        observation.value("effectiveInstant", false);
        problems.add("conflicting_fields", observation.at("effectiveInstant"));
    }
    if (has_instant && !has_date_time) {
        return read_measured_at(observation, "effectiveInstant", true, context, problems);
    }
    observation.value("effectiveInstant", false);
    return read_measured_at(observation, "effectiveDateTime", !interval, context, problems);
}

// The components of a blood pressure.
std::optional<BloodPressure> read_components(json::ObjectReader& observation,
                                             json::Problems& problems) {
    const json::bj::array* array = observation.array("component", true);
    if (array == nullptr) {
        return std::nullopt;
    }
    const auto before = problems.errors();
    struct Slot {
        bool seen = false;
        std::optional<Decimal> value;
    };
    std::array<Slot, 4> slots; // systolic, diastolic, mean, pulse
    const auto slot_of = [&](Concept c) -> Slot& {
        switch (c) {
        case Concept::systolic:
            return slots[0];
        case Concept::diastolic:
            return slots[1];
        case Concept::mean:
            return slots[2];
        default:
            return slots[3];
        }
    };
    std::optional<Unit> pressure_unit;
    static constexpr Unit pressure_units[] = {Unit::mmhg, Unit::kpa};
    static constexpr Unit pulse_units[] = {Unit::per_minute};
    for (std::size_t i = 0; i < array->size(); ++i) {
        json::ObjectReader component((*array)[i], observation, "component", i);
        if (!component.is_object()) {
            continue;
        }
        ignore(component, {"id", "extension", "interpretation", "referenceRange"});
        const auto meaning = read_concept(component, "code", component_codes, problems);
        if (component.value("dataAbsentReason", false) != nullptr) {
            problems.add("value_absent", component.at("dataAbsentReason"));
        }
        if (!meaning) {
            component.value("valueQuantity", false);
            component.finish();
            continue;
        }
        const bool pressure = is_pressure(*meaning);
        const auto quantity = read_quantity(
            component, "valueQuantity", !component.has("dataAbsentReason"),
            pressure ? std::span<const Unit>(pressure_units) : std::span<const Unit>(pulse_units),
            false, problems);
        Slot& slot = slot_of(*meaning);
        if (slot.seen) {
            problems.add("duplicate_item", component.pointer());
        }
        slot.seen = true;
        if (quantity) {
            slot.value = quantity->value;
            if (pressure && !pressure_unit) {
                pressure_unit = quantity->unit;
            } else if (pressure && quantity->unit != *pressure_unit) {
                problems.add("invalid_value",
                             json::pointer_key(component.at("valueQuantity"), "code"), {},
                             {{"allowed", std::string(unit_ucum(*pressure_unit))}});
            }
        }
        component.finish();
    }
    for (const auto& [index, loinc] : {std::pair{0, "8480-6"}, std::pair{1, "8462-4"}}) {
        if (!slots[static_cast<std::size_t>(index)].seen) {
            problems.add("missing_component", observation.at("component"), {}, {{"item", loinc}});
        }
    }
    if (problems.errors() != before || !slots[0].value || !slots[1].value || !pressure_unit) {
        return std::nullopt;
    }
    BloodPressure bp;
    bp.unit = *pressure_unit;
    bp.systolic = *slots[0].value;
    bp.diastolic = *slots[1].value;
    bp.mean = slots[2].value;
    bp.pulse = slots[3].value;
    return bp;
}

// A glucose value: a number, a bound (comparator), or off scale without a limit.
std::optional<Glucose> read_glucose(json::ObjectReader& observation, Concept meaning,
                                    json::Problems& problems) {
    const auto before = problems.errors();
    static constexpr Unit molar[] = {Unit::mmol_per_l};
    static constexpr Unit mass[] = {Unit::mg_per_dl};
    static constexpr Unit either[] = {Unit::mmol_per_l, Unit::mg_per_dl};
    const std::span<const Unit> units =
        meaning == Concept::glucose_molar  ? std::span<const Unit>(molar)
        : meaning == Concept::glucose_mass ? std::span<const Unit>(mass)
                                           : std::span<const Unit>(either);
    const auto off_scale = read_off_scale(observation, problems);
    const bool has_value = observation.has("valueQuantity");
    const bool has_absent = observation.has("dataAbsentReason");
    Glucose glucose;
    if (has_value && has_absent) {
        problems.add("conflicting_fields", observation.at("dataAbsentReason"));
    }
    if (has_value || !has_absent) {
        observation.value("dataAbsentReason", false);
        const auto quantity =
            read_quantity(observation, "valueQuantity", true, units, true, problems);
        if (quantity) {
            glucose.unit = quantity->unit;
            if (quantity->censoring) {
                glucose.value.censoring = *quantity->censoring;
                glucose.value.device_limit = quantity->value;
            } else {
                glucose.value.value = quantity->value;
            }
            const auto stated = quantity->censoring.value_or(Measured::Censoring::none);
            if (off_scale && *off_scale != stated) {
                problems.add("conflicting_fields", observation.at("interpretation"));
            }
        }
    } else {
        observation.value("valueQuantity", false);
        json::ObjectReader absent(*observation.value("dataAbsentReason", false), observation,
                                  "dataAbsentReason");
        std::optional<Measured::Censoring> infinity;
        if (absent.is_object()) {
            const auto codings = read_codings(absent, false);
            for (const auto& coding : codings.value_or(std::vector<CodingRead>{})) {
                if (coding.system == absent_system && coding.code == "negative-infinity") {
                    infinity = Measured::Censoring::below_device_range;
                } else if (coding.system == absent_system && coding.code == "positive-infinity") {
                    infinity = Measured::Censoring::above_device_range;
                }
            }
        }
        if (off_scale && infinity && *off_scale != *infinity) {
            problems.add("conflicting_fields", observation.at("interpretation"));
        } else if (!off_scale && !infinity) {
            problems.add("value_absent", observation.at("dataAbsentReason"));
        } else if (units.size() != 1) {
            // Off scale without a limit or a unit: only the LOINC code says which unit.
            problems.add("invalid_value", observation.at("code"), {},
                         {{"allowed", "LOINC 14743-9, LOINC 41653-7"}});
        } else {
            glucose.unit = units.front();
            glucose.value.censoring = off_scale ? *off_scale : *infinity;
        }
    }
    if (problems.errors() != before) {
        return std::nullopt;
    }
    return glucose;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Open mHealth
// ---------------------------------------------------------------------------------------------

namespace {

std::optional<Meal> meal_of(std::string_view relation) noexcept {
    if (relation == "fasting") {
        return Meal::fasting;
    }
    if (relation == "not fasting") {
        return Meal::casual;
    }
    if (relation.starts_with("before ")) {
        return Meal::preprandial;
    }
    if (relation.starts_with("after ") || relation.starts_with("with ") ||
        relation == "2 hours postprandial") {
        return Meal::postprandial;
    }
    return std::nullopt;
}

// A schema's kind from the header; nothing when the header is not one of ours (reported).
std::optional<Kind> read_omh_header(json::ObjectReader& header, json::Problems& problems) {
    ignore(header, {"id", "uuid", "creation_date_time", "source_creation_date_time", "modality",
                    "user_id", "acquisition_provenance"});
    std::optional<Kind> kind;
    if (const auto* v = header.value("schema_id", true)) {
        json::ObjectReader schema(*v, header, "schema_id");
        ignore(schema, {"url"});
        const auto ns = schema.one_of("namespace", true, {"omh"});
        const auto name = schema.one_of("name", true, {"blood-pressure", "blood-glucose"});
        // Any 4.x: minor versions add optional fields only.
        const auto version = schema.string("version", true, 16);
        bool version_ok = false;
        if (version) {
            const std::string_view text = *version;
            version_ok = text.size() > 2 && text.starts_with("4.") &&
                         std::all_of(text.begin() + 2, text.end(),
                                     [](char c) { return c >= '0' && c <= '9'; });
            if (!version_ok) {
                problems.add("invalid_value", schema.at("version"), {}, {{"allowed", "4.0"}});
            }
        }
        schema.finish();
        if (ns && name && version_ok) {
            kind = *name == "blood-pressure" ? Kind::blood_pressure : Kind::glucose;
        }
    }
    header.finish();
    return kind;
}

// {"value": …, "unit": …} with the unit among `accepted`.
std::optional<std::pair<Decimal, Unit>> read_unit_value(json::ObjectReader& body,
                                                        std::string_view key,
                                                        std::initializer_list<Unit> accepted,
                                                        json::Problems& problems) {
    const auto* v = body.value(key, true);
    if (v == nullptr) {
        return std::nullopt;
    }
    json::ObjectReader unit_value(*v, body, key);
    if (!unit_value.is_object()) {
        return std::nullopt;
    }
    const auto value = read_decimal(unit_value, "value", true, problems);
    const auto unit = read_unit(unit_value, "unit", true, accepted, problems);
    unit_value.finish();
    if (!value || !unit) {
        return std::nullopt;
    }
    return std::pair{*value, *unit};
}

// The body of a blood-pressure or glucose data point.
Reading read_omh_body(json::ObjectReader& body, Kind kind, const OpenMhealthSource& source,
                      const ReadContext& context, json::Problems& problems) {
    Reading reading;
    reading.kind = kind;
    reading.patient_ref = source.patient_ref;
    reading.device = source.device;
    if (const auto* v = body.value("effective_time_frame", true)) {
        json::ObjectReader frame(*v, body, "effective_time_frame");
        if (frame.is_object()) {
            if (frame.value("time_interval", false) != nullptr) {
                problems.add("time_interval_not_supported", frame.at("time_interval"));
                frame.value("date_time", false);
            } else if (auto at = read_measured_at(frame, "date_time", true, context, problems)) {
                reading.measured_at = *at;
            }
            frame.finish();
        }
    }
    if (body.value("descriptive_statistic", false) != nullptr) {
        problems.add("not_a_single_measurement", body.at("descriptive_statistic"));
    }
    if (kind == Kind::blood_pressure) {
        const auto systolic =
            read_unit_value(body, "systolic_blood_pressure", {Unit::mmhg}, problems);
        const auto diastolic =
            read_unit_value(body, "diastolic_blood_pressure", {Unit::mmhg}, problems);
        body.one_of("body_posture", false, {"sitting", "lying down", "standing", "semi-recumbent"});
        body.one_of("position_during_measurement", false, {"sitting", "lying down", "standing"});
        body.one_of("measurement_location", false,
                    {"left ankle", "right ankle", "left hip", "right hip", "left thigh",
                     "right thigh", "left thorax", "middle left thorax", "left upper arm",
                     "right upper arm", "left wrist", "right wrist"});
        body.one_of("temporal_relationship_to_physical_activity", false,
                    {"at rest", "active", "before exercise", "after exercise", "during exercise"});
        if (systolic && diastolic) {
            BloodPressure bp;
            bp.unit = Unit::mmhg;
            bp.systolic = systolic->first;
            bp.diastolic = diastolic->first;
            reading.blood_pressure = bp;
        }
    } else {
        const auto value = read_unit_value(
            body, "blood_glucose", std::initializer_list<Unit>{Unit::mg_per_dl, Unit::mmol_per_l},
            problems);
        body.one_of("specimen_source", false, {"capillary blood"});
        const auto meal =
            body.one_of("temporal_relationship_to_meal", false,
                        {"fasting", "not fasting", "before meal", "after meal", "before breakfast",
                         "after breakfast", "before lunch", "after lunch", "before dinner",
                         "after dinner", "2 hours postprandial", "with meal", "with food"});
        const auto sleep = body.one_of("temporal_relationship_to_sleep", false,
                                       {"before sleeping", "during sleep", "on waking"});
        if (value) {
            Glucose glucose;
            glucose.value.value = value->first;
            glucose.unit = value->second;
            if (meal) {
                glucose.meal = meal_of(*meal);
            } else if (sleep && *sleep == "before sleeping") {
                glucose.meal = Meal::bedtime;
            }
            reading.glucose = glucose;
        }
    }
    body.finish();
    return reading;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------------------

void write_fhir_observation(json::Writer& out, const Reading& reading) {
    const bool pressure = reading.kind == Kind::blood_pressure;
    out.begin_object().member("resourceType", "Observation").member("status", "final");
    out.key("category").begin_array();
    write_single_coding(out, category_system, pressure ? "vital-signs" : "laboratory",
                        pressure ? "Vital Signs" : "Laboratory");
    out.end_array();
    out.key("code");
    if (pressure) {
        write_concept(out, observation_codes, Concept::blood_pressure, Concept::blood_pressure);
    } else {
        const bool molar = reading.glucose && reading.glucose->unit == Unit::mmol_per_l;
        write_concept(out, observation_codes,
                      molar ? Concept::glucose_molar : Concept::glucose_mass, Concept::glucose);
    }
    write_reference(out, "subject", "Patient", reading.patient_ref);
    out.member("effectiveDateTime",
               dates::format_date_time(reading.measured_at.instant, reading.measured_at.offset));
    if (!pressure && reading.glucose) {
        write_glucose_value(out, *reading.glucose);
    }
    if (!reading.device.id.empty()) {
        write_reference(out, "device", "Device", reading.device.id);
    }
    if (pressure && reading.blood_pressure) {
        const BloodPressure& bp = *reading.blood_pressure;
        out.key("component").begin_array();
        write_component(out, Concept::systolic, bp.systolic, bp.unit);
        write_component(out, Concept::diastolic, bp.diastolic, bp.unit);
        if (bp.mean) {
            write_component(out, Concept::mean, *bp.mean, bp.unit);
        }
        if (bp.pulse) {
            write_component(out, Concept::pulse, *bp.pulse, Unit::per_minute);
        }
        out.end_array();
    }
    out.end_object();
}

std::optional<Reading> read_fhir_observation(json::ObjectReader& observation,
                                             const ReadContext& context, json::Problems& problems) {
    if (!observation.is_object()) {
        return std::nullopt;
    }
    const auto before = problems.errors();
    ignore(observation, {"id",        "meta",       "text",           "language",  "contained",
                         "extension", "identifier", "basedOn",        "partOf",    "focus",
                         "encounter", "issued",     "performer",      "note",      "bodySite",
                         "method",    "specimen",   "referenceRange", "hasMember", "derivedFrom"});
    observation.one_of("resourceType", true, {"Observation"});
    observation.one_of("status", true, {"final", "amended", "corrected"});
    observation.array("category", false);
    const auto meaning = read_concept(observation, "code", observation_codes, problems);
    Reading reading;
    if (auto patient = read_reference(observation, "subject", true, "Patient", problems)) {
        reading.patient_ref = std::move(*patient);
    }
    if (auto device = read_reference(observation, "device", false, "Device", problems)) {
        reading.device.id = std::move(*device);
    }
    if (const auto at = read_effective(observation, context, problems)) {
        reading.measured_at = *at;
    }
    if (!meaning) {
        // The kind is unknown: its fields are not reported as unknown on top.
        ignore(observation, {"component", "valueQuantity", "dataAbsentReason", "interpretation"});
    } else if (*meaning == Concept::blood_pressure) {
        reading.kind = Kind::blood_pressure;
        ignore(observation, {"interpretation"});
        if (observation.value("dataAbsentReason", false) != nullptr) {
            problems.add("value_absent", observation.at("dataAbsentReason"));
        }
        reading.blood_pressure = read_components(observation, problems);
    } else {
        reading.kind = Kind::glucose;
        reading.glucose = read_glucose(observation, *meaning, problems);
    }
    observation.finish();
    if (problems.errors() != before) {
        return std::nullopt;
    }
    return reading;
}

std::optional<Reading> read_open_mhealth(json::ObjectReader& data_point,
                                         const OpenMhealthSource& source,
                                         const ReadContext& context, json::Problems& problems) {
    if (!data_point.is_object()) {
        return std::nullopt;
    }
    const auto before = problems.errors();
    std::optional<Reading> reading;
    // A bare body is a glucose when it says so, else a blood pressure.
    const auto kind_of_body = [](const json::ObjectReader& body) {
        return body.has("blood_glucose") ? Kind::glucose : Kind::blood_pressure;
    };
    if (data_point.has("header") || data_point.has("body")) {
        std::optional<Kind> kind;
        if (const auto* header = data_point.value("header", true)) {
            json::ObjectReader reader(*header, data_point, "header");
            if (reader.is_object()) {
                kind = read_omh_header(reader, problems);
            }
        }
        if (const auto* body = data_point.value("body", true)) {
            json::ObjectReader reader(*body, data_point, "body");
            if (reader.is_object()) {
                reading = read_omh_body(reader, kind.value_or(kind_of_body(reader)), source,
                                        context, problems);
            }
        }
        data_point.finish();
    } else {
        reading = read_omh_body(data_point, kind_of_body(data_point), source, context, problems);
    }
    if (problems.errors() != before) {
        return std::nullopt;
    }
    return reading;
}

} // namespace telemed::readings
