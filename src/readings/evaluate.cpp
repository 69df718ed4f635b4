// Plausibility and classification of one reading (docs/readings.md): two questions never mixed.
// Plausibility asks whether the reading is a possible patient measurement at all; classification
// asks what a plausible value means. Every threshold is a rule parameter in the unit of its
// source, and a value is compared in that unit: a reading in another unit is converted by exact
// multiplication (never division), so no boundary flips by rounding.
#include <algorithm>

#include "core/dates.hpp"
#include "readings/internal.hpp"

namespace telemed::readings::detail {

namespace {

using rules::Rule;

Error missing_rule(std::string_view id) {
    return Error{Status::rules,
                 Problem{"rule_not_in_force", "", std::string(id), Severity::error, {}}};
}

std::string text(Decimal d) {
    return d.to_string();
}

// Compares values with thresholds in the threshold's unit. A conversion needs the conversion
// rule, recorded in the trace when used.
class Scale {
public:
    Scale(const rules::View& view, rules::Trace& trace) : view_(view), trace_(trace) {}

    // value (in `unit`) against threshold (in `threshold_unit`); nothing when the units cannot be
    // converted (no conversion rule, or a value too precise for exact arithmetic).
    std::optional<std::strong_ordering> compare(Decimal value, Unit unit, Decimal threshold,
                                                Unit threshold_unit) {
        if (unit == threshold_unit) {
            return telemed::compare(value, threshold);
        }
        const Rule* conversion = view_.use("readings.units.conversion", trace_);
        if (conversion == nullptr) {
            return std::nullopt;
        }
        const auto glucose = conversion->decimal("mg_dl_per_mmol_l");
        const auto pressure = conversion->decimal("mmhg_per_kpa");
        std::optional<Decimal> left, right;
        if (unit == Unit::mmol_per_l && threshold_unit == Unit::mg_per_dl) {
            left = multiply(value, glucose), right = threshold;
        } else if (unit == Unit::mg_per_dl && threshold_unit == Unit::mmol_per_l) {
            left = value, right = multiply(threshold, glucose);
        } else if (unit == Unit::kpa && threshold_unit == Unit::mmhg) {
            left = multiply(value, pressure), right = threshold;
        } else {
            return std::nullopt;
        }
        if (!left || !right) {
            return std::nullopt;
        }
        return telemed::compare(*left, *right);
    }

