// The consultation protocol rendered for people (text, HTML) and the Госуслуги notification; the
// ICU date and time formats they use.
#include <boost/json.hpp>
#include <functional>
#include <string>

#include "consultation/render.hpp"
#include "core/dates.hpp"
#include "i18n/i18n.hpp"
#include "test_support.hpp"

namespace telemed {
namespace {

using consultation::Language;
namespace bj = boost::json;

// A full protocol of the Kirov diagnostic centre (UTC+3): a sick-leave certificate closed.
const char* const kirov_json = R"({
  "format": "telemed.protocol/1",
  "consultation_id": "kir-2026-0001",
  "organisation": {"id": "kokdc",
                   "name": "КОГБУЗ «Кировский областной клинический диагностический центр»",
                   "jurisdiction": "RU-KIR", "time_zone": "Europe/Kirov"},
  "cabinet": {"id": "tm-1", "name": "Телемедицинский кабинет № 1"},
  "slot": {"id": "slot-17", "start": "2026-03-10T16:00:00+03:00", "end": "2026-03-10T16:20:00+03:00"},
  "doctor": {"id": "doc-7", "role": "treating_doctor", "name": "Иванова Анна Петровна"},
  "patient": {"id": "mis-1", "name": {"family": "Сёмина", "given": "Ольга", "patronymic": "Ивановна"},
              "birth_date": "1980-05-02", "sex": "female", "snils": "112-233-445 95",
              "enp": "1234567890123456"},
  "consultation_format": "doctor_patient",
  "mode": "real_time_video",
  "channel": "max",
  "identification": {"method": "esia", "verified_at": "2026-03-10T15:58:00+03:00"},
  "consent": {"id": "c-1", "type": "telemedicine", "date": "2026-03-01", "given_by": "patient"},
  "started_at": "2026-03-10T16:01:00+03:00",
  "completed_at": "2026-03-10T16:18:30+03:00",
  "interruptions": [{"lost_at": "2026-03-10T16:05:00+03:00", "resumed_at": "2026-03-10T16:07:00+03:00"}],
  "complaints": "Жалоб нет.\nТемпература 36,6.",
  "anamnesis": "ОРВИ со 2 марта.",
  "findings": "Состояние удовлетворительное.",
  "readings": {"period": {"from": "2026-03-03", "to": "2026-03-10"},
               "blood_pressure": {"count": 14, "mean": {"systolic": "128.5", "diastolic": "82.1"},
                                  "category": "high_normal"},
               "glucose": {"count": 20, "time_in_range_percent": "70"},
               "alerts": [{"date": "2026-03-08", "severity": "routine"}],
               "added_later": {"anything": [1, 2]}},
  "eligibility": {"verdict": "allowed", "visit_date": "2026-03-10",
                  "permitted_actions": ["close_sick_leave"],
                  "rule_sets": [{"id": "ru-kir.telemedicine", "version": "1.0.0"},
                                {"id": "ru.sick_leave.remote-closure-2026", "version": "1.0.0"}]},
  "outcomes": [{"kind": "certificate_closed", "number": "910000000001", "closed_date": "2026-03-10",
                "return_to_work": "2026-03-11"},
               {"kind": "questions_answered"}],
  "next_steps": "Приступить к работе 11 марта."
})";

