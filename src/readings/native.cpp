// Reading a reading in every accepted shape (docs/readings.md, "Inputs"), the patient settings
// the rules need, and writing an accepted reading back in telemed JSON.
#include <cstring>
#include <date/tz.h>

#include "core/dates.hpp"
#include "i18n/i18n.hpp"
#include "readings/ble.hpp"
#include "readings/envelope.hpp"
#include "readings/from_ble.hpp"
#include "readings/internal.hpp"
#include "readings/interop.hpp"

namespace telemed::readings::detail {

namespace {

using json::ObjectReader;

constexpr std::size_t max_ref_chars = 64;

std::optional<Device> read_device(ObjectReader& r, bool required) {
    const auto* v = r.value("device", required);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader d(*v, r, "device");
    Device device;
    auto id = d.string("id", true, max_ref_chars);
    device.model = d.string("model", false, 100).value_or("");
    device.serial = d.string("serial", false, 64).value_or("");
    d.finish();
    if (!id) {
        return std::nullopt;
    }
    device.id = std::move(*id);
    return device;
}

std::uint32_t read_flags(ObjectReader& r, json::Problems& problems) {
    std::uint32_t flags = 0;
    const auto* list = r.array("flags", false);
    if (list == nullptr) {
        return flags;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const auto at = json::pointer_index(r.at("flags"), i);
        if (!item.is_string()) {
            problems.add("wrong_type", at, {}, {{"expected", "string"}, {"actual", "other"}});
            continue;
        }
        const auto flag = device_flag_named(item.get_string());
        if (!flag) {
            problems.add("unknown_device_flag", at);
            continue;
        }
        flags |= static_cast<std::uint32_t>(*flag);
    }
    return flags;
}

std::optional<BloodPressure> read_blood_pressure(ObjectReader& parent, json::Problems& problems) {
    const auto* v = parent.value("blood_pressure", true);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader r(*v, parent, "blood_pressure");
    const auto unit = read_unit(r, "unit", true, {Unit::mmhg, Unit::kpa}, problems);
    auto systolic = r.decimal("systolic", true);
    auto diastolic = r.decimal("diastolic", true);
    auto mean = r.decimal("mean", false);
    auto pulse = r.decimal("pulse", false);
    r.finish();
    if (!unit || !systolic || !diastolic) {
        return std::nullopt;
    }
    return BloodPressure{*unit, *systolic, *diastolic, mean, pulse};
}

std::optional<Glucose> read_glucose(ObjectReader& parent, json::Problems& problems) {
    const auto* v = parent.value("glucose", true);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader r(*v, parent, "glucose");
    const auto errors = problems.errors();
    Glucose g;
    const auto unit = read_unit(r, "unit", true, {Unit::mmol_per_l, Unit::mg_per_dl}, problems);
    const auto* value = r.value("value", true);
    if (value != nullptr && value->is_string() &&
        (value->get_string() == "LO" || value->get_string() == "HI")) {
        g.value.censoring = value->get_string() == "LO" ? Measured::Censoring::below_device_range
                                                        : Measured::Censoring::above_device_range;
    } else if (value != nullptr) {
        if (auto exact = json::decimal_of(*value); exact && value->is_number()) {
            g.value.value = *exact;
        } else {
            problems.add(
                value->is_number() ? "number_too_precise" : "wrong_type", r.at("value"), {},
                value->is_number()
                    ? json::Args{{"limit", std::to_string(Decimal::max_digits)}}
                    : json::Args{{"expected", "number, \"LO\" or \"HI\""}, {"actual", "other"}});
        }
    }
    g.value.device_limit = r.decimal("device_limit", false);
    if (g.value.device_limit && g.value.censoring == Measured::Censoring::none) {
        problems.add("device_limit_without_censoring", r.at("device_limit"));
    }
    if (auto meal = r.one_of("meal", false,
                             {"preprandial", "postprandial", "fasting", "casual", "bedtime"})) {
        for (const Meal m :
             {Meal::preprandial, Meal::postprandial, Meal::fasting, Meal::casual, Meal::bedtime}) {
            if (meal_name(m) == *meal) {
                g.meal = m;
            }
        }
    }
    g.control_solution = r.boolean("control_solution", false).value_or(false);
    r.finish();
    if (!unit || problems.errors() != errors) {
        return std::nullopt;
    }
    g.unit = *unit;
    return g;
}

// A reading in telemed JSON (docs/readings.md, "The telemed reading").
std::optional<Reading> read_native(ObjectReader& r, const ReadContext& read_context,
                                   json::Problems& problems) {
    const auto errors = problems.errors();
    Reading reading;
    auto patient_ref = r.string("patient_ref", true, max_ref_chars);
    auto device = read_device(r, true);
    const auto kind = r.one_of("kind", true, {"blood_pressure", "glucose"});
    auto measured_at = read_measured_at(r, "measured_at", true, read_context, problems);
    const auto setting = r.one_of("setting", false, {"home", "office", "ambulatory"});
    reading.flags = read_flags(r, problems);
    if (kind && *kind == "blood_pressure") {
        reading.kind = Kind::blood_pressure;
        reading.blood_pressure = read_blood_pressure(r, problems);
        if (r.has("glucose")) {
            problems.add("not_for_kind", r.at("glucose"), {}, {{"kind", *kind}});
        }
    } else if (kind) {
        reading.kind = Kind::glucose;
        reading.glucose = read_glucose(r, problems);
        if (r.has("blood_pressure")) {
            problems.add("not_for_kind", r.at("blood_pressure"), {}, {{"kind", *kind}});
        }
        if (setting && *setting != "home") {
            problems.add("not_for_kind", r.at("setting"), {}, {{"kind", *kind}});
        }
    }
    // Mark the other kind's member known: it was reported above when present. Without a valid
    // kind neither member can be judged, and neither is unknown.
    if (!kind || *kind == "glucose") {
        r.value("blood_pressure", false);
    }
    if (!kind || *kind == "blood_pressure") {
        r.value("glucose", false);
    }
    r.finish();
    if (problems.errors() != errors || !patient_ref || !device || !measured_at) {
        return std::nullopt;
    }
    reading.patient_ref = std::move(*patient_ref);
    reading.device = std::move(*device);
    reading.measured_at = *measured_at;
    reading.setting = setting == std::optional<std::string>("office")       ? Setting::office
                      : setting == std::optional<std::string>("ambulatory") ? Setting::ambulatory
                                                                            : Setting::home;
    return reading;
}

// {"patient_ref", "device", "open_mhealth": data point}: Open mHealth says neither whose nor
// which device.
std::optional<Reading> read_open_mhealth_wrapper(ObjectReader& r, const ReadContext& read_context,
                                                 json::Problems& problems) {
    auto patient_ref = r.string("patient_ref", true, max_ref_chars);
    auto device = read_device(r, true);
    std::optional<Reading> reading;
    if (const auto* v = r.value("open_mhealth", true)) {
        ObjectReader data(*v, r, "open_mhealth");
        if (patient_ref && device) {
            reading = read_open_mhealth(data, OpenMhealthSource{*patient_ref, *device},
                                        read_context, problems);
        } else {
            reading = read_open_mhealth(data, OpenMhealthSource{"-", Device{"-", "", ""}},
                                        read_context, problems);
            reading.reset();
        }
    }
    r.finish();
    return patient_ref && device ? reading : std::nullopt;
}

// {"patient_ref", "device", "ble": {"characteristic", "value", "context"}}: the bytes of a
// Blood Pressure Measurement (2A35) or a Glucose Measurement (2A18) with its context (2A34).
std::optional<Reading> read_ble_wrapper(ObjectReader& r, const ReadContext& read_context,
                                        json::Problems& problems) {
    auto patient_ref = r.string("patient_ref", true, max_ref_chars);
    auto device = read_device(r, true);
    const auto* v = r.value("ble", true);
    r.finish();
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader b(*v, r, "ble");
    const auto characteristic = b.one_of("characteristic", true, {"2A35", "2A18"});
    const auto value = b.string("value", true, 64);
    const auto context_hex = b.string("context", false, 64);
    b.finish();
    if (!patient_ref || !device || !characteristic || !value) {
        return std::nullopt;
    }
    const std::string base = b.pointer();
    const auto bytes = ble::read_hex(*value);
    if (!bytes.ok()) {
        add_decode_problems(bytes.problems(), problems, base + "/value");
        return std::nullopt;
    }
    const BleOrigin origin{read_context.zone, *device, *patient_ref, base};
    FromBle mapped;
    if (*characteristic == "2A35") {
        if (context_hex) {
            problems.add("not_for_kind", b.at("context"), {}, {{"kind", "blood_pressure"}});
            return std::nullopt;
        }
        const auto decoded = ble::decode_blood_pressure_measurement(bytes.value());
        if (!decoded.ok()) {
            add_decode_problems(decoded.problems(), problems, base);
            return std::nullopt;
        }
        mapped = from_ble(decoded.value(), origin);
    } else {
        const auto decoded = ble::decode_glucose_measurement(bytes.value());
        if (!decoded.ok()) {
            add_decode_problems(decoded.problems(), problems, base);
            return std::nullopt;
        }
        std::optional<ble::GlucoseContext> meal_context;
        if (context_hex) {
            const auto context_bytes = ble::read_hex(*context_hex);
            if (!context_bytes.ok()) {
                add_decode_problems(context_bytes.problems(), problems, base + "/context");
                return std::nullopt;
            }
            const auto decoded_context =
                ble::decode_glucose_measurement_context(context_bytes.value());
            if (!decoded_context.ok()) {
                add_decode_problems(decoded_context.problems(), problems, base + "/context");
                return std::nullopt;
            }
            meal_context = decoded_context.value();
        }
        mapped = from_ble(decoded.value(), meal_context, origin);
    }
    for (const auto& p : mapped.problems.all()) {
        problems.add(p.code, p.pointer, p.rule, p.args, p.severity);
    }
    return mapped.reading;
}

// Any shape but the envelope, told apart by its members.
std::optional<Reading> read_plain(ObjectReader& r, const ReadContext& read_context,
                                  json::Problems& problems, bool* native = nullptr) {
    if (r.has("resourceType")) {
        return read_fhir_observation(r, read_context, problems);
    }
    if (r.has("open_mhealth")) {
        return read_open_mhealth_wrapper(r, read_context, problems);
    }
    if (r.has("ble")) {
        return read_ble_wrapper(r, read_context, problems);
    }
    if (native != nullptr) {
        *native = true;
    }
    return read_native(r, read_context, problems);
}

// {"envelope": {...}}: the signed payload is parsed (with the usual limits) and read as a plain
// reading, whose problems point below "<pointer>/envelope/payload".
std::optional<Reading> read_envelope(ObjectReader& r, const Context& context,
                                     const ReadContext& read_context, json::Problems& problems) {
    const auto* v = r.value("envelope", true);
    r.finish();
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader e(*v, r, "envelope");
    const auto opened = open_envelope(context, e, problems);
    if (!opened) {
        return std::nullopt;
    }
    const std::string payload_pointer = e.at("payload");
    json::Arena arena;
    const auto parsed = json::parse(opened->payload, arena);
    if (!parsed.ok()) {
        const auto& p = parsed.error().problem;
        problems.add(p.code, payload_pointer + p.pointer, p.rule, p.args, p.severity);
        return std::nullopt;
    }
    ObjectReader inner(parsed.value(), payload_pointer, problems);
    if (inner.has("envelope")) {
        problems.add("nested_envelope", payload_pointer + "/envelope");
        return std::nullopt;
    }
    auto reading = read_plain(inner, read_context, problems);
    if (!reading ||
        !check_signer(*opened, reading->device.id, payload_pointer + "/device/id", problems)) {
        return std::nullopt;
    }
    reading->signed_by_device = true;
    return reading;
}

} // namespace

Outcome evaluate(const Context& context, const rules::View& view, rules::Trace& trace,
                 const json::bj::value& value, const std::string& pointer, const Patient& patient) {
    Outcome o;
    bool native = false;
    o.reading = read_reading(value, pointer, context, patient, o.problems, &native);
    if (!o.reading || o.problems.has_errors()) {
        o.reading.reset();
        return o;
    }
    // A telemed reading's problems point at its fields; the other shapes' at the reading.
    const Pointers at{pointer, native};
    o.error = check_plausibility(context, view, trace, *o.reading, at, o.problems);
    if (o.error || o.problems.has_errors()) {
        o.reading.reset();
        return o;
    }
    o.classification = classify(view, trace, *o.reading, patient, at, o.problems);
    if (o.problems.has_errors()) {
        o.reading.reset();
    }
    return o;
}

Patient read_patient(const json::bj::value* value, const std::string& pointer,
                     const Context& context, json::Problems& problems) {
    Patient patient;
    patient.pointer = pointer;
    patient.zone_name = context.time_zone_name();
    patient.zone = context.time_zone();
    if (value == nullptr) {
        return patient;
    }
    ObjectReader r(*value, pointer, problems);
    if (auto zone = r.string("zone", false, 64)) {
        if (const auto* found = dates::zone_exists(*zone) ? dates::find_zone(*zone) : nullptr) {
            patient.zone = found;
            patient.zone_name = *zone;
        } else {
            problems.add("unknown_time_zone", r.at("zone"));
        }
    }
    if (const auto* age = r.value("age_years", false)) {
        if (!age->is_int64() || age->get_int64() < 0 || age->get_int64() > 150) {
            problems.add("out_of_range", r.at("age_years"), {}, {{"min", "0"}, {"max", "150"}});
        } else {
            patient.age_years = age->get_int64();
        }
    }
    patient.pregnant = r.boolean("pregnant", false).value_or(false);
    if (const auto* t = r.value("targets", false)) {
        ObjectReader targets(*t, r, "targets");
        if (const auto* bp = targets.value("blood_pressure", false)) {
            ObjectReader b(*bp, targets, "blood_pressure");
            read_unit(b, "unit", true, {Unit::mmhg}, problems);
            const auto s = b.decimal("systolic_below", true);
            const auto d = b.decimal("diastolic_below", true);
            b.finish();
            if (s && d) {
                patient.blood_pressure_target = BloodPressureTarget{*s, *d};
            }
        }
        if (const auto* g = targets.value("glucose", false)) {
            ObjectReader x(*g, targets, "glucose");
            GlucoseTarget target;
            target.hba1c_target = x.decimal("hba1c_target", false);
            const bool explicit_ranges =
                x.has("fasting_min") || x.has("fasting_below") || x.has("postprandial_below");
            if (target.hba1c_target && explicit_ranges) {
                problems.add("conflicting_targets", x.at("hba1c_target"));
            }
            const auto unit = read_unit(x, "unit", explicit_ranges,
                                        {Unit::mmol_per_l, Unit::mg_per_dl}, problems);
            target.unit = unit.value_or(Unit::mmol_per_l);
            target.fasting_min = x.decimal("fasting_min", false);
            target.fasting_below = x.decimal("fasting_below", false);
            target.postprandial_below = x.decimal("postprandial_below", false);
            if (!target.hba1c_target && !explicit_ranges) {
                problems.add("missing_field", x.at("hba1c_target"));
            }
            if (target.fasting_min && target.fasting_below &&
                compare(*target.fasting_min, *target.fasting_below) >= 0) {
                problems.add("empty_target_range", x.at("fasting_min"));
            }
            x.finish();
            patient.glucose_target = target;
        }
        targets.finish();
    }
    r.finish();
    return patient;
}

std::optional<Reading> read_reading(const json::bj::value& value, const std::string& pointer,
                                    const Context& context, const Patient& patient,
                                    json::Problems& problems, bool* native) {
    const ReadContext read_context{patient.zone};
    ObjectReader r(value, pointer, problems);
    if (!r.is_object()) {
        return std::nullopt;
    }
    std::optional<Reading> reading;
    if (r.has("envelope")) {
        reading = read_envelope(r, context, read_context, problems);
    } else {
        reading = read_plain(r, read_context, problems, native);
        if (reading && !check_unsigned_reading(context, reading->device.id, pointer, problems)) {
            return std::nullopt;
        }
    }
    return reading;
}

void write_reading(json::Writer& out, const Reading& reading) {
    out.begin_object();
    out.member("kind", reading.kind == Kind::blood_pressure ? "blood_pressure" : "glucose");
    out.member("patient_ref", reading.patient_ref);
    out.key("device").begin_object().member("id", reading.device.id);
    if (!reading.device.model.empty()) {
        out.member("model", reading.device.model);
    }
    if (!reading.device.serial.empty()) {
        out.member("serial", reading.device.serial);
    }
    out.end_object();
    out.member("measured_at",
               dates::format_date_time(reading.measured_at.instant, reading.measured_at.offset));
    out.member("setting", setting_name(reading.setting));
    if (const auto& bp = reading.blood_pressure) {
        out.key("blood_pressure").begin_object();
        out.key("systolic").number(bp->systolic);
        out.key("diastolic").number(bp->diastolic);
        if (bp->mean) {
            out.key("mean").number(*bp->mean);
        }
        if (bp->pulse) {
            out.key("pulse").number(*bp->pulse);
        }
        out.member("unit", unit_name(bp->unit));
        out.end_object();
    }
    if (const auto& g = reading.glucose) {
        out.key("glucose").begin_object();
        switch (g->value.censoring) {
        case Measured::Censoring::none:
            out.key("value").number(g->value.value);
            break;
        case Measured::Censoring::below_device_range:
            out.member("value", "LO");
            break;
        case Measured::Censoring::above_device_range:
            out.member("value", "HI");
            break;
        }
        if (g->value.device_limit) {
            out.key("device_limit").number(*g->value.device_limit);
        }
        out.member("unit", unit_name(g->unit));
        if (g->meal) {
            out.member("meal", meal_name(*g->meal));
        }
        if (g->control_solution) {
            out.key("control_solution").boolean(true);
        }
        out.end_object();
    }
    if (reading.flags != 0) {
        out.key("flags").begin_array();
        for (const DeviceFlag flag : all_device_flags) {
            if (reading.has(flag)) {
                out.string(device_flag_name(flag));
            }
        }
        out.end_array();
    }
    out.key("signed").boolean(reading.signed_by_device);
    out.end_object();
}

void write_alert(json::Writer& out, const Alert& alert) {
    const auto doctor = i18n::render(alert.code + ".doctor", alert.args);
    const auto patient = i18n::render(alert.code + ".patient", alert.args);
    out.begin_object();
    out.member("code", alert.code);
    out.member("severity", severity_name(alert.severity));
    out.member("rule", alert.rule != nullptr ? std::string_view(alert.rule->id) : "patient");
    out.key("message_doctor").begin_object().member("en", doctor.en).member("ru", doctor.ru);
    out.end_object();
    out.key("message_patient").begin_object().member("en", patient.en).member("ru", patient.ru);
    out.end_object();
    if (alert.rule != nullptr && !alert.action_param.empty()) {
        const auto& action = alert.rule->string_map(alert.action_param);
        out.key("action")
            .begin_object()
            .member("en", action.at("en"))
            .member("ru", action.at("ru"))
            .end_object();
    }
    out.end_object();
}

void write_accepted(json::Writer& out, const Reading& reading, const Classification& c) {
    out.key("reading");
    write_reading(out, reading);
    out.key("classification").begin_object();
    out.member("local_date", c.local_date);
    if (reading.blood_pressure && c.category != Category::not_classified) {
        out.member("category", category_name(c.category));
        out.key("isolated_systolic").boolean(c.isolated_systolic);
        out.key("systolic_mmhg").number(c.systolic_mmhg);
        out.key("diastolic_mmhg").number(c.diastolic_mmhg);
    }
    if (c.above_home_threshold) {
        out.key("above_home_threshold").boolean(*c.above_home_threshold);
    }
    if (c.target) {
        out.key("target")
            .begin_object()
            .key("systolic_below")
            .number(c.target->systolic_below)
            .key("diastolic_below")
            .number(c.target->diastolic_below)
            .member("source", c.target_source)
            .end_object();
        out.key("above_target").boolean(c.above_target.value_or(false));
    }
    if (reading.glucose) {
        out.member("band", band_name(c.glucose_band));
        if (!c.glucose_target_source.empty()) {
            out.member("target_source", c.glucose_target_source);
        }
    }
    out.end_object();
    out.key("alerts").begin_array();
    for (const auto& alert : c.alerts) {
        write_alert(out, alert);
    }
    out.end_array();
}

std::optional<std::size_t> Duplicates::seen(const std::string& key, std::size_t index) {
    const auto [it, inserted] = first_.try_emplace(key, index);
    if (!inserted) {
        return it->second;
    }
    order_.push_back(key);
    if (order_.size() > window_) {
        first_.erase(order_.front());
        order_.pop_front();
    }
    return std::nullopt;
}

bool check_duplicate(const Reading& reading, const rules::View& view, rules::Trace& trace,
                     Duplicates& duplicates, std::size_t index, const std::string& pointer,
                     const std::string& first_pointer_base, json::Problems& problems) {
    const rules::Rule* rule = view.use("readings.duplicates", trace);
    if (rule == nullptr) {
        return false; // switched off by the configuration: repeats are kept
    }
    const auto first = duplicates.seen(duplicate_key(reading), index);
    if (!first) {
        return false;
    }
    problems.add("duplicate_reading", pointer, rule->id,
                 {{"first_index", std::to_string(*first)},
                  {"first", first_pointer_base + std::to_string(*first)}});
    return true;
}

std::string duplicate_key(const Reading& reading) {
    // Bytes, not text: the device id after its length (so no id can run into the fields), then
    // fixed-width fields. Values compare as numbers (120 and 120.0 are one value), so each is
    // normalised (trailing zeros into the exponent) first.
    std::string key;
    const auto append = [&key](auto field) {
        char bytes[sizeof field];
        std::memcpy(bytes, &field, sizeof field);
        key.append(bytes, sizeof field);
    };
    append(static_cast<std::uint64_t>(reading.device.id.size()));
    key += reading.device.id;
    const auto value = [&](std::optional<Decimal> d) {
        std::int64_t m = d ? d->mantissa : 0;
        std::int32_t e = d ? d->exponent : 0;
        while (m != 0 && m % 10 == 0) {
            m /= 10;
            ++e;
        }
        append(static_cast<std::uint8_t>(d ? 1 : 0));
        append(m);
        append(m == 0 ? std::int32_t{0} : e);
    };
    append(static_cast<std::int64_t>(reading.measured_at.instant.time_since_epoch().count()));
    append(static_cast<std::uint8_t>(reading.kind));
    if (const auto& bp = reading.blood_pressure) {
        append(static_cast<std::uint8_t>(bp->unit));
        for (const auto& d : {std::optional<Decimal>(bp->systolic),
                              std::optional<Decimal>(bp->diastolic), bp->mean, bp->pulse}) {
            value(d);
        }
    }
    if (const auto& g = reading.glucose) {
        append(static_cast<std::uint8_t>(g->unit));
        append(static_cast<std::uint8_t>(g->value.censoring));
        value(g->value.censoring == Measured::Censoring::none
                  ? std::optional<Decimal>(g->value.value)
                  : std::nullopt);
    }
    return key;
}

} // namespace telemed::readings::detail
