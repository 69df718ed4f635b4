#include "json/strict.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cstdio>

namespace telemed::json {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid (overlong forms,
// surrogates and code points beyond U+10FFFF included), per RFC 3629.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        return 1;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 == 0xE0) {
        len = 3, lo = 0xA0;
    } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
        len = 3;
    } else if (b0 == 0xED) {
        len = 3, hi = 0x9F;
    } else if (b0 == 0xF0) {
        len = 4, lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
        len = 4;
    } else if (b0 == 0xF4) {
        len = 4, hi = 0x8F;
    } else {
        return 0;
    }
    if (s.size() - i < len) {
        return 0;
    }
    const unsigned char b1 = byte(i + 1);
    if (b1 < lo || b1 > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return len;
}

bool valid_utf8(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

Error make_error(Status status, std::string code, std::string pointer,
                 std::vector<std::pair<std::string, std::string>> args = {}) {
    return Error{
        status, Problem{std::move(code), std::move(pointer), {}, Severity::error, std::move(args)}};
}

// Checks every string and key below `v`; the first failure wins (the document is rejected whole).
std::optional<Error> check_strings(const bj::value& v, const std::string& pointer,
                                   const Limits& limits) {
    const auto check = [&](std::string_view s, const std::string& at) -> std::optional<Error> {
        if (s.size() > limits.max_string_bytes) {
            return make_error(Status::limit, "string_too_long", at,
                              {{"limit", std::to_string(limits.max_string_bytes)}});
        }
        if (!valid_utf8(s)) {
            return make_error(Status::invalid_utf8, "invalid_utf8", at);
        }
        return std::nullopt;
    };
    switch (v.kind()) {
    case bj::kind::string:
        return check(v.get_string(), pointer);
    case bj::kind::array: {
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (auto e = check_strings(a[i], pointer_index(pointer, i), limits)) {
                return e;
            }
        }
        return std::nullopt;
    }
    case bj::kind::object:
        for (const auto& kv : v.get_object()) {
            // A bad key cannot be part of a valid pointer: name the object that holds it.
            if (auto e = check(kv.key(), pointer)) {
                return e;
            }
            if (auto e = check_strings(kv.value(), pointer_key(pointer, kv.key()), limits)) {
                return e;
            }
        }
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

const char* kind_name(bj::kind k) noexcept {
    switch (k) {
    case bj::kind::null:
        return "null";
    case bj::kind::bool_:
        return "boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_:
        return "number";
    case bj::kind::string:
        return "string";
    case bj::kind::array:
        return "array";
    case bj::kind::object:
        return "object";
    }
    return "value";
}

// Builds the DOM exactly as Boost.JSON's own parser does (through a value_stack), and besides keeps the
// path to the current value so that a duplicate key (which Boost.JSON 1.81 would silently drop, keeping
// the last) is rejected with its JSON pointer. RFC 8259 leaves duplicates to the reader; I-JSON
// (RFC 7493) forbids them, and for a medical record two values of one field are an ambiguity.
class StrictHandler {
public:
    static constexpr std::size_t max_object_size = bj::object::max_size();
    static constexpr std::size_t max_array_size = bj::array::max_size();
    static constexpr std::size_t max_key_size = bj::string::max_size();
    static constexpr std::size_t max_string_size = bj::string::max_size();

    explicit StrictHandler(bj::storage_ptr sp) : st(std::move(sp)) {}

    bj::value_stack st;
    std::optional<std::string> duplicate_pointer;

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) {
        frames_.push_back(Frame{true, 0, {}, {}, {}});
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code&) {
        frames_.pop_back();
        st.push_object(n);
        return value_done();
    }
    bool on_array_begin(boost::system::error_code&) {
        frames_.push_back(Frame{false, 0, {}, {}, {}});
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code&) {
        frames_.pop_back();
        st.push_array(n);
        return value_done();
    }
    bool on_key_part(bj::string_view s, std::size_t, boost::system::error_code&) {
        st.push_chars(s);
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, boost::system::error_code& ec) {
        st.push_key(s);
        key_.append(s.data(), s.size());
        Frame& frame = frames_.back();
        if (frame.seen(key_)) {
            duplicate_pointer = pointer_key(path(), key_);
            ec = bj::error::syntax;
            return false;
        }
        frame.keys.push_back(key_);
        frame.key = std::move(key_);
        key_.clear();
        return true;
    }
    bool on_string_part(bj::string_view s, std::size_t, boost::system::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(bj::string_view s, std::size_t, boost::system::error_code&) {
        st.push_string(s);
        return value_done();
    }
    bool on_number_part(bj::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t i, bj::string_view, boost::system::error_code&) {
        st.push_int64(i);
        return value_done();
    }
    bool on_uint64(std::uint64_t u, bj::string_view, boost::system::error_code&) {
        st.push_uint64(u);
        return value_done();
    }
    bool on_double(double d, bj::string_view, boost::system::error_code&) {
        st.push_double(d);
        return value_done();
    }
    bool on_bool(bool b, boost::system::error_code&) {
        st.push_bool(b);
        return value_done();
    }
    bool on_null(boost::system::error_code&) {
        st.push_null();
        return value_done();
    }
    bool on_comment_part(bj::string_view, boost::system::error_code&) { return true; }
    bool on_comment(bj::string_view, boost::system::error_code&) { return true; }

private:
    struct Frame {
        bool object;
        std::size_t index; // arrays: the index of the next element
        std::string key;   // objects: the current key
        std::vector<std::string> keys;

        bool seen(const std::string& k) const {
            // Objects in our documents are small; a linear scan beats hashing there. Large ones
            // (an attacker's) fall back to a sorted copy so that the check stays O(n log n).
            if (keys.size() <= 64) {
                return std::find(keys.begin(), keys.end(), k) != keys.end();
            }
            if (sorted.size() != keys.size()) {
                sorted.assign(keys.begin(), keys.end());
                std::sort(sorted.begin(), sorted.end());
            }
            return std::binary_search(sorted.begin(), sorted.end(), k);
        }
        mutable std::vector<std::string> sorted;
    };

    bool value_done() {
        if (!frames_.empty() && !frames_.back().object) {
            ++frames_.back().index;
        }
        return true;
    }

    std::string path() const {
        std::string out;
        // The innermost frame is the object holding the duplicate: its own key is not yet part of the path.
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            out = f.object ? pointer_key(out, f.key) : pointer_index(out, f.index);
        }
        return out;
    }

    std::vector<Frame> frames_;
    std::string key_;
};

} // namespace

