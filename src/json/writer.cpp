#include "json/writer.hpp"

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
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out_.push_back('\\');
            out_.push_back(ch);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            switch (c) {
            case '\n':
                out_.append("\\n");
                break;
            case '\t':
                out_.append("\\t");
                break;
            case '\r':
                out_.append("\\r");
                break;
            default:
                out_.append("\\u00");
                out_.push_back(hex[c >> 4]);
                out_.push_back(hex[c & 0xF]);
            }
        } else {
            out_.push_back(ch);
        }
    }
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
