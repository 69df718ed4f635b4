// Messages in Russian and English (ICU MessageFormat, Russian plural forms), and name handling
// (ICU).
#pragma once

#include <cstddef>

#include <string>
#include <string_view>

#include "telemed/status.hpp"

namespace telemed::i18n {

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
