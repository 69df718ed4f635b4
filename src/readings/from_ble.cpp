// Bluetooth LE measurements as readings (src/readings/from_ble.hpp).
#include "readings/from_ble.hpp"

#include <chrono>
#include <date/tz.h>
#include <stdexcept>
#include <utility>

#include "core/dates.hpp"

namespace telemed::readings {
namespace {

using ble::SfloatKind;

constexpr std::uint32_t bit(DeviceFlag flag) noexcept {
    return static_cast<std::uint32_t>(flag);
}

std::string_view kind_name(SfloatKind kind) noexcept {
    switch (kind) {
    case SfloatKind::number:
        return "number";
    case SfloatKind::nan:
        return "nan";
    case SfloatKind::nres:
        return "nres";
    case SfloatKind::plus_infinity:
        return "plus_infinity";
    case SfloatKind::minus_infinity:
        return "minus_infinity";
    case SfloatKind::reserved:
        return "reserved";
    }
    return "reserved";
}

bool is_infinite(SfloatKind kind) noexcept {
    return kind == SfloatKind::plus_infinity || kind == SfloatKind::minus_infinity;
}

void check_origin(const BleOrigin& origin) {
    if (origin.zone == nullptr) {
        throw std::invalid_argument("from_ble: the patient's zone is null");
    }
}

std::string pointer_of(const BleOrigin& origin, std::string_view field) {
    return json::pointer_key(origin.pointer, field);
}

// A value the reading cannot do without (systolic, diastolic).
std::optional<Decimal> required_value(const ble::Sfloat& value, std::string_view field,
                                      const BleOrigin& origin, json::Problems& problems) {
    if (value.kind == SfloatKind::number) {
        return value.decimal();
    }
    problems.add(is_infinite(value.kind) ? "ble_value_infinite" : "ble_value_missing",
                 pointer_of(origin, field), {},
                 {{"field", std::string(field)}, {"kind", std::string(kind_name(value.kind))}});
    return std::nullopt;
}

// A value the reading may lack (mean arterial pressure, pulse): NaN is the usual "not computed"
// and goes silently; other special values are dropped with a warning.
std::optional<Decimal> optional_value(const ble::Sfloat& value, std::string_view field,
                                      const BleOrigin& origin, json::Problems& problems) {
    if (value.kind == SfloatKind::number) {
        return value.decimal();
    }
    if (value.kind != SfloatKind::nan) {
        problems.add("ble_value_dropped", pointer_of(origin, field), {},
                     {{"field", std::string(field)}, {"kind", std::string(kind_name(value.kind))}},
                     Severity::warning);
    }
    return std::nullopt;
}

// The device's wall-clock time read in the patient's zone. `offset` is the field's byte offset
// in the characteristic value (for a time out of range, which only a struct not made by the
// decoder can hold).
std::optional<MeasuredAt> measured_at(const std::optional<ble::LocalDateTime>& time,
                                      std::chrono::minutes shift, std::string_view field,
                                      std::size_t offset, const BleOrigin& origin,
                                      json::Problems& problems) {
    if (!time || !time->date_known()) {
        problems.add("ble_time_unknown", pointer_of(origin, field), {},
                     {{"field", std::string(field)}});
        return std::nullopt;
    }
    const auto local = time->local_time();
    if (!local) {
        problems.add(
            "ble_invalid_time", pointer_of(origin, field), {},
            {{"offset", std::to_string(offset)}, {"field", std::string(field)}, {"value", "0"}});
        return std::nullopt;
    }
    const date::local_time<std::chrono::milliseconds> wall{*local + shift};
    const auto resolved = dates::resolve_local(wall, origin.zone);
    if (resolved.kind == dates::LocalTimeKind::out_of_range) {
        // The device's clock may say 1582–9999; instants are held to 1900–2199.
        problems.add("time_out_of_range", pointer_of(origin, field));
        return std::nullopt;
    }
    if (resolved.kind == dates::LocalTimeKind::nonexistent) {
        problems.add("nonexistent_local_time", pointer_of(origin, field));
        return std::nullopt;
    }
    MeasuredAt at;
    at.instant = resolved.instant;
    at.offset = dates::utc_offset(resolved.instant, origin.zone);
    at.read_in_zone = true;
    if (resolved.kind == dates::LocalTimeKind::ambiguous) {
        at.ambiguous = true;
        problems.add("ambiguous_local_time", pointer_of(origin, field), {},
                     {{"chosen", dates::format_date_time(at.instant, at.offset)}},
                     Severity::warning);
    }
    return at;
}

Reading base_reading(Kind kind, const BleOrigin& origin, const MeasuredAt& at) {
    Reading reading;
    reading.kind = kind;
    reading.patient_ref = origin.patient_ref;
    reading.device = origin.device;
    reading.measured_at = at;
    reading.setting = Setting::home;
    return reading;
}

// The glucose value: a number, or censored by an infinity or a range bit of the sensor status.
std::optional<Measured> glucose_value(const ble::GlucoseConcentration& concentration,
                                      const std::optional<ble::GlucoseSensorStatus>& status,
                                      const BleOrigin& origin, json::Problems& problems) {
    const SfloatKind kind = concentration.value.kind;
    const bool above =
        kind == SfloatKind::plus_infinity || (status && status->result_above_device_range);
    const bool below =
        kind == SfloatKind::minus_infinity || (status && status->result_below_device_range);
    if (above && below) {
        problems.add("ble_censoring_conflict", pointer_of(origin, "concentration"), {},
                     {{"field", "concentration"}, {"kind", std::string(kind_name(kind))}});
        return std::nullopt;
    }
    Measured measured;
    if (above || below) {
        // HI / LO: whatever number came with it is not a value, and devices send their limit
        // too inconsistently to record it as device_limit.
        measured.censoring = above ? Measured::Censoring::above_device_range
                                   : Measured::Censoring::below_device_range;
        return measured;
    }
    if (kind != SfloatKind::number) {
        problems.add("ble_value_missing", pointer_of(origin, "concentration"), {},
                     {{"field", "concentration"}, {"kind", std::string(kind_name(kind))}});
        return std::nullopt;
    }
    measured.value = concentration.value.decimal();
    return measured;
}

} // namespace

std::uint32_t device_flags(const ble::BloodPressureStatus& status) noexcept {
    std::uint32_t flags = 0;
    if (status.body_movement) {
        flags |= bit(DeviceFlag::body_movement);
    }
    if (status.cuff_too_loose) {
        flags |= bit(DeviceFlag::cuff_too_loose);
    }
    if (status.irregular_pulse) {
        flags |= bit(DeviceFlag::irregular_pulse);
    }
    if (status.pulse_rate_range == ble::PulseRateRange::exceeds_upper_limit) {
        flags |= bit(DeviceFlag::pulse_above_range);
    }
    if (status.pulse_rate_range == ble::PulseRateRange::below_lower_limit) {
        flags |= bit(DeviceFlag::pulse_below_range);
    }
    if (status.improper_position) {
        flags |= bit(DeviceFlag::improper_position);
    }
    return flags;
}

std::uint32_t device_flags(const ble::GlucoseSensorStatus& status) noexcept {
    const std::pair<bool, DeviceFlag> bits[] = {
        {status.battery_low, DeviceFlag::battery_low},
        {status.sensor_malfunction, DeviceFlag::sensor_malfunction},
        {status.sample_size_insufficient, DeviceFlag::sample_size_insufficient},
        {status.strip_insertion_error, DeviceFlag::strip_insertion_error},
        {status.strip_type_incorrect, DeviceFlag::strip_type_incorrect},
        {status.result_above_device_range, DeviceFlag::result_above_device_range},
        {status.result_below_device_range, DeviceFlag::result_below_device_range},
        {status.temperature_too_high, DeviceFlag::temperature_too_high},
        {status.temperature_too_low, DeviceFlag::temperature_too_low},
        {status.read_interrupted, DeviceFlag::read_interrupted},
        {status.general_device_fault, DeviceFlag::general_device_fault},
        {status.time_fault, DeviceFlag::time_fault},
    };
    std::uint32_t flags = 0;
    for (const auto& [set, flag] : bits) {
        if (set) {
            flags |= bit(flag);
        }
    }
    return flags;
}

Meal meal_of(ble::Meal meal) noexcept {
    switch (meal) {
    case ble::Meal::preprandial:
        return Meal::preprandial;
    case ble::Meal::postprandial:
        return Meal::postprandial;
    case ble::Meal::fasting:
        return Meal::fasting;
    case ble::Meal::casual:
        return Meal::casual;
    case ble::Meal::bedtime:
        return Meal::bedtime;
    }
    return Meal::casual;
}

FromBle from_ble(const ble::BloodPressureMeasurement& measurement, const BleOrigin& origin) {
    check_origin(origin);
    FromBle out;
    auto& problems = out.problems;
    // The time stamp follows the flags and the three pressures: byte 7.
    const auto at = measured_at(measurement.time_stamp, std::chrono::minutes{0}, "time_stamp", 7,
                                origin, problems);
    BloodPressure bp;
    bp.unit = measurement.unit == ble::PressureUnit::kpa ? Unit::kpa : Unit::mmhg;
    const auto systolic = required_value(measurement.systolic, "systolic", origin, problems);
    const auto diastolic = required_value(measurement.diastolic, "diastolic", origin, problems);
    bp.mean = optional_value(measurement.mean_arterial_pressure, "mean_arterial_pressure", origin,
                             problems);
    if (measurement.pulse_rate) {
        bp.pulse = optional_value(*measurement.pulse_rate, "pulse_rate", origin, problems);
    }
    if (problems.has_errors() || !at || !systolic || !diastolic) {
        return out;
    }
    bp.systolic = *systolic;
    bp.diastolic = *diastolic;
    Reading reading = base_reading(Kind::blood_pressure, origin, *at);
    reading.blood_pressure = bp;
    if (measurement.status) {
        reading.flags = device_flags(*measurement.status);
    }
    out.reading = std::move(reading);
    return out;
}

FromBle from_ble(const ble::GlucoseMeasurement& measurement,
                 const std::optional<ble::GlucoseContext>& context, const BleOrigin& origin) {
    check_origin(origin);
    FromBle out;
    auto& problems = out.problems;
    // The base time follows the flags and the sequence number: byte 3.
    const auto at = measured_at(measurement.base_time,
                                std::chrono::minutes{measurement.time_offset_minutes.value_or(0)},
                                "base_time", 3, origin, problems);
    Glucose glucose;
    if (!measurement.concentration) {
        problems.add("ble_no_concentration", pointer_of(origin, "concentration"));
    } else {
        const auto& concentration = *measurement.concentration;
        glucose.unit =
            concentration.unit == ble::GlucoseUnit::mg_per_dl ? Unit::mg_per_dl : Unit::mmol_per_l;
        glucose.control_solution = concentration.is_control_solution();
        if (auto value =
                glucose_value(concentration, measurement.sensor_status, origin, problems)) {
            glucose.value = *value;
        }
    }
    if (context) {
        const std::string context_pointer = pointer_of(origin, "context");
        if (context->sequence_number != measurement.sequence_number) {
            problems.add("ble_context_mismatch",
                         json::pointer_key(context_pointer, "sequence_number"), {},
                         {{"expected", std::to_string(measurement.sequence_number)},
                          {"actual", std::to_string(context->sequence_number)}});
        } else {
            if (!measurement.context_follows) {
                problems.add("ble_context_unannounced", context_pointer, {},
                             {{"sequence_number", std::to_string(context->sequence_number)}},
                             Severity::warning);
            }
            if (context->meal) {
                glucose.meal = meal_of(*context->meal);
            }
        }
    }
    if (problems.has_errors() || !at) {
        return out;
    }
    Reading reading = base_reading(Kind::glucose, origin, *at);
    reading.glucose = glucose;
    if (measurement.sensor_status) {
        reading.flags = device_flags(*measurement.sensor_status);
    }
    out.reading = std::move(reading);
    return out;
}

void add_decode_problems(std::span<const ble::DecodeProblem> problems, json::Problems& out,
                         std::string_view pointer) {
    for (const auto& problem : problems) {
        if (out.full()) {
            // Only counted from now on: no pointer or arguments to build.
            out.add(std::string(ble::code_name(problem.code)), {});
            continue;
        }
        std::string at(pointer);
        if (problem.code != ble::ProblemCode::invalid_hex) {
            std::string_view field = problem.field;
            while (true) {
                const auto dot = field.find('.');
                at = json::pointer_key(at, field.substr(0, dot));
                if (dot == std::string_view::npos) {
                    break;
                }
                field.remove_prefix(dot + 1);
            }
        }
        out.add(std::string(ble::code_name(problem.code)), std::move(at), {},
                {{"offset", std::to_string(problem.offset)},
                 {"field", std::string(problem.field)},
                 {"value", std::to_string(problem.value)}});
    }
}

} // namespace telemed::readings
