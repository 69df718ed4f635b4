// `telemed check FILE`: eligibility.evaluate on a request document; the verdict, its reasons and
// the permitted and refused actions.
#include "commands.hpp"
#include "texts.hpp"

#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--help", false}};

const char* language_key(Lang lang) {
    return lang == Lang::ru ? "ru" : "en";
}

void print_reasons(Lang lang, const json::value& reasons, int indent) {
    for (const json::value& reason : reasons.as_array())
        std::cout << std::string(static_cast<std::size_t>(indent), ' ') << "- "
                  << string_at(reason, "code") << " (" << string_at(reason, "rule")
                  << "): " << string_at(reason.at("message"), language_key(lang)) << '\n';
}

void print_rule_sets(const json::value& decision) {
    std::string sets;
    for (const json::value& set : decision.at("rule_sets").as_array())
        sets += (sets.empty() ? "" : ", ") + string_at(set, "id") + " " + string_at(set, "version");
    std::cout << sets << '\n';
}

void print_decision(Lang lang, const json::value& decision) {
    const std::string verdict = string_at(decision, "verdict");
    std::cout << tr(lang, "check.verdict") << ": " << verdict << " ("
              << label(lang, "verdict", verdict) << ")\n"
              << tr(lang, "demo.visit_date") << ": " << string_at(decision, "visit_date") << '\n'
              << tr(lang, "demo.permitted") << ": "
              << joined_codes(decision.at("permitted_actions")) << '\n';
    if (!decision.at("refused_actions").as_array().empty()) {
        std::cout << tr(lang, "check.refused") << ":\n";
        for (const json::value& refused : decision.at("refused_actions").as_array()) {
            std::cout << "  " << string_at(refused, "action") << ":\n";
            print_reasons(lang, refused.at("reasons"), 4);
        }
    }
    if (!decision.at("reasons").as_array().empty()) {
        std::cout << tr(lang, "check.reasons") << ":\n";
        print_reasons(lang, decision.at("reasons"), 2);
    }
    std::cout << tr(lang, "demo.documents") << ": "
              << joined_codes(decision.at("required_documents")) << '\n'
              << tr(lang, "check.missing") << ": " << joined_codes(decision.at("missing_facts"))
              << '\n'
              << tr(lang, "check.rule_sets") << ": ";
    print_rule_sets(decision);
}

} // namespace

std::string joined_codes(const json::value& array) {
    std::string out;
    for (const json::value& element : array.as_array())
        out += (out.empty() ? "" : ", ") +
               (element.is_string() ? std::string(element.as_string()) : json::serialize(element));
    return out.empty() ? "—" : out;
}

const std::span<const OptionSpec> check_specs = specs;

Exit run_check(const Invocation& invocation) {
    const GlobalOptions& global = invocation.global;
    if (invocation.args.positional.size() != 1)
        return usage_error(global.lang, "check", tr(global.lang, "usage.one_file"));
    Exit status = Exit::ok;
    const auto context = make_context(global, "RU", status);
    if (!context)
        return status;
    const auto request = read_file(invocation.args.positional.front(), global.lang);
    if (!request)
        return Exit::input;
    const CallResult result = context->call("eligibility.evaluate", *request);
    if (!result.ok()) {
        print_error(global.lang, "eligibility.evaluate", result.error);
        if (!result.output.empty())
            print_problems(global.lang, result.document());
        return exit_for(result.error);
    }
    const json::value decision = result.document();
    if (global.json)
        std::cout << pretty_json(decision);
    else
        print_decision(global.lang, decision);
    const std::string verdict = string_at(decision, "verdict");
    return verdict == "allowed" || verdict == "allowed_with_restrictions" ? Exit::ok
                                                                          : Exit::refused;
}

} // namespace telemed_cli
