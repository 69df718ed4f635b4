#include "rules/specs.hpp"

#include <algorithm>

namespace telemed::rules {

const std::vector<RuleSpec>& known_rules() {
    // Built once from each domain's list; immutable afterwards.
    static const std::vector<RuleSpec> all = [] {
        std::vector<RuleSpec> out = identity::rule_specs();
        for (auto& spec : sick_leave::rule_specs()) {
            out.push_back(std::move(spec));
        }
        for (auto& spec : eligibility::rule_specs()) {
            out.push_back(std::move(spec));
        }
        for (auto& spec : readings::rule_specs()) {
            out.push_back(std::move(spec));
        }
        for (auto& spec : consultation::rule_specs()) {
            out.push_back(std::move(spec));
        }
        return out;
    }();
    return all;
}

const RuleSpec* find_spec(std::string_view id) {
    const auto& all = known_rules();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const RuleSpec& s) { return s.id == id; });
    return it == all.end() ? nullptr : &*it;
}

bool known_domain(std::string_view domain) {
    const auto& all = known_rules();
    return std::any_of(all.begin(), all.end(),
                       [&](const RuleSpec& s) { return s.domain == domain; });
}

} // namespace telemed::rules
