// The C++ API of telemed: include this one header. The stable ABI is the C header telemed.h.
#pragma once

#include "telemed/context.hpp"
#include "telemed/identity.hpp"
#include "telemed/rules.hpp"
#include "telemed/sick_leave.hpp"
#include "telemed/status.hpp"

namespace telemed {

/// The context, its rule sets and switches as JSON (C: tm_context_describe).
Response describe_context(const Context& context);

} // namespace telemed
