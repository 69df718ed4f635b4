#include "json/strict.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <unordered_set>

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
    std::size_t i = 0;
    // ASCII runs (keys, codes, dates) eight bytes at a time.
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t block = 0;
        std::memcpy(&block, s.data() + i, 8);
        if ((block & 0x8080808080808080ULL) != 0) {
            break;
        }
    }
    while (i < s.size()) {
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

// Builds the DOM exactly as Boost.JSON's own parser does (through a value_stack), and besides keeps
// the path to the current value, so that every failure it finds names its JSON pointer:
//  - a duplicate key, which Boost.JSON 1.81 would silently drop, keeping the last. RFC 8259 leaves
//    duplicates to the reader; I-JSON (RFC 7493) forbids them, and for a medical record two values
//    of one field are an ambiguity;
//  - a string or key that is not valid UTF-8 (Boost.JSON's own check cannot say where);
//  - a string longer than the limit, stopped before it is copied.
class StrictHandler {
public:
    static constexpr std::size_t max_object_size = bj::object::max_size();
    static constexpr std::size_t max_array_size = bj::array::max_size();
    static constexpr std::size_t max_key_size = bj::string::max_size();
    static constexpr std::size_t max_string_size = bj::string::max_size();

    StrictHandler(const Limits& limits, std::string_view input) : limits_(limits), input_(input) {}

    bj::value_stack st;
    std::optional<Error> failure; // set when the handler stopped the parse

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&) {
        frames_.push_back(Frame{true, 0, {}, keys_.size()});
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code&) {
        keys_.resize(frames_.back().first_key);
        if (large_.size() >= frames_.size()) {
            large_.resize(frames_.size() - 1);
        }
        frames_.pop_back();
        st.push_object(n);
        return value_done();
    }
    bool on_array_begin(boost::system::error_code&) {
        frames_.push_back(Frame{false, 0, {}, keys_.size()});
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code&) {
        frames_.pop_back();
        st.push_array(n);
        return value_done();
    }
    bool on_key_part(bj::string_view s, std::size_t total, boost::system::error_code& ec) {
        if (total > limits_.max_string_bytes) {
            return stop(Status::limit, "string_too_long", path(), ec);
        }
        st.push_chars(s);
        part_.append(s.data(), s.size());
        return true;
    }
    bool on_key(bj::string_view s, std::size_t total, boost::system::error_code& ec) {
        if (total > limits_.max_string_bytes) {
            return stop(Status::limit, "string_too_long", path(), ec);
        }
        st.push_key(s);
        // A key is kept as a view only when it lies in the input, which outlives the parse. An
        // escaped key is assembled by the parser in a buffer it reuses, whether it arrives in parts
        // or whole (a short key that starts with an escape comes whole): it is copied to storage
        // that lives as long as the handler.
        std::string_view key(s.data(), s.size());
        if (!part_.empty()) {
            part_.append(s.data(), s.size());
            key = escaped_keys_.emplace_back(std::move(part_));
            part_.clear();
        } else if (!in_input(key)) {
            key = escaped_keys_.emplace_back(key);
        }
        // A bad key cannot be part of a valid pointer: name the object that holds it.
        if (!valid_utf8(key)) {
            return stop(Status::invalid_utf8, "invalid_utf8", path(), ec);
        }
        // A key holding U+0000 is valid JSON, but a pointer through it cannot cross the C boundary,
        // whose strings end at the first NUL: tm_error_last() would name another field. No field of
        // ours has such a name; name the object that holds it.
        if (key.find('\0') != std::string_view::npos) {
            return stop(Status::json_syntax, "nul_in_key", path(), ec);
        }
        if (seen(key)) {
            return stop(Status::json_syntax, "duplicate_key", pointer_key(path(), key), ec);
        }
        keys_.push_back(key);
        frames_.back().key = key;
        return true;
    }
    bool on_string_part(bj::string_view s, std::size_t total, boost::system::error_code& ec) {
        if (total > limits_.max_string_bytes) {
            return stop(Status::limit, "string_too_long", location(), ec);
        }
        st.push_chars(s);
        // Parts come only around escapes (rare in our documents): check the string whole at its
        // end.
        part_.append(s.data(), s.size());
        return true;
    }
    bool on_string(bj::string_view s, std::size_t total, boost::system::error_code& ec) {
        if (total > limits_.max_string_bytes) {
            return stop(Status::limit, "string_too_long", location(), ec);
        }
        bool valid = true;
        if (part_.empty()) {
            valid = valid_utf8(std::string_view(s.data(), s.size()));
        } else {
            part_.append(s.data(), s.size());
            valid = valid_utf8(part_);
            part_.clear();
        }
        if (!valid) {
            return stop(Status::invalid_utf8, "invalid_utf8", location(), ec);
        }
        st.push_string(s);
        return value_done();
    }
    bool on_number_part(bj::string_view s, boost::system::error_code&) {
        number_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, bj::string_view, boost::system::error_code&) {
        number_.clear();
        st.push_int64(i);
        return value_done();
    }
    bool on_uint64(std::uint64_t u, bj::string_view, boost::system::error_code&) {
        number_.clear();
        st.push_uint64(u);
        return value_done();
    }
    bool on_double(double d, bj::string_view s, boost::system::error_code&) {
        // Boost.JSON 1.81 rounds some numbers to a neighbouring double (333333333.33333329 reads
        // as ...25; exact reading came with 1.83). The number's text is read again, correctly
        // rounded, so that every reader of a document (and RFC 8785's canonical form of it) sees
        // the same double. A number out of range (1e400) keeps Boost's infinity or zero.
        number_.append(s.data(), s.size());
        double exact = 0;
        const auto* end = number_.data() + number_.size();
        const auto read = std::from_chars(number_.data(), end, exact);
        st.push_double(read.ec == std::errc() && read.ptr == end ? exact : d);
        number_.clear();
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
        std::size_t index;     // arrays: the index of the next element
        std::string_view key;  // objects: the current key
        std::size_t first_key; // objects: where this object's keys start in keys_
    };

    // Whether the innermost object already has the key. Objects in our documents are small and a
    // linear scan beats hashing there; a large one (an attacker's) switches to a hash set, so the
    // check stays linear overall.
    bool seen(std::string_view key) {
        const std::size_t first = frames_.back().first_key;
        const std::size_t count = keys_.size() - first;
        if (count <= 32) {
            return std::find(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end(),
                             key) != keys_.end();
        }
        if (large_.size() < frames_.size()) {
            large_.resize(frames_.size());
        }
        auto& set = large_[frames_.size() - 1];
        if (set.empty()) {
            set.insert(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end());
        }
        return !set.insert(key).second;
    }

    // Whether `s` is a view of the input document (compared as addresses, which is well defined
    // for std::less on pointers into different objects).
    bool in_input(std::string_view s) const noexcept {
        const std::less_equal<const char*> le;
        return le(input_.data(), s.data()) &&
               le(s.data() + s.size(), input_.data() + input_.size());
    }

    bool value_done() {
        if (!frames_.empty() && !frames_.back().object) {
            ++frames_.back().index;
        }
        return true;
    }

    bool stop(Status status, const char* code, std::string pointer, boost::system::error_code& ec) {
        std::vector<std::pair<std::string, std::string>> args;
        if (status == Status::limit) {
            args.emplace_back("limit", std::to_string(limits_.max_string_bytes));
        }
        failure = make_error(status, code, std::move(pointer), std::move(args));
        ec = bj::error::syntax; // any error stops the parser; `failure` says what it was
        return false;
    }

    // The pointer of the container being read (the innermost frame's own position).
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            out = f.object ? pointer_key(out, f.key) : pointer_index(out, f.index);
        }
        return out;
    }

    // The pointer of the value being read: the path plus the innermost container's key or index.
    std::string location() const {
        if (frames_.empty()) {
            return {};
        }
        const Frame& f = frames_.back();
        return f.object ? pointer_key(path(), f.key) : pointer_index(path(), f.index);
    }

    const Limits& limits_;
    std::string_view input_;
    std::string number_; // the text of the number being read, across its parts
    std::vector<Frame> frames_;
    std::vector<std::string_view> keys_;                      // the keys of every open object
    std::vector<std::unordered_set<std::string_view>> large_; // per frame, only for large objects
    std::deque<std::string> escaped_keys_;
    std::string part_;
};

} // namespace

