// The typed batch: readings held as numbers go through the same plausibility and classification
// steps as JSON readings, without a document on either side. Results are codes and bits
// (docs/readings.md, "The typed batch"), so nothing is formatted or rendered per reading.
#include <cmath>
#include <date/tz.h>

#include "core/response.hpp"
#include "readings/internal.hpp"
#include "telemed/readings.hpp"

namespace telemed::readings {

namespace {

// Problem codes → reason bits (pinned in telemed.h: TM_REASON_*).
constexpr std::pair<std::string_view, std::uint32_t> reason_bits[] = {
    {"invalid_reading", 1u << 0},
    {"implausible_value", 1u << 1},
    {"systolic_not_above_diastolic", 1u << 2},
    {"mean_outside_range", 1u << 2},
    {"measured_in_future", 1u << 3},
    {"older_than_backfill_limit", 1u << 4},
    {"device_reported_fault", 1u << 5},
    {"device_reported_doubt", 1u << 6},
    {"control_solution", 1u << 7},
    {"duplicate_reading", 1u << 8},
    {"number_too_precise", 1u << 9},
    {"targets_not_applicable", 1u << 10},
};
constexpr std::uint32_t other_reason = 1u << 31;

// Alert codes → alert bits (TM_ALERT_*).
constexpr std::pair<std::string_view, std::uint32_t> alert_bits[] = {
    {"bp_urgent", 1u << 0},
    {"bp_low", 1u << 1},
    {"bp_above_target", 1u << 2},
    {"glucose_hypoglycaemia_level_2", 1u << 3},
    {"glucose_hypoglycaemia_level_1", 1u << 4},
    {"glucose_ketone_check", 1u << 5},
    {"glucose_outside_target", 1u << 6},
};

template <std::size_t N>
std::uint32_t bit_of(const std::pair<std::string_view, std::uint32_t> (&table)[N],
                     std::string_view code, std::uint32_t otherwise) {
    for (const auto& [name, bit] : table) {
        if (name == code) {
            return bit;
        }
    }
    return otherwise;
}

std::optional<Decimal> exact(double v) {
    return Decimal::from_double(v);
}

// The reading a typed one stands for, or nothing when it is not a reading at all (an unknown
// kind, unit or value, a number that is not finite, a time outside 1900–2199).
std::optional<Reading> to_reading(const TypedReading& t) {
    Reading r;
    r.device.id = std::string(t.device_id);
    const auto at = std::chrono::milliseconds{t.measured_at_ms};
    // 1900-01-01 and 2200-01-01 in Unix milliseconds.
    if (t.measured_at_ms < -2208988800000LL || t.measured_at_ms >= 7258118400000LL) {
        return std::nullopt;
    }
    r.measured_at.instant = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(at));
    const auto optional_value = [](double v) -> std::optional<std::optional<Decimal>> {
        if (std::isnan(v)) {
            return std::optional<Decimal>();
        }
        auto d = exact(v);
        if (!d) {
            return std::nullopt;
        }
        return d;
    };
    switch (t.kind) {
    case TypedReading::Kind::blood_pressure: {
        if (t.unit != TypedReading::Unit::mmhg && t.unit != TypedReading::Unit::kpa) {
            return std::nullopt;
        }
        const auto systolic = exact(t.systolic);
        const auto diastolic = exact(t.diastolic);
        const auto mean = optional_value(t.mean);
        const auto pulse = optional_value(t.pulse);
        if (!systolic || !diastolic || !mean || !pulse) {
            return std::nullopt;
        }
        r.kind = Kind::blood_pressure;
        r.blood_pressure = BloodPressure{t.unit == TypedReading::Unit::kpa ? Unit::kpa : Unit::mmhg,
                                         *systolic, *diastolic, *mean, *pulse};
        break;
    }
    case TypedReading::Kind::glucose: {
        if (t.unit != TypedReading::Unit::mg_per_dl && t.unit != TypedReading::Unit::mmol_per_l) {
            return std::nullopt;
        }
        Glucose g;
        g.unit = t.unit == TypedReading::Unit::mg_per_dl ? Unit::mg_per_dl : Unit::mmol_per_l;
        switch (t.value) {
        case TypedReading::Value::measured: {
            const auto v = exact(t.glucose);
            if (!v) {
                return std::nullopt;
            }
            g.value.value = *v;
            break;
        }
        case TypedReading::Value::below_device_range:
            g.value.censoring = Measured::Censoring::below_device_range;
            break;
        case TypedReading::Value::above_device_range:
            g.value.censoring = Measured::Censoring::above_device_range;
            break;
        default:
            return std::nullopt;
        }
        switch (t.meal) {
        case TypedReading::Meal::none:
            break;
        case TypedReading::Meal::preprandial:
            g.meal = Meal::preprandial;
            break;
        case TypedReading::Meal::postprandial:
            g.meal = Meal::postprandial;
            break;
        case TypedReading::Meal::fasting:
            g.meal = Meal::fasting;
            break;
        case TypedReading::Meal::casual:
            g.meal = Meal::casual;
            break;
        case TypedReading::Meal::bedtime:
            g.meal = Meal::bedtime;
            break;
        default:
            return std::nullopt;
        }
        r.kind = Kind::glucose;
        r.glucose = g;
        break;
    }
    default:
        return std::nullopt;
    }
    constexpr std::uint32_t known_flags = (1u << std::size(all_device_flags)) - 1u;
    if ((t.flags & ~known_flags) != 0) {
        return std::nullopt;
    }
    r.flags = t.flags;
    return r;
}

} // namespace