Result<bj::value> parse(std::string_view text, const Limits& limits) {
    if (text.size() > limits.max_document_bytes) {
        return make_error(Status::limit, "document_too_large", "",
                          {{"limit", std::to_string(limits.max_document_bytes)}});
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return make_error(Status::json_syntax, "empty_document", "");
    }
    bj::parse_options options;
    options.max_depth = limits.max_depth;
    options.allow_invalid_utf8 = true; // checked below, so that the error can name the field
    bj::basic_parser<StrictHandler> parser(options, bj::storage_ptr());
    parser.handler().st.reset(bj::storage_ptr());
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && consumed < text.size()) {
        ec = bj::error::extra_data;
    }
    if (ec) {
        if (parser.handler().duplicate_pointer) {
            return make_error(Status::json_syntax, "duplicate_key", *parser.handler().duplicate_pointer);
        }
        if (ec == bj::error::too_deep) {
            return make_error(Status::limit, "nesting_too_deep", "",
                              {{"limit", std::to_string(limits.max_depth)}});
        }
        const bool truncated = ec == bj::error::incomplete || consumed >= text.size();
        return make_error(Status::json_syntax, truncated ? "truncated_json" : "json_syntax", "",
                          {{"offset", std::to_string(consumed)}});
    }
    bj::value value = parser.handler().st.release();
    if (auto e = check_strings(value, "", limits)) {
        return *e;
    }
    return value;
}

