// Status codes and problems: the C++ side of tm_status and tm_error.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace telemed {

/// One-to-one with the C enum tm_status; the numbers are pinned forever.
enum class Status : int {
    ok = 0,
    invalid_argument = 1,
    struct_version = 2,
    json_syntax = 3,
    invalid_utf8 = 4,
    limit = 5,
    validation = 6,
    rules = 7,
    not_found = 8,
    time_zone = 9,
    no_memory = 10,
    internal = 11,
    signer = 12,
};

/// The symbolic C name of a status ("TM_E_VALIDATION"); "TM_E_UNKNOWN" for a value out of range.
const char* status_name(int status) noexcept;

/// A short English description of a status.
const char* status_describe(int status) noexcept;

/// Whether a problem makes a document invalid or only deserves attention.
enum class Severity { error, warning };

/// One problem found in an input or by a rule. Carries no personal data: the message arguments
/// are field names, limits and masked identifiers only.
struct Problem {
    std::string code; ///< Stable code, e.g. "unknown_field"; keys the message catalogue.
    std::string
        pointer;      ///< RFC 6901 JSON pointer of the offending field; "" is the whole document.
    std::string rule; ///< Rule id concerned, "" when the problem is structural.
    Severity severity = Severity::error;
    /// Named arguments of the message (ICU MessageFormat argument names and values).
    std::vector<std::pair<std::string, std::string>> args;
};

/// A failed operation: its status and the problem that stopped it.
struct Error {
    Status status = Status::internal;
    Problem problem;
};

/// A value or an error, in the manner of simdjson's result<T>: the error maps one-to-one onto a C
/// status.
template <class T> class Result {
public:
    /// A successful result.
    Result(T value) : state_(std::move(value)) {}
    /// A failed result.
    Result(Error error) : state_(std::move(error)) {}
    /// True when a value is held.
    bool ok() const noexcept { return state_.index() == 0; }
    /// The value; only when ok().
    T& value() & { return std::get<0>(state_); }
    /// The value; only when ok().
    const T& value() const& { return std::get<0>(state_); }
    /// The value, moved out; only when ok().
    T&& value() && { return std::get<0>(std::move(state_)); }
    /// The error; only when !ok().
    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

/// What a JSON operation returns: the status, the output document (also set beside
/// Status::validation, where it holds the full report) and, on failure, the first problem.
struct Response {
    Status status = Status::ok;
    std::string json;
    Problem problem;
};

} // namespace telemed
