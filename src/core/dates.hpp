// Calendar dates as legal facts: instants become dates in a zone with the tz database, never with a
// hard-coded offset.
#pragma once

#include <chrono>
#include <date/date.h>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace telemed::dates {

/// The zone of an IANA name, or nullptr when the tz database has no such zone. Loads the tz
/// database on first use (once per process).
const date::time_zone* find_zone(std::string_view name);

/// Whether an IANA zone name names a zone that find_zone() will find, by its compiled file in the
/// OS tz database (tzdata, /usr/share/zoneinfo), without loading the database: a name of letters,
/// digits, '_', '-', '+' and '/' parts (no "." part), not one of the files the date library does
/// not serve ("posixrules", "posix/...", "right/...", "Factory") nor "localtime", whose file starts
/// with the TZif magic.
bool zone_exists(std::string_view name);

/// When the environment's TZDIR names a tz database other than the one the date library reads
/// (Debian's build reads /usr/share/zoneinfo and ignores TZDIR), the problem code
/// "tz_directory_unsupported": dates would otherwise be computed from a database other than the
/// one asked for. Nothing when TZDIR is unset, empty or names that same directory.
std::optional<std::string> zone_directory_problem();

/// The calendar date of an instant in a zone.
date::year_month_day calendar_date(std::chrono::system_clock::time_point instant,
                                   const date::time_zone* zone);

/// Parses an RFC 3339 instant with an explicit offset or "Z": "2026-03-10T23:30:00+07:00".
std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view text);

} // namespace telemed::dates
