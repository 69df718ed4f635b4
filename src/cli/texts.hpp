// The command's own texts, in English and Russian (the library's messages come in both already).
#pragma once

#include "common.hpp"

#include <string>
#include <string_view>

namespace telemed_cli {

/// The text of `key` in `lang`; the key itself when the table has no such entry (a defect the
/// tests catch).
const char* tr(Lang lang, std::string_view key);

/// The label of a library code in a group ("verdict", "category", "band", "severity", "status",
/// "action"), e.g. label(Lang::ru, "verdict", "allowed") → «можно дистанционно»; the code itself
/// when the table has none.
std::string label(Lang lang, std::string_view group, std::string_view code);

/// The --help text of a command ("main" and "main.tail" frame the command list). English only.
const char* help_text(std::string_view command);

} // namespace telemed_cli