// A Novosibirsk protocol (UTC+7) with every optional member left out but the indication, instants
// written with other offsets than the zone's, and the other outcomes.
const char* const novosibirsk_json = R"({
  "format": "telemed.protocol/1",
  "consultation_id": "nvs-2026-0042",
  "organisation": {"id": "gkb-1", "jurisdiction": "RU-NVS", "time_zone": "Asia/Novosibirsk"},
  "cabinet": {"id": "tm-3"},
  "slot": {"id": "slot-5", "start": "2026-03-10T16:00:00+07:00"},
  "doctor": {"id": "doc-12", "role": "same_organisation_doctor"},
  "patient": {"name": {"family": "Петров", "given": "Иван"}, "birth_date": "1956-11-30",
              "sex": "male"},
  "indication": "therapy_control",
  "consultation_format": "doctor_patient",
  "mode": "real_time_chat",
  "identification": {"method": "snils_birth_date", "verified_at": "2026-03-10T12:00:00+03:00"},
  "consent": {"type": "informed_voluntary", "date": "2026-02-20", "given_by": "legal_representative"},
  "started_at": "2026-03-10T09:00:00Z",
  "completed_at": "2026-03-10T09:25:00Z",
  "interruptions": [{"lost_at": "2026-03-10T09:10:00Z"}],
  "eligibility": {"verdict": "allowed_with_restrictions", "visit_date": "2026-03-10",
                  "permitted_actions": ["correct_treatment", "decide_in_person_visit"],
                  "rule_sets": [{"id": "ru-nvs.telemedicine", "version": "1.0.0"}]},
  "outcomes": [{"kind": "treatment_corrected", "text": "Эналаприл 10 мг 2 раза в день."},
               {"kind": "in_person_visit_needed", "date": "2026-03-20"},
               {"kind": "referrals", "items": ["ОАК", "ЭКГ"]},
               {"kind": "prescriptions", "items": ["Эналаприл 10 мг № 60"]},
               {"kind": "results_interpreted", "text": "Анализы в норме."},
               {"kind": "hospitalisation_recommended"}]
})";

bj::object parse(const char* json) {
    return bj::parse(json).as_object();
}

std::string text_of(const bj::object& protocol, Language language) {
    auto r = consultation::render_text(protocol, language);
    if (!r.ok()) {
        ADD_FAILURE() << r.error().problem.code << " at " << r.error().problem.pointer;
        return {};
    }
    return r.value();
}

std::string html_of(const bj::object& protocol, Language language) {
    auto r = consultation::render_html(protocol, language);
    if (!r.ok()) {
        ADD_FAILURE() << r.error().problem.code << " at " << r.error().problem.pointer;
        return {};
    }
    return r.value();
}

std::chrono::system_clock::time_point instant(const char* rfc3339) {
    const auto parsed = dates::parse_instant(rfc3339);
    EXPECT_TRUE(parsed.has_value()) << rfc3339;
    return parsed.value_or(std::chrono::system_clock::time_point());
}

const date::time_zone& zone(const char* name) {
    const date::time_zone* z = dates::find_zone(name);
    EXPECT_NE(z, nullptr) << name;
    return *z;
}

// ICU writes U+202F (narrow no-break space) between the year and «г.».
TEST(FormatInstant, NovosibirskInRussianAndEnglish) {
    const auto& nsk = zone("Asia/Novosibirsk");
    const std::string ru = "10 марта 2026\u202fг., 16:00 (Новосибирск)";
    // The same instant however it is written: the wall-clock time comes from the zone.
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T16:00:00+07:00"), nsk, Language::ru), ru);
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T09:00:00Z"), nsk, Language::ru), ru);
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T12:00:00+03:00"), nsk, Language::ru), ru);
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T09:00:00Z"), nsk, Language::en),
              "March 10, 2026, 16:00 (Novosibirsk)");
}

TEST(FormatInstant, KirovAndTheDayBoundary) {
    const auto& kirov = zone("Europe/Kirov");
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T16:00:00+03:00"), kirov, Language::ru),
              "10 марта 2026\u202fг., 16:00 (Киров)");
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T16:00:00+03:00"), kirov, Language::en),
              "March 10, 2026, 16:00 (Kirov)");
    // 20:30 UTC is still 9 March in Kirov and already 10 March in Kamchatka.
    EXPECT_EQ(i18n::format_instant(instant("2026-03-09T20:30:00Z"), kirov, Language::ru),
              "9 марта 2026\u202fг., 23:30 (Киров)");
    EXPECT_EQ(
        i18n::format_instant(instant("2026-03-09T20:30:00Z"), zone("Asia/Kamchatka"), Language::ru),
        "10 марта 2026\u202fг., 08:30 (Петропавловск-Камчатский)");
    // Seconds are not shown, and not rounded.
    EXPECT_EQ(i18n::format_instant(instant("2026-03-10T16:18:59+03:00"), kirov, Language::en),
              "March 10, 2026, 16:18 (Kirov)");
}