    // The value in mmHg (a kPa value converted exactly).
    std::optional<Decimal> in_mmhg(Decimal value, Unit unit) {
        if (unit == Unit::mmhg) {
            return value;
        }
        const Rule* conversion = view_.use("readings.units.conversion", trace_);
        if (conversion == nullptr) {
            return std::nullopt;
        }
        return multiply(value, conversion->decimal("mmhg_per_kpa"));
    }

private:
    const rules::View& view_;
    rules::Trace& trace_;
};

// ---------------------------------------------------------------------------------------------
// Plausibility steps
// ---------------------------------------------------------------------------------------------

std::optional<Error> check_time(const Context& context, const rules::View& view,
                                rules::Trace& trace, const Reading& reading, const Pointers& at,
                                json::Problems& problems) {
    const Rule* skew = view.use("readings.time.future_skew", trace);
    if (skew == nullptr) {
        return missing_rule("readings.time.future_skew");
    }
    const auto now = context.now();
    const std::chrono::minutes tolerated{skew->integer("minutes")};
    if (reading.measured_at.instant > now + tolerated) {
        problems.add("measured_in_future", at.at("/measured_at"), skew->id,
                     {{"minutes", std::to_string(tolerated.count())}});
    }
    if (const Rule* backfill = view.use("readings.time.backfill_limit", trace)) {
        const date::days limit{backfill->integer("days")};
        if (reading.measured_at.instant < now - limit) {
            problems.add("older_than_backfill_limit", at.at("/measured_at"), backfill->id,
                         {{"days", std::to_string(limit.count())}}, Severity::warning);
        }
    }
    return std::nullopt;
}

std::optional<Error> check_device_flags(const rules::View& view, rules::Trace& trace,
                                        const Reading& reading, const Pointers& at,
                                        json::Problems& problems) {
    if (reading.flags == 0) {
        return std::nullopt;
    }
    const Rule* faults = view.use("readings.device.faults", trace);
    if (faults == nullptr) {
        return missing_rule("readings.device.faults");
    }
    const auto listed = [](const std::vector<std::string>& names, DeviceFlag flag) {
        return std::find(names.begin(), names.end(), device_flag_name(flag)) != names.end();
    };
    for (const DeviceFlag flag : all_device_flags) {
        if (!reading.has(flag)) {
            continue;
        }
        const std::string name(device_flag_name(flag));
        if (listed(faults->strings("reject"), flag)) {
            problems.add("device_reported_fault", at.at("/flags"), faults->id, {{"flag", name}});
        } else if (listed(faults->strings("warn"), flag)) {
            problems.add("device_reported_doubt", at.at("/flags"), faults->id, {{"flag", name}},
                         Severity::warning);
        }
        // A flag in neither list is kept in the reading without a problem.
    }
    return std::nullopt;
}

// One value against [min, max] of a rule, in the rule's unit.
void check_range(Scale& scale, const Rule& rule, std::string_view field, Decimal value, Unit unit,
                 std::string_view min_param, std::string_view max_param, Unit rule_unit,
                 const std::string& pointer, json::Problems& problems) {
    const Decimal min = rule.decimal(min_param);
    const Decimal max = rule.decimal(max_param);
    const auto low = scale.compare(value, unit, min, rule_unit);
    const auto high = scale.compare(value, unit, max, rule_unit);
    if (!low || !high) {
        problems.add("number_too_precise", pointer, rule.id, {{"limit", "9"}});
        return;
    }
    if (*low < 0 || *high > 0) {
        problems.add("implausible_value", pointer, rule.id,
                     {{"field", std::string(field)},
                      {"min", text(min)},
                      {"max", text(max)},
                      {"unit", std::string(unit_key(rule_unit))}});
    }
}

std::optional<Error> check_blood_pressure(const rules::View& view, rules::Trace& trace,
                                          const BloodPressure& bp, const Pointers& at,
                                          json::Problems& problems) {
    Scale scale(view, trace);
    const Rule* range = view.use("readings.bp.plausible_range", trace);
    if (range == nullptr) {
        return missing_rule("readings.bp.plausible_range");
    }
    const Unit unit = rule_unit(*range);
    check_range(scale, *range, "systolic", bp.systolic, bp.unit, "systolic_min", "systolic_max",
                unit, at.at("/blood_pressure/systolic"), problems);
    check_range(scale, *range, "diastolic", bp.diastolic, bp.unit, "diastolic_min", "diastolic_max",
                unit, at.at("/blood_pressure/diastolic"), problems);
    const Rule* order = view.use("readings.bp.order", trace);
    if (order == nullptr) {
        return missing_rule("readings.bp.order");
    }
    if (compare(bp.systolic, bp.diastolic) <= 0) {
        problems.add("systolic_not_above_diastolic", at.at("/blood_pressure/systolic"), order->id,
                     {{"systolic", text(bp.systolic)}, {"diastolic", text(bp.diastolic)}});
    } else if (bp.mean &&
               (compare(*bp.mean, bp.diastolic) < 0 || compare(*bp.mean, bp.systolic) > 0)) {
        problems.add("mean_outside_range", at.at("/blood_pressure/mean"), order->id,
                     {{"mean", text(*bp.mean)},
                      {"systolic", text(bp.systolic)},
                      {"diastolic", text(bp.diastolic)}});
    }
    if (bp.pulse) {
        const Rule* pulse = view.use("readings.bp.pulse_range", trace);
        if (pulse == nullptr) {
            return missing_rule("readings.bp.pulse_range");
        }
        check_range(scale, *pulse, "pulse", *bp.pulse, Unit::per_minute, "min", "max",
                    Unit::per_minute, at.at("/blood_pressure/pulse"), problems);
    }
    return std::nullopt;
}

std::optional<Error> check_glucose(const rules::View& view, rules::Trace& trace,
                                   const Glucose& glucose, const Pointers& at,
                                   json::Problems& problems) {
    if (glucose.control_solution) {
        const Rule* control = view.use("readings.glucose.control_solution", trace);
        if (control == nullptr) {
            return missing_rule("readings.glucose.control_solution");
        }
        problems.add("control_solution", at.at("/glucose/control_solution"), control->id);
    }
    if (glucose.value.censoring != Measured::Censoring::none) {
        return std::nullopt; // LO / HI: a bound, not a number to range-check
    }
    const Rule* range = view.use("readings.glucose.plausible_range", trace);
    if (range == nullptr) {
        return missing_rule("readings.glucose.plausible_range");
    }
    Scale scale(view, trace);
    check_range(scale, *range, "glucose", glucose.value.value, glucose.unit, "min", "max",
                rule_unit(*range), at.at("/glucose/value"), problems);
    return std::nullopt;
}

// Reading values have at most this many significant digits, so that a value times a conversion
// factor stays exact in 64 bits.
constexpr int max_value_digits = 9;

bool too_precise(Decimal d) {
    auto m = d.mantissa < 0 ? -(d.mantissa + 1) + 1 : d.mantissa; // no overflow at INT64_MIN + 1
    while (m != 0 && m % 10 == 0) {
        m /= 10;
    }
    int digits = 0;
    for (; m != 0; m /= 10) {
        ++digits;
    }
    return digits > max_value_digits || d.exponent > 20 || d.exponent < -20;
}

void check_precision(const Reading& reading, const Pointers& at, json::Problems& problems) {
    const auto check = [&](const std::optional<Decimal>& d, std::string_view path) {
        if (d && too_precise(*d)) {
            problems.add("number_too_precise", at.at(path), {},
                         {{"limit", std::to_string(max_value_digits)}});
        }
    };
    if (reading.blood_pressure) {
        check(reading.blood_pressure->systolic, "/blood_pressure/systolic");
        check(reading.blood_pressure->diastolic, "/blood_pressure/diastolic");
        check(reading.blood_pressure->mean, "/blood_pressure/mean");
        check(reading.blood_pressure->pulse, "/blood_pressure/pulse");
    }
    if (reading.glucose) {
        const auto& v = reading.glucose->value;
        check(v.censoring == Measured::Censoring::none ? std::optional<Decimal>(v.value)
                                                       : std::nullopt,
              "/glucose/value");
        check(v.device_limit, "/glucose/device_limit");
    }
}

// ---------------------------------------------------------------------------------------------
// Classification steps
// ---------------------------------------------------------------------------------------------

// The index of the first threshold the value is below (0…size): the category's rank.
int rank(Decimal value, std::initializer_list<Decimal> thresholds) {
    int i = 0;
    for (const Decimal t : thresholds) {
        if (compare(value, t) < 0) {
            return i;
        }
        ++i;
    }
    return i;
}

json::Args pressure_args(Decimal systolic, Decimal diastolic) {
    return {{"systolic", text(systolic)}, {"diastolic", text(diastolic)}, {"unit", "mmHg"}};
}

void classify_blood_pressure(const rules::View& view, rules::Trace& trace, const Reading& reading,
                             const Patient& patient, const Pointers& at, json::Problems& problems,
                             Classification& c) {
    const BloodPressure& bp = *reading.blood_pressure;
    Scale scale(view, trace);
    const auto systolic = scale.in_mmhg(bp.systolic, bp.unit);
    const auto diastolic = scale.in_mmhg(bp.diastolic, bp.unit);
    if (!systolic || !diastolic) {
        problems.add("number_too_precise", at.at("/blood_pressure"), {},
                     {{"limit", std::to_string(max_value_digits)}});
        return;
    }
    c.systolic_mmhg = *systolic;
    c.diastolic_mmhg = *diastolic;
    const Decimal s = *systolic, d = *diastolic;

    if (const Rule* table = view.use("readings.bp.office_categories", trace)) {
        const auto p = [&](const char* name) { return table->decimal(name); };
        const int by_systolic = rank(s, {p("systolic_normal_from"), p("systolic_high_normal_from"),
                                         p("systolic_grade_1_from"), p("systolic_grade_2_from"),
                                         p("systolic_grade_3_from")});
        const int by_diastolic =
            rank(d, {p("diastolic_normal_from"), p("diastolic_high_normal_from"),
                     p("diastolic_grade_1_from"), p("diastolic_grade_2_from"),
                     p("diastolic_grade_3_from")});
        c.category = static_cast<Category>(1 + std::max(by_systolic, by_diastolic));
        // Isolated systolic hypertension: systolic at grade 1 or above, diastolic below it
        // (graded by the systolic value, which the higher rank already gives).
        c.isolated_systolic = compare(s, p("systolic_grade_1_from")) >= 0 &&
                              compare(d, p("diastolic_grade_1_from")) < 0;
    }
    if (reading.setting == Setting::home) {
        if (const Rule* home = view.use("readings.bp.home_threshold", trace)) {
            c.above_home_threshold = compare(s, home->decimal("systolic_from")) >= 0 ||
                                     compare(d, home->decimal("diastolic_from")) >= 0;
        }
    }
    bool urgent = false;
    if (const Rule* rule = view.use("readings.bp.urgent", trace)) {
        urgent = compare(s, rule->decimal("systolic_from")) >= 0 ||
                 compare(d, rule->decimal("diastolic_from")) >= 0;
        if (urgent) {
            auto args = pressure_args(s, d);
            args.emplace_back("systolic_from", text(rule->decimal("systolic_from")));
            args.emplace_back("diastolic_from", text(rule->decimal("diastolic_from")));
            c.alerts.push_back({"bp_urgent", AlertSeverity::urgent, rule, std::move(args)});
        }
    }
    if (const Rule* rule = view.use("readings.bp.hypotension", trace)) {
        if (compare(s, rule->decimal("systolic_below")) < 0) {
            auto args = pressure_args(s, d);
            args.emplace_back("systolic_below", text(rule->decimal("systolic_below")));
            c.alerts.push_back({"bp_low", AlertSeverity::warning, rule, std::move(args)});
        }
    }
    const Rule* target_rule = nullptr;
    if (patient.blood_pressure_target) {
        c.target = patient.blood_pressure_target;
        c.target_source = "patient";
    } else if ((target_rule = view.use("readings.bp.target_default", trace)) != nullptr) {
        c.target = BloodPressureTarget{target_rule->decimal("systolic_below"),
                                       target_rule->decimal("diastolic_below")};
        c.target_source = target_rule->id;
    }
    if (c.target) {
        c.above_target =
            compare(s, c.target->systolic_below) >= 0 || compare(d, c.target->diastolic_below) >= 0;
        // An urgent alert already says more than "above target".
        if (*c.above_target && !urgent) {
            auto args = pressure_args(s, d);
            args.emplace_back("systolic_below", text(c.target->systolic_below));
            args.emplace_back("diastolic_below", text(c.target->diastolic_below));
            c.alerts.push_back(
                {"bp_above_target", AlertSeverity::info, target_rule, std::move(args)});
        }
    }
}

// The glucose targets that apply to a meal: the patient's (explicit, or from the HbA1c table),
// else the default rule's. Nothing for casual readings and, by default, bedtime ones.
struct MealTarget {
    std::optional<Decimal> min;   // in target at or above
    std::optional<Decimal> below; // in target below (or at, when below_inclusive)
    Unit unit = Unit::mg_per_dl;
    std::string source;
    const Rule* rule = nullptr;
    bool below_inclusive = false; // "80–130": 130 is in target
};

std::optional<MealTarget> glucose_target(const rules::View& view, rules::Trace& trace,
                                         const Glucose& g, const Patient& patient,
                                         json::Problems& problems) {
    if (!g.meal || *g.meal == Meal::casual) {
        return std::nullopt;
    }
    const bool after_meal = *g.meal == Meal::postprandial;
    if (patient.glucose_target && patient.glucose_target->hba1c_target) {
        const Rule* table = view.use("readings.glucose.hba1c_targets", trace);
        if (table == nullptr) {
            problems.add("rule_not_in_force", patient.pointer + "/targets/glucose/hba1c_target",
                         "readings.glucose.hba1c_targets");
            return std::nullopt;
        }
        const auto min_age = table->integer("min_age");
        if (!patient.age_years || *patient.age_years < min_age || patient.pregnant) {
            problems.add("targets_not_applicable",
                         patient.pointer + "/targets/glucose/hba1c_target", table->id,
                         {{"min_age", std::to_string(min_age)}});
            return std::nullopt;
        }
        const auto& rows =
            table->decimal_table(after_meal ? "postprandial_below" : "fasting_below");
        const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
            return compare(r.first, *patient.glucose_target->hba1c_target) == 0;
        });
        if (row == rows.end()) {
            std::string allowed;
            for (const auto& r : rows) {
                allowed += (allowed.empty() ? "" : ", ") + r.first.to_string();
            }
            problems.add("invalid_value", patient.pointer + "/targets/glucose/hba1c_target",
                         table->id, {{"allowed", allowed}});
            return std::nullopt;
        }
        return MealTarget{std::nullopt, row->second, rule_unit(*table), table->id, table};
    }
    if (patient.glucose_target) {
        const auto& t = *patient.glucose_target;
        if (after_meal) {
            return t.postprandial_below
                       ? std::optional<MealTarget>(MealTarget{std::nullopt, t.postprandial_below,
                                                              t.unit, "patient", nullptr})
                       : std::nullopt;
        }
        if (!t.fasting_min && !t.fasting_below) {
            return std::nullopt;
        }
        return MealTarget{t.fasting_min, t.fasting_below, t.unit, "patient", nullptr};
    }
    const Rule* rule = view.use("readings.glucose.targets", trace);
    if (rule == nullptr || *g.meal == Meal::bedtime) {
        return std::nullopt;
    }
    if (after_meal) {
        return MealTarget{std::nullopt, rule->decimal("postprandial_below"), rule_unit(*rule),
                          rule->id, rule};
    }
    // The preprandial range also holds fasting readings (ADA's pre-meal glucose).
    return MealTarget{rule->decimal("preprandial_min"),
                      rule->decimal("preprandial_max"),
                      rule_unit(*rule),
                      rule->id,
                      rule,
                      true};
}

