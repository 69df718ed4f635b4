// `telemed rules [--region RU-XXX] [--date YYYY-MM-DD]`: the rule sets and rules in force on a day
// (context.describe with the clock on that day), and `telemed rules explain RULE_ID`
// (rule.explain).
#include "commands.hpp"
#include "texts.hpp"

#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--date", true}, {"--all", false}};

const char* language_key(Lang lang) {
    return lang == Lang::ru ? "ru" : "en";
}

bool valid_date(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (date[i] < '0' || date[i] > '9')
            return false;
    return true;
}

// A context whose clock reads `date` in its zone: instants around the day are tried, and the one
// the library itself dates `date` (describe's "today") is kept, so no offset is assumed here.
std::optional<Context> context_on(GlobalOptions options, const std::string& date, Exit& status) {
    const std::int64_t midnight_utc = parse_instant_ms(date + "T00:00:00Z").value_or(0);
    for (const int hour : {6, 18, -6, 12, 0}) {
        options.now = utc_instant_text(midnight_utc + static_cast<std::int64_t>(hour) * 3'600'000);
        auto context = make_context(options, "RU", status);
        if (!context)
            return std::nullopt;
        const CallResult described = context->call("context.describe", std::string_view());
        if (described.ok() && string_at(described.document(), "today") == date)
            return context;
    }
    print_message(tr(options.lang, "rules.no_instant"));
    status = Exit::failure;
    return std::nullopt;
}

void print_sources(Lang lang, const json::value& rule, int indent) {
    for (const json::value& source : rule.at("sources").as_array())
        std::cout << std::string(static_cast<std::size_t>(indent), ' ') << tr(lang, "rules.source")
                  << ": " << string_at(source, "document") << ", " << string_at(source, "point")
                  << " [" << string_at(source, "confidence") << "]\n";
}

void print_rule_set(Lang lang, const json::value& set) {
    std::string period = string_at(set, "effective_from") + " … " + string_at(set, "effective_to");
    std::cout << '\n'
              << string_at(set, "id") << ' ' << string_at(set, "version") << " ("
              << string_at(set, "domain") << ", " << string_at(set, "jurisdiction") << ", "
              << string_at(set, "status") << ", " << period << ")\n";
    for (const json::value& rule : set.at("rules").as_array()) {
        const json::value* title = find_pointer(rule, std::string("/title/") + language_key(lang));
        std::cout << "  " << string_at(rule, "id") << " [" << string_at(rule, "confidence") << "]"
                  << (rule.at("enabled").as_bool()
                          ? ""
                          : std::string(" (") + tr(lang, "rules.off") + ")")
                  << ": "
                  << (title != nullptr && title->is_string() ? std::string(title->as_string())
                                                             : std::string())
                  << '\n';
        print_sources(lang, rule, 6);
    }
}

Exit list(const Invocation& invocation) {
    GlobalOptions options = invocation.global;
    if (options.region.empty())
        options.region = "RU";
    if (options.region == "RU" && options.zone.empty())
        options.zone = "Europe/Moscow";
    Exit status = Exit::ok;
    std::optional<Context> context;
    const std::string date = invocation.args.value("--date");
    if (!date.empty() && !valid_date(date))
        return usage_error(options.lang, "rules", tr(options.lang, "usage.date"));
    context =
        date.empty() ? make_context(options, "RU", status) : context_on(options, date, status);
    if (!context)
        return status;
    const CallResult described = context->call("context.describe", std::string_view());
    if (!described.ok())
        return print_error(options.lang, "context.describe", described.error), Exit::failure;
    json::value out = described.document();
    if (!invocation.args.has("--all")) {
        json::array in_force;
        for (const json::value& set : out.at("rule_sets").as_array())
            if (set.at("applies_today").as_bool())
                in_force.push_back(set);
        out.as_object()["rule_sets"] = std::move(in_force);
    }
    if (options.json) {
        std::cout << pretty_json(out);
        return Exit::ok;
    }
    std::cout << tr(options.lang, "rules.context") << ": " << string_at(out, "jurisdiction") << ", "
              << string_at(out, "time_zone") << ", " << tr(options.lang, "rules.today") << ' '
              << string_at(out, "today") << '\n';
    for (const json::value& set : out.at("rule_sets").as_array())
        print_rule_set(options.lang, set);
    return Exit::ok;
}

Exit explain(const Invocation& invocation) {
    GlobalOptions options = invocation.global;
    if (options.region.empty())
        options.region = "RU";
    if (options.region == "RU" && options.zone.empty())
        options.zone = "Europe/Moscow";
    if (invocation.args.positional.size() != 2)
        return usage_error(options.lang, "rules", tr(options.lang, "usage.rules_explain"));
    Exit status = Exit::ok;
    const auto context = make_context(options, "RU", status);
    if (!context)
        return status;
    const CallResult result = context->call(
        "rule.explain", json::value(json::object{{"rule", invocation.args.positional[1]}}));
    if (!result.ok())
        return print_error(options.lang, "rule.explain", result.error), exit_for(result.error);
    const json::value out = result.document();
    if (options.json) {
        std::cout << pretty_json(out);
        return Exit::ok;
    }
    const json::value& rule = out.at("rule");
    std::cout << string_at(rule, "id") << ": "
              << string_at(rule.at("title"), language_key(options.lang)) << '\n'
              << tr(options.lang, "rules.confidence") << ": " << string_at(rule, "confidence")
              << "; " << tr(options.lang, "rules.enabled") << ": "
              << tr(options.lang, rule.at("enabled").as_bool() ? "demo.yes" : "demo.no") << "; "
              << tr(options.lang, "rules.switchable") << ": "
              << tr(options.lang, rule.at("switchable").as_bool() ? "demo.yes" : "demo.no") << "; "
              << tr(options.lang, "rules.applies_today") << ": "
              << tr(options.lang, rule.at("applies_today").as_bool() ? "demo.yes" : "demo.no")
              << '\n';
    print_sources(options.lang, rule, 0);
    if (const json::value* params = find_pointer(rule, "/params"))
        std::cout << tr(options.lang, "rules.params") << ": " << json::serialize(*params) << '\n';
    for (const json::value& holder : out.at("held_by").as_array())
        std::cout << tr(options.lang, "rules.held_by") << ": " << string_at(holder, "id") << ' '
                  << string_at(holder, "version") << " (" << string_at(holder, "jurisdiction")
                  << ", " << string_at(holder, "status") << ")\n";
    return Exit::ok;
}

} // namespace

const std::span<const OptionSpec> rules_specs = specs;

Exit run_rules(const Invocation& invocation) {
    const auto& positional = invocation.args.positional;
    if (!positional.empty() && positional.front() == "explain")
        return explain(invocation);
    if (!positional.empty())
        return usage_error(invocation.global.lang, "rules",
                           tr(invocation.global.lang, "usage.rules"));
    return list(invocation);
}

} // namespace telemed_cli
