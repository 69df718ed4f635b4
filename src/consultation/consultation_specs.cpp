// The rules the consultation domain applies, and the parameters each reads from its rule set
// (consultation_rules.json beside this file).
#include "rules/specs.hpp"

namespace telemed::consultation {

std::vector<rules::RuleSpec> rule_specs() {
    using rules::ParamType;
    const auto none = std::vector<rules::ParamSpec>{};
    return {
        {"consultation.identification.before_start", "consultation", none},
        {"consultation.outcomes", "consultation", {{"actions", ParamType::string_lists}}},
        {"consultation.protocol.electronic",
         "consultation",
         {{"semd_oid_system", ParamType::string}}},
        {"consultation.signature",
         "consultation",
         {{"algorithms", ParamType::strings}, {"verifiable", ParamType::strings}}},
        {"consultation.delivery.gosuslugi", "consultation", none},
    };
}

} // namespace telemed::consultation
