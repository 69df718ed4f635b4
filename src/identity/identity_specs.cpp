// The rules the identity domain applies, and the parameters each reads from its rule set
// (identity_rules.json, regions_rules.json beside this file).
#include "rules/specs.hpp"

namespace telemed::identity {

std::vector<rules::RuleSpec> rule_specs() {
    using rules::ParamType;
    return {
        {"identity.enp.format", "identity", {}},
        {"identity.enp.luhn", "identity", {}},
        {"identity.snils.format", "identity", {}},
        {"identity.snils.checksum", "identity", {{"unchecked_up_to", ParamType::string}}},
        {"identity.identify.snils_birth_date", "identity", {}},
        {"identity.identify.enp_birth_date", "identity", {}},
        {"identity.representative.required", "identity", {{"min_age", ParamType::integer, 1, 25}}},
        {"identity.consent.by_representative", "identity", {}},
        {"identity.proxy.no_consent", "identity", {}},
        {"identity.age.completed_years", "identity", {}},
        {"identity.age.leap_day_feb28", "identity", {}},
        {"identity.name.cyrillic_only", "identity", {}},
        {"regions.time_zones", "regions", {{"zones", ParamType::string_map}}},
    };
}

} // namespace telemed::identity
