// Reads rule-set files and configuration documents as strictly as any input.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/context.hpp"
#include "telemed/rules.hpp"
#include "json/strict.hpp"

namespace telemed::rules {

/// Reads one rule set at `pointer`, adding every problem found; the set when none was an error.
std::optional<RuleSet> read_rule_set(const json::bj::value& value, const std::string& pointer,
                                     json::Problems& problems);

/// The rule sets compiled into the library, read once per process. A defect in them throws
/// std::logic_error (the tests read them all, so a release never ships one).
const std::vector<RuleSet>& built_in_rule_sets();

/// An embedder's configuration merged with the built-in rule sets.
struct Configuration {
    std::vector<RuleSet> rule_sets;       ///< built in (minus replaced ids) then the embedder's
    std::map<std::string, bool> switches; ///< rule id → on/off
    std::set<std::string> drafts;         ///< draft rule-set ids to apply
    /// Home devices' Ed25519 public keys by device id (`devices.keys`); at most one key per device
    /// and no key for two devices.
    std::map<std::string, DeviceKey, std::less<>> device_keys;
    /// Trusted protocol signers by key id (`signers.keys`): Ed25519 keys this library verifies and
    /// ГОСТ keys it only knows by certificate.
    std::map<std::string, SignerKey, std::less<>> signer_keys;
    /// What an unsigned reading gets (`devices.unsigned_readings`).
    UnsignedReadings unsigned_readings = UnsignedReadings::accept;
};

/// Reads a configuration document ("" means none) and checks it against the built-in sets:
/// unknown keys, wrong types, unknown rules, switches on rules that are not switchable,
/// contradictions (two sets of one jurisdiction giving the same rule for overlapping dates),
/// device keys that are not strict base64 of a valid Ed25519 public key or are given twice, and
/// protocol signers given twice or without the key material their algorithm needs.
Result<Configuration> read_configuration(std::string_view json);

/// Whether two rule sets' periods overlap.
bool periods_overlap(const RuleSet& a, const RuleSet& b) noexcept;

} // namespace telemed::rules
