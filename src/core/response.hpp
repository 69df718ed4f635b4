// Building the JSON every operation returns: problems with their messages, the rule sets and the
// trace.
#pragma once

#include <vector>

#include "rules/selection.hpp"
#include "telemed/status.hpp"
#include "json/strict.hpp"

namespace telemed::core {

/// {"code", "severity", "pointer", "rule", "message": {"en", "ru"}}.
json::bj::object problem_json(const Problem& problem);
/// The problems as a JSON array.
json::bj::array problems_json(const std::vector<Problem>& problems);

/// A successful response: `out` plus "rule_sets" and "trace".
Response succeed(json::bj::object out, const rules::Trace& trace);
/// A failure with no output document.
Response fail(const Error& error);
/// A validation failure: the report `out` (with "rule_sets" and "trace") and the first error
/// problem.
Response reject(json::bj::object out, const rules::Trace& trace,
                const std::vector<Problem>& problems);
/// The first problem of severity error (problems must hold one).
const Problem& first_error(const std::vector<Problem>& problems);

} // namespace telemed::core
