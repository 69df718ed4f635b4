#include "i18n/i18n.hpp"

#include <algorithm>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/normalizer2.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <vector>

#include "core/embedded.hpp"
#include "json/strict.hpp"

namespace telemed::i18n {

namespace {

struct Patterns {
    std::string en;
    std::string ru;
};

// The catalogue, read once per process from the embedded messages.json; immutable afterwards.
const std::map<std::string, Patterns, std::less<>>& catalogue() {
    static const std::map<std::string, Patterns, std::less<>> messages = [] {
        std::map<std::string, Patterns, std::less<>> out;
        const auto doc = boost::json::parse(embedded::messages_json);
        for (const auto& kv : doc.as_object()) {
            const auto& entry = kv.value().as_object();
            out.emplace(std::string(kv.key()), Patterns{std::string(entry.at("en").as_string()),
                                                        std::string(entry.at("ru").as_string())});
        }
        return out;
    }();
    return messages;
}

// A calendar date "YYYY-MM-DD" in the language's long form: «13 марта 2026 г.», "March 13, 2026".
// The date is a legal fact without a time: it is formatted at midnight in GMT, so no zone can move
// it.
icu::UnicodeString long_date(const std::string& iso, const char* locale) {
    const auto day = json::parse_date(iso);
    if (!day) {
        return icu::UnicodeString::fromUTF8(iso);
    }
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
        date::sys_days(*day).time_since_epoch());
    // One formatter per language and thread: ICU's DateFormat keeps a calendar it writes while
    // formatting, so it cannot be shared, and creating one costs far more than using it.
    thread_local std::map<std::string, std::unique_ptr<icu::DateFormat>, std::less<>> formats;
    auto it = formats.find(std::string_view(locale));
    if (it == formats.end()) {
        std::unique_ptr<icu::DateFormat> created(
            icu::DateFormat::createDateInstance(icu::DateFormat::kLong, icu::Locale(locale)));
        if (created) {
            created->adoptTimeZone(icu::TimeZone::createTimeZone("GMT"));
        }
        it = formats.emplace(std::string(locale), std::move(created)).first;
    }
    if (!it->second) {
        return icu::UnicodeString::fromUTF8(iso);
    }
    icu::UnicodeString out;
    it->second->format(static_cast<UDate>(millis.count()), out);
    return out;
}

// A message pattern compiled once per thread. ICU's MessageFormat creates its number format and
// plural rules lazily inside the const format(), so one object cannot be shared between threads;
// compiling a pattern costs far more than formatting with it, so each thread compiles each
// (code, language) once and keeps it (at most the catalogue's size). nullptr: the pattern does
// not compile, and the pattern text is shown as it is.
using CompiledFormats = std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>>;

CompiledFormats& compiled_formats() {
    thread_local CompiledFormats cache;
    return cache;
}

const icu::MessageFormat* compiled(std::string_view code, const std::string& pattern,
                                   const char* locale) {
    CompiledFormats& cache = compiled_formats();
    std::string key(code);
    key.push_back('@');
    key.append(locale);
    auto it = cache.find(key);
    if (it == cache.end()) {
        UErrorCode status = U_ZERO_ERROR;
        auto format = std::make_unique<icu::MessageFormat>(icu::UnicodeString::fromUTF8(pattern),
                                                           icu::Locale(locale), status);
        if (U_FAILURE(status)) {
            format.reset();
        }
        it = cache.emplace(std::move(key), std::move(format)).first;
    }
    return it->second.get();
}

std::string format(std::string_view code, const std::string& pattern, const char* locale,
                   const std::vector<std::pair<std::string, std::string>>& args) {
    const icu::MessageFormat* format = compiled(code, pattern, locale);
    if (format == nullptr) {
        return pattern;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const auto& [name, value] : args) {
        names.push_back(icu::UnicodeString::fromUTF8(name));
        // Arguments named *_date are calendar dates, written the language's way.
        if (name.size() > 5 && name.compare(name.size() - 5, 5, "_date") == 0) {
            values.emplace_back(long_date(value, locale));
            continue;
        }
        // Counts and limits (whole numbers of up to 9 digits, no leading zero) become numbers, so
        // that plural forms ("3 дня", "5 дней") work. Identifiers are longer (СНИЛС 11 digits, ЕНП
        // 16, ЭЛН 12) and stay text, never "910,000,000,001".
        const bool count =
            !value.empty() && value.size() <= 9 && (value == "0" || value[0] != '0') &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (count) {
            values.emplace_back(static_cast<int64_t>(std::stoll(value)));
        } else {
            values.emplace_back(icu::UnicodeString::fromUTF8(value));
        }
    }
    icu::UnicodeString out;
    format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
    if (U_FAILURE(status)) {
        return pattern;
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

} // namespace

Message render(std::string_view code,
               const std::vector<std::pair<std::string, std::string>>& args) {
    const auto& messages = catalogue();
    const auto it = messages.find(code);
    if (it == messages.end()) {
        return Message{std::string(code), std::string(code)};
    }
    return Message{format(code, it->second.en, "en", args),
                   format(code, it->second.ru, "ru", args)};
}

Message render(const Problem& problem) {
    return render(problem.code, problem.args);
}

bool has_message(std::string_view code) {
    return catalogue().count(code) != 0;
}

std::size_t compiled_formats_on_this_thread() {
    return compiled_formats().size();
}

namespace {
// The common case: А–я, Ё, ё and single inner spaces or hyphens only. Such text is NFC already
// (none of these letters decomposes), trimmed, and holds Cyrillic letters only.
bool plain_cyrillic(std::string_view utf8) noexcept {
    if (utf8.empty() || utf8.front() == ' ' || utf8.back() == ' ') {
        return false;
    }
    char previous = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b == ' ' || b == '-') {
            if (previous == ' ') {
                return false;
            }
            previous = static_cast<char>(b);
            continue;
        }
        if (i + 1 >= utf8.size()) {
            return false;
        }
        const auto b2 = static_cast<unsigned char>(utf8[i + 1]);
        // U+0410–U+043F: D0 90–D0 BF; U+0440–U+044F: D1 80–D1 8F; Ё U+0401: D0 81; ё U+0451: D1 91.
        const bool letter = (b == 0xD0 && ((b2 >= 0x90 && b2 <= 0xBF) || b2 == 0x81)) ||
                            (b == 0xD1 && ((b2 >= 0x80 && b2 <= 0x8F) || b2 == 0x91));
        if (!letter) {
            return false;
        }
        previous = 0;
        ++i;
    }
    return true;
}
} // namespace

