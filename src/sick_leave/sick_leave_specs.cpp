// The rules the sick-leave domain applies, and the parameters each reads from its rule sets
// (sick_leave_rules.json, sick_leave_remote_2026.json, the Voronezh sick_leave_vor_rules.json and
// the draft sick_leave_draft_2026.json beside this file).
#include "rules/specs.hpp"

namespace telemed::sick_leave {

std::vector<rules::RuleSpec> rule_specs() {
    using rules::ParamType;
    return {
        {"sick_leave.number.format", "sick_leave", {}},
        {"sick_leave.open.remote", "sick_leave", {}},
        {"sick_leave.period.individual_limit",
         "sick_leave",
         {{"doctor_days", ParamType::integer, 1, 366},
          {"feldsher_days", ParamType::integer, 1, 366},
          {"dentist_days", ParamType::integer, 1, 366}}},
        {"sick_leave.period.commission",
         "sick_leave",
         {{"period_max_days", ParamType::integer, 1, 366}}},
        {"sick_leave.total.max",
         "sick_leave",
         {{"months", ParamType::integer, 1, 36},
          {"tuberculosis_months", ParamType::integer, 1, 36}}},
        {"sick_leave.periods.max", "sick_leave", {{"count", ParamType::integer, 1, 100}}},
        {"sick_leave.periods.contiguous", "sick_leave", {}},
        {"sick_leave.visit.late", "sick_leave", {{"violation_code", ParamType::string}}},
        {"sick_leave.violation.codes", "sick_leave", {{"codes", ParamType::strings}}},
        {"sick_leave.outcome.codes",
         "sick_leave",
         {{"codes", ParamType::strings},
          {"continuation", ParamType::strings},
          {"state_change", ParamType::strings}}},
        {"sick_leave.return_date", "sick_leave", {}},
        {"sick_leave.close.remote", "sick_leave", {{"indication", ParamType::string}}},
        // Regional (sick_leave_vor_rules.json): the consultation modes a remote closure accepts.
        {"sick_leave.close.remote.video",
         "sick_leave",
         {{"modes", ParamType::strings, 0, 0, {"real_time_video", "real_time_chat", "deferred"}}}},
        {"sick_leave.extend.remote", "sick_leave", {}},
        {"sick_leave.commission.annul", "sick_leave", {}},
        {"sick_leave.record.fields", "sick_leave", {{"fields", ParamType::string_map}}},
        {"sick_leave.draft.frequent_certificates",
         "sick_leave",
         {{"count", ParamType::integer, 1, 100},
          {"months", ParamType::integer, 1, 60},
          {"exempt_reasons", ParamType::strings}}},
    };
}

} // namespace telemed::sick_leave
