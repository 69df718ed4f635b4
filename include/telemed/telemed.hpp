// The C++ API of telemed: include this one header. The stable ABI is the C header telemed.h.
#pragma once

#include "telemed/context.hpp"
#include "telemed/eligibility.hpp"
#include "telemed/identity.hpp"
#include "telemed/readings.hpp"
#include "telemed/rules.hpp"
#include "telemed/sick_leave.hpp"
#include "telemed/status.hpp"

namespace telemed {

/// The context, its rule sets and switches as JSON (C: tm_context_describe).
Response describe_context(const Context& context);

/// What a rule says, its sources and confidence, and the rule sets that hold it; input {"rule": id}
/// (JSON operation "rule.explain"). An id no rule set of the context holds is Status::not_found.
Response explain_rule(const Context& context, std::string_view json);

} // namespace telemed
