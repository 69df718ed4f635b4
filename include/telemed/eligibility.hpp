// Eligibility of remote consultations: the indications (показания) a region allows them for.
#pragma once

#include <string_view>

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::eligibility {

/// The indications in force today in the context's jurisdiction, in the order's numbering, with
/// their Russian and English names and the actions each permits (JSON operation "indication.list").
/// A jurisdiction without such a list gets an empty one.
Response list_indications(const Context& context);

/// Decides a remote consultation request (JSON operation "eligibility.evaluate"): the verdict, the
/// planned actions permitted and refused with their reasons, the documents required and the facts
/// missing, by the rule sets in force on the visit's date in the organisation's zone
/// (docs/eligibility.md).
Response evaluate(const Context& context, std::string_view json);

} // namespace telemed::eligibility
