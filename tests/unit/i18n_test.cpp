// Messages (ICU MessageFormat, Russian plurals) and names (ICU normalisation, matching keys).
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "i18n/i18n.hpp"
#include "test_support.hpp"

namespace telemed {
namespace {

TEST(Messages, EveryEntryRendersInBothLanguages) {
    std::ifstream file(TELEMED_SOURCE_DIR "/src/i18n/messages.json");
    std::stringstream text;
    text << file.rdbuf();
    const auto catalogue = boost::json::parse(text.str()).as_object();
    ASSERT_GT(catalogue.size(), 30u);
    const std::vector<std::pair<std::string, std::string>> args = {
        {"limit", "5"},
        {"offset", "7"},
        {"expected", "string"},
        {"actual", "number"},
        {"allowed", "a, b"},
        {"kind", "snils"},
        {"masked", "11*-***-*** 95"},
        {"domain", "identity"},
        {"date", "2026-03-10"},
        {"other", "x"},
        {"region", "RU-XXX"},
        {"min_age", "15"},
        {"argument", "json"},
        {"version", "9"},
        {"status", "closed"},
        {"days", "21"},
        {"count", "4"},
        {"months", "10"},
        {"indication", "incapacity_review"},
        {"number", "91********01"},
        {"return_date", "2026-03-13"},
        {"closed_date", "2026-03-12"},
        {"next", "91********02"},
        {"until_date", "2026-03-12"},
        {"item", "chronic_stable"},
        {"method", "none"},
        {"years", "7"},
        {"min", "1"},
        {"max", "366"},
        {"omitted", "42"},
        // readings
        {"unit", "mmHg"},
        {"accepted", "mg/dL, mmol/L"},
        {"field", "systolic"},
        {"chosen", "2010-10-31T02:30:00+04:00"},
        {"minutes", "10"},
        {"flag", "battery_low"},
        {"first_index", "0"},
        {"first", "/readings/0"},
        {"systolic", "182"},
        {"diastolic", "111"},
        {"mean", "90"},
        {"systolic_from", "180"},
        {"diastolic_from", "110"},
        {"systolic_below", "140"},
        {"diastolic_below", "90"},
        {"value", "3.1"},
        {"censored", "none"},
        {"threshold", "54"},
        {"threshold_unit", "mg/dL"},
        {"direction", "above"},
        {"hours", "52"},
        {"from", "2026-11-20T00:00:00+03:00"},
        {"to", "2026-11-22T04:00:00+03:00"},
        // consultations
        {"event", "start"},
        {"reason", "modified"},
        {"format", "telemed.consultation/1"},
        {"jurisdiction", "RU-KIR"},
        {"verdict", "not_allowed"},
        {"channel", "sfr"},
        {"result", "7"},
        {"length", "32"},
        // operations by name
        {"operation", "no.such_operation"},
        {"function", "tm_protocol_sign"}};
    for (const auto& entry : catalogue) {
        const auto m = i18n::render(entry.key(), args);
        EXPECT_FALSE(m.en.empty()) << entry.key();
        EXPECT_FALSE(m.ru.empty()) << entry.key();
        // A pattern ICU could not parse comes back unformatted, braces and all.
        EXPECT_EQ(m.en.find('{'), std::string::npos) << entry.key() << ": " << m.en;
        EXPECT_EQ(m.ru.find('{'), std::string::npos) << entry.key() << ": " << m.ru;
    }
}

TEST(Messages, RussianPluralForms) {
    const auto form = [](const char* n) { return i18n::render("too_long", {{"limit", n}}).ru; };
    EXPECT_EQ(form("1"), "Длиннее 1 символа.");
    EXPECT_EQ(form("2"), "Длиннее 2 символов.");
    EXPECT_EQ(form("5"), "Длиннее 5 символов.");
    EXPECT_EQ(form("21"), "Длиннее 21 символа.");
    EXPECT_EQ(i18n::render("too_long", {{"limit", "5"}}).en, "Longer than 5 characters.");
}

TEST(Messages, SelectByIdentifierKind) {
    EXPECT_EQ(
        i18n::render("invalid_check_digit", {{"kind", "enp"}, {"masked", "12** **** **** **56"}})
            .ru,
        "Контрольное число ЕНП 12** **** **** **56 не сходится.");
}

TEST(Messages, DatesInEachLanguagesLongForm) {
    const auto m = i18n::render("sick_leave_closed",
                                {{"number", "91********01"}, {"return_date", "2026-03-13"}});
    EXPECT_EQ(m.ru, "Листок нетрудоспособности № 91********01 закрыт. Приступить к работе 13 марта "
                    "2026\u202Fг.");
    EXPECT_EQ(
        m.en,
        "Sick-leave certificate No. 91********01 is closed. Return to work on March 13, 2026.");
    // A leap day and a year end, whatever the machine's zone.
    EXPECT_EQ(i18n::render("sick_leave_open", {{"number", "x"}, {"until_date", "2028-02-29"}}).ru,
              "Листок нетрудоспособности № x открыт по 29 февраля 2028\u202Fг. включительно.");
    EXPECT_EQ(i18n::render("sick_leave_open", {{"number", "x"}, {"until_date", "2027-12-31"}}).en,
              "Sick-leave certificate No. x is open through December 31, 2027.");
}

TEST(Names, NormalisedToNfcTrimmedAndFolded) {
    EXPECT_EQ(i18n::normalize_name_part("  Сёмина \t  Анна  "), "Сёмина Анна");
    // е followed by a combining diaeresis (U+0308) composes to ё.
    EXPECT_EQ(i18n::normalize_name_part("Се\xCC\x88мина"), "Сёмина");
    EXPECT_EQ(i18n::normalize_name_part(" \t "), "");
}

TEST(Names, MatchingKeyIgnoresCaseAndYo) {
    EXPECT_EQ(i18n::matching_key("Сёмина"), i18n::matching_key("СЕМИНА"));
    EXPECT_EQ(i18n::matching_key("Ёлкина"), "елкина");
    EXPECT_NE(i18n::matching_key("Семина"), i18n::matching_key("Сёмкина"));
    identity::PersonName a{"Фёдоров", "Пётр", std::string("Семёнович")};
    identity::PersonName b{"ФЕДОРОВ", "петр", std::string("СЕМЕНОВИЧ")};
    EXPECT_EQ(identity::name_matching_key(a), identity::name_matching_key(b));
    EXPECT_EQ(identity::name_matching_key(a), "федоров петр семенович");
}

TEST(Names, Scripts) {
    EXPECT_TRUE(i18n::classify_name("Салтыков-Щедрин").only_cyrillic_letters);
    EXPECT_TRUE(i18n::classify_name("Д'Артаньян").only_name_characters);
    EXPECT_FALSE(i18n::classify_name("Smith").only_cyrillic_letters);
    EXPECT_TRUE(i18n::classify_name("Smith").only_name_characters);
    EXPECT_FALSE(i18n::classify_name("Иванов2").only_name_characters);
    EXPECT_FALSE(i18n::classify_name("Иванов@").only_name_characters);
}

} // namespace
} // namespace telemed
