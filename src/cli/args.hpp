// The command line: options with or without a value, in any order among the positional arguments.
#pragma once

#include "common.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace telemed_cli {

/// One option a command accepts: "--name" alone (a flag) or "--name VALUE" / "--name=VALUE".
struct OptionSpec {
    std::string_view name; ///< with its dashes, e.g. "--format"
    bool takes_value;      ///< false for a flag
};

/// The command line of one command, read against its options and the global ones.
struct ParsedArgs {
    std::vector<std::string> positional;                    ///< in order; "-" is a positional
    std::map<std::string, std::vector<std::string>> values; ///< every value of each option given

    /// True when the option was given (flag or value).
    [[nodiscard]] bool has(std::string_view name) const;
    /// The last value given for the option, or `fallback`.
    [[nodiscard]] std::string value(std::string_view name, std::string_view fallback = {}) const;
};

/// The options every command accepts (docs/cli.md, "Global options").
std::span<const OptionSpec> global_option_specs();

/// Reads `tokens` against `specs` plus the global options; on a usage error returns false and says
/// why in `error`.
bool parse_args(const std::vector<std::string>& tokens, std::span<const OptionSpec> specs,
                ParsedArgs& out, std::string& error, Lang lang);

/// The language asked for on the command line (--lang ru|en), else the locale's, before parsing.
Lang language_of(const std::vector<std::string>& tokens);

/// Fills the global options from parsed arguments (the language from --lang, else the locale).
bool read_global_options(const ParsedArgs& args, GlobalOptions& options, std::string& error,
                         Lang lang);

/// What a command receives: the global options and its own arguments.
struct Invocation {
    GlobalOptions global; ///< --region, --zone, --config, --now, --lang, --json
    ParsedArgs args;      ///< the command's options and positional arguments
};

} // namespace telemed_cli
