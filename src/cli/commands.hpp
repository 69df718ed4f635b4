// The commands of the telemed program, one entry point per command group (docs/cli.md).
#pragma once

#include "args.hpp"

#include <span>

namespace telemed_cli {

/// A command: its name, its own options and its entry point.
struct Command {
    std::string_view name;             ///< as typed: "demo", "sick-leave"
    std::span<const OptionSpec> specs; ///< its options beside the global ones
    Exit (*run)(const Invocation&);    ///< runs it; --help is handled before
    std::string_view summary;          ///< one line for `telemed --help`
};

/// `telemed demo`: the main job on the shipped sample data (demo.cpp).
Exit run_demo(const Invocation& invocation);
/// `telemed check FILE`: eligibility.evaluate on a request (check.cpp).
Exit run_check(const Invocation& invocation);
/// `telemed readings FILE…`: home-device readings streamed, summarised, exported (readings.cpp).
Exit run_readings(const Invocation& invocation);
/// `telemed sick-leave OPERATION FILE` (sick_leave.cpp).
Exit run_sick_leave(const Invocation& invocation);
/// `telemed protocol sign|verify …` (protocol.cpp).
Exit run_protocol(const Invocation& invocation);
/// `telemed rules [explain RULE_ID]` (rules.cpp).
Exit run_rules(const Invocation& invocation);
/// `telemed conformance [--tap|--junit F] DIR…` (conformance.cpp).
Exit run_conformance(const Invocation& invocation);

/// Options of each command (defined beside it).
extern const std::span<const OptionSpec> demo_specs;
/// `telemed readings` options.
extern const std::span<const OptionSpec> readings_specs;
/// `telemed protocol` options.
extern const std::span<const OptionSpec> protocol_specs;
/// `telemed sick-leave` options.
extern const std::span<const OptionSpec> sick_leave_specs;
/// `telemed rules` options.
extern const std::span<const OptionSpec> rules_specs;
/// `telemed check` options.
extern const std::span<const OptionSpec> check_specs;
/// `telemed conformance` options.
extern const std::span<const OptionSpec> conformance_specs;

/// The strings of a JSON array joined with ", " ("—" when empty).
std::string joined_codes(const boost::json::value& array);

/// Prints a usage error and the hint to --help; returns Exit::usage.
Exit usage_error(Lang lang, std::string_view command, std::string_view message);

} // namespace telemed_cli
