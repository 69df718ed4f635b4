#include "core/dates.hpp"

#include <date/tz.h>
#include <fstream>
#include <stdexcept>
#include <string>

#include "json/strict.hpp"

namespace telemed::dates {

const date::time_zone* find_zone(std::string_view name) {
    if (name.empty() || name.size() > 64) {
        return nullptr;
    }
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

bool zone_exists(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') {
        return false;
    }
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '/';
        if (!ok) {
            return false; // no '.', so no ".." escaping the directory and no "zone.tab"
        }
    }
    std::ifstream file("/usr/share/zoneinfo/" + std::string(name), std::ios::binary);
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