void classify_glucose(const rules::View& view, rules::Trace& trace, const Reading& reading,
                      const Patient& patient, json::Problems& problems, Classification& c) {
    const Glucose& g = *reading.glucose;
    Scale scale(view, trace);
    const auto& v = g.value;
    const std::string unit(unit_key(g.unit));
    const auto value_args = [&]() -> json::Args {
        if (v.censoring == Measured::Censoring::none) {
            return {{"value", text(v.value)}, {"unit", unit}, {"censored", "none"}};
        }
        return {{"value", v.device_limit ? text(*v.device_limit) : std::string("-")},
                {"unit", unit},
                {"censored",
                 v.censoring == Measured::Censoring::below_device_range ? "below" : "above"}};
    };
    // For a censored value the comparisons use its bound: "below L" is below a threshold T when
    // L ≤ T; "above L" is above T when L ≥ T. Without a device limit, the plausible range's end
    // is the bound (the meter could not show a number outside it).
    std::optional<Decimal> bound;
    Unit bound_unit = g.unit;
    if (v.censoring == Measured::Censoring::none) {
        bound = v.value;
    } else if (v.device_limit) {
        bound = v.device_limit;
    } else if (const Rule* range = view.use("readings.glucose.plausible_range", trace)) {
        bound =
            range->decimal(v.censoring == Measured::Censoring::below_device_range ? "min" : "max");
        bound_unit = rule_unit(*range);
    }
    const bool below_device = v.censoring == Measured::Censoring::below_device_range;
    const bool above_device = v.censoring == Measured::Censoring::above_device_range;
    // value < threshold (for a censored-below value: bound ≤ threshold).
    const auto below = [&](Decimal threshold, Unit threshold_unit) -> std::optional<bool> {
        if (!bound || above_device) {
            return above_device ? std::optional<bool>(false) : std::nullopt;
        }
        const auto order = scale.compare(*bound, bound_unit, threshold, threshold_unit);
        if (!order) {
            return std::nullopt;
        }
        return below_device ? *order <= 0 : *order < 0;
    };
    // value > threshold (for a censored-above value: bound ≥ threshold).
    const auto above = [&](Decimal threshold, Unit threshold_unit) -> std::optional<bool> {
        if (!bound || below_device) {
            return below_device ? std::optional<bool>(false) : std::nullopt;
        }
        const auto order = scale.compare(*bound, bound_unit, threshold, threshold_unit);
        if (!order) {
            return std::nullopt;
        }
        return above_device ? *order >= 0 : *order > 0;
    };
    bool alerted = false;
    if (const Rule* hypo = view.use("readings.glucose.hypoglycaemia", trace)) {
        const Unit u = rule_unit(*hypo);
        if (below(hypo->decimal("level_2_below"), u).value_or(false)) {
            c.glucose_band = Band::hypoglycaemia_level_2;
            auto args = value_args();
            args.emplace_back("threshold", text(hypo->decimal("level_2_below")));
            args.emplace_back("threshold_unit", std::string(unit_key(u)));
            c.alerts.push_back({"glucose_hypoglycaemia_level_2", AlertSeverity::urgent, hypo,
                                std::move(args), "level_2_action"});
            alerted = true;
        } else if (below(hypo->decimal("level_1_below"), u).value_or(false)) {
            c.glucose_band = Band::hypoglycaemia_level_1;
            auto args = value_args();
            args.emplace_back("threshold", text(hypo->decimal("level_1_below")));
            args.emplace_back("threshold_unit", std::string(unit_key(u)));
            c.alerts.push_back({"glucose_hypoglycaemia_level_1", AlertSeverity::warning, hypo,
                                std::move(args), "level_1_action"});
            alerted = true;
        }
    }
    if (const Rule* ketones = view.use("readings.glucose.ketone_check", trace)) {
        const Unit u = rule_unit(*ketones);
        if (above(ketones->decimal("above"), u).value_or(false)) {
            auto args = value_args();
            args.emplace_back("threshold", text(ketones->decimal("above")));
            args.emplace_back("threshold_unit", std::string(unit_key(u)));
            c.alerts.push_back(
                {"glucose_ketone_check", AlertSeverity::warning, ketones, std::move(args)});
            alerted = true;
        }
    }
    const auto target = glucose_target(view, trace, g, patient, problems);
    if (!target) {
        if (c.glucose_band == Band::not_classified) {
            c.glucose_band = below_device   ? Band::below_device_range
                             : above_device ? Band::above_device_range
                                            : Band::no_target;
        }
        return;
    }
    c.glucose_target_source = target->source;
    // Where the value lies against the target: below, in or above, each only when proven. A
    // number is compared; a censored value only by its bound, which may prove nothing (LO under
    // 200 mg/dL is neither in nor out of a target below 180): then no target band is claimed.
    bool is_below = false, is_above = false, in_target = false;
    if (!below_device && !above_device) {
        const auto order = [&](Decimal t) {
            return scale.compare(v.value, g.unit, t, target->unit);
        };
        const auto low = target->min ? order(*target->min) : std::optional<std::strong_ordering>();
        const auto high =
            target->below ? order(*target->below) : std::optional<std::strong_ordering>();
        is_below = low && *low < 0;
        is_above = high && (target->below_inclusive ? *high > 0 : *high >= 0);
        in_target = !is_below && !is_above && (!target->min || low) && (!target->below || high);
    } else if (below_device) {
        // value < L: below the minimum when L ≤ min; in target when there is no minimum and
        // L ≤ the upper limit.
        is_below = target->min && below(*target->min, target->unit).value_or(false);
        in_target =
            !target->min && target->below && below(*target->below, target->unit).value_or(false);
    } else {
        // value > L: above when L ≥ the upper limit; in target when there is no upper limit and
        // L ≥ the minimum.
        is_above = target->below && above(*target->below, target->unit).value_or(false);
        in_target =
            !target->below && target->min && above(*target->min, target->unit).value_or(false);
    }
    if (c.glucose_band == Band::not_classified) {
        c.glucose_band = is_below       ? Band::below_target
                         : is_above     ? Band::above_target
                         : in_target    ? Band::in_target
                         : below_device ? Band::below_device_range
                         : above_device ? Band::above_device_range
                                        : Band::not_classified;
    }
    if (!alerted && (is_below || is_above)) {
        auto args = value_args();
        args.emplace_back("direction", is_below ? "below" : "above");
        c.alerts.push_back(
            {"glucose_outside_target", AlertSeverity::info, target->rule, std::move(args)});
    }
}

} // namespace

