#include "rules/selection.hpp"

#include <algorithm>

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
    View view;
    view.context_ = &context;
    const auto in_period = [&](const RuleSet& s) {
        const auto d = date::sys_days(day);
        return date::sys_days(s.effective_from) <= d &&
               (!s.effective_to || d <= date::sys_days(*s.effective_to));
    };
    bool any = false;
    // Federal first, the region's after, so that a regional rule replaces the federal one.
    for (const bool regional : {false, true}) {
        for (const auto& set : context.rule_sets()) {
            const bool federal = set.jurisdiction == "RU";
            if (set.domain != domain || federal == regional || !in_period(set)) {
                continue;
            }
            if (regional && set.jurisdiction != context.jurisdiction()) {
                continue;
            }
            if (set.status == RuleSetStatus::draft && !context.draft_enabled(set.id)) {
                continue;
            }
            any = true;
            for (const auto& rule : set.rules) {
                auto it = std::find_if(view.rules_.begin(), view.rules_.end(),
                                       [&](const auto& p) { return p.first->id == rule.id; });
                if (it != view.rules_.end()) {
                    *it = {&rule, &set};
                } else {
                    view.rules_.emplace_back(&rule, &set);
                }
            }
        }
    }
    if (!any) {
        return Error{Status::rules,
                     Problem{"no_rule_set_in_force",
                             "",
                             "",
                             Severity::error,
                             {{"domain", std::string(domain)}, {"date", json::format_date(day)}}}};
    }
    return view;
}

const Rule* View::use(std::string_view id, Trace& trace) const {
    const auto it = std::find_if(rules_.begin(), rules_.end(),
                                 [&](const auto& p) { return p.first->id == id; });
    if (it == rules_.end() || !context_->rule_enabled(*it->first)) {
        return nullptr;
    }
    trace.record(*it->first, *it->second);
    return it->first;
}

} // namespace telemed::rules
