// Shared pieces of the sick-leave operations: reading and writing the certificate.
#pragma once

#include <optional>
#include <string>

#include "rules/selection.hpp"
#include "telemed/sick_leave.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::sick_leave::detail {

/// Days in a period, both ends counted.
int days(date::year_month_day from, date::year_month_day to) noexcept;

/// Reads a certificate at `parent`'s field `key`. `fresh` is for sick_leave.open: no status, one
/// period, nothing of a later state. Checks the structure and the rules on codes, numbers and
/// periods.
std::optional<Certificate> read_certificate(json::ObjectReader& parent, std::string_view key,
                                            bool fresh, const rules::View& view,
                                            rules::Trace& trace, json::Problems& problems);

/// Reads a clinician {"id", "role"} at `parent`'s field `key`.
std::optional<Clinician> read_clinician(json::ObjectReader& parent, std::string_view key,
                                        bool required);

/// Writes the certificate as JSON, in the schema read_certificate reads.
void write_certificate(const Certificate& certificate, json::Writer& out);

/// A 12-digit number with all but the first two and last two digits hidden: "91********01".
std::string mask_number(std::string_view number);

/// Whether a string is exactly 12 digits.
bool valid_number(std::string_view number) noexcept;

} // namespace telemed::sick_leave::detail