Unit rule_unit(const rules::Rule& rule) {
    return unit_named(rule.string("unit"), {Unit::mmhg, Unit::mg_per_dl, Unit::mmol_per_l})
        .value_or(Unit::mmhg);
}

std::optional<std::strong_ordering> compare_in_units(const rules::View& view, rules::Trace& trace,
                                                     Decimal value, Unit unit, Decimal threshold,
                                                     Unit threshold_unit) {
    Scale scale(view, trace);
    return scale.compare(value, unit, threshold, threshold_unit);
}

std::string_view category_name(Category category) noexcept {
    switch (category) {
    case Category::not_classified:
        return "";
    case Category::optimal:
        return "optimal";
    case Category::normal:
        return "normal";
    case Category::high_normal:
        return "high_normal";
    case Category::grade_1:
        return "grade_1";
    case Category::grade_2:
        return "grade_2";
    case Category::grade_3:
        return "grade_3";
    }
    return "";
}

std::string_view band_name(Band band) noexcept {
    switch (band) {
    case Band::not_classified:
        return "";
    case Band::hypoglycaemia_level_2:
        return "hypoglycaemia_level_2";
    case Band::hypoglycaemia_level_1:
        return "hypoglycaemia_level_1";
    case Band::below_target:
        return "below_target";
    case Band::in_target:
        return "in_target";
    case Band::above_target:
        return "above_target";
    case Band::no_target:
        return "no_target";
    case Band::below_device_range:
        return "below_device_range";
    case Band::above_device_range:
        return "above_device_range";
    }
    return "";
}

