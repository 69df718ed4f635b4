#include "core/response.hpp"
#include "telemed/telemed.hpp"

namespace telemed {

Response describe_context(const Context& context) {
    const auto today = date::sys_days(context.today());
    // Whether operations on today's date would select the set (rules::View::select's criteria).
    const auto applies = [&](const rules::RuleSet& s) {
        const bool jurisdiction =
            s.jurisdiction == "RU" || s.jurisdiction == context.jurisdiction();
        const bool period = date::sys_days(s.effective_from) <= today &&
                            (!s.effective_to || today <= date::sys_days(*s.effective_to));
        const bool status = s.status != rules::RuleSetStatus::draft || context.draft_enabled(s.id);
        return jurisdiction && period && status;
    };
    json::bj::array sets;
    for (const auto& s : context.rule_sets()) {
        json::bj::array rules;
        for (const auto& r : s.rules) {
            json::bj::array sources;
            for (const auto& src : r.sources) {
                sources.push_back(
                    json::bj::object{{"document", src.document},
                                     {"point", src.point},
                                     {"confidence", rules::to_string(src.confidence)}});
            }
            rules.push_back(json::bj::object{
                {"id", r.id},
                {"title", json::bj::object{{"en", r.title.en}, {"ru", r.title.ru}}},
                {"confidence", rules::to_string(r.confidence)},
                {"switchable", r.switchable},
                {"enabled", context.rule_enabled(r)},
                {"sources", std::move(sources)}});
        }
        json::bj::object set{{"id", s.id},
                             {"version", s.version},
                             {"domain", s.domain},
                             {"jurisdiction", s.jurisdiction},
                             {"status", rules::to_string(s.status)},
                             {"effective_from", json::format_date(s.effective_from)},
                             {"effective_to", nullptr},
                             {"built_in", s.built_in},
                             {"applies_today", applies(s)},
                             {"rules", std::move(rules)}};
        if (s.effective_to) {
            set["effective_to"] = json::format_date(*s.effective_to);
        }
        sets.push_back(std::move(set));
    }
    json::bj::array devices;
    for (const auto& id : context.device_ids()) {
        devices.emplace_back(id);
    }
    json::bj::array signers;
    for (const auto& id : context.signer_ids()) {
        signers.emplace_back(id);
    }
    const char* policy = context.unsigned_readings() == UnsignedReadings::reject ? "reject"
                         : context.unsigned_readings() == UnsignedReadings::flag ? "flag"
                                                                                 : "accept";
    json::bj::object out{
        {"jurisdiction", context.jurisdiction()},
        {"time_zone", context.time_zone_name()},
        {"today", json::format_date(context.today())},
        {"rule_sets", std::move(sets)},
        {"devices", json::bj::object{{"keys", std::move(devices)}, {"unsigned_readings", policy}}},
        {"signers", json::bj::object{{"keys", std::move(signers)}}}};
    return Response{Status::ok, json::bj::serialize(out), {}};
}

} // namespace telemed
