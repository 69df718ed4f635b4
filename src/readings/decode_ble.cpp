// reading.decode_ble: what a Bluetooth LE characteristic value holds, field by field, with every
// flag and status bit and the SFLOAT special values named (docs/readings-ble.md). No rules apply.
#include "core/response.hpp"
#include "readings/ble.hpp"
#include "readings/from_ble.hpp"
#include "telemed/readings.hpp"

namespace telemed::readings {

namespace {

using json::ObjectReader;

std::string_view special_name(ble::SfloatKind kind) {
    switch (kind) {
    case ble::SfloatKind::number:
        return "number";
    case ble::SfloatKind::nan:
        return "nan";
    case ble::SfloatKind::nres:
        return "nres";
    case ble::SfloatKind::plus_infinity:
        return "plus_infinity";
    case ble::SfloatKind::minus_infinity:
        return "minus_infinity";
    case ble::SfloatKind::reserved:
        return "reserved";
    }
    return "reserved";
}

// {"value": 2.0} for a number, {"special": "nan"} for the others.
void write_sfloat(json::Writer& out, std::string_view key, const ble::Sfloat& v) {
    out.key(key).begin_object();
    if (v.kind == ble::SfloatKind::number) {
        out.key("value").number(v.decimal());
    } else {
        out.member("special", special_name(v.kind));
    }
    out.end_object();
}

void write_time(json::Writer& out, std::string_view key, const ble::LocalDateTime& t) {
    out.key(key).begin_object();
    out.key("year").integer(t.year).key("month").integer(t.month).key("day").integer(t.day);
    out.key("hours").integer(t.hours).key("minutes").integer(t.minutes);
    out.key("seconds").integer(t.seconds).end_object();
}

void write_flags(json::Writer& out, std::uint32_t flags) {
    out.key("status_flags").begin_array();
    for (const DeviceFlag flag : all_device_flags) {
        if ((flags & static_cast<std::uint32_t>(flag)) != 0) {
            out.string(device_flag_name(flag));
        }
    }
    out.end_array();
}

void write_blood_pressure(json::Writer& out, const ble::BloodPressureMeasurement& m) {
    out.key("flags").integer(m.flags);
    out.member("unit", m.unit == ble::PressureUnit::kpa ? "kPa" : "mmHg");
    write_sfloat(out, "systolic", m.systolic);
    write_sfloat(out, "diastolic", m.diastolic);
    write_sfloat(out, "mean_arterial_pressure", m.mean_arterial_pressure);
    if (m.time_stamp) {
        write_time(out, "time_stamp", *m.time_stamp);
    }
    if (m.pulse_rate) {
        write_sfloat(out, "pulse_rate", *m.pulse_rate);
    }
    if (m.user_id) {
        out.key("user_id").integer(*m.user_id);
    }
    if (m.status) {
        out.key("status").integer(m.status->raw);
        write_flags(out, device_flags(*m.status));
    }
}

void write_glucose(json::Writer& out, const ble::GlucoseMeasurement& m) {
    out.key("flags").integer(m.flags);
    out.key("sequence_number").integer(m.sequence_number);
    write_time(out, "base_time", m.base_time);
    if (m.time_offset_minutes) {
        out.key("time_offset_minutes").integer(*m.time_offset_minutes);
    }
    if (const auto& c = m.concentration) {
        out.member("unit", c->unit == ble::GlucoseUnit::mmol_per_l ? "mmol/L" : "mg/dL");
        write_sfloat(out, "concentration", c->value);
        write_sfloat(out, "transmitted", c->transmitted);
        out.key("sample_type").integer(static_cast<int>(c->type));
        out.key("sample_location").integer(static_cast<int>(c->location));
        out.key("control_solution").boolean(c->is_control_solution());
    }
    if (m.sensor_status) {
        out.key("sensor_status").integer(m.sensor_status->raw);
        write_flags(out, device_flags(*m.sensor_status));
    }
    out.key("context_follows").boolean(m.context_follows);
}

void write_context(json::Writer& out, const ble::GlucoseContext& c) {
    out.key("flags").integer(c.flags);
    out.key("sequence_number").integer(c.sequence_number);
    if (c.extended_flags) {
        out.key("extended_flags").integer(*c.extended_flags);
    }
    if (c.meal) {
        out.member("meal", meal_name(meal_of(*c.meal)));
    }
}

// Decodes with `decode` and writes with `write`, or rejects with the decoder's problems.
template <class Decode, class Write>
Response decoded(std::span<const std::uint8_t> bytes, std::string_view characteristic,
                 Decode decode, Write write) {
    const auto result = decode(bytes);
    rules::Trace none;
    if (!result.ok()) {
        json::Problems problems;
        add_decode_problems(result.problems(), problems, "");
        return core::reject(none, problems.take());
    }
    json::Writer out = core::begin();
    out.member("characteristic", characteristic);
    write(out, result.value());
    return core::succeed(std::move(out), none);
}

} // namespace

Response decode_ble(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    json::Problems problems;
    ObjectReader r(parsed.value(), "", problems);
    const auto characteristic = r.one_of("characteristic", true, {"2A35", "2A18", "2A34"});
    // "" is zero bytes (a truncation the decoder names), so the text is read without the
    // non-empty rule of ObjectReader::string.
    std::optional<std::string> hex;
    if (const auto* v = r.value("value", true)) {
        if (!v->is_string()) {
            problems.add("wrong_type", r.at("value"), {},
                         {{"expected", "string"}, {"actual", "other"}});
        } else if (v->get_string().size() > 64) {
            problems.add("too_long", r.at("value"), {}, {{"limit", "64"}});
        } else {
            hex = std::string(v->get_string());
        }
    }
    r.finish();
    rules::Trace none;
    if (problems.has_errors() || !characteristic || !hex) {
        return core::reject(none, problems.take());
    }
    const auto bytes = ble::read_hex(*hex);
    if (!bytes.ok()) {
        add_decode_problems(bytes.problems(), problems, "/value");
        return core::reject(none, problems.take());
    }
    const std::uint16_t uuid = *characteristic == "2A35"   ? 0x2A35
                               : *characteristic == "2A18" ? 0x2A18
                                                           : 0x2A34;
    return decode_ble_bytes(context, uuid, bytes.value());
}

Response decode_ble_bytes(const Context& /*no rules apply*/, std::uint16_t characteristic,
                          std::span<const std::uint8_t> bytes) {
    switch (characteristic) {
    case 0x2A35:
        return decoded(bytes, "2A35", ble::decode_blood_pressure_measurement, write_blood_pressure);
    case 0x2A18:
        return decoded(bytes, "2A18", ble::decode_glucose_measurement, write_glucose);
    case 0x2A34:
        return decoded(bytes, "2A34", ble::decode_glucose_measurement_context, write_context);
    default:
        return core::fail(Error{Status::invalid_argument,
                                Problem{"unknown_characteristic", "", "", Severity::error, {}}});
    }
}

} // namespace telemed::readings