std::string_view severity_name(AlertSeverity severity) noexcept {
    switch (severity) {
    case AlertSeverity::info:
        return "info";
    case AlertSeverity::warning:
        return "warning";
    case AlertSeverity::urgent:
        return "urgent";
    }
    return "urgent";
}

std::optional<Error> check_plausibility(const Context& context, const rules::View& view,
                                        rules::Trace& trace, const Reading& reading,
                                        const Pointers& at, json::Problems& problems) {
    check_precision(reading, at, problems);
    if (problems.has_errors()) {
        return std::nullopt;
    }
    if (auto error = check_time(context, view, trace, reading, at, problems)) {
        return error;
    }
    if (auto error = check_device_flags(view, trace, reading, at, problems)) {
        return error;
    }
    if (reading.blood_pressure) {
        return check_blood_pressure(view, trace, *reading.blood_pressure, at, problems);
    }
    if (reading.glucose) {
        return check_glucose(view, trace, *reading.glucose, at, problems);
    }
    return std::nullopt;
}

Classification classify(const rules::View& view, rules::Trace& trace, const Reading& reading,
                        const Patient& patient, const Pointers& at, json::Problems& problems) {
    Classification c;
    c.local_date =
        json::format_date(dates::calendar_date(reading.measured_at.instant, patient.zone));
    if (reading.blood_pressure) {
        classify_blood_pressure(view, trace, reading, patient, at, problems, c);
    } else if (reading.glucose) {
        classify_glucose(view, trace, reading, patient, problems, c);
    }
    return c;
}

} // namespace telemed::readings::detail
