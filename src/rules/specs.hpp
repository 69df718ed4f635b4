// What the code knows how to apply: each rule id with the parameters it reads. A rule-set file may
// only name rules listed here, with exactly these parameters, so that data and code cannot drift
// apart.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace telemed::rules {

/// The type a parameter must have in a rule-set file.
enum class ParamType {
    integer,
    boolean,
    string,
    strings,
    string_map,
    string_lists,
    decimal,     ///< an exact number (a threshold such as 3.9 or 18.0156) within [min, max]
    decimal_map, ///< an object whose keys are decimal numbers and whose values are decimals
                 ///< within [min, max] (a table such as HbA1c target → glucose target)
};

/// One parameter of a rule. An integer parameter has a documented range [min, max] (docs/rules.md),
/// checked when a rule set or configuration is loaded, so that no value from a configuration can
/// overflow the arithmetic that uses it (dates, counts).
struct ParamSpec {
    std::string_view name;
    ParamType type;
    std::int64_t min = 0; ///< integers and decimals: the smallest value accepted
    std::int64_t max = 0; ///< integers and decimals: the largest value accepted (max > min)
    /// string and strings: the values accepted, when the code gives them a meaning (a unit, a
    /// device flag); string_map: exactly the keys it must have ({"en", "ru"}). Empty: anything.
    std::vector<std::string_view> allowed = {};
};

/// One rule the code applies.
struct RuleSpec {
    std::string_view id;
    std::string_view domain;
    std::vector<ParamSpec> params;
};

/// Every rule of every domain.
const std::vector<RuleSpec>& known_rules();
/// The spec of a rule id, or nullptr.
const RuleSpec* find_spec(std::string_view id);
/// Whether a domain name is known ("identity", "regions").
bool known_domain(std::string_view domain);

} // namespace telemed::rules

namespace telemed::identity {
/// The rules the identity domain compiles in (src/identity/identity_specs.cpp).
std::vector<rules::RuleSpec> rule_specs();
} // namespace telemed::identity

namespace telemed::sick_leave {
/// The rules the sick-leave domain compiles in (src/sick_leave/sick_leave_specs.cpp).
std::vector<rules::RuleSpec> rule_specs();
} // namespace telemed::sick_leave

namespace telemed::readings {
/// The rules the readings domain compiles in (src/readings/readings_specs.cpp).
std::vector<rules::RuleSpec> rule_specs();
} // namespace telemed::readings

namespace telemed::eligibility {
/// The rules the eligibility domain compiles in (src/eligibility/eligibility_specs.cpp).
std::vector<rules::RuleSpec> rule_specs();
} // namespace telemed::eligibility

namespace telemed::consultation {
/// The rules the consultation domain compiles in (src/consultation/consultation_specs.cpp).
std::vector<rules::RuleSpec> rule_specs();
} // namespace telemed::consultation
