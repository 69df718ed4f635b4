#include "i18n/i18n.hpp"

#include <boost/json.hpp>
#include <map>
#include <stdexcept>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <vector>

#include "core/embedded.hpp"

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

std::string format(const std::string& pattern, const char* locale,
                   const std::vector<std::pair<std::string, std::string>>& args) {
    UErrorCode status = U_ZERO_ERROR;
    icu::MessageFormat format(icu::UnicodeString::fromUTF8(pattern), icu::Locale(locale), status);
    if (U_FAILURE(status)) {
        return pattern;
    }
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const auto& [name, value] : args) {
        names.push_back(icu::UnicodeString::fromUTF8(name));
        // Whole numbers become numbers, so that plural forms ("3 дня", "5 дней") work.
        char* end = nullptr;
        const long long n = std::strtoll(value.c_str(), &end, 10);
        if (!value.empty() && end != nullptr && *end == '\0') {
            values.emplace_back(static_cast<int64_t>(n));
        } else {
            values.emplace_back(icu::UnicodeString::fromUTF8(value));
        }
    }
    icu::UnicodeString out;
    format.format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
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
    return Message{format(it->second.en, "en", args), format(it->second.ru, "ru", args)};
}

Message render(const Problem& problem) {
    return render(problem.code, problem.args);
}

bool has_message(std::string_view code) {
    return catalogue().count(code) != 0;
}

std::string normalize_name_part(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU NFC normaliser unavailable");
    }
    const icu::UnicodeString normalized =
        nfc->normalize(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
                       status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU normalisation failed");
    }
    icu::UnicodeString folded;
    bool pending_space = false;
    for (int32_t i = 0; i < normalized.length();) {
        const UChar32 c = normalized.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c)) {
            pending_space = folded.length() > 0;
            continue;
        }
        if (pending_space) {
            folded.append(static_cast<UChar>(0x20));
            pending_space = false;
        }
        folded.append(c);
    }
    std::string out;
    folded.toUTF8String(out);
    return out;
}

std::string matching_key(std::string_view normalized_utf8) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(normalized_utf8.data(), static_cast<int32_t>(normalized_utf8.size())));
    s.foldCase(U_FOLD_CASE_DEFAULT);
    s.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x0451)),
                     icu::UnicodeString(static_cast<UChar>(0x0435)));
    std::string out;
    s.toUTF8String(out);
    return out;
}

NameScript classify_name(std::string_view normalized_utf8) {
    NameScript result;
    const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(normalized_utf8.data(), static_cast<int32_t>(normalized_utf8.size())));
    for (int32_t i = 0; i < s.length();) {
        const UChar32 c = s.char32At(i);
        i += U16_LENGTH(c);
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
