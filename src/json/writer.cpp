#include "json/writer.hpp"

#include <cstring>

namespace telemed::json {

void Writer::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) {
            out_.push_back(',');
        }
        first_.back() = false;
    }
}

Writer& Writer::begin_object() {
    separate();
    out_.push_back('{');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_object() {
    out_.push_back('}');
    first_.pop_back();
    return *this;
}

Writer& Writer::begin_array() {
    separate();
    out_.push_back('[');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_array() {
    out_.push_back(']');
    first_.pop_back();
    return *this;
}

Writer& Writer::key(std::string_view k) {
    string(k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

Writer& Writer::string(std::string_view s) {
    separate();
    out_.push_back('"');
    // Copy runs that need no escape in one append; escape the rest. Eight bytes are checked at a
    // time for a control character, a quote or a backslash (the bit tricks of "Bit Twiddling
    // Hacks").
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        while (i + 8 <= s.size()) {
            std::uint64_t v = 0;
            std::memcpy(&v, s.data() + i, 8);
            const bool control = ((v - ones * 0x20) & ~v & highs) != 0;
            if (control || has_zero(v ^ (ones * '"')) || has_zero(v ^ (ones * '\\'))) {
                break;
            }
            i += 8;
        }
        if (i >= s.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out_.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out_.append("\\\"");
            break;
        case '\\':
            out_.append("\\\\");
            break;
        case '\n':
            out_.append("\\n");
            break;
        case '\t':
            out_.append("\\t");
            break;
        case '\r':
            out_.append("\\r");
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out_.append(escape, sizeof escape);
        }
        }
    }
    out_.append(s.data() + run, s.size() - run);
    out_.push_back('"');
    return *this;
}

Writer& Writer::boolean(bool b) {
    separate();
    out_.append(b ? "true" : "false");
    return *this;
}

Writer& Writer::integer(std::int64_t n) {
    separate();
    out_.append(std::to_string(n));
    return *this;
}

Writer& Writer::null() {
    separate();
    out_.append("null");
    return *this;
}

Writer& Writer::value(const boost::json::value& v) {
    separate();
    out_.append(boost::json::serialize(v));
    return *this;
}

} // namespace telemed::json