std::string normalize_name_part(std::string_view utf8) {
    if (plain_cyrillic(utf8)) {
        return std::string(utf8);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU NFC normaliser unavailable");
    }
    // Work on UTF-8 throughout: most names are already NFC, and then nothing is converted.
    const icu::StringPiece input(utf8.data(), static_cast<int32_t>(utf8.size()));
    std::string composed;
    std::string_view text = utf8;
    if (!nfc->isNormalizedUTF8(input, status)) {
        status = U_ZERO_ERROR;
        icu::StringByteSink<std::string> sink(&composed);
        nfc->normalizeUTF8(0, input, sink, nullptr, status);
        text = composed;
    }
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU normalisation failed");
    }
    // Trim, and fold each run of white space to one space.
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0 && u_isUWhiteSpace(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.append(
            text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

std::string matching_key(std::string_view normalized_utf8) {
    UErrorCode status = U_ZERO_ERROR;
    std::string folded;
    icu::StringByteSink<std::string> sink(&folded);
    icu::CaseMap::utf8Fold(
        U_FOLD_CASE_DEFAULT,
        icu::StringPiece(normalized_utf8.data(), static_cast<int32_t>(normalized_utf8.size())),
        sink, nullptr, status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU case folding failed");
    }
    // ё (U+0451, D1 91) → е (U+0435, D0 B5): both two bytes in UTF-8, replaced in place.
    for (std::size_t at = folded.find("\xD1\x91"); at != std::string::npos;
         at = folded.find("\xD1\x91", at + 2)) {
        folded[at] = '\xD0';
        folded[at + 1] = '\xB5';
    }
    return folded;
}

NameScript classify_name(std::string_view normalized_utf8) {
    NameScript result;
    if (plain_cyrillic(normalized_utf8)) {
        return result;
    }
    const auto* bytes = reinterpret_cast<const uint8_t*>(normalized_utf8.data());
    const auto length = static_cast<int32_t>(normalized_utf8.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        const int8_t type = u_charType(c);
        const bool letter = type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER ||
                            type == U_TITLECASE_LETTER || type == U_MODIFIER_LETTER ||
                            type == U_OTHER_LETTER;
        const bool mark = type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
        const bool punctuation = c == 0x20 || c == '-' || c == '\'' || c == 0x2019 || c == '.';
        if (letter) {
            UErrorCode status = U_ZERO_ERROR;
            if (uscript_getScript(c, &status) != USCRIPT_CYRILLIC) {
                result.only_cyrillic_letters = false;
            }
        } else if (!mark && !punctuation) {
            result.only_name_characters = false;
        }
    }
    return result;
}

} // namespace telemed::i18n
