// Which rules apply: the rule sets of one domain in force on one date in the context's
// jurisdiction, and the trace of the rules an operation applied (named in every decision).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "telemed/context.hpp"
#include "telemed/rules.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::rules {

/// The rules an operation applied, in order, and the sets they came from.
class Trace {
public:
    /// Records that `rule` of `set` was applied.
    void record(const Rule& rule, const RuleSet& set);
    /// Writes the members "rule_sets": [{"id", "version"}] (the sets that gave an applied rule) and
    /// "trace": [rule ids in the order applied, each once].
    void write(json::Writer& out) const;
    /// Whether two traces name the same rules and sets in the same order.
    bool operator==(const Trace& other) const {
        return sets_ == other.sets_ && rules_ == other.rules_;
    }

private:
    std::vector<const RuleSet*> sets_;
    std::vector<const Rule*> rules_;
};

/// The applicable rules of one domain on one date. Regional rules replace federal ones of the same
/// id.
class View {
public:
    /// Selects the sets of `domain` for the context's jurisdiction on `day`: federal ("RU") and the
    /// region's, in force or historical on that day, drafts only when the configuration asks for
    /// them. No set at all is Status::rules ("no_rule_set_in_force"): nothing is ever allowed by
    /// default.
    static Result<View> select(const Context& context, std::string_view domain,
                               date::year_month_day day);

    /// The rule when it applies (present and switched on), recorded in the trace; else nullptr.
    const Rule* use(std::string_view id, Trace& trace) const;

private:
    const Context* context_ = nullptr;
    const std::vector<std::pair<const Rule*, const RuleSet*>>* rules_ =
        nullptr; // in the context's index
};

} // namespace telemed::rules
