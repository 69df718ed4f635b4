// Shared by every command of the telemed program: the context, calls by name through the public C
// API, the library's errors, exit statuses, files and JSON. Only "telemed.h" of the library is
// used.
#pragma once

#include <telemed.h>

#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telemed_cli {

/// Exit statuses, shell style (docs/cli.md, "Exit statuses").
enum class Exit : int {
    ok = 0,      ///< success, or a domain "yes"
    refused = 1, ///< a domain "no": not allowed, invalid by a rule, readings rejected, signature
                 ///< not valid
    usage = 2,   ///< the command line is wrong
    input = 3,   ///< unreadable file, malformed JSON, a document the library cannot read
    failure = 4  ///< the library or the system failed
};

/// The language of the command's own texts and of the library messages it prints.
enum class Lang { en, ru };

/// Options every command takes (docs/cli.md, "Global options").
struct GlobalOptions {
    std::string region;      ///< --region: "RU" or "RU-XXX"; empty means the command's default
    std::string zone;        ///< --zone: IANA zone of the medical organisation
    std::string config_path; ///< --config: configuration document (docs/rules.md)
    std::string now;         ///< --now: RFC 3339 instant of a fixed clock; empty = the system clock
    Lang lang = Lang::en;    ///< --lang, else from the locale
    bool json = false;       ///< --json: one JSON document on stdout instead of text
};

/// A copy of tm_error_last(): the library's struct lives only until its next call.
struct LibraryError {
    int status = TM_OK;     ///< the tm_status
    std::string code;       ///< stable problem code
    std::string message_en; ///< English message (no personal data)
    std::string message_ru; ///< Russian message (no personal data)
    std::string pointer;    ///< JSON pointer of the offending field
    std::string rule_id;    ///< rule concerned, "" when structural

    /// Reads the calling thread's last error.
    static LibraryError last();
    /// The message in the given language.
    [[nodiscard]] const std::string& message(Lang lang) const;
};

/// What one library call returned: status, output document (may be empty) and the error.
struct CallResult {
    int status = TM_OK; ///< the tm_status returned
    std::string output; ///< the output document; also the report of a TM_E_VALIDATION
    LibraryError error; ///< tm_error_last() right after the call

    /// True when the call returned TM_OK.
    [[nodiscard]] bool ok() const { return status == TM_OK; }
    /// The output parsed (an empty object when there is none).
    [[nodiscard]] boost::json::value document() const;
};

/// How to make a context: the jurisdiction, zone, configuration text and fixed clock.
struct ContextSpec {
    std::string jurisdiction;           ///< "RU" or "RU-XXX"
    std::string zone;                   ///< IANA zone; empty = the region's
    std::string config_json;            ///< configuration document; empty = none
    std::optional<std::int64_t> now_ms; ///< fixed clock; empty = the system clock
};

/// An owned tm_context with its fixed clock.
class Context {
public:
    /// Creates a context; on failure returns nothing and fills `error`.
    static std::optional<Context> create(const ContextSpec& spec, LibraryError& error);
    /// The handle for the C API.
    [[nodiscard]] const tm_context* get() const { return handle_.get(); }
    /// Calls a JSON operation by its name (tm_call).
    [[nodiscard]] CallResult call(std::string_view operation, std::string_view json) const;
    /// As call(), with a JSON value serialised first.
    [[nodiscard]] CallResult call(std::string_view operation, const boost::json::value& json) const;

private:
    struct Free {
        void operator()(tm_context* context) const { tm_context_free(context); }
    };
    std::unique_ptr<std::int64_t> clock_ms_; // read by the clock callback; stable address
    std::unique_ptr<tm_context, Free> handle_;
};

/// Builds a context from the global options; prints the error and gives the exit status on
/// failure. `default_region` applies when --region is absent.
std::optional<Context> make_context(const GlobalOptions& options, std::string_view default_region,
                                    Exit& exit_status);

/// The exit status of a failed library call (docs/cli.md): a rule's "no" is 1, unreadable input 3,
/// anything else 4.
Exit exit_for(const LibraryError& error);

/// Prints "telemed: <what>: <STATUS> <code> at <pointer> (rule <id>): <message>" on stderr.
void print_error(Lang lang, std::string_view what, const LibraryError& error);

/// Prints the problems of a TM_E_VALIDATION report on stderr (at most `limit`, then a count).
void print_problems(Lang lang, const boost::json::value& report, std::size_t limit = 20);

/// Prints "telemed: <message>" on stderr.
void print_message(std::string_view message);

/// Reads a whole file ("-" is stdin), at most `max_bytes` (more is cut, so that the library sees
/// an over-long document as such). Returns nothing when it cannot be read, and says why on stderr.
std::optional<std::string> read_file(const std::string& path, Lang lang,
                                     std::size_t max_bytes = (16u << 20) + 1);

/// Writes text to a file; prints why not on stderr and returns false when it cannot.
bool write_file(const std::string& path, std::string_view text, Lang lang);

/// Parses JSON the library returned (trusted, well formed).
boost::json::value parse_json(std::string_view text);

/// Parses JSON read from a user's file; nothing when it is not JSON.
std::optional<boost::json::value> try_parse_json(std::string_view text);

/// Indented JSON text (two spaces), UTF-8 left as is.
std::string pretty_json(const boost::json::value& value);

/// A JSON number for people: the shortest decimal that reads back the same (5.8, not 5.8E0), with
/// a decimal comma in Russian; strings as they are.
std::string display_number(const boost::json::value& value, Lang lang);

/// A certificate number as the library's messages show it: every digit but the first two and the
/// last two hidden (91********01).
std::string masked_number(std::string number);

/// A string member of an object, or "" when absent or not a string.
std::string string_at(const boost::json::value& value, std::string_view key);

/// The value at a JSON pointer, or nullptr.
const boost::json::value* find_pointer(const boost::json::value& value, std::string_view pointer);

/// Milliseconds since 1970 of an RFC 3339 instant with an offset ("2026-03-12T12:00:00+03:00").
std::optional<std::int64_t> parse_instant_ms(std::string_view text);

/// The UTC offset in minutes written in an RFC 3339 instant (0 for "Z"), if it has one.
std::optional<int> instant_offset_minutes(std::string_view text);

/// "YYYY-MM-DD" of the instant shifted by `offset_minutes`.
std::string civil_date(std::int64_t ms, int offset_minutes);

/// "YYYY-MM-DDTHH:MM:SSZ" of an instant.
std::string utc_instant_text(std::int64_t ms);

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

/// The language from the locale: LC_ALL, else LC_MESSAGES, else LANG; "ru…" is Russian.
Lang locale_language();

/// True when stderr is a terminal (for the progress bar).
bool stderr_is_terminal();

/// The value of a hexadecimal digit, or -1.
int hex_digit(char c);

/// The text padded with spaces on the right (`pad_right`) or the left (`pad_left`) to `width`
/// code points, so that Cyrillic columns line up in a terminal.
std::string pad_right(std::string text, std::size_t width);
std::string pad_left(std::string text, std::size_t width);

} // namespace telemed_cli