TEST(FormatInstant, HistoricOffsetsComeFromTheTzDatabase) {
    // Kirov was UTC+4 in 2013 (before the 2014 change); written at +00:00, shown at +4.
    EXPECT_EQ(
        i18n::format_instant(instant("2013-07-01T08:00:00Z"), zone("Europe/Kirov"), Language::ru),
        "1 июля 2013\u202fг., 12:00 (Киров)");
}

TEST(FormatDate, LongFormInBothLanguages) {
    const date::year_month_day day = date::year{1980} / date::May / date::day{2};
    EXPECT_EQ(i18n::format_date(day, Language::ru), "2 мая 1980\u202fг.");
    EXPECT_EQ(i18n::format_date(day, Language::en), "May 2, 1980");
}

TEST(FormatDecimal, KeepsTheDigitsAndWritesTheLanguagesSeparator) {
    EXPECT_EQ(i18n::format_decimal("128.5", Language::ru), "128,5");
    EXPECT_EQ(i18n::format_decimal("128.5", Language::en), "128.5");
    EXPECT_EQ(i18n::format_decimal("82.10", Language::ru), "82,10");
    EXPECT_EQ(i18n::format_decimal("-3", Language::ru), "-3");
    EXPECT_EQ(i18n::format_decimal("12345", Language::ru), "12345");
    for (const char* bad : {"", "-", "1.", ".5", "1e3", "1,5", " 1", "0x10", "1.2.3",
                            "123456789012345678901234567890123"}) {
        EXPECT_FALSE(i18n::format_decimal(bad, Language::ru).has_value()) << bad;
    }
}

TEST(RenderText, KirovInRussian) {
    const std::string g = "\u202fг.";
    const std::string expected = "Протокол телемедицинской консультации\n"
                                 "\n"
                                 "Консультация\n"
                                 "Номер консультации: kir-2026-0001\n"
                                 "Медицинская организация: КОГБУЗ «Кировский областной "
                                 "клинический диагностический центр»\n"
                                 "Телемедицинский кабинет: Телемедицинский кабинет № 1\n"
                                 "Время записи: 10 марта 2026" +
                                 g + ", 16:00 (Киров)\n" + "Окончание записи: 10 марта 2026" + g +
                                 ", 16:20 (Киров)\n"
                                 "Врач: Иванова Анна Петровна\n"
                                 "Роль врача: лечащий врач\n"
                                 "Формат: врач — пациент\n"
                                 "Режим: в режиме реального времени, видеосвязь\n"
                                 "Канал связи: национальный мессенджер MAX\n"
                                 "Начало консультации: 10 марта 2026" +
                                 g + ", 16:01 (Киров)\n" + "Окончание консультации: 10 марта 2026" +
                                 g + ", 16:18 (Киров)\n" + "Перерывы связи:\n" +
                                 "- связь прервана 10 марта 2026" + g +
                                 ", 16:05 (Киров), восстановлена 10 марта 2026" + g +
                                 ", 16:07 (Киров)\n"
                                 "\n"
                                 "Пациент\n"
                                 "Ф. И. О.: Сёмина Ольга Ивановна\n"
                                 "Дата рождения: 2 мая 1980" +
                                 g + "\n" +
                                 "Пол: женский\n"
                                 "СНИЛС: 11*-***-*** 95\n"
                                 "ЕНП (полис ОМС): 12** **** **** **56\n"
                                 "Идентификация: через ЕСИА (Госуслуги), 10 марта 2026" +
                                 g + ", 15:58 (Киров)\n" +
                                 "Согласие: согласие на консультацию с применением "
                                 "телемедицинских технологий, дано пациентом 1 марта 2026" +
                                 g + ", № c-1\n" +
                                 "\n"
                                 "Сведения о состоянии пациента\n"
                                 "Жалобы: Жалоб нет.\n"
                                 "  Температура 36,6.\n"
                                 "Анамнез: ОРВИ со 2 марта.\n"
                                 "Объективные данные: Состояние удовлетворительное.\n"
                                 "\n"
                                 "Показатели самоконтроля\n"
                                 "Период: с 3 марта 2026" +
                                 g + " по 10 марта 2026" + g + "\n" +
                                 "Артериальное давление: измерений: 14; среднее: 128,5/82,1 мм "
                                 "рт. ст.; категория: высокое нормальное\n"
                                 "Глюкоза: измерений: 20; время в целевом диапазоне: 70\u00a0%\n"
                                 "Оповещения:\n"
                                 "- 8 марта 2026" +
                                 g + ": плановое\n" +
                                 "\n"
                                 "Решение о дистанционной консультации\n"
                                 "Решение: консультация допустима\n"
                                 "Дата приёма: 10 марта 2026" +
                                 g + "\n" +
                                 "Разрешённые действия:\n"
                                 "- закрытие листка нетрудоспособности\n"
                                 "Субъект Российской Федерации: RU-KIR\n"
                                 "Наборы правил:\n"
                                 "- ru-kir.telemedicine, версия 1.0.0\n"
                                 "- ru.sick_leave.remote-closure-2026, версия 1.0.0\n"
                                 "\n"
                                 "Итоги консультации\n"
                                 "Принятые решения:\n"
                                 "- Листок нетрудоспособности № 910000000001 закрыт 10 марта 2026" +
                                 g + " Приступить к работе 11 марта 2026" + g + "\n" +
                                 "- Даны ответы на вопросы пациента\n"
                                 "Дальнейшие действия: Приступить к работе 11 марта.\n";
    EXPECT_EQ(text_of(parse(kirov_json), Language::ru), expected);
}

