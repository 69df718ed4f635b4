#include "i18n/i18n.hpp"

#include <algorithm>

#include <boost/json.hpp>
#include <date/tz.h>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/normalizer2.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
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

const char* locale_of(Language language) noexcept {
    return language == Language::ru ? "ru" : "en";
}

// The date formats telemed writes.
enum class DateStyle {
    long_date,     // «13 марта 2026 г.», "March 13, 2026"
    long_date_time // «10 марта 2026 г., 16:00», "March 10, 2026, 16:00"
};

std::unique_ptr<icu::DateFormat> create_date_format(DateStyle style, const char* locale) {
    std::unique_ptr<icu::DateFormat> created;
    if (style == DateStyle::long_date) {
        created.reset(
            icu::DateFormat::createDateInstance(icu::DateFormat::kLong, icu::Locale(locale)));
    } else {
        // The long date and the 24-hour time joined by the locale's plain joiner (its default,
        // medium style: "{1}, {0}"), not the long style's «{1} в {0}» / "{1} at {0}": a protocol
        // writes «10 марта 2026 г., 16:00».
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::DateTimePatternGenerator> generator(
            icu::DateTimePatternGenerator::createInstance(icu::Locale(locale), status));
        if (U_SUCCESS(status) && generator) {
            generator->setDateTimeFormat(generator->getDateTimeFormat());
            const icu::UnicodeString pattern =
                generator->getBestPattern(icu::UnicodeString(u"yMMMMdHHmm"), status);
            auto format =
                std::make_unique<icu::SimpleDateFormat>(pattern, icu::Locale(locale), status);
            if (U_SUCCESS(status)) {
                created = std::move(format);
            }
        }
    }
    // Formats are given wall-clock times read as UTC (calendar dates at midnight; times of day as
    // the date library computed them from the tz database), so no zone, and none of ICU's own zone
    // data, can move a date or a time.
    if (created) {
        created->adoptTimeZone(icu::TimeZone::createTimeZone("GMT"));
    }
    return created;
}

// One formatter per style, language and thread: ICU's DateFormat keeps a calendar it writes while
// formatting, so it cannot be shared, and creating one costs far more than using it. nullptr:
// ICU could not make it (kept, so that it is not tried again), and callers write ISO text.
icu::DateFormat* date_format(DateStyle style, const char* locale) {
    using Key = std::pair<DateStyle, std::string>;
    thread_local std::map<Key, std::unique_ptr<icu::DateFormat>> formats;
    Key key(style, locale);
    auto it = formats.find(key);
    if (it == formats.end()) {
        it = formats.emplace(std::move(key), create_date_format(style, locale)).first;
    }
    return it->second.get();
}

// ICU's UDate of a wall-clock time read as UTC.
UDate wall_clock(date::local_time<std::chrono::milliseconds> local) {
    return static_cast<UDate>(local.time_since_epoch().count());
}

icu::UnicodeString long_date(date::year_month_day day, const char* locale) {
    icu::DateFormat* format = day.ok() ? date_format(DateStyle::long_date, locale) : nullptr;
    if (format == nullptr) {
        return icu::UnicodeString::fromUTF8(json::format_date(day));
    }
    icu::UnicodeString out;
    format->format(wall_clock(date::local_time<std::chrono::milliseconds>(
                       date::local_days(day).time_since_epoch())),
                   out);
    return out;
}

// A calendar date "YYYY-MM-DD" in the language's long form: «13 марта 2026 г.», "March 13, 2026".
// The date is a legal fact without a time: it is formatted at midnight read as UTC, so no zone can
// move it. Text that is not such a date is shown as it is.
icu::UnicodeString long_date(const std::string& iso, const char* locale) {
    const auto day = json::parse_date(iso);
    if (!day) {
        return icu::UnicodeString::fromUTF8(iso);
    }
    return long_date(*day, locale);
}