Result<bj::value> parse(std::string_view text, Arena& arena, const Limits& limits) {
    if (text.size() > limits.max_document_bytes) {
        return make_error(Status::limit, "document_too_large", "",
                          {{"limit", std::to_string(limits.max_document_bytes)}});
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return make_error(Status::json_syntax, "empty_document", "");
    }
    bj::parse_options options;
    options.max_depth = limits.max_depth;
    options.allow_invalid_utf8 =
        true; // the handler checks it, so that the error can name the field
    bj::basic_parser<StrictHandler> parser(options, limits, text);
    // The document is read once and dropped whole: in the arena its allocations are a pointer bump.
    parser.handler().st.reset(arena.storage());
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && consumed < text.size()) {
        ec = bj::error::extra_data;
    }
    if (ec) {
        if (parser.handler().failure) {
            return *parser.handler().failure;
        }
        if (ec == bj::error::too_deep) {
            return make_error(Status::limit, "nesting_too_deep", "",
                              {{"limit", std::to_string(limits.max_depth)}});
        }
        const bool truncated = ec == bj::error::incomplete || consumed >= text.size();
        return make_error(Status::json_syntax, truncated ? "truncated_json" : "json_syntax", "",
                          {{"offset", std::to_string(consumed)}});
    }
    return parser.handler().st.release();
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
    ++count_;
    if (severity == Severity::error) {
        ++errors_;
    }
    if (count_ <= max_problems_per_report) {
        items_.push_back(Problem{std::move(code), std::move(pointer), std::move(rule), severity,
                                 std::move(args)});
        return;
    }
    // Over the limit: one summary entry, its count kept up to date.
    if (count_ == max_problems_per_report + 1) {
        items_.push_back(
            Problem{"too_many_problems",
                    "",
                    {},
                    Severity::warning,
                    {{"omitted", "0"}, {"limit", std::to_string(max_problems_per_report)}}});
    }
    Problem& summary = items_.back();
    summary.args[0].second = std::to_string(count_ - max_problems_per_report);
    if (severity == Severity::error) {
        summary.severity = Severity::error;
    }
}