TEST(RenderText, NovosibirskInEnglish) {
    const std::string text = text_of(parse(novosibirsk_json), Language::en);
    for (const char* line : {
             "Telemedicine consultation protocol\n",
             "Medical organisation: gkb-1\n",
             "Telemedicine room: tm-3\n",
             "Appointment: March 10, 2026, 16:00 (Novosibirsk)\n",
             "Doctor: doc-12\n",
             "Doctor's role: doctor of the same organisation\n",
             "Indication: Control of drug therapy or specialised treatment\n",
             "Mode: real time, text messages\n",
             "Started: March 10, 2026, 16:00 (Novosibirsk)\n",
             "Completed: March 10, 2026, 16:25 (Novosibirsk)\n",
             "Connection interruptions:\n- lost on March 10, 2026, 16:10 (Novosibirsk), not "
             "restored\n",
             "Name: Петров Иван\n",
             "Date of birth: November 30, 1956\n",
             "Sex: male\n",
             "Identification: by SNILS and date of birth, March 10, 2026, 16:00 (Novosibirsk)\n",
             "Consent: informed voluntary consent to medical intervention, given by the legal "
             "representative on February 20, 2026\n",
             "Decision: the consultation is allowed with restrictions\n",
             "Permitted actions:\n- correcting the treatment\n- deciding on an in-person visit\n",
             "Rule sets:\n- ru-nvs.telemedicine, version 1.0.0\n",
             "- Treatment corrected: Эналаприл 10 мг 2 раза в день.\n",
             "- An in-person visit is needed on March 20, 2026\n",
             "- Referrals issued: ОАК; ЭКГ\n",
             "- Prescriptions issued: Эналаприл 10 мг № 60\n",
             "- Results of studies interpreted: Анализы в норме.\n",
             "- Hospitalisation recommended\n",
         }) {
        EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
    }
    // Nothing that is absent is shown: no SNILS, ENP, channel, slot end, clinical texts or
    // readings.
    for (const char* absent : {"SNILS:", "ENP", "Channel", "Appointment ends", "Complaints",
                               "Home readings", "Next steps"}) {
        EXPECT_EQ(text.find(absent), std::string::npos) << absent;
    }
}

