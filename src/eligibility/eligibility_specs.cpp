// The rules the eligibility domain applies, and the parameters each reads from its rule sets
// (the eligibility_*_rules.json files beside this file).
#include "rules/specs.hpp"

namespace telemed::eligibility {

std::vector<rules::RuleSpec> rule_specs() {
    using rules::ParamType;
    const auto none = std::vector<rules::ParamSpec>{};
    return {
        {"eligibility.indications",
         "eligibility",
         {{"order", ParamType::strings},
          {"names_ru", ParamType::string_map},
          {"names_en", ParamType::string_map},
          {"permits", ParamType::string_lists}}},
        {"eligibility.federal.purposes", "eligibility", {{"actions", ParamType::strings}}},
        {"eligibility.federal.correction", "eligibility", none},
        {"eligibility.federal.consent",
         "eligibility",
         {{"consent_types", ParamType::strings},
          {"personal_consent_min_age", ParamType::integer, 1, 25}}},
        {"eligibility.federal.representative",
         "eligibility",
         {{"min_age", ParamType::integer, 1, 25}}},
        {"eligibility.federal.proxy", "eligibility", none},
        {"eligibility.federal.identification", "eligibility", {{"methods", ParamType::strings}}},
        {"eligibility.federal.stable_course", "eligibility", none},
        {"eligibility.federal.urgent", "eligibility", none},
        {"eligibility.federal.in_person_decision", "eligibility", none},
        {"eligibility.federal.documentation", "eligibility", {{"documents", ParamType::strings}}},
        {"eligibility.federal.new_treatment",
         "eligibility",
         {{"min_patient_age", ParamType::integer, 0, 120},
          {"min_experience_years", ParamType::integer, 0, 80}}},
        {"eligibility.nvs.cabinet_and_slot", "eligibility", none},
        {"eligibility.nvs.format", "eligibility", {{"formats", ParamType::strings}}},
        {"eligibility.nvs.protocol", "eligibility", {{"documents", ParamType::strings}}},
        {"eligibility.nvs.repeat_after_studies", "eligibility", none},
        {"eligibility.nvs.incapacity_review", "eligibility", none},
        {"eligibility.nvs.chronic_stable", "eligibility", {{"icd10_prefixes", ParamType::strings}}},
        {"eligibility.nvs.dispensary_stable", "eligibility", {{"icd10_codes", ParamType::strings}}},
        {"eligibility.nvs.therapy_control", "eligibility", none},
        {"eligibility.nvs.treatment_questions", "eligibility", none},
        {"eligibility.vor.sick_leave_video", "eligibility", {{"modes", ParamType::strings}}},
        {"eligibility.kir.sick_leave_protocol", "eligibility", {{"documents", ParamType::strings}}},
    };
}

} // namespace telemed::eligibility
