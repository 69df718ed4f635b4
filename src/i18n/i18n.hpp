// Messages in Russian and English (ICU MessageFormat, Russian plural forms), and name handling
// (ICU).
#pragma once

#include <chrono>
#include <cstddef>
#include <date/date.h>
#include <optional>
#include <string>
#include <string_view>

#include "telemed/status.hpp"

namespace date {
class time_zone;
}

namespace telemed::i18n {

/// The languages the library writes.
enum class Language { ru, en };

/// A message in both languages.
struct Message {
    std::string en;
    std::string ru;
};

/// Renders a problem's message from src/i18n/messages.json with the problem's arguments.
/// An unknown code renders as the code itself (a unit test keeps the catalogue complete).
Message render(const Problem& problem);

/// Renders a catalogue entry by code with named arguments.
Message render(std::string_view code, const std::vector<std::pair<std::string, std::string>>& args);

/// Whether the catalogue has a message for a code.
bool has_message(std::string_view code);

/// How many message formats this thread has compiled so far. Each (code, language) is compiled once
/// per thread and then reused: compiling on every call took ICU's process-wide locks and made
/// threads wait for each other (issue 7). The unit tests hold it to that.
std::size_t compiled_formats_on_this_thread();

/// A calendar date in the language's long form, as the messages' *_date arguments are written:
/// «13 марта 2026 г.» (U+202F before «г.»), "March 13, 2026".
std::string format_date(date::year_month_day day, Language language);

/// An instant as the wall-clock time of a zone, with the zone's city: «10 марта 2026 г., 16:00
/// (Киров)» (U+202F before «г.»), "March 10, 2026, 16:00 (Kirov)". The wall-clock time comes from
/// the tz database (the date library); ICU only writes it, in the language's long date, the
/// 24-hour time and its date–time joiner, with ICU's exemplar city of the zone in parentheses (the
/// zone's id, '_' read as a space, when ICU does not know the zone).
std::string format_instant(std::chrono::system_clock::time_point instant,
                           const date::time_zone& zone, Language language);

/// A plain decimal ("128.5", "-3", "70"; digits with an optional sign and fraction, no exponent)
/// written the language's way with the digits kept: «128,5», "128.5", "82.10" stays «82,10».
/// Nothing when the text is not such a decimal.
std::optional<std::string> format_decimal(std::string_view plain_decimal, Language language);

/// NFC (Unicode normalization form C), nothing else: free text kept as written.
std::string normalize_text(std::string_view utf8);

/// NFC, trimmed, runs of white space folded to one space.
std::string normalize_name_part(std::string_view utf8);

/// Case-folded, ё folded to е: the key under which two spellings of a name match.
std::string matching_key(std::string_view normalized_utf8);

/// What a name part is made of.
struct NameScript {
    bool only_name_characters =
        true; ///< letters, combining marks, space, hyphen, apostrophe, period
    bool only_cyrillic_letters = true;
};

/// Classifies the characters of a normalised name part.
NameScript classify_name(std::string_view normalized_utf8);

} // namespace telemed::i18n