TEST(RenderText, NovosibirskIndicationInRussianFromTheRuleData) {
    const std::string text = text_of(parse(novosibirsk_json), Language::ru);
    EXPECT_NE(text.find("Показание: Контроль лекарственной терапии или специализированного "
                        "лечения\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Время записи: 10 марта 2026\u202fг., 16:00 (Новосибирск)\n"),
              std::string::npos);
    EXPECT_NE(text.find("Перерывы связи:\n- связь прервана 10 марта 2026\u202fг., 16:10 "
                        "(Новосибирск), не восстановлена\n"),
              std::string::npos);
    EXPECT_NE(text.find("- Необходим очный приём 20 марта 2026\u202fг.\n"), std::string::npos);
}

TEST(RenderText, IdentifiersAreMaskedEverywhere) {
    const auto protocol = parse(kirov_json);
    for (Language language : {Language::ru, Language::en}) {
        for (const std::string& out : {text_of(protocol, language), html_of(protocol, language)}) {
            EXPECT_NE(out.find("11*-***-*** 95"), std::string::npos);
            EXPECT_NE(out.find("12** **** **** **56"), std::string::npos);
            for (const char* full : {"112-233-445 95", "11223344595", "1234567890123456",
                                     "1234 5678", "233-445", "567890"}) {
                EXPECT_EQ(out.find(full), std::string::npos) << full;
            }
            // The MIS id of the patient is not shown either.
            EXPECT_EQ(out.find("mis-1"), std::string::npos);
            // The certificate is the doctor's document: its number is shown in full.
            EXPECT_NE(out.find("910000000001"), std::string::npos);
        }
    }
    // An ENP written in groups is masked the same way.
    auto grouped = protocol;
    grouped["patient"].as_object()["enp"] = "1234 5678 9012 3456";
    grouped["patient"].as_object()["snils"] = "11223344595";
    const std::string text = text_of(grouped, Language::ru);
    EXPECT_NE(text.find("ЕНП (полис ОМС): 12** **** **** **56\n"), std::string::npos);
    EXPECT_NE(text.find("СНИЛС: 11*-***-*** 95\n"), std::string::npos);
}

TEST(RenderHtml, ACompleteDocumentWithEveryTextEscaped) {
    auto protocol = parse(kirov_json);
    protocol["complaints"] = "<script>alert(\"x\")</script> & 'y'\nвторая строка";
    protocol["cabinet"].as_object()["name"] = "Кабинет <b>1</b>";
    const std::string html = html_of(protocol, Language::ru);
    EXPECT_EQ(
        html.rfind("<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n", 0),
        0u)
        << html;
    EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                        "'none'\">"),
              std::string::npos);
    EXPECT_NE(html.find("<title>Протокол телемедицинской консультации</title>"), std::string::npos);
    EXPECT_NE(html.find("<h1>Протокол телемедицинской консультации</h1>"), std::string::npos);
    EXPECT_NE(html.find("<dt>Жалобы</dt>\n<dd>&lt;script&gt;alert(&quot;x&quot;)&lt;/"
                        "script&gt; &amp; &#39;y&#39;<br>вторая строка</dd>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<dd>Кабинет &lt;b&gt;1&lt;/b&gt;</dd>"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("<dt>Принятые решения</dt>\n<dd><ul>\n<li>Листок нетрудоспособности № "
                        "910000000001 закрыт 10 марта 2026\u202fг. Приступить к работе 11 марта "
                        "2026\u202fг.</li>\n<li>Даны ответы на вопросы пациента</li>\n</ul></dd>"),
              std::string::npos)
        << html;
    EXPECT_EQ(html.substr(html.size() - 16), "</body>\n</html>\n");
    // No resource is referenced and nothing runs.
    for (const char* forbidden : {"src=", "href=", "style", "<link", "<img", "on"}) {
        if (std::string_view(forbidden) == "on") {
            EXPECT_EQ(html.find(" on"), std::string::npos);
            continue;
        }
        EXPECT_EQ(html.find(forbidden), std::string::npos) << forbidden;
    }
}

