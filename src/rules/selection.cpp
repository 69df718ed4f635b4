#include "rules/selection.hpp"

#include <algorithm>

#include "rules/index.hpp"

namespace telemed::rules {

void Trace::record(const Rule& rule, const RuleSet& set) {
    if (std::find(rules_.begin(), rules_.end(), &rule) == rules_.end()) {
        rules_.push_back(&rule);
    }
    if (std::find(sets_.begin(), sets_.end(), &set) == sets_.end()) {
        sets_.push_back(&set);
    }
}

void Trace::write(json::Writer& out) const {
    out.key("rule_sets").begin_array();
    for (const auto* s : sets_) {
        out.begin_object().member("id", s->id).member("version", s->version).end_object();
    }
    out.end_array().key("trace").begin_array();
    for (const auto* r : rules_) {
        out.string(r->id);
    }
    out.end_array();
}

Result<View> View::select(const Context& context, std::string_view domain,
                          date::year_month_day day) {
    // The context resolved its rules when it was made (rules/index.hpp): this is a lookup.
    const Interval* interval = context.rule_index().find(domain, day);
    if (interval == nullptr || interval->rules.empty()) {
        return Error{Status::rules,
                     Problem{"no_rule_set_in_force",
                             "",
                             "",
                             Severity::error,
                             {{"domain", std::string(domain)}, {"date", json::format_date(day)}}}};
    }
    View view;
    view.context_ = &context;
    view.rules_ = &interval->rules;
    return view;
}

const Rule* View::use(std::string_view id, Trace& trace) const {
    const auto it =
        std::lower_bound(rules_->begin(), rules_->end(), id,
                         [](const auto& p, std::string_view v) { return p.first->id < v; });
    if (it == rules_->end() || it->first->id != id || !context_->rule_enabled(*it->first)) {
        return nullptr;
    }
    trace.record(*it->first, *it->second);
    return it->first;
}

} // namespace telemed::rules
