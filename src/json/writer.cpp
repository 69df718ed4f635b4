#include "json/writer.hpp"

#include <algorithm>
#include <cstring>

namespace telemed::json {

char* Writer::reserve(std::size_t n) {
    if (buffer_.size() - size_ < n) {
        buffer_.resize(std::max(buffer_.size() * 2, size_ + n));
    }
    return buffer_.data() + size_;
}

void Writer::put(char c) {
    *reserve(1) = c;
    ++size_;
}

void Writer::put(std::string_view s) {
    if (s.empty()) {
        return; // a default string_view has no data pointer, which memcpy may not be given
    }
    std::memcpy(reserve(s.size()), s.data(), s.size());
    size_ += s.size();
}

void Writer::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) {
            put(',');
        }
        first_.back() = false;
    }
}

Writer& Writer::begin_object() {
    separate();
    put('{');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_object() {
    put('}');
    first_.pop_back();
    return *this;
}

Writer& Writer::begin_array() {
    separate();
    put('[');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_array() {
    put(']');
    first_.pop_back();
    return *this;
}

Writer& Writer::key(std::string_view k) {
    string(k);
    put(':');
    after_key_ = true;
    return *this;
}

void Writer::quoted(std::string_view s) {
    // Room for the worst case (every byte a \u00XX escape) once, then plain pointer writes.
    char* out = reserve(6 * s.size() + 2);
    char* const start = out;
    *out++ = '"';
    // Runs that need no escape are copied whole; eight bytes are checked at a time for a control
    // character, a quote or a backslash (the bit tricks of "Bit Twiddling Hacks").
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
        std::memcpy(out, s.data() + run, i - run);
        out += i - run;
        run = i + 1;
        *out++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *out++ = static_cast<char>(c);
            break;
        case '\n':
            *out++ = 'n';
            break;
        case '\t':
            *out++ = 't';
            break;
        case '\r':
            *out++ = 'r';
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[] = {'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            std::memcpy(out, escape, sizeof escape);
            out += sizeof escape;
        }
        }
    }
    if (s.size() > run) { // a default string_view has no data pointer at all
        std::memcpy(out, s.data() + run, s.size() - run);
        out += s.size() - run;
    }
    *out++ = '"';
    size_ += static_cast<std::size_t>(out - start);
}

Writer& Writer::string(std::string_view s) {
    separate();
    quoted(s);
    return *this;
}

Writer& Writer::boolean(bool b) {
    separate();
    put(b ? std::string_view("true") : std::string_view("false"));
    return *this;
}

Writer& Writer::integer(std::int64_t n) {
    separate();
    put(std::to_string(n));
    return *this;
}

Writer& Writer::number(Decimal d) {
    separate();
    std::string text;
    d.append_to(text);
    put(text);
    return *this;
}

Writer& Writer::raw_members(std::string_view members) {
    separate();
    put(members);
    return *this;
}

Writer& Writer::null() {
    separate();
    put("null");
    return *this;
}

Writer& Writer::value(const boost::json::value& v) {
    separate();
    put(boost::json::serialize(v));
    return *this;
}

Writer& Writer::raw(std::string_view json_text) {
    separate();
    put(json_text);
    return *this;
}

std::string Writer::take() {
    buffer_.resize(size_);
    size_ = 0;
    return std::move(buffer_);
}

} // namespace telemed::json
