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

/// A date-time as written: the wall-clock time and, when the text has one, its offset from UTC.
struct WrittenTime {
    date::local_time<std::chrono::milliseconds> local;
    std::optional<std::chrono::minutes> offset; ///< "Z" is 0; none when the text has no offset
};

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff]" optionally followed by "Z" or "±HH:MM" (RFC 3339 when the
/// offset is there; a local time of an unnamed zone when not). Years 1900–2199.
std::optional<WrittenTime> parse_date_time(std::string_view text);

/// Parses an RFC 3339 instant with an explicit offset or "Z": "2026-03-10T23:30:00+07:00".
std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view text);

/// The instant of a wall-clock time at a fixed offset from UTC.
std::chrono::system_clock::time_point at_offset(date::local_time<std::chrono::milliseconds> local,
                                                std::chrono::minutes offset);

/// How a wall-clock time maps to instants in a zone: once, twice (the clocks went back), or
/// never (the clocks went forward over it).
enum class LocalTimeKind { unique, ambiguous, nonexistent, out_of_range };

/// A wall-clock time read in a zone.
struct ResolvedTime {
    std::chrono::system_clock::time_point instant; ///< ambiguous: the earlier; nonexistent: the
                                                   ///< end of the gap
    LocalTimeKind kind = LocalTimeKind::unique;
};

/// Reads a wall-clock time in a zone with the tz database's offsets of that time (summer time and
/// historic offsets included). A time outside the years 1900–2199 is out_of_range (instant 0):
/// instants are held to those years so that no arithmetic on them can overflow.
ResolvedTime resolve_local(date::local_time<std::chrono::milliseconds> local,
                           const date::time_zone* zone);

/// The zone's offset from UTC at an instant.
std::chrono::minutes utc_offset(std::chrono::system_clock::time_point instant,
                                const date::time_zone* zone);

/// RFC 3339 text of an instant at an offset: "2026-11-27T08:15:00+07:00" ("Z" at 0, ".123"
/// when there are milliseconds).
std::string format_date_time(std::chrono::system_clock::time_point instant,
                             std::chrono::minutes offset);

} // namespace telemed::dates
