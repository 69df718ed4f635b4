#include "core/dates.hpp"

#include <algorithm>
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

std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fff]{Z|±HH:MM}
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) {
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
    std::chrono::minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        const auto oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
        if (!oh || !om || pos + 3 >= text.size() || text[pos + 3] != ':' || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offset = std::chrono::minutes{sign * (*oh * 60 + *om)};
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    const auto local = date::sys_days(*day) + std::chrono::hours{*hh} + std::chrono::minutes{*mm} +
                       std::chrono::seconds{*ss} + fraction;
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local - offset);
}

} // namespace telemed::dates