std::string pointer_key(std::string_view base, std::string_view key) {
    std::string out;
    out.reserve(base.size() + key.size() + 1);
    out.append(base);
    out.push_back('/');
    for (char c : key) {
        if (c == '~') {
            out.append("~0");
        } else if (c == '/') {
            out.append("~1");
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string pointer_index(std::string_view base, std::size_t index) {
    std::string out(base);
    out.push_back('/');
    out.append(std::to_string(index));
    return out;
}

std::size_t code_points(std::string_view utf8) noexcept {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void Problems::add(std::string code, std::string pointer, std::string rule,
                   std::vector<std::pair<std::string, std::string>> args, Severity severity) {
    items_.push_back(
        Problem{std::move(code), std::move(pointer), std::move(rule), severity, std::move(args)});
}

bool Problems::has_errors() const noexcept {
    return std::any_of(items_.begin(), items_.end(),
                       [](const Problem& p) { return p.severity == Severity::error; });
}

ObjectReader::ObjectReader(const bj::value& value, std::string pointer, Problems& problems)
    : pointer_(std::move(pointer)), problems_(problems) {
    if (value.is_object()) {
        object_ = &value.get_object();
    } else {
        problems_.add("wrong_type", pointer_, {},
                      {{"expected", "object"}, {"actual", kind_name(value.kind())}});
    }
}

bool ObjectReader::has(std::string_view key) const {
    if (object_ == nullptr) {
        return false;
    }
    const auto* v = object_->if_contains(key);
    return v != nullptr && !v->is_null();
}

const bj::value* ObjectReader::lookup(std::string_view key, bool required) {
    if (object_ == nullptr) {
        return nullptr;
    }
    known_.push_back(key);
    const auto* v = object_->if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) {
            problems_.add("missing_field", at(key));
        }
        return nullptr;
    }
    return v;
}

void ObjectReader::wrong_type(std::string_view key, const char* expected) {
    const auto* v = object_->if_contains(key);
    problems_.add("wrong_type", at(key), {},
                  {{"expected", expected}, {"actual", kind_name(v ? v->kind() : bj::kind::null)}});
}

const bj::value* ObjectReader::value(std::string_view key, bool required) {
    return lookup(key, required);
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required,
                                                std::size_t max_chars) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type(key, "string");
        return std::nullopt;
    }
    std::string_view s = v->get_string();
    const std::size_t n = code_points(s);
    if (n == 0) {
        problems_.add("empty_string", at(key));
        return std::nullopt;
    }
    if (n > max_chars) {
        problems_.add("too_long", at(key), {}, {{"limit", std::to_string(max_chars)}});
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        wrong_type(key, "boolean");
        return std::nullopt;
    }
    return v->get_bool();
}

std::optional<std::string> ObjectReader::one_of(std::string_view key, bool required,
                                                std::initializer_list<std::string_view> allowed) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type(key, "string");
        return std::nullopt;
    }
    std::string_view s = v->get_string();
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
        std::string list;
        for (auto a : allowed) {
            list += list.empty() ? "" : ", ";
            list += a;
        }
        problems_.add("invalid_value", at(key), {}, {{"allowed", list}});
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<date::year_month_day> ObjectReader::date(std::string_view key, bool required) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        wrong_type(key, "string");
        return std::nullopt;
    }
    auto d = parse_date(v->get_string());
    if (!d) {
        problems_.add("invalid_date", at(key));
    }
    return d;
}

const bj::array* ObjectReader::array(std::string_view key, bool required) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return nullptr;
    }
    if (!v->is_array()) {
        wrong_type(key, "array");
        return nullptr;
    }
    return &v->get_array();
}

void ObjectReader::finish() {
    if (object_ == nullptr) {
        return;
    }
    for (const auto& kv : *object_) {
        if (std::find(known_.begin(), known_.end(), std::string_view(kv.key())) == known_.end()) {
            problems_.add("unknown_field", at(kv.key()));
        }
    }
}

std::optional<date::year_month_day> parse_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto number = [&](std::size_t from, std::size_t len) -> std::optional<int> {
        int n = 0;
        for (std::size_t i = from; i < from + len; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return std::nullopt;
            }
            n = n * 10 + (text[i] - '0');
        }
        return n;
    };
    const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d || *y < 1) {
        return std::nullopt;
    }
    const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                                   date::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return ymd;
}

std::string format_date(date::year_month_day day) {
    char buf[16];
    const int y = static_cast<int>(day.year());
    const unsigned m = static_cast<unsigned>(day.month());
    const unsigned d = static_cast<unsigned>(day.day());
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string to_text(const bj::value& value) {
    return bj::serialize(value);
}

} // namespace telemed::json