ObjectReader::ObjectReader(const bj::value& value, std::string pointer, Problems& problems)
    : pointer_(std::move(pointer)), problems_(problems) {
    check_object(value);
}

ObjectReader::ObjectReader(const bj::value& value, const ObjectReader& parent, std::string_view key)
    : parent_(&parent), key_(key), problems_(parent.problems_) {
    check_object(value);
}

ObjectReader::ObjectReader(const bj::value& value, const ObjectReader& parent, std::string_view key,
                           std::size_t index)
    : parent_(&parent), key_(key), index_(index), problems_(parent.problems_) {
    check_object(value);
}

void ObjectReader::check_object(const bj::value& value) {
    if (value.is_object()) {
        object_ = &value.get_object();
    } else {
        problems_.add("wrong_type", pointer(), {},
                      {{"expected", "object"}, {"actual", kind_name(value.kind())}});
    }
}

std::string ObjectReader::pointer() const {
    if (parent_ == nullptr) {
        return pointer_;
    }
    std::string field = parent_->at(key_);
    return index_ ? pointer_index(field, *index_) : field;
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
    if (v != nullptr) {
        ++found_;
    }
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

std::optional<Decimal> ObjectReader::decimal(std::string_view key, bool required) {
    const auto* v = lookup(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_number()) {
        wrong_type(key, "number");
        return std::nullopt;
    }
    auto exact = decimal_of(*v);
    if (!exact) {
        problems_.add("number_too_precise", at(key), {},
                      {{"limit", std::to_string(Decimal::max_digits)}});
    }
    return exact;
}

std::optional<Decimal> decimal_of(const bj::value& value) noexcept {
    char buffer[24];
    if (value.is_int64() || value.is_uint64()) {
        const auto written =
            value.is_int64() ? std::to_chars(buffer, buffer + sizeof buffer, value.get_int64())
                             : std::to_chars(buffer, buffer + sizeof buffer, value.get_uint64());
        return Decimal::parse(
            std::string_view(buffer, static_cast<std::size_t>(written.ptr - buffer)));
    }
    if (value.is_double()) {
        return Decimal::from_double(value.get_double());
    }
    return std::nullopt;
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
    // Keys are unique (the parser rejects duplicates), so when every field was asked for, none is
    // unknown.
    if (object_ == nullptr || found_ == object_->size()) {
        return;
    }
    // The pointers share this object's prefix, built once (a nested reader builds it from its
    // parents); past the report's limit a problem is only counted.
    const std::string base = pointer();
    for (const auto& kv : *object_) {
        if (std::find(known_.begin(), known_.end(), std::string_view(kv.key())) == known_.end()) {
            problems_.add("unknown_field",
                          problems_.full() ? std::string() : pointer_key(base, kv.key()));
        }
    }
}

std::optional<int> parse_digits(std::string_view text, std::size_t from,
                                std::size_t count) noexcept {
    if (from > text.size() || count > text.size() - from || count == 0 || count > 9) {
        return std::nullopt;
    }
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        n = n * 10 + (text[i] - '0');
    }
    return n;
}

std::optional<date::year_month_day> parse_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto y = parse_digits(text, 0, 4), m = parse_digits(text, 5, 2),
               d = parse_digits(text, 8, 2);
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
    // Years 1..9999 (parse_date's range); written by hand, snprintf showed in profiles.
    const int y = static_cast<int>(day.year());
    const unsigned m = static_cast<unsigned>(day.month());
    const unsigned d = static_cast<unsigned>(day.day());
    std::string out(10, '-');
    const auto put = [&](std::size_t at, unsigned value, std::size_t width) {
        for (std::size_t i = width; i-- > 0; value /= 10) {
            out[at + i] = static_cast<char>('0' + value % 10);
        }
    };
    put(0, static_cast<unsigned>(y), 4);
    put(5, m, 2);
    put(8, d, 2);
    return out;
}

} // namespace telemed::json
