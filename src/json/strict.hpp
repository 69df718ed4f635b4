// Strict JSON: parsing with limits and per-field UTF-8 checks, JSON pointers, and a reader that
// checks each object's fields against a schema written in code, collecting every problem.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <date/date.h>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/decimal.hpp"
#include "telemed/status.hpp"

namespace telemed::json {

namespace bj = boost::json;

/// Limits every input document is held to.
struct Limits {
    std::size_t max_document_bytes = 16u * 1024u * 1024u;
    std::size_t max_depth = 64;
    std::size_t max_string_bytes = 64u * 1024u;
};

/// At most this many problems are kept in one report; the rest are counted in a final
/// `too_many_problems` entry (docs/c-api.md, "Limits"). It bounds a report's size and the work of
/// rendering its messages, whatever the input.
inline constexpr std::size_t max_problems_per_report = 100;

/// Where a parsed document lives: an arena on the caller's stack (spilling to the heap for large
/// documents), released all at once when it goes out of scope. The parsed value must not outlive
/// it. Because the arena is not shared, Boost.JSON skips the per-node teardown of the document
/// entirely.
class Arena {
public:
    Arena() : resource_(buffer_, sizeof buffer_) {}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    /// The storage to build values in.
    bj::storage_ptr storage() noexcept { return bj::storage_ptr(&resource_); }

private:
    unsigned char buffer_[4096];
    bj::monotonic_resource resource_;
};

/// Parses a whole document into `arena`: syntax, nesting depth, size, duplicate keys, and the UTF-8
/// and length of every string and key, each failure with the JSON pointer where it was found.
Result<bj::value> parse(std::string_view text, Arena& arena, const Limits& limits = {});

/// Appends an object key to a pointer, escaping '~' and '/' as RFC 6901 says.
std::string pointer_key(std::string_view base, std::string_view key);
/// Appends an array index to a pointer.
std::string pointer_index(std::string_view base, std::size_t index);

/// The exact decimal of a JSON number value (an integer, or a double by its shortest round-trip
/// text), or nothing when it is not a number or does not fit a Decimal.
std::optional<Decimal> decimal_of(const bj::value& value) noexcept;

/// Length of a string in Unicode code points (the input is valid UTF-8 by then).
std::size_t code_points(std::string_view utf8) noexcept;

/// A problem's named message arguments.
using Args = std::vector<std::pair<std::string, std::string>>;

/// Problems collected while reading a document. The first `max_problems_per_report` are kept in
/// the order found; past that, problems are only counted, and one last entry
/// `too_many_problems` (args `omitted`, `limit`) says how many were left out. It is an error when
/// any problem left out is.
class Problems {
public:
    /// Adds a problem.
    void add(std::string code, std::string pointer, std::string rule = {},
             std::vector<std::pair<std::string, std::string>> args = {},
             Severity severity = Severity::error);
    /// Whether the report is full: a problem added now is only counted, so a caller may pass it
    /// without building its pointer and arguments.
    bool full() const noexcept { return count_ >= max_problems_per_report; }
    /// Whether any problem is an error (not a warning), counting those left out.
    bool has_errors() const noexcept { return errors_ != 0; }
    /// How many problems were added, counting those left out.
    std::size_t count() const noexcept { return count_; }
    /// How many errors were added, counting those left out: compare before and after reading a
    /// part to know whether the part had errors.
    std::size_t errors() const noexcept { return errors_; }
    /// The problems kept, in the order found, then the too_many_problems entry if any.
    const std::vector<Problem>& all() const noexcept { return items_; }
    /// Moves the problems kept out.
    std::vector<Problem> take() noexcept { return std::move(items_); }

private:
    std::vector<Problem> items_;
    std::size_t count_ = 0;
    std::size_t errors_ = 0;
};

/// Reads one JSON object field by field. Every field the schema asks for is marked known; finish()
/// reports the rest as unknown. Type mismatches and missing required fields become problems.
/// A reader's JSON pointer is built only when a problem needs it: a nested reader refers to its
/// parent (which must outlive it) and its own key or index.
class ObjectReader {
public:
    /// Reads `value` at `pointer`; if it is not an object, reports wrong_type and reads nothing.
    ObjectReader(const bj::value& value, std::string pointer, Problems& problems);
    /// Reads the object in `parent`'s field `key`.
    ObjectReader(const bj::value& value, const ObjectReader& parent, std::string_view key);
    /// Reads element `index` of the array in `parent`'s field `key`.
    ObjectReader(const bj::value& value, const ObjectReader& parent, std::string_view key,
                 std::size_t index);

    /// Whether the value was an object at all.
    bool is_object() const noexcept { return object_ != nullptr; }
    /// The pointer of this object.
    std::string pointer() const;
    /// The pointer of one of its fields.
    std::string at(std::string_view key) const { return pointer_key(pointer(), key); }
    /// Whether a field is present (and not null).
    bool has(std::string_view key) const;

    /// A string field of 1..max_chars code points (after trimming nothing: callers normalise).
    std::optional<std::string> string(std::string_view key, bool required, std::size_t max_chars);
    /// A boolean field.
    std::optional<bool> boolean(std::string_view key, bool required);
    /// A string field that must be one of `allowed`.
    std::optional<std::string> one_of(std::string_view key, bool required,
                                      std::initializer_list<std::string_view> allowed);
    /// A number read exactly: an integer, or a fraction as written (5.6 is 56·10⁻¹, not the
    /// binary double). wrong_type when not a number; number_too_precise (args "limit") when it
    /// has more than Decimal::max_digits significant digits or an exponent beyond
    /// ±Decimal::max_exponent.
    std::optional<Decimal> decimal(std::string_view key, bool required);
    /// A calendar date "YYYY-MM-DD" that exists.
    std::optional<date::year_month_day> date(std::string_view key, bool required);
    /// An array field (its elements are the caller's to read).
    const bj::array* array(std::string_view key, bool required);
    /// Any value of a field, marked known, with no type check.
    const bj::value* value(std::string_view key, bool required);

    /// Reports every field not asked for as unknown_field.
    void finish();

private:
    void check_object(const bj::value& value);
    const bj::value* lookup(std::string_view key, bool required);
    void wrong_type(std::string_view key, const char* expected);

    const bj::object* object_ = nullptr;
    std::string pointer_;                  // a root reader's pointer
    const ObjectReader* parent_ = nullptr; // a nested reader's parent...
    std::string_view key_;                 // ...the parent's field holding it...
    std::optional<std::size_t> index_;     // ...and its index when that field is an array
    Problems& problems_;
    std::size_t found_ = 0; // fields asked for and present: when all are, none is unknown
    boost::container::small_vector<std::string_view, 24> known_;
};

/// The number written by `count` (1..9) decimal digits at `from`, or nothing when any is not a
/// digit or the text is too short.
std::optional<int> parse_digits(std::string_view text, std::size_t from,
                                std::size_t count) noexcept;

/// Parses "YYYY-MM-DD" strictly (four-digit year, existing date). Nothing else is accepted.
std::optional<date::year_month_day> parse_date(std::string_view text) noexcept;
/// Formats a date as "YYYY-MM-DD".
std::string format_date(date::year_month_day day);

} // namespace telemed::json
