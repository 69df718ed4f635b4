#include "core/dates.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <date/tz.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "json/strict.hpp"

namespace telemed::dates {

namespace {

// Where Debian's build of the date library (USE_OS_TZDB) reads the tz database. It does not look at
// TZDIR: see zone_directory_problem().
constexpr const char* library_zone_directory = "/usr/share/zoneinfo";

// Whether `name` is spelled as a zone the date library serves: letters, digits, '_', '-', '+' and
// '/' parts (no '.', so no ".." escaping the directory and no "zone.tab"), and none of the files
// the library skips or that depend on the machine: "posix*" and "right" trees (the same zones
// with other leap-second handling, not listed by the library), "Factory" (a placeholder, not a
// place), "localtime" (the machine's own zone, which telemed never reads). A unit test checks this
// against the library for every file of the installed database.
bool served_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') {
        return false;
    }
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '/';
        if (!ok) {
            return false;
        }
    }
    for (std::size_t from = 0; from <= name.size();) {
        const std::size_t slash = std::min(name.find('/', from), name.size());
        const std::string_view part = name.substr(from, slash - from);
        if (part.empty() || part.substr(0, 5) == "posix" || part == "right" || part == "Factory" ||
            part == "localtime") {
            return false;
        }
        from = slash + 1;
    }
    return true;
}

} // namespace

const date::time_zone* find_zone(std::string_view name) {
    if (!served_name(name)) {
        return nullptr;
    }
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

std::optional<std::string> zone_directory_problem() {
    const char* tzdir = std::getenv("TZDIR");
    if (tzdir == nullptr || *tzdir == '\0') {
        return std::nullopt;
    }
    std::error_code ec;
    if (std::filesystem::equivalent(tzdir, library_zone_directory, ec) && !ec) {
        return std::nullopt;
    }
    return std::string("tz_directory_unsupported");
}

bool zone_exists(std::string_view name) {
    if (!served_name(name)) {
        return false;
    }
    std::ifstream file(std::string(library_zone_directory) + "/" + std::string(name),
                       std::ios::binary);
    char magic[4] = {};
    return file.read(magic, 4) && std::string_view(magic, 4) == "TZif";
}

date::year_month_day calendar_date(std::chrono::system_clock::time_point instant,
                                   const date::time_zone* zone) {
    const auto local = zone->to_local(instant);
    return date::year_month_day(date::floor<date::days>(local));
}

std::optional<WrittenTime> parse_date_time(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]
    if (text.size() < 19 || (text[10] != 'T' && text[10] != 't')) {
        return std::nullopt;
    }
    const auto day = json::parse_date(text.substr(0, 10));
    // system_clock counts nanoseconds in 64 bits: it reaches from 1677 to 2262. Instants are held
    // to 1900–2199, far inside, so that no arithmetic on them can overflow.
    if (!day || day->year() < date::year{1900} || day->year() > date::year{2199}) {
        return std::nullopt;
    }
    const auto digits = [&](std::size_t from, std::size_t count) {
        return json::parse_digits(text, from, count);
    };
    const auto hh = digits(11, 2), mm = digits(14, 2), ss = digits(17, 2);
    if (!hh || !mm || !ss || text[13] != ':' || text[16] != ':' || *hh > 23 || *mm > 59 ||
        *ss > 59) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    std::chrono::milliseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int ms = 0, scale = 100, count = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ms += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++count;
        }
        if (count == 0 || count > 9) {
            return std::nullopt;
        }
        fraction = std::chrono::milliseconds{ms};
    }
    WrittenTime written;
    written.local = date::local_days(*day) + std::chrono::hours{*hh} + std::chrono::minutes{*mm} +
                    std::chrono::seconds{*ss} + fraction;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
        written.offset = std::chrono::minutes{0};
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        const auto oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
        if (!oh || !om || pos + 3 >= text.size() || text[pos + 3] != ':' || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        written.offset = std::chrono::minutes{sign * (*oh * 60 + *om)};
        pos += 6;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    return written;
}

std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view text) {
    const auto written = parse_date_time(text);
    if (!written || !written->offset) {
        return std::nullopt;
    }
    return at_offset(written->local, *written->offset);
}

std::chrono::system_clock::time_point at_offset(date::local_time<std::chrono::milliseconds> local,
                                                std::chrono::minutes offset) {
    const date::sys_time<std::chrono::milliseconds> utc{local.time_since_epoch() - offset};
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(utc);
}

ResolvedTime resolve_local(date::local_time<std::chrono::milliseconds> local,
                           const date::time_zone* zone) {
    ResolvedTime resolved;
    const date::year year = date::year_month_day{date::floor<date::days>(local)}.year();
    if (year < date::year{1900} || year > date::year{2199}) {
        resolved.kind = LocalTimeKind::out_of_range;
        return resolved;
    }
    const auto info = zone->get_info(local);
    switch (info.result) {
    case date::local_info::unique:
        resolved.kind = LocalTimeKind::unique;
        resolved.instant = at_offset(local, date::floor<std::chrono::minutes>(info.first.offset));
        break;
    case date::local_info::ambiguous:
        // The clocks went back: the earlier of the two instants, as date::choose::earliest.
        resolved.kind = LocalTimeKind::ambiguous;
        resolved.instant = at_offset(local, date::floor<std::chrono::minutes>(info.first.offset));
        break;
    case date::local_info::nonexistent:
        // The clocks went forward over this time: it names no instant. The one given is where
        // the gap ends, for callers that report it.
        resolved.kind = LocalTimeKind::nonexistent;
        resolved.instant =
            std::chrono::time_point_cast<std::chrono::system_clock::duration>(info.second.begin);
        break;
    }
    return resolved;
}

std::chrono::minutes utc_offset(std::chrono::system_clock::time_point instant,
                                const date::time_zone* zone) {
    return date::floor<std::chrono::minutes>(
        zone->get_info(date::floor<std::chrono::seconds>(instant)).offset);
}

std::string format_date_time(std::chrono::system_clock::time_point instant,
                             std::chrono::minutes offset) {
    const auto local = date::floor<std::chrono::milliseconds>(instant) + offset;
    const auto day = date::floor<date::days>(local);
    const date::hh_mm_ss<std::chrono::milliseconds> clock{local - day};
    std::string out = json::format_date(date::year_month_day{day});
    char buffer[32];
    const auto ms = clock.subseconds().count();
    const long minutes = std::abs(offset.count());
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    out += buffer;
    if (ms != 0) {
        std::snprintf(buffer, sizeof buffer, ".%03d", static_cast<int>(ms));
        out += buffer;
    }
    if (offset.count() == 0) {
        out += 'Z';
    } else {
        std::snprintf(buffer, sizeof buffer, "%c%02ld:%02ld", offset.count() < 0 ? '-' : '+',
                      minutes / 60, minutes % 60);
        out += buffer;
    }
    return out;
}

} // namespace telemed::dates