Status check_typed(const Context& context, std::string_view patient_json,
                   std::span<const TypedReading> readings, std::span<TypedResult> results,
                   Problem* failure) {
    const auto fail = [&](const Error& error) {
        if (failure != nullptr) {
            *failure = error.problem;
        }
        return error.status;
    };
    if (results.size() < readings.size()) {
        return fail(Error{Status::invalid_argument,
                          Problem{"results_too_short", "", "", Severity::error, {}}});
    }
    auto view = rules::View::select(context, "readings", context.today());
    if (!view.ok()) {
        return fail(view.error());
    }
    json::Problems patient_problems;
    detail::Patient patient = detail::read_patient(nullptr, "/patient", context, patient_problems);
    json::Arena arena;
    if (!patient_json.empty()) {
        auto parsed = json::parse(patient_json, arena);
        if (!parsed.ok()) {
            return fail(parsed.error());
        }
        patient = detail::read_patient(&parsed.value(), "", context, patient_problems);
        if (patient_problems.has_errors()) {
            const auto all = patient_problems.take();
            return fail(Error{Status::validation, core::first_error(all)});
        }
    }
    rules::Trace trace;
    detail::Duplicates duplicates(readings.size());
    const detail::Pointers at{"", true};
    for (std::size_t i = 0; i < readings.size(); ++i) {
        TypedResult& result = results[i];
        result = TypedResult{};
        json::Problems problems;
        auto reading = to_reading(readings[i]);
        if (!reading) {
            result.reasons = 1u << 0;
            continue;
        }
        if (auto error =
                detail::check_plausibility(context, view.value(), trace, *reading, at, problems)) {
            return fail(*error);
        }
        detail::Classification c;
        if (!problems.has_errors()) {
            c = detail::classify(view.value(), trace, *reading, patient, at, problems);
        }
        if (!problems.has_errors()) {
            detail::check_duplicate(*reading, view.value(), trace, duplicates, i, "", "", problems);
        }
        for (const auto& p : problems.all()) {
            result.reasons |= bit_of(reason_bits, p.code, other_reason);
        }
        if (problems.has_errors()) {
            continue;
        }
        result.status = Status::ok;
        result.category = static_cast<std::uint8_t>(c.category);
        result.band = static_cast<std::uint8_t>(c.glucose_band);
        for (const auto& alert : c.alerts) {
            result.alerts |= bit_of(alert_bits, alert.code, 0);
            result.severity = std::max(
                result.severity, static_cast<std::uint8_t>(1 + static_cast<int>(alert.severity)));
        }
    }
    return Status::ok;
}

} // namespace telemed::readings
