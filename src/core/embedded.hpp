// Data files compiled into the library (cmake/TelemedEmbed.cmake): each file's name, with every
// character that cannot be in an identifier replaced by '_', names its text.
#pragma once

#include <string_view>

namespace telemed::embedded {
// src/i18n/
extern const std::string_view messages_json;
// src/identity/
extern const std::string_view identity_rules_json;
extern const std::string_view regions_rules_json;
// src/sick_leave/
extern const std::string_view sick_leave_rules_json;
extern const std::string_view sick_leave_draft_2026_json;
extern const std::string_view sick_leave_remote_2026_json;
extern const std::string_view sick_leave_vor_rules_json;
// src/eligibility/
extern const std::string_view eligibility_nvs_rules_json;
extern const std::string_view eligibility_193n_rules_json;
extern const std::string_view eligibility_965n_rules_json;
extern const std::string_view eligibility_experiment_2023_rules_json;
extern const std::string_view eligibility_vor_rules_json;
extern const std::string_view eligibility_kir_rules_json;
// src/readings/
extern const std::string_view readings_plausibility_rules_json;
extern const std::string_view readings_bp_rules_json;
extern const std::string_view readings_glucose_rules_json;
extern const std::string_view readings_algorithms_rules_json;
extern const std::string_view readings_summary_rules_json;
extern const std::string_view consultation_rules_json;
} // namespace telemed::embedded
