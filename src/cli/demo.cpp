#include "demo.hpp"

#include "commands.hpp"
#include "demo_data.hpp"
#include "texts.hpp"

#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--help", false}};

// The demo's own date: the instant its sample data are written for.
constexpr std::string_view demo_now = "2026-03-12T12:00:00+03:00";

bool is_personal_key(std::string_view key) {
    return key == "birth_date" || key == "patronymic";
}

bool is_person_name(const json::value& value) {
    return value.is_object() && value.as_object().contains("family");
}

} // namespace

const std::span<const OptionSpec> demo_specs = specs;

void DemoReport::heading(std::string_view text) {
    text_ << '\n' << text << '\n';
}

void DemoReport::line(int level, std::string_view text) {
    const auto end = text.find_last_not_of(' ');
    text_ << std::string(static_cast<std::size_t>(level) * 2 + 2, ' ')
          << text.substr(0, end == std::string_view::npos ? 0 : end + 1) << '\n';
}

void DemoReport::step(std::string_view name, std::string_view operation, json::value output) {
    steps_.push_back(
        json::object{{"step", name}, {"operation", operation}, {"output", std::move(output)}});
}

std::string masked_identifier(const Context& context, std::string_view type,
                              std::string_view value) {
    const CallResult result = context.call(
        "identifier.validate", json::value(json::object{{"type", type}, {"value", value}}));
    const std::string masked = result.ok() ? string_at(result.document(), "masked") : std::string();
    return masked.empty() ? "***" : masked;
}

json::value redact(const Context& context, const json::value& value) {
    if (value.is_array()) {
        json::array out;
        for (const json::value& element : value.as_array())
            out.push_back(redact(context, element));
        return out;
    }
    if (!value.is_object())
        return value;
    json::object out;
    for (const auto& member : value.as_object()) {
        const std::string_view key = member.key();
        if (is_personal_key(key))
            continue;
        if (key == "name" && is_person_name(member.value()))
            continue;
        if ((key == "snils" || key == "enp") && member.value().is_string()) {
            out[key] = masked_identifier(context, key, member.value().as_string());
            continue;
        }
        out[key] = redact(context, member.value());
    }
    return out;
}

Exit demo_failed(const DemoRun& run, std::string_view step, const CallResult& result) {
    print_error(run.lang, step, result.error);
    if (result.status == TM_E_VALIDATION && !result.output.empty())
        print_problems(run.lang, result.document());
    return exit_for(result.error) == Exit::ok ? Exit::failure : exit_for(result.error);
}

std::string joined(const json::value* array) {
    return array != nullptr && array->is_array() ? joined_codes(*array) : "—";
}

Exit run_demo(const Invocation& invocation) {
    const GlobalOptions& global = invocation.global;
    if (!global.region.empty() || !global.zone.empty() || !global.config_path.empty())
        return usage_error(global.lang, "demo", tr(global.lang, "demo.fixed_settings"));
    if (!invocation.args.positional.empty())
        return usage_error(global.lang, "demo", tr(global.lang, "usage.no_arguments"));
    const std::string now = global.now.empty() ? std::string(demo_now) : global.now;
    const auto now_ms = parse_instant_ms(now);
    if (!now_ms)
        return usage_error(global.lang, "demo", tr(global.lang, "err.now"));
    DemoRun run{global.lang, *now_ms, DemoReport(global.lang)};
    run.report.line(-1, std::string(tr(global.lang, "demo.title")) + " — " +
                            tr(global.lang, "demo.clock") + " " + now + ", libtelemed " +
                            tm_version_string());
    Exit status = demo_voronezh(run);
    if (status == Exit::ok)
        status = demo_kirov(run);
    if (status != Exit::ok)
        return status;
    if (global.json) {
        json::object document{{"demo", "telemed"},
                              {"now", now},
                              {"language", global.lang == Lang::ru ? "ru" : "en"},
                              {"library_version", tm_version_string()},
                              {"steps", run.report.steps()}};
        std::cout << pretty_json(document);
    } else {
        std::cout << run.report.text();
    }
    return Exit::ok;
}

} // namespace telemed_cli