// The city ICU names a zone by («Новосибирск», "Novosibirsk"), under ICU's canonical id of the
// zone: the tz database and ICU's data may spell a zone differently (the database's Europe/Kyiv
// is ICU 72's Europe/Kiev, named «Киев» only under that id). A zone ICU does not know (newer than
// its data) is named by the last part of its id, '_' read as a space.
icu::UnicodeString exemplar_city(const std::string& zone, const char* locale) {
    // Per thread, like the formats above (ICU's zone names load their data lazily).
    thread_local std::map<std::string, std::unique_ptr<icu::TimeZoneNames>, std::less<>> names;
    auto it = names.find(std::string_view(locale));
    if (it == names.end()) {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::TimeZoneNames> created(
            icu::TimeZoneNames::createInstance(icu::Locale(locale), status));
        if (U_FAILURE(status)) {
            created.reset();
        }
        it = names.emplace(std::string(locale), std::move(created)).first;
    }
    icu::UnicodeString city;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString canonical;
    icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(zone), canonical, status);
    if (U_SUCCESS(status) && it->second) {
        it->second->getExemplarLocationName(canonical, city);
    }
    if (city.isBogus() || city.isEmpty()) {
        std::string last = zone.substr(zone.rfind('/') + 1);
        std::replace(last.begin(), last.end(), '_', ' ');
        city = icu::UnicodeString::fromUTF8(last);
    }
    return city;
}

std::string utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
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

std::string format_date(date::year_month_day day, Language language) {
    return utf8(long_date(day, locale_of(language)));
}

std::string format_instant(std::chrono::system_clock::time_point instant,
                           const date::time_zone& zone, Language language) {
    const char* locale = locale_of(language);
    // The wall-clock time from the tz database, never from an offset written beside the instant.
    const auto local = date::floor<std::chrono::milliseconds>(zone.to_local(instant));
    icu::UnicodeString out;
    if (icu::DateFormat* format = date_format(DateStyle::long_date_time, locale)) {
        format->format(wall_clock(local), out);
    } else {
        out = icu::UnicodeString::fromUTF8(date::format("%Y-%m-%d %H:%M", local));
    }
    out.append(icu::UnicodeString(u" (")).append(exemplar_city(zone.name(), locale));
    out.append(icu::UnicodeString(u")"));
    return utf8(out);
}

std::optional<std::string> format_decimal(std::string_view plain_decimal, Language language) {
    // [-]digits[.digits], at most 32 characters: values as the readings write them, never an
    // exponent, so the text's own digits say the precision to keep.
    const std::string_view text = plain_decimal;
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
    const std::size_t integer_from = i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    if (i == integer_from || text.size() > 32) {
        return std::nullopt;
    }
    int fraction = 0;
    if (i < text.size() && text[i] == '.') {
        const std::size_t fraction_from = ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        fraction = static_cast<int>(i - fraction_from);
        if (fraction == 0) {
            return std::nullopt;
        }
    }
    if (i != text.size()) {
        return std::nullopt;
    }
    // One formatter per language, number of fraction digits and thread (at most 2 × 31), like the
    // date formats: a formatter compiles itself after a few uses, which is worth keeping.
    using Key = std::pair<Language, int>;
    thread_local std::map<Key, icu::number::LocalizedNumberFormatter> formatters;
    auto it = formatters.find(Key(language, fraction));
    if (it == formatters.end()) {
        it = formatters
                 .emplace(Key(language, fraction),
                          icu::number::NumberFormatter::withLocale(icu::Locale(locale_of(language)))
                              .grouping(UNUM_GROUPING_OFF)
                              .precision(icu::number::Precision::fixedFraction(fraction)))
                 .first;
    }
    UErrorCode status = U_ZERO_ERROR;
    const auto formatted = it->second.formatDecimal(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status);
    const icu::UnicodeString out = formatted.toString(status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return utf8(out);
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

std::string normalize_text(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU NFC normaliser unavailable");
    }
    // Work on UTF-8 throughout: most texts are already NFC, and then nothing is converted.
    const icu::StringPiece input(utf8.data(), static_cast<int32_t>(utf8.size()));
    if (nfc->isNormalizedUTF8(input, status) && U_SUCCESS(status)) {
        return std::string(utf8);
    }
    status = U_ZERO_ERROR;
    std::string composed;
    icu::StringByteSink<std::string> sink(&composed);
    nfc->normalizeUTF8(0, input, sink, nullptr, status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU normalisation failed");
    }
    return composed;
}

std::string normalize_name_part(std::string_view utf8) {
    if (plain_cyrillic(utf8)) {
        return std::string(utf8);
    }
    const std::string composed = normalize_text(utf8);
    const std::string_view text = composed;
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
