// Reading readings: the pieces every input shape shares (times in the patient's zone, exact
// numbers, strict units), so that telemed JSON, Open mHealth and FHIR are read alike.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "readings/reading.hpp"
#include "json/strict.hpp"

namespace date {
class time_zone;
}

namespace telemed::readings {

/// What reading an input needs besides the input.
struct ReadContext {
    /// The patient's zone: a time written without an offset is read in it. Never null.
    const date::time_zone* zone = nullptr;
};

/// Reads a date-time field: RFC 3339 with an offset, or a wall-clock time without one read in the
/// patient's zone. Problems: missing_field, wrong_type, invalid_date_time (not the form),
/// nonexistent_local_time (the clocks went forward over it: error), ambiguous_local_time (the
/// clocks went back: a warning; the earlier instant is taken).
std::optional<MeasuredAt> read_measured_at(json::ObjectReader& reader, std::string_view key,
                                           bool required, const ReadContext& context,
                                           json::Problems& problems);

/// A number field read exactly (json::ObjectReader::decimal: problems missing_field, wrong_type,
/// number_too_precise).
inline std::optional<Decimal> read_decimal(json::ObjectReader& reader, std::string_view key,
                                           bool required, json::Problems& /*reported by reader*/) {
    return reader.decimal(key, required);
}

/// The exact decimal of a JSON number value (json::decimal_of).
inline std::optional<Decimal> decimal_of(const json::bj::value& value) noexcept {
    return json::decimal_of(value);
}

/// A unit field that must be one of `accepted` (spelled as unit_name(), case-sensitive).
/// Problems: missing_field, wrong_type, unknown_unit (args "unit": what was sent, cut to 20
/// characters; "accepted": the accepted names joined by ", ").
std::optional<Unit> read_unit(json::ObjectReader& reader, std::string_view key, bool required,
                              std::initializer_list<Unit> accepted, json::Problems& problems);

/// The unit of a name among `accepted`, or nothing.
std::optional<Unit> unit_named(std::string_view name,
                               std::initializer_list<Unit> accepted) noexcept;

} // namespace telemed::readings