TEST(RenderHtml, EnglishDocumentSaysItsLanguage) {
    const std::string html = html_of(parse(novosibirsk_json), Language::en);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
    EXPECT_NE(html.find("<dt>Doctor&#39;s role</dt>"), std::string::npos);
}

TEST(RenderText, ControlCharactersDoNotReachTheOutput) {
    auto protocol = parse(kirov_json);
    protocol["findings"] = "a\x1b[2Jb\x7f\r\nc\rd\te";
    const std::string text = text_of(protocol, Language::en);
    EXPECT_NE(text.find("Findings: a\uFFFD[2Jb\uFFFD\n  c\n  d\te\n"), std::string::npos) << text;
}

struct Broken {
    const char* what;
    std::function<void(bj::object&)> change;
    const char* pointer;
    const char* code;
};

TEST(RenderText, AnUnreadableProtocolIsAnErrorAtItsPointer) {
    const std::vector<Broken> cases = {
        {"slot start missing", [](bj::object& p) { p["slot"].as_object().erase("start"); },
         "/slot/start", "invalid_protocol"},
        {"slot start not an instant",
         [](bj::object& p) { p["slot"].as_object()["start"] = "2026-03-10 16:00"; }, "/slot/start",
         "invalid_protocol"},
        {"no organisation", [](bj::object& p) { p.erase("organisation"); }, "/organisation",
         "invalid_protocol"},
        {"organisation not an object", [](bj::object& p) { p["organisation"] = "kokdc"; },
         "/organisation", "invalid_protocol"},
        {"unknown zone",
         [](bj::object& p) { p["organisation"].as_object()["time_zone"] = "Europe/Nowhere"; },
         "/organisation/time_zone", "unknown_time_zone"},
        {"other format", [](bj::object& p) { p["format"] = "telemed.protocol/2"; }, "/format",
         "invalid_protocol"},
        {"interruptions not an array", [](bj::object& p) { p["interruptions"] = bj::object(); },
         "/interruptions", "invalid_protocol"},
        {"unknown outcome",
         [](bj::object& p) { p["outcomes"].as_array()[1].as_object()["kind"] = "teleported"; },
         "/outcomes/1/kind", "invalid_protocol"},
        {"certificate number not 12 digits",
         [](bj::object& p) { p["outcomes"].as_array()[0].as_object()["number"] = "91000"; },
         "/outcomes/0/number", "invalid_protocol"},
        {"SNILS of 10 digits",
         [](bj::object& p) { p["patient"].as_object()["snils"] = "112-233-445 9"; },
         "/patient/snils", "invalid_protocol"},
        {"negative count",
         [](bj::object& p) {
             p["readings"].as_object()["blood_pressure"].as_object()["count"] = -1;
         },
         "/readings/blood_pressure/count", "invalid_protocol"},
        {"mean not a decimal",
         [](bj::object& p) {
             p["readings"]
                 .as_object()["blood_pressure"]
                 .as_object()["mean"]
                 .as_object()["systolic"] = "high";
         },
         "/readings/blood_pressure/mean/systolic", "invalid_protocol"},
        {"unknown action",
         [](bj::object& p) {
             p["eligibility"].as_object()["permitted_actions"].as_array().push_back("fly");
         },
         "/eligibility/permitted_actions/1", "invalid_protocol"},
        {"unknown indication", [](bj::object& p) { p["indication"] = "boredom"; }, "/indication",
         "invalid_protocol"},
        {"not UTF-8", [](bj::object& p) { p["findings"] = "\xC3\x28"; }, "/findings",
         "invalid_protocol"},
        {"period without its end",
         [](bj::object& p) { p["readings"].as_object()["period"].as_object().erase("to"); },
         "/readings/period/to", "invalid_protocol"},
    };
    for (const auto& c : cases) {
        auto protocol = parse(kirov_json);
        c.change(protocol);
        for (Language language : {Language::ru, Language::en}) {
            const auto text = consultation::render_text(protocol, language);
            const auto html = consultation::render_html(protocol, language);
            ASSERT_FALSE(text.ok()) << c.what;
            ASSERT_FALSE(html.ok()) << c.what;
            EXPECT_EQ(text.error().status, Status::validation) << c.what;
            EXPECT_EQ(text.error().problem.code, c.code) << c.what;
            EXPECT_EQ(text.error().problem.pointer, c.pointer) << c.what;
            EXPECT_EQ(html.error().problem.pointer, c.pointer) << c.what;
            // The message names what was expected, never the value found.
            const auto message = i18n::render(text.error().problem);
            EXPECT_EQ(message.en.find('{'), std::string::npos) << message.en;
            EXPECT_EQ(message.ru.find('{'), std::string::npos) << message.ru;
        }
        const auto notification = consultation::gosuslugi_notification(protocol, "doc-1");
        ASSERT_FALSE(notification.ok()) << c.what;
        EXPECT_EQ(notification.error().problem.pointer, c.pointer) << c.what;
    }
    // An empty object: the first member read is missing.
    const auto empty = consultation::render_text(bj::object(), Language::ru);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().problem.pointer, "/format");
}

