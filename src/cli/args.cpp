#include "args.hpp"

#include "texts.hpp"

namespace telemed_cli {

namespace {

constexpr OptionSpec global_specs[] = {
    {"--region", true}, {"--zone", true},  {"--config", true}, {"--now", true},
    {"--lang", true},   {"--json", false}, {"--help", false},
};

const OptionSpec* find_spec(std::string_view name, std::span<const OptionSpec> specs) {
    for (const OptionSpec& spec : specs)
        if (spec.name == name)
            return &spec;
    for (const OptionSpec& spec : global_specs)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

} // namespace

bool ParsedArgs::has(std::string_view name) const {
    return values.find(std::string(name)) != values.end();
}

std::string ParsedArgs::value(std::string_view name, std::string_view fallback) const {
    const auto found = values.find(std::string(name));
    if (found == values.end() || found->second.empty())
        return std::string(fallback);
    return found->second.back();
}

std::span<const OptionSpec> global_option_specs() {
    return global_specs;
}

Lang language_of(const std::vector<std::string>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i] == "--lang=ru" ||
            (tokens[i] == "--lang" && i + 1 < tokens.size() && tokens[i + 1] == "ru"))
            return Lang::ru;
        if (tokens[i] == "--lang=en" ||
            (tokens[i] == "--lang" && i + 1 < tokens.size() && tokens[i + 1] == "en"))
            return Lang::en;
    }
    return locale_language();
}

bool parse_args(const std::vector<std::string>& tokens, std::span<const OptionSpec> specs,
                ParsedArgs& out, std::string& error, Lang lang) {
    bool options_ended = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (options_ended || token == "-" || token.rfind("-", 0) != 0) {
            out.positional.push_back(token);
            continue;
        }
        if (token == "--") {
            options_ended = true;
            continue;
        }
        const std::string name = token == "-h" ? "--help" : token.substr(0, token.find('='));
        const OptionSpec* spec = find_spec(name, specs);
        if (spec == nullptr) {
            error = std::string(tr(lang, "usage.unknown_option")) + " " + name;
            return false;
        }
        std::string value;
        if (spec->takes_value) {
            if (token.find('=') != std::string::npos) {
                value = token.substr(token.find('=') + 1);
            } else if (i + 1 < tokens.size()) {
                value = tokens[++i];
            } else {
                error = std::string(tr(lang, "usage.needs_value")) + " " + name;
                return false;
            }
        } else if (token.find('=') != std::string::npos) {
            error = std::string(tr(lang, "usage.no_value")) + " " + name;
            return false;
        }
        out.values[name].push_back(value);
    }
    return true;
}

bool read_global_options(const ParsedArgs& args, GlobalOptions& options, std::string& error,
                         Lang lang) {
    options.region = args.value("--region");
    options.zone = args.value("--zone");
    options.config_path = args.value("--config");
    options.now = args.value("--now");
    options.json = args.has("--json");
    options.lang = lang;
    if (args.has("--lang") && args.value("--lang") != "ru" && args.value("--lang") != "en") {
        error = tr(lang, "usage.lang");
        return false;
    }
    return true;
}

} // namespace telemed_cli
