// telemed: the command-line program over the library's public C API (docs/cli.md). This file only
// finds the command and hands it its arguments.
#include "commands.hpp"
#include "texts.hpp"

#include <algorithm>
#include <iostream>

namespace telemed_cli {
namespace {

const Command commands[] = {
    {"demo", demo_specs, run_demo, "cmd.demo"},
    {"check", check_specs, run_check, "cmd.check"},
    {"readings", readings_specs, run_readings, "cmd.readings"},
    {"sick-leave", sick_leave_specs, run_sick_leave, "cmd.sick_leave"},
    {"protocol", protocol_specs, run_protocol, "cmd.protocol"},
    {"rules", rules_specs, run_rules, "cmd.rules"},
    {"conformance", conformance_specs, run_conformance, "cmd.conformance"},
};

const Command* find_command(std::string_view name) {
    for (const Command& command : commands)
        if (command.name == name)
            return &command;
    return nullptr;
}

// The first token that is neither an option nor a global option's value names the command.
std::size_t command_position(const std::vector<std::string>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (token.rfind("-", 0) != 0)
            return i;
        for (const OptionSpec& spec : global_option_specs())
            if (spec.takes_value && token == spec.name)
                ++i; // skip its value
    }
    return tokens.size();
}

void print_main_help(std::ostream& out, Lang lang) {
    out << help_text("main");
    for (const Command& command : commands) {
        std::string name(command.name);
        name.resize(14, ' ');
        out << "  " << name << tr(lang, command.summary) << '\n';
    }
    out << help_text("main.tail");
}

Exit run(const std::vector<std::string>& all) {
    const Lang lang = language_of(all);
    const std::size_t at = command_position(all);
    if (at == all.size()) {
        const bool asked = std::find(all.begin(), all.end(), "--help") != all.end() ||
                           std::find(all.begin(), all.end(), "-h") != all.end();
        if (std::find(all.begin(), all.end(), "--version") != all.end()) {
            std::cout << "telemed " << tm_version_string() << '\n';
            return Exit::ok;
        }
        print_main_help(asked ? std::cout : std::cerr, lang);
        return asked ? Exit::ok : Exit::usage;
    }
    const Command* command = all[at] == "help" && at + 1 < all.size() ? find_command(all[at + 1])
                                                                      : find_command(all[at]);
    if (command == nullptr) {
        if (all[at] == "help") {
            print_main_help(std::cout, lang);
            return Exit::ok;
        }
        return usage_error(lang, "",
                           std::string(tr(lang, "usage.unknown_command")) + " " + all[at]);
    }
    if (all[at] == "help") {
        std::cout << help_text(command->name);
        return Exit::ok;
    }
    std::vector<std::string> rest(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(at));
    rest.insert(rest.end(), all.begin() + static_cast<std::ptrdiff_t>(at) + 1, all.end());
    Invocation invocation;
    std::string error;
    if (!parse_args(rest, command->specs, invocation.args, error, lang) ||
        !read_global_options(invocation.args, invocation.global, error, lang))
        return usage_error(lang, command->name, error);
    if (invocation.args.has("--help")) {
        std::cout << help_text(command->name);
        return Exit::ok;
    }
    return command->run(invocation);
}

} // namespace

Exit usage_error(Lang lang, std::string_view command, std::string_view message) {
    std::cerr << "telemed: " << message << '\n'
              << tr(lang, "usage.see") << " telemed " << command << (command.empty() ? "" : " ")
              << "--help\n";
    return Exit::usage;
}

} // namespace telemed_cli

int main(int argc, char** argv) {
    std::vector<std::string> tokens(argv + 1, argv + argc);
    try {
        return static_cast<int>(telemed_cli::run(tokens));
    } catch (const std::exception& e) {
        // A defect or an exhausted system: say so without any input data.
        std::cerr << "telemed: internal error: " << e.what() << '\n';
        return static_cast<int>(telemed_cli::Exit::failure);
    }
}