// Every member removed in turn, and every member replaced by a value of another type: a rendering
// either succeeds (the member was optional, or unknown) or fails at that member or below it.
TEST(RenderText, NoMemberRemovedOrRetypedCrashes) {
    const auto original = parse(kirov_json);
    std::vector<std::string> pointers;
    std::function<void(const bj::value&, const std::string&)> walk = [&](const bj::value& v,
                                                                         const std::string& at) {
        if (!at.empty()) {
            pointers.push_back(at);
        }
        if (const auto* o = v.if_object()) {
            for (const auto& kv : *o) {
                walk(kv.value(), at + "/" + std::string(kv.key()));
            }
        } else if (const auto* a = v.if_array()) {
            for (std::size_t i = 0; i < a->size(); ++i) {
                walk((*a)[i], at + "/" + std::to_string(i));
            }
        }
    };
    walk(bj::value(original), "");
    ASSERT_GT(pointers.size(), 60u);
    const std::vector<bj::value> replacements = {bj::value(nullptr),
                                                 bj::value(7),
                                                 bj::value("x"),
                                                 bj::value(bj::array{1}),
                                                 bj::value(bj::object{{"a", 1}}),
                                                 bj::value(true)};
    for (const auto& pointer : pointers) {
        const auto slash = pointer.rfind('/');
        const std::string parent = pointer.substr(0, slash), last = pointer.substr(slash + 1);
        for (std::size_t variant = 0; variant <= replacements.size(); ++variant) {
            bj::value copy(original);
            bj::value* target_parent = parent.empty() ? &copy : nullptr;
            if (!parent.empty()) {
                boost::system::error_code ec;
                target_parent = copy.find_pointer(parent, ec);
            }
            ASSERT_NE(target_parent, nullptr) << parent;
            if (variant == replacements.size()) {
                if (auto* o = target_parent->if_object()) {
                    o->erase(last);
                } else {
                    auto& a = target_parent->as_array();
                    a.erase(a.begin() + std::stol(last));
                }
            } else {
                if (auto* o = target_parent->if_object()) {
                    (*o)[last] = replacements[variant];
                } else {
                    target_parent->as_array()[std::stoul(last)] = replacements[variant];
                }
            }
            const auto& doc = copy.as_object();
            for (Language language : {Language::ru, Language::en}) {
                const auto text = consultation::render_text(doc, language);
                if (!text.ok()) {
                    const auto& at = text.error().problem.pointer;
                    EXPECT_EQ(at.rfind(pointer, 0), 0u) << "changed " << pointer << " (variant "
                                                        << variant << "), failed at " << at;
                }
                const auto html = consultation::render_html(doc, language);
                EXPECT_EQ(html.ok(), text.ok()) << pointer;
            }
            const auto notification = consultation::gosuslugi_notification(doc, "ref");
            (void)notification;
        }
    }
}

