// The indications of remote doctor–patient consultations, from the rule set in force.
#include "core/response.hpp"
#include "telemed/eligibility.hpp"

namespace telemed::eligibility {

Response list_indications(const Context& context) {
    rules::Trace trace;
    json::Writer out = core::begin();
    out.key("indications").begin_array();
    auto view = rules::View::select(context, "eligibility", context.today());
    // No eligibility rule set in this jurisdiction today: no indication is listed (nothing is
    // allowed).
    const rules::Rule* rule =
        view.ok() ? view.value().use("eligibility.indications", trace) : nullptr;
    if (rule != nullptr) {
        const auto& ru = rule->string_map("names_ru");
        const auto& en = rule->string_map("names_en");
        const auto& permits = rule->string_lists("permits");
        int number = 0;
        for (const auto& id : rule->strings("order")) {
            const auto name_ru = ru.find(id), name_en = en.find(id);
            const auto actions = permits.find(id);
            if (name_ru == ru.end() || name_en == en.end() || actions == permits.end()) {
                // A configured rule set that names an indication without its names or actions.
                return core::fail(Error{
                    Status::rules,
                    Problem{
                        "rule_data_incomplete", "", rule->id, Severity::error, {{"item", id}}}});
            }
            out.begin_object().member("id", id).key("number").integer(++number);
            out.key("name")
                .begin_object()
                .member("ru", name_ru->second)
                .member("en", name_en->second)
                .end_object();
            out.key("permits").begin_array();
            for (const auto& action : actions->second) {
                out.string(action);
            }
            out.end_array().end_object();
        }
    }
    out.end_array();
    core::write_problems(out, {});
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::eligibility
