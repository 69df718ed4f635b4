// Shared pieces of the identity domain's operations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rules/selection.hpp"
#include "telemed/identity.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::identity::detail {

/// The outcome of checking one identifier against the rules in force.
struct IdentifierOutcome {
    bool valid = false;
    std::optional<std::string> normalized; ///< digits, when the format is right
};

/// A rule the operation cannot do without; absent means Status::rules ("rule_not_in_force").
Result<const rules::Rule*> require(const rules::View& view, std::string_view id,
                                   rules::Trace& trace);

/// Checks an identifier, adding its problems at `pointer`. Fails only when a rule is not in force.
Result<IdentifierOutcome> check_identifier(IdentifierType type, std::string_view raw,
                                           const std::string& pointer, const rules::View& view,
                                           rules::Trace& trace, json::Problems& problems);

/// Reads and checks a patient document at `pointer`. Fails only when a rule is not in force.
Result<PatientReading> read_patient(const json::bj::value& value, const std::string& pointer,
                                    const Context& context, const rules::View& view,
                                    rules::Trace& trace);

/// Writes the normalised patient as JSON, in the input's own schema (it reads back unchanged).
void write_patient(const Patient& patient, json::Writer& out);

/// "enp" / "snils".
const char* type_name(IdentifierType type) noexcept;

} // namespace telemed::identity::detail