TEST(GosuslugiNotification, KirovCertificateClosed) {
    const auto r = consultation::gosuslugi_notification(parse(kirov_json), "esign:prot/kir-1");
    ASSERT_TRUE(r.ok()) << r.error().problem.code << " at " << r.error().problem.pointer;
    const bj::object expected = {
        {"title",
         {{"ru", "Протокол телемедицинской консультации от 10 марта 2026\u202fг."},
          {"en", "Telemedicine consultation protocol of March 10, 2026"}}},
        {"text",
         {{"ru", "Ваша телемедицинская консультация состоялась 10 марта 2026\u202fг., 16:01 "
                 "(Киров). Медицинская организация: КОГБУЗ «Кировский областной клинический "
                 "диагностический центр». Листок нетрудоспособности № 91********01 закрыт. "
                 "Приступить к работе 11 марта 2026\u202fг. Даны ответы на ваши вопросы. "
                 "Протокол подписан электронной подписью и доступен в личном кабинете."},
          {"en", "Your telemedicine consultation took place on March 10, 2026, 16:01 (Kirov). "
                 "Medical organisation: КОГБУЗ «Кировский областной клинический диагностический "
                 "центр». Sick-leave certificate No. 91********01 is closed. Return to work on "
                 "March 11, 2026. Your questions were answered. The protocol is signed with an "
                 "electronic signature and available in your personal account."}}},
        {"document",
         {{"ref", "esign:prot/kir-1"},
          {"format", "telemed.protocol/1"},
          {"consultation_id", "kir-2026-0001"}}}};
    EXPECT_EQ(r.value(), expected) << bj::serialize(r.value());
    // Nothing that identifies the patient.
    const std::string all = bj::serialize(r.value());
    for (const char* personal : {"Сёмина", "Ольга", "Ивановна", "1980", "мая", "May", "95", "**56",
                                 "910000000001", "mis-1"}) {
        EXPECT_EQ(all.find(personal), std::string::npos) << personal;
    }
}

TEST(GosuslugiNotification, NovosibirskOutcomesWithoutFreeText) {
    const auto r = consultation::gosuslugi_notification(parse(novosibirsk_json), "ref-2");
    ASSERT_TRUE(r.ok());
    const auto& text = r.value().at("text").as_object();
    EXPECT_EQ(text.at("ru").as_string(),
              "Ваша телемедицинская консультация состоялась 10 марта 2026\u202fг., 16:00 "
              "(Новосибирск). Медицинская организация: gkb-1. Лечение скорректировано. Необходим "
              "очный приём 20 марта 2026\u202fг. Выданы направления. Выписаны рецепты. Результаты "
              "исследований интерпретированы. Рекомендована госпитализация. Протокол подписан "
              "электронной подписью и доступен в личном кабинете.");
    EXPECT_EQ(text.at("en").as_string(),
              "Your telemedicine consultation took place on March 10, 2026, 16:00 (Novosibirsk). "
              "Medical organisation: gkb-1. Your treatment was adjusted. An in-person visit is "
              "needed on March 20, 2026. Referrals were issued. Prescriptions were issued. The "
              "results of your studies were interpreted. Hospitalisation is recommended. The "
              "protocol is signed with an electronic signature and available in your personal "
              "account.");
    EXPECT_EQ(r.value().at("title").at("ru").as_string(),
              "Протокол телемедицинской консультации от 10 марта 2026\u202fг.");
}

TEST(GosuslugiNotification, ClosedWithoutAReturnDate) {
    auto protocol = parse(kirov_json);
    protocol["outcomes"].as_array()[0].as_object().erase("return_to_work");
    const auto r = consultation::gosuslugi_notification(protocol, "ref");
    ASSERT_TRUE(r.ok());
    const std::string ru(r.value().at("text").at("ru").as_string());
    EXPECT_NE(ru.find(" Листок нетрудоспособности № 91********01 закрыт 10 марта 2026\u202fг. "
                      "Даны ответы"),
              std::string::npos)
        << ru;
}

TEST(GosuslugiNotification, DocumentRefIsRequired) {
    const auto r = consultation::gosuslugi_notification(parse(kirov_json), "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, Status::invalid_argument);
    EXPECT_EQ(r.error().problem.pointer, "/document/ref");
}

} // namespace
} // namespace telemed
