#include "json/canonical.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace telemed::json {

namespace {

// Room for the longest canonical number: "-0.00000" and 17 digits (25), or "-" and 21 digits,
// or "-1.2345678901234567e-308" (24).
constexpr std::size_t number_room = 32;

// Writes canonical_number(value) into `out` (number_room bytes); returns its length.
std::size_t format_number(double value, char* out) noexcept {
    if (!std::isfinite(value)) {
        std::memcpy(out, "null", 4);
        return 4;
    }
    if (value == 0) { // +0 and -0 alike
        out[0] = '0';
        return 1;
    }
    std::size_t length = 0;
    if (value < 0) {
        out[length++] = '-';
        value = -value;
    }
    // Scientific notation without a precision gives the shortest digits that round-trip,
    // the nearest to the value when several do: the s, k and n of ECMA-262 §7.1.12.1.
    char sci[number_room];
    const auto written = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    const char* end = written.ptr;
    const char* e = std::find(static_cast<const char*>(sci), end, 'e');
    char digits[20];
    std::size_t k = 0;
    for (const char* p = sci; p != e; ++p) {
        if (*p != '.') {
            digits[k++] = *p;
        }
    }
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), end, exponent);
    const int n = exponent + 1; // the value is 0.d₁d₂…d_k × 10ⁿ
    const int ik = static_cast<int>(k);
    const auto put = [&](char c) { out[length++] = c; };
    const auto put_digits = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            put(digits[i]);
        }
    };
    if (ik <= n && n <= 21) { // an integer below 1e21: the digits, then zeros
        put_digits(0, k);
        for (int i = 0; i < n - ik; ++i) {
            put('0');
        }
    } else if (0 < n && n <= 21) { // a fraction of at least 1: the point inside the digits
        const auto whole = static_cast<std::size_t>(n);
        put_digits(0, whole);
        put('.');
        put_digits(whole, k);
    } else if (-6 < n && n <= 0) { // down to 1e-6: "0." and -n zeros before the digits
        put('0');
        put('.');
        for (int i = 0; i < -n; ++i) {
            put('0');
        }
        put_digits(0, k);
    } else { // an exponent: d[.ddd]e±x
        put(digits[0]);
        if (k > 1) {
            put('.');
            put_digits(1, k);
        }
        put('e');
        put(n - 1 > 0 ? '+' : '-');
        const int magnitude = n - 1 > 0 ? n - 1 : 1 - n;
        const auto r = std::to_chars(out + length, out + number_room, magnitude);
        length = static_cast<std::size_t>(r.ptr - out);
    }
    return length;
}

// Whether any of the eight bytes of `word` must be escaped: below 0x20, '"' or '\\'. Each test
// is exact about whether some byte matches (not about which one), which is all that is asked.
constexpr bool needs_escape(std::uint64_t word) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    const auto has_zero = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
    const bool below_space = ((word - ones * 0x20) & ~word & highs) != 0;
    return below_space || has_zero(word ^ (ones * '"')) || has_zero(word ^ (ones * '\\'));
}

// Appends a string in the form of ECMAScript's QuoteJSONString (RFC 8785 §3.2.2.2).
void quote(std::string_view s, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0; // start of the bytes not yet copied: copied in runs, not one by one
    for (std::size_t i = 0; i < s.size(); ++i) {
        // Free text (Cyrillic above all) rarely needs escaping: skip it eight bytes at a time.
        while (i + 8 <= s.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + i, 8);
            if (needs_escape(word)) {
                break;
            }
            i += 8;
        }
        if (i == s.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        out.push_back('\\');
        switch (c) {
        case '"':
            out.push_back('"');
            break;
        case '\\':
            out.push_back('\\');
            break;
        case '\b':
            out.push_back('b');
            break;
        case '\t':
            out.push_back('t');
            break;
        case '\n':
            out.push_back('n');
            break;
        case '\f':
            out.push_back('f');
            break;
        case '\r':
            out.push_back('r');
            break;
        default:
            out.append("u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

// A byte's rank in the key order. In valid UTF-8 two keys first differ at bytes that hold the
// same position of their code points, and there UTF-8 byte order is code point order, which is
// UTF-16 order except that U+E000–U+FFFF (lead bytes EE, EF) sort after the surrogate pairs of
// U+10000 and above (lead bytes F0–F4). Ranking EE and EF above every byte fixes exactly that,
// and ranking bytes one-to-one keeps the order total for any bytes, so sorting is always safe.
unsigned rank(char c) noexcept {
    const auto b = static_cast<unsigned char>(c);
    return b == 0xEE || b == 0xEF ? 0x100u + (b - 0xEEu) : b;
}

bool write(const bj::value& value, std::string& out);

bool write_members(const bj::object& object, std::string_view omit, bool omitting,
                   std::string& out) {
    boost::container::small_vector<const bj::key_value_pair*, 16> members;
    members.reserve(object.size());
    for (const bj::key_value_pair& member : object) {
        if (!omitting || std::string_view(member.key()) != omit) {
            members.push_back(&member);
        }
    }
    std::sort(members.begin(), members.end(),
              [](const bj::key_value_pair* a, const bj::key_value_pair* b) {
                  return utf16_less(a->key(), b->key());
              });
    bool finite = true;
    out.push_back('{');
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i != 0) {
            out.push_back(',');
        }
        quote(members[i]->key(), out);
        out.push_back(':');
        finite = write(members[i]->value(), out) && finite;
    }
    out.push_back('}');
    return finite;
}

void put_number(double d, std::string& out) {
    char buffer[number_room];
    out.append(buffer, format_number(d, buffer));
}

bool write(const bj::value& value, std::string& out) {
    switch (value.kind()) {
    case bj::kind::null:
        out.append("null");
        return true;
    case bj::kind::bool_:
        out.append(value.get_bool() ? "true" : "false");
        return true;
    case bj::kind::int64:
        // The nearest double, as any JCS implementation reads the integer's text.
        put_number(static_cast<double>(value.get_int64()), out);
        return true;
    case bj::kind::uint64:
        put_number(static_cast<double>(value.get_uint64()), out);
        return true;
    case bj::kind::double_:
        put_number(value.get_double(), out);
        return std::isfinite(value.get_double());
    case bj::kind::string:
        quote(value.get_string(), out);
        return true;
    case bj::kind::array: {
        bool finite = true;
        out.push_back('[');
        bool first = true;
        for (const bj::value& element : value.get_array()) {
            if (!first) {
                out.push_back(',');
            }
            first = false;
            finite = write(element, out) && finite;
        }
        out.push_back(']');
        return finite;
    }
    case bj::kind::object:
        return write_members(value.get_object(), {}, false, out);
    }
    return true;
}

} // namespace

std::string canonical_number(double value) {
    char buffer[number_room];
    return std::string(buffer, format_number(value, buffer));
}

bool utf16_less(std::string_view a, std::string_view b) noexcept {
    const std::size_t common = std::min(a.size(), b.size());
    const auto [pa, pb] =
        std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(common), b.begin());
    if (pa == a.begin() + static_cast<std::ptrdiff_t>(common)) {
        return a.size() < b.size(); // one is a prefix of the other: the shorter first
    }
    return rank(*pa) < rank(*pb);
}

bool canonicalize_to(const bj::value& value, std::string& out) {
    return write(value, out);
}

bool canonicalize_to(const bj::object& object, std::string_view omit, std::string& out) {
    return write_members(object, omit, true, out);
}

std::optional<std::string> canonicalize(const bj::value& value) {
    std::string out;
    if (!write(value, out)) {
        return std::nullopt;
    }
    return out;
}

} // namespace telemed::json
