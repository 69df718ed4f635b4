// Data files compiled into the library (cmake/TelemedEmbed.cmake).
#pragma once

#include <string_view>

namespace telemed::embedded {
extern const std::string_view identity_rules_json;   ///< src/identity/identity_rules.json
extern const std::string_view regions_rules_json;    ///< src/identity/regions_rules.json
extern const std::string_view messages_json;         ///< src/i18n/messages.json
extern const std::string_view sick_leave_rules_json; ///< src/sick_leave/sick_leave_rules.json
extern const std::string_view
    sick_leave_draft_2026_json; ///< src/sick_leave/sick_leave_draft_2026.json
extern const std::string_view
    eligibility_nvs_rules_json; ///< src/eligibility/eligibility_nvs_rules.json
} // namespace telemed::embedded
