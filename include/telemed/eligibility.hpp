// Eligibility of remote consultations: the indications (показания) a region allows them for.
#pragma once

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::eligibility {

/// The indications in force today in the context's jurisdiction, in the order's numbering, with
/// their Russian and English names and the actions each permits (JSON operation "indication.list").
/// A jurisdiction without such a list gets an empty one.
Response list_indications(const Context& context);

} // namespace telemed::eligibility
