// Building the JSON every operation returns: its members, the problems with their messages, the
// rule sets and the trace. The document is written as text (json::Writer), never built as a tree.
#pragma once

#include <vector>

#include "rules/selection.hpp"
#include "telemed/status.hpp"
#include "json/writer.hpp"

namespace telemed::core {

/// A response being written: the top-level object is open; the operation writes its members.
json::Writer begin();

/// Writes the member "problems": [{"code", "severity", "pointer", "rule", "message": {"en",
/// "ru"}}].
void write_problems(json::Writer& out, const std::vector<Problem>& problems);

/// A successful response: the members written, then "rule_sets" and "trace".
Response succeed(json::Writer out, const rules::Trace& trace);
/// A failure with no output document.
Response fail(const Error& error);
/// A validation failure: the report written (with "rule_sets" and "trace") and the first error
/// problem.
Response reject(json::Writer out, const rules::Trace& trace, const std::vector<Problem>& problems);
/// A validation failure whose report is {"valid": false, "problems": [...]} (plus rule sets and
/// trace).
Response reject(const rules::Trace& trace, const std::vector<Problem>& problems);
/// The first problem of severity error (problems must hold one).
const Problem& first_error(const std::vector<Problem>& problems);

} // namespace telemed::core
