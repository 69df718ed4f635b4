// The rules the eligibility domain applies, and the parameters each reads from its rule sets
// (eligibility_nvs_rules.json beside this file).
#include "rules/specs.hpp"

namespace telemed::eligibility {

std::vector<rules::RuleSpec> rule_specs() {
    using rules::ParamType;
    return {
        {"eligibility.indications",
         "eligibility",
         {{"order", ParamType::strings},
          {"names_ru", ParamType::string_map},
          {"names_en", ParamType::string_map},
          {"permits", ParamType::string_lists}}},
    };
}

} // namespace telemed::eligibility
