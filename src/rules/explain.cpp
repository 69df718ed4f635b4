// rule.explain: what a rule says, where it comes from, how sure that is, and which rule sets hold
// it.
#include "core/response.hpp"
#include "telemed/telemed.hpp"

namespace telemed {

namespace {

void write_param(json::Writer& out, const rules::ParamValue& value) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
                out.integer(v);
            } else if constexpr (std::is_same_v<T, bool>) {
                out.boolean(v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                out.string(v);
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                out.begin_array();
                for (const auto& s : v) {
                    out.string(s);
                }
                out.end_array();
            } else if constexpr (std::is_same_v<T, Decimal>) {
                out.number(v);
            } else if constexpr (std::is_same_v<T, rules::DecimalTable>) {
                // Keys as JSON keys (text), values as numbers: the shape of the rule-set file.
                out.begin_object();
                for (const auto& [k, d] : v) {
                    out.key(k.to_string()).number(d);
                }
                out.end_object();
            } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
                out.begin_object();
                for (const auto& [k, s] : v) {
                    out.member(k, s);
                }
                out.end_object();
            } else {
                out.begin_object();
                for (const auto& [k, list] : v) {
                    out.key(k).begin_array();
                    for (const auto& s : list) {
                        out.string(s);
                    }
                    out.end_array();
                }
                out.end_object();
            }
        },
        value);
}

bool applies_on(const Context& context, const rules::RuleSet& s, date::year_month_day day) {
    const auto d = date::sys_days(day);
    return (s.jurisdiction == "RU" || s.jurisdiction == context.jurisdiction()) &&
           date::sys_days(s.effective_from) <= d &&
           (!s.effective_to || d <= date::sys_days(*s.effective_to)) &&
           (s.status != rules::RuleSetStatus::draft || context.draft_enabled(s.id));
}

} // namespace

Response explain_rule(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    json::Problems problems;
    json::ObjectReader r(parsed.value(), "", problems);
    const auto id = r.string("rule", true, 100);
    r.finish();
    rules::Trace trace;
    if (problems.has_errors()) {
        return core::reject(trace, problems.take());
    }
    // Every set of the context holding the rule; the one that applies today (regional over federal)
    // is described, else the latest found.
    const auto today = context.today();
    const rules::Rule* chosen = nullptr;
    bool chosen_applies = false;
    std::vector<const rules::RuleSet*> holders;
    for (const auto& set : context.rule_sets()) {
        for (const auto& rule : set.rules) {
            if (rule.id != *id) {
                continue;
            }
            holders.push_back(&set);
            const bool applies = applies_on(context, set, today);
            const bool better = chosen == nullptr || (applies && !chosen_applies) ||
                                (applies && chosen_applies && set.jurisdiction != "RU");
            if (better) {
                chosen = &rule;
                chosen_applies = applies;
            }
        }
    }
    if (chosen == nullptr) {
        return core::fail(
            Error{Status::not_found, Problem{"unknown_rule", "/rule", *id, Severity::error, {}}});
    }
    json::Writer out = core::begin();
    out.key("rule").begin_object().member("id", chosen->id);
    out.key("title")
        .begin_object()
        .member("en", chosen->title.en)
        .member("ru", chosen->title.ru)
        .end_object();
    out.member("confidence", rules::to_string(chosen->confidence))
        .key("switchable")
        .boolean(chosen->switchable)
        .key("enabled_by_default")
        .boolean(chosen->enabled_by_default)
        .key("enabled")
        .boolean(context.rule_enabled(*chosen))
        .key("applies_today")
        .boolean(chosen_applies && context.rule_enabled(*chosen));
    out.key("sources").begin_array();
    for (const auto& s : chosen->sources) {
        out.begin_object()
            .member("document", s.document)
            .member("point", s.point)
            .member("confidence", rules::to_string(s.confidence))
            .end_object();
    }
    out.end_array().key("params").begin_object();
    for (const auto& [name, value] : chosen->params) {
        write_param(out.key(name), value);
    }
    out.end_object().end_object();
    out.key("held_by").begin_array();
    for (const auto* s : holders) {
        out.begin_object()
            .member("id", s->id)
            .member("version", s->version)
            .member("jurisdiction", s->jurisdiction);
        out.member("status", rules::to_string(s->status))
            .key("applies_today")
            .boolean(applies_on(context, *s, today));
        out.end_object();
    }
    out.end_array();
    core::write_problems(out, {});
    return core::succeed(std::move(out), trace);
}

} // namespace telemed
