// The consultation protocol for people (text, HTML) and the patient's Госуслуги notification.
// The protocol is read once into a model, defensively (it comes from our own producer, but a
// rendering must never crash on a document it did not expect), then written out.
#include "consultation/render.hpp"

#include <chrono>
#include <cstdint>
#include <date/tz.h>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unicode/utf8.h>
#include <utility>
#include <vector>

#include "consultation/internal.hpp"
#include "core/dates.hpp"
#include "rules/loader.hpp"
#include "sick_leave/internal.hpp"
#include "telemed/decimal.hpp"
#include "telemed/identity.hpp"
#include "json/strict.hpp"

namespace telemed::consultation {

namespace {

namespace bj = boost::json;
using Instant = std::chrono::system_clock::time_point;

// ---------------------------------------------------------------------------------------------
// Words

// A text in both languages.
struct Words {
    std::string_view ru;
    std::string_view en;
};

std::string_view in(const Words& words, Language language) {
    return language == Language::ru ? words.ru : words.en;
}

// A value the protocol writes as an id, with its words.
struct Term {
    std::string_view id;
    Words words;
};

using Terms = std::span<const Term>;

// Role names as docs/eligibility.md gives them.
constexpr Term roles[] = {
    {"treating_doctor", {"лечащий врач", "treating doctor"}},
    {"same_organisation_doctor",
     {"врач той же медицинской организации", "doctor of the same organisation"}},
    {"specialist_consultant", {"врач-консультант", "consulting specialist"}},
    {"feldsher", {"фельдшер", "feldsher (physician assistant)"}},
};

constexpr Term sexes[] = {
    {"female", {"женский", "female"}},
    {"male", {"мужской", "male"}},
};

constexpr Term formats[] = {
    {"doctor_patient", {"врач — пациент", "doctor–patient"}},
    {"doctor_doctor", {"врач — врач", "doctor–doctor"}},
    {"doctor_doctor_patient", {"врач — врач — пациент", "doctor–doctor–patient"}},
};

constexpr Term modes[] = {
    {"real_time_video", {"в режиме реального времени, видеосвязь", "real time, video call"}},
    {"real_time_chat",
     {"в режиме реального времени, обмен сообщениями", "real time, text messages"}},
    {"deferred", {"отложенный режим", "deferred"}},
};

constexpr Term channels[] = {
    {"max", {"национальный мессенджер MAX", "the national messenger MAX"}},
    {"other", {"иной канал связи", "another channel"}},
};

constexpr Term identification_methods[] = {
    {"esia", {"через ЕСИА (Госуслуги)", "through ESIA (Gosuslugi)"}},
    {"snils_birth_date", {"по СНИЛС и дате рождения", "by SNILS and date of birth"}},
    {"enp_birth_date",
     {"по ЕНП (номеру полиса ОМС) и дате рождения",
      "by ENP (OMS policy number) and date of birth"}},
};

constexpr Term consent_types[] = {
    {"telemedicine",
     {"согласие на консультацию с применением телемедицинских технологий",
      "consent to a telemedicine consultation"}},
    {"informed_voluntary",
     {"информированное добровольное согласие на медицинское вмешательство",
      "informed voluntary consent to medical intervention"}},
};

constexpr Term consent_givers[] = {
    {"patient", {"пациентом", "by the patient"}},
    {"legal_representative", {"законным представителем", "by the legal representative"}},
};

constexpr Term verdicts[] = {
    {"allowed", {"консультация допустима", "the consultation is allowed"}},
    {"allowed_with_restrictions",
     {"консультация допустима с ограничениями", "the consultation is allowed with restrictions"}},
};

// The planned actions of docs/eligibility.md.
constexpr Term actions[] = {
    {"interpret_results",
     {"интерпретация результатов исследований", "interpreting the results of studies"}},
    {"correct_treatment", {"коррекция лечения", "correcting the treatment"}},
    {"prescribe_new_treatment", {"назначение нового лечения", "prescribing a new treatment"}},
    {"close_sick_leave",
     {"закрытие листка нетрудоспособности", "closing the sick-leave certificate"}},
    {"extend_sick_leave",
     {"продление листка нетрудоспособности", "extending the sick-leave certificate"}},
    {"issue_subsidised_prescription",
     {"выписка льготного электронного рецепта", "issuing a subsidised e-prescription"}},
    {"issue_referrals", {"выдача направлений", "issuing referrals"}},
    {"answer_questions", {"ответы на вопросы пациента", "answering the patient's questions"}},
    {"decide_in_person_visit",
     {"решение о необходимости очного приёма", "deciding on an in-person visit"}},
    {"recommend_hospitalisation", {"рекомендация госпитализации", "recommending hospitalisation"}},
};

// The office categories of docs/readings.md (ESH 2023), in the Russian guideline's words.
constexpr Term bp_categories[] = {
    {"optimal", {"оптимальное", "optimal"}},
    {"normal", {"нормальное", "normal"}},
    {"high_normal", {"высокое нормальное", "high normal"}},
    {"grade_1", {"артериальная гипертензия 1-й степени", "grade 1 hypertension"}},
    {"grade_2", {"артериальная гипертензия 2-й степени", "grade 2 hypertension"}},
    {"grade_3", {"артериальная гипертензия 3-й степени", "grade 3 hypertension"}},
};

constexpr Term alert_severities[] = {
    {"urgent", {"срочное", "urgent"}},
    {"routine", {"плановое", "routine"}},
};

// Outcomes: the headline of each kind (in_person_visit_needed and certificate_closed are written
// with their dates below).
constexpr Term outcome_kinds[] = {
    {"results_interpreted",
     {"Результаты исследований интерпретированы", "Results of studies interpreted"}},
    {"treatment_corrected", {"Лечение скорректировано", "Treatment corrected"}},
    {"in_person_visit_needed", {"Необходим очный приём", "An in-person visit is needed on"}},
    {"referrals", {"Выданы направления", "Referrals issued"}},
    {"prescriptions", {"Выписаны рецепты", "Prescriptions issued"}},
    {"certificate_closed", {"", ""}},
    {"hospitalisation_recommended",
     {"Рекомендована госпитализация", "Hospitalisation recommended"}},
    {"questions_answered", {"Даны ответы на вопросы пациента", "The patient's questions answered"}},
};

// The same outcomes as the patient reads them in the notification.
constexpr Term outcome_kinds_for_patient[] = {
    {"results_interpreted",
     {"Результаты исследований интерпретированы", "The results of your studies were interpreted"}},
    {"treatment_corrected", {"Лечение скорректировано", "Your treatment was adjusted"}},
    {"in_person_visit_needed", {"Необходим очный приём", "An in-person visit is needed on"}},
    {"referrals", {"Выданы направления", "Referrals were issued"}},
    {"prescriptions", {"Выписаны рецепты", "Prescriptions were issued"}},
    {"certificate_closed", {"", ""}},
    {"hospitalisation_recommended",
     {"Рекомендована госпитализация", "Hospitalisation is recommended"}},
    {"questions_answered", {"Даны ответы на ваши вопросы", "Your questions were answered"}},
};

const Words title{"Протокол телемедицинской консультации", "Telemedicine consultation protocol"};
const Words none{"нет", "none"};

// ---------------------------------------------------------------------------------------------
// Reading

Error invalid(std::string pointer, std::string_view expected) {
    return Error{Status::validation, Problem{"invalid_protocol",
                                             std::move(pointer),
                                             "",
                                             Severity::error,
                                             {{"expected", std::string(expected)}}}};
}

// Whether text is well-formed UTF-8 (a document built in code was never checked by a parser).
bool well_formed_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    if (static_cast<std::size_t>(length) != text.size()) {
        return false;
    }
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            return false;
        }
    }
    return true;
}

// The first failure of a reading; later reads return nothing.
struct Failure {
    std::optional<Error> error;
    void set(Error e) {
        if (!error) {
            error = std::move(e);
        }
    }
};

// The members of one object of the protocol. A member that is null counts as absent. A required
// member that is absent or of the wrong type fails the reading at its pointer; an optional one
// that is absent gives nothing. Members not asked for are ignored.
class Members {
public:
    Members(const bj::value* value, std::string pointer, Failure& failure)
        : pointer_(std::move(pointer)), failure_(&failure) {
        if (value != nullptr) {
            object_ = value->if_object();
            if (object_ == nullptr) {
                failure.set(invalid(pointer_, "object"));
            }
        }
    }

    // The root object of the document.
    Members(const bj::object& object, Failure& failure) : object_(&object), failure_(&failure) {}

    bool present() const { return object_ != nullptr; }
    std::string at(std::string_view key) const { return json::pointer_key(pointer_, key); }

    // Any value of a member.
    const bj::value* value(std::string_view key, bool required, std::string_view expected) const {
        const bj::value* v = nullptr;
        if (object_ != nullptr) {
            v = object_->if_contains(key);
        }
        if (v != nullptr && v->is_null()) {
            v = nullptr;
        }
        if (v == nullptr && required) {
            failure_->set(invalid(at(key), expected));
        }
        return v;
    }

    Members object(std::string_view key, bool required) const {
        return Members(value(key, required, "object"), at(key), *failure_);
    }

    const bj::array* array(std::string_view key, bool required) const {
        const bj::value* v = value(key, required, "array");
        if (v == nullptr) {
            return nullptr;
        }
        if (!v->is_array()) {
            failure_->set(invalid(at(key), "array"));
            return nullptr;
        }
        return &v->get_array();
    }

    // A string of well-formed UTF-8. An empty one is absent.
    std::optional<std::string> text(std::string_view key, bool required) const {
        const bj::value* v = value(key, required, "string");
        if (v == nullptr) {
            return std::nullopt;
        }
        const bj::string* s = v->if_string();
        if (s == nullptr || !well_formed_utf8(*s)) {
            failure_->set(invalid(at(key), s == nullptr ? "string" : "utf8"));
            return std::nullopt;
        }
        if (s->empty()) {
            if (required) {
                failure_->set(invalid(at(key), "string"));
            }
            return std::nullopt;
        }
        return std::string(*s);
    }

    // A string that is one of `terms`' ids.
    const Term* choice(std::string_view key, bool required, Terms terms) const {
        const auto s = text(key, required);
        if (!s) {
            return nullptr;
        }
        for (const Term& term : terms) {
            if (term.id == *s) {
                return &term;
            }
        }
        failure_->set(invalid(at(key), "value"));
        return nullptr;
    }

    std::optional<date::year_month_day> day(std::string_view key, bool required) const {
        const auto s = text(key, required);
        if (!s) {
            return std::nullopt;
        }
        const auto parsed = json::parse_date(*s);
        if (!parsed) {
            failure_->set(invalid(at(key), "date"));
        }
        return parsed;
    }

    std::optional<Instant> instant(std::string_view key, bool required) const {
        const auto s = text(key, required);
        if (!s) {
            return std::nullopt;
        }
        const auto parsed = dates::parse_instant(*s);
        if (!parsed) {
            failure_->set(invalid(at(key), "instant"));
        }
        return parsed;
    }

    // A whole number of 0 or more.
    std::optional<std::int64_t> count(std::string_view key, bool required) const {
        const bj::value* v = value(key, required, "count");
        if (v == nullptr) {
            return std::nullopt;
        }
        if (v->is_int64() && v->get_int64() >= 0) {
            return v->get_int64();
        }
        if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(
                                                     std::numeric_limits<std::int64_t>::max())) {
            return static_cast<std::int64_t>(v->get_uint64());
        }
        failure_->set(invalid(at(key), "count"));
        return std::nullopt;
    }

    // A decimal written in the language's way: from a string "128.5" or a JSON number.
    std::optional<std::string> decimal(std::string_view key, bool required,
                                       Language language) const {
        const bj::value* v = value(key, required, "decimal");
        if (v == nullptr) {
            return std::nullopt;
        }
        std::optional<std::string> plain;
        if (const bj::string* s = v->if_string()) {
            plain = std::string(*s);
        } else if (const auto d = json::decimal_of(*v)) {
            plain = d->to_string();
        }
        std::optional<std::string> written;
        if (plain) {
            written = i18n::format_decimal(*plain, language);
        }
        if (!written) {
            failure_->set(invalid(at(key), "decimal"));
        }
        return written;
    }

private:
    const bj::object* object_ = nullptr;
    std::string pointer_;
    Failure* failure_;
};

// Element `index` of an array member, read as an object.
Members element(const bj::array& array, const Members& parent, std::string_view key,
                std::size_t index, Failure& failure) {
    return Members(&array[index], json::pointer_index(parent.at(key), index), failure);
}

// A list of non-empty strings.
std::vector<std::string> strings(const Members& parent, std::string_view key, bool required,
                                 Failure& failure) {
    std::vector<std::string> out;
    const bj::array* items = parent.array(key, required);
    if (items == nullptr) {
        return out;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const bj::string* s = (*items)[i].if_string();
        if (s == nullptr || s->empty() || !well_formed_utf8(*s)) {
            failure.set(invalid(json::pointer_index(parent.at(key), i),
                                s != nullptr && !s->empty() ? "utf8" : "string"));
            return out;
        }
        out.emplace_back(*s);
    }
    return out;
}

// The digits of an identifier written with the usual spaces and hyphens ("112-233-445 95",
// "1234 5678 9012 3456"), when there are exactly `count` of them and nothing else.
std::optional<std::string> identifier_digits(std::string_view written, std::size_t count) {
    std::string digits;
    for (char c : written) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c != ' ' && c != '-') {
            return std::nullopt;
        }
    }
    return digits.size() == count ? std::optional<std::string>(digits) : std::nullopt;
}

// A member that is a СНИЛС or ЕНП, masked by the identity domain's rule (first two and last two
// digits shown). The full value never leaves this function.
std::optional<std::string> masked_identifier(const Members& parent, std::string_view key,
                                             identity::IdentifierType type, Failure& failure) {
    const auto written = parent.text(key, false);
    if (!written) {
        return std::nullopt;
    }
    const bool snils = type == identity::IdentifierType::snils;
    const auto digits = identifier_digits(*written, snils ? 11 : 16);
    if (!digits) {
        failure.set(invalid(parent.at(key), snils ? "snils" : "enp"));
        return std::nullopt;
    }
    return identity::mask(type, *digits);
}

// ---------------------------------------------------------------------------------------------
// The model

struct Interruption {
    Instant lost;
    std::optional<Instant> resumed;
};

struct RuleSetRef {
    std::string id;
    std::string version;
};

struct Outcome {
    const Term* kind = nullptr;
    std::optional<std::string> text;
    std::optional<date::year_month_day> day; // in_person_visit_needed
    std::vector<std::string> items;          // referrals, prescriptions
    std::string number;                      // certificate_closed
    std::optional<date::year_month_day> closed;
    std::optional<date::year_month_day> return_to_work;
};

struct Alert {
    date::year_month_day day;
    const Term* severity = nullptr;
};

// The readings, already written in the protocol's language (their numbers are localised).
struct Readings {
    std::optional<std::pair<date::year_month_day, date::year_month_day>> period;
    std::optional<std::vector<std::string>> blood_pressure; // its parts
    std::optional<std::vector<std::string>> glucose;
    std::optional<std::vector<Alert>> alerts;
};

struct Protocol {
    std::string consultation_id;
    std::string organisation; // name, else id
    std::string jurisdiction;
    const date::time_zone* zone = nullptr;
    std::string cabinet; // name, else id
    Instant slot_start;
    std::optional<Instant> slot_end;
    std::string doctor; // name, else id
    const Term* role = nullptr;
    std::string patient_name;
    date::year_month_day birth_date;
    const Term* sex = nullptr;
    std::optional<std::string> snils_masked;
    std::optional<std::string> enp_masked;
    std::optional<std::string> indication;
    const Term* format = nullptr;
    const Term* mode = nullptr;
    const Term* channel = nullptr;
    const Term* identification = nullptr;
    Instant verified_at;
    std::optional<std::string> consent_id;
    const Term* consent_type = nullptr;
    date::year_month_day consent_date;
    const Term* consent_given_by = nullptr;
    Instant started;
    Instant completed;
    std::vector<Interruption> interruptions;
    std::optional<std::string> complaints;
    std::optional<std::string> anamnesis;
    std::optional<std::string> findings;
    std::optional<Readings> readings;
    const Term* verdict = nullptr;
    date::year_month_day visit_date;
    std::vector<const Term*> permitted;
    std::vector<RuleSetRef> rule_sets;
    std::vector<Outcome> outcomes;
    std::optional<std::string> next_steps;
};

// The indication's names from the rule data (rule eligibility.indications, names_ru/names_en,
// src/eligibility/eligibility_nvs_rules.json): from a built-in rule set the protocol says was
// applied (id and version), else from any built-in set that names it. Nothing when none does.
std::optional<Words> indication_names(const std::string& id, const std::vector<RuleSetRef>& used) {
    std::optional<Words> found;
    bool found_in_used = false;
    for (const rules::RuleSet& set : rules::built_in_rule_sets()) {
        bool applied = false;
        for (const RuleSetRef& ref : used) {
            applied = applied || (ref.id == set.id && ref.version == set.version);
        }
        if (found_in_used || (found && !applied)) {
            continue;
        }
        for (const rules::Rule& rule : set.rules) {
            if (rule.id != "eligibility.indications") {
                continue;
            }
            const auto& ru = rule.string_map("names_ru");
            const auto& en = rule.string_map("names_en");
            const auto name_ru = ru.find(id), name_en = en.find(id);
            if (name_ru != ru.end() && name_en != en.end()) {
                // The rule sets live for the process, so views of their strings stay valid.
                found = Words{name_ru->second, name_en->second};
                found_in_used = applied;
            }
        }
    }
    return found;
}

void read_readings(const Members& r, Language language, Protocol& p, Failure& failure) {
    const auto is_ru = language == Language::ru;
    Readings out;
    const Members period = r.object("period", false);
    if (period.present()) {
        const auto from = period.day("from", true), to = period.day("to", true);
        if (from && to) {
            out.period = std::make_pair(*from, *to);
        }
    }
    const std::string count_label = is_ru ? "измерений: " : "readings: ";
    const Members bp = r.object("blood_pressure", false);
    if (bp.present()) {
        std::vector<std::string> parts;
        if (const auto count = bp.count("count", false)) {
            parts.push_back(count_label + std::to_string(*count));
        }
        const Members mean = bp.object("mean", false);
        if (mean.present()) {
            const auto systolic = mean.decimal("systolic", false, language);
            const auto diastolic = mean.decimal("diastolic", false, language);
            const std::string unit = is_ru ? " мм рт. ст." : " mmHg";
            if (systolic && diastolic) {
                parts.push_back((is_ru ? "среднее: " : "mean: ") + *systolic + "/" + *diastolic +
                                unit);
            } else if (systolic) {
                parts.push_back((is_ru ? "среднее систолическое: " : "mean systolic: ") +
                                *systolic + unit);
            } else if (diastolic) {
                parts.push_back((is_ru ? "среднее диастолическое: " : "mean diastolic: ") +
                                *diastolic + unit);
            }
        }
        if (const Term* category = bp.choice("category", false, bp_categories)) {
            parts.push_back((is_ru ? "категория: " : "category: ") +
                            std::string(in(category->words, language)));
        }
        out.blood_pressure = std::move(parts);
    }
    const Members glucose = r.object("glucose", false);
    if (glucose.present()) {
        std::vector<std::string> parts;
        if (const auto count = glucose.count("count", false)) {
            parts.push_back(count_label + std::to_string(*count));
        }
        if (const auto tir = glucose.decimal("time_in_range_percent", false, language)) {
            // Russian puts a no-break space before the percent sign (ГОСТ 8.417), English none.
            parts.push_back(is_ru ? "время в целевом диапазоне: " + *tir + "\u00a0%"
                                  : "time in range: " + *tir + "%");
        }
        out.glucose = std::move(parts);
    }
    if (const bj::array* alerts = r.array("alerts", false)) {
        std::vector<Alert> list;
        for (std::size_t i = 0; i < alerts->size(); ++i) {
            const Members a = element(*alerts, r, "alerts", i, failure);
            const auto day = a.day("date", true);
            const Term* severity = a.choice("severity", true, alert_severities);
            if (day && severity != nullptr) {
                list.push_back(Alert{*day, severity});
            }
        }
        out.alerts = std::move(list);
    }
    p.readings = std::move(out);
}

std::optional<Outcome> read_outcome(const Members& o, Failure& failure) {
    Outcome out;
    out.kind = o.choice("kind", true, outcome_kinds);
    if (out.kind == nullptr) {
        return std::nullopt;
    }
    const std::string_view kind = out.kind->id;
    if (kind == "referrals" || kind == "prescriptions") {
        out.items = strings(o, "items", true, failure);
    } else if (kind == "certificate_closed") {
        const auto number = o.text("number", true);
        if (number && !sick_leave::detail::valid_number(*number)) {
            failure.set(invalid(o.at("number"), "sick_leave_number"));
        }
        out.number = number.value_or("");
        out.closed = o.day("closed_date", true);
        out.return_to_work = o.day("return_to_work", false);
    } else {
        out.text = o.text("text", kind == "treatment_corrected");
        if (kind == "in_person_visit_needed") {
            out.day = o.day("date", true);
        }
    }
    return out;
}

// Reads the whole protocol. Words that depend on the language (localised numbers) are written
// here already; everything else waits for the renderer.
Result<Protocol> read_protocol(const bj::object& document, Language language) {
    Failure failure;
    const Members doc(document, failure);
    Protocol p;
    if (const auto format = doc.text("format", true);
        format && *format != detail::protocol_format) {
        failure.set(invalid(doc.at("format"), "format"));
    }
    p.consultation_id = doc.text("consultation_id", true).value_or("");

    const Members organisation = doc.object("organisation", true);
    const auto organisation_id = organisation.text("id", true);
    p.organisation =
        organisation.text("name", false).value_or(organisation_id.value_or(std::string()));
    p.jurisdiction = organisation.text("jurisdiction", true).value_or("");
    if (const auto zone = organisation.text("time_zone", true)) {
        p.zone = dates::find_zone(*zone);
        if (p.zone == nullptr) {
            failure.set(Error{
                Status::validation,
                Problem{
                    "unknown_time_zone", organisation.at("time_zone"), "", Severity::error, {}}});
        }
    }

    const Members cabinet = doc.object("cabinet", true);
    const auto cabinet_id = cabinet.text("id", true);
    p.cabinet = cabinet.text("name", false).value_or(cabinet_id.value_or(std::string()));

    const Members slot = doc.object("slot", true);
    slot.text("id", true);
    p.slot_start = slot.instant("start", true).value_or(Instant());
    p.slot_end = slot.instant("end", false);

    const Members doctor = doc.object("doctor", true);
    const auto doctor_id = doctor.text("id", true);
    p.role = doctor.choice("role", true, roles);
    p.doctor = doctor.text("name", false).value_or(doctor_id.value_or(std::string()));

    // The patient's id in the MIS is not read: a reader of the protocol has no use for it.
    const Members patient = doc.object("patient", true);
    const Members name = patient.object("name", true);
    const auto family = name.text("family", true), given = name.text("given", true);
    const auto patronymic = name.text("patronymic", false);
    p.patient_name = family.value_or("") + " " + given.value_or("");
    if (patronymic) {
        p.patient_name += " " + *patronymic;
    }
    p.birth_date = patient.day("birth_date", true).value_or(date::year_month_day());
    p.sex = patient.choice("sex", true, sexes);
    p.snils_masked = masked_identifier(patient, "snils", identity::IdentifierType::snils, failure);
    p.enp_masked = masked_identifier(patient, "enp", identity::IdentifierType::enp, failure);

    const auto indication = doc.text("indication", false);
    p.format = doc.choice("consultation_format", true, formats);
    p.mode = doc.choice("mode", true, modes);
    p.channel = doc.choice("channel", false, channels);

    const Members identification = doc.object("identification", true);
    p.identification = identification.choice("method", true, identification_methods);
    p.verified_at = identification.instant("verified_at", true).value_or(Instant());

    const Members consent = doc.object("consent", true);
    p.consent_id = consent.text("id", false);
    p.consent_type = consent.choice("type", true, consent_types);
    p.consent_date = consent.day("date", true).value_or(date::year_month_day());
    p.consent_given_by = consent.choice("given_by", true, consent_givers);

    p.started = doc.instant("started_at", true).value_or(Instant());
    p.completed = doc.instant("completed_at", true).value_or(Instant());
    if (const bj::array* interruptions = doc.array("interruptions", true)) {
        for (std::size_t i = 0; i < interruptions->size(); ++i) {
            const Members it = element(*interruptions, doc, "interruptions", i, failure);
            const auto lost = it.instant("lost_at", true);
            const auto resumed = it.instant("resumed_at", false);
            if (lost) {
                p.interruptions.push_back(Interruption{*lost, resumed});
            }
        }
    }

    p.complaints = doc.text("complaints", false);
    p.anamnesis = doc.text("anamnesis", false);
    p.findings = doc.text("findings", false);
    const Members home = doc.object("readings", false);
    if (home.present()) {
        read_readings(home, language, p, failure);
    }

    const Members decision = doc.object("eligibility", true);
    p.verdict = decision.choice("verdict", true, verdicts);
    p.visit_date = decision.day("visit_date", true).value_or(date::year_month_day());
    if (const bj::array* permitted = decision.array("permitted_actions", true)) {
        for (std::size_t i = 0; i < permitted->size(); ++i) {
            const Term* action = nullptr;
            if (const bj::string* s = (*permitted)[i].if_string()) {
                for (const Term& term : actions) {
                    action = term.id == *s ? &term : action;
                }
            }
            if (action == nullptr) {
                failure.set(
                    invalid(json::pointer_index(decision.at("permitted_actions"), i), "value"));
                break;
            }
            p.permitted.push_back(action);
        }
    }
    if (const bj::array* sets = decision.array("rule_sets", true)) {
        for (std::size_t i = 0; i < sets->size(); ++i) {
            const Members set = element(*sets, decision, "rule_sets", i, failure);
            const auto id = set.text("id", true), version = set.text("version", true);
            if (id && version) {
                p.rule_sets.push_back(RuleSetRef{*id, *version});
            }
        }
    }

    if (const bj::array* outcomes = doc.array("outcomes", true)) {
        for (std::size_t i = 0; i < outcomes->size(); ++i) {
            if (auto outcome =
                    read_outcome(element(*outcomes, doc, "outcomes", i, failure), failure)) {
                p.outcomes.push_back(std::move(*outcome));
            }
        }
    }
    p.next_steps = doc.text("next_steps", false);

    // The indication's words come from the rule sets the decision names, so they are looked up
    // once those are read.
    if (indication && !failure.error) {
        const auto names = indication_names(*indication, p.rule_sets);
        if (!names) {
            failure.set(invalid(doc.at("indication"), "value"));
        } else {
            p.indication = std::string(in(*names, language));
        }
    }
    if (failure.error) {
        return *failure.error;
    }
    return p;
}

// ---------------------------------------------------------------------------------------------
// The document, shared by the text and the HTML

// A labelled value: one value, or a list.
struct Row {
    std::string label;
    std::vector<std::string> values;
    bool list = false;
};

struct Section {
    std::string heading;
    std::vector<Row> rows;
};

struct Document {
    Language language = Language::ru;
    std::string title;
    std::vector<Section> sections;
};

// Builds the rows of a section.
class Rows {
public:
    Rows(Language language, std::string heading) : language_(language) {
        section_.heading = std::move(heading);
    }
    Rows& add(const Words& label, std::string value) {
        section_.rows.push_back(Row{std::string(in(label, language_)), {std::move(value)}, false});
        return *this;
    }
    Rows& add(const Words& label, const std::optional<std::string>& value) {
        return value ? add(label, *value) : *this;
    }
    // A list; "none" when it is empty.
    Rows& list(const Words& label, std::vector<std::string> values) {
        if (values.empty()) {
            return add(label, std::string(in(none, language_)));
        }
        section_.rows.push_back(Row{std::string(in(label, language_)), std::move(values), true});
        return *this;
    }
    bool empty() const { return section_.rows.empty(); }
    Section take() { return std::move(section_); }

private:
    Language language_;
    Section section_;
};

std::string words(const Term* term, Language language) {
    return term == nullptr ? std::string() : std::string(in(term->words, language));
}

// A sentence: the text with a full stop, unless it ends with one already («… 2026 г.»).
std::string sentence(std::string text) {
    if (!text.empty() && text.back() != '.') {
        text.push_back('.');
    }
    return text;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out.append(separator);
        }
        out.append(part);
    }
    return out;
}

// The certificate's closure, with its number as the reader may see it.
std::string certificate_closed(const Outcome& o, const std::string& number, Language language,
                               bool with_closed_date) {
    // The sick-leave domain's own messages (src/i18n/messages.json), so that a closure reads the
    // same wherever it is reported.
    i18n::Message m;
    if (with_closed_date || !o.return_to_work) {
        m = i18n::render("sick_leave_closed_on",
                         {{"number", number}, {"closed_date", json::format_date(*o.closed)}});
        std::string text = sentence(language == Language::ru ? m.ru : m.en);
        if (o.return_to_work) {
            const std::string day = i18n::format_date(*o.return_to_work, language);
            text += language == Language::ru ? " Приступить к работе " + day
                                             : " Return to work on " + day + ".";
        }
        return sentence(text);
    }
    m = i18n::render("sick_leave_closed",
                     {{"number", number}, {"return_date", json::format_date(*o.return_to_work)}});
    return sentence(language == Language::ru ? m.ru : m.en);
}

// An outcome's headline, and its free text, when `detailed` (the protocol); the patient's words
// without free text otherwise (the notification).
std::string outcome_line(const Outcome& o, Language language, bool detailed) {
    const std::string_view kind = o.kind->id;
    if (kind == "certificate_closed") {
        // In full in the protocol (the doctor's document), masked elsewhere (docs/sick-leave.md).
        return certificate_closed(
            o, detailed ? o.number : sick_leave::detail::mask_number(o.number), language, detailed);
    }
    std::string line(in(o.kind->words, language));
    if (!detailed) {
        for (const Term& term : outcome_kinds_for_patient) {
            if (term.id == kind) {
                line = std::string(in(term.words, language));
            }
        }
    }
    if (kind == "in_person_visit_needed") {
        line += ' ';
        line += i18n::format_date(*o.day, language);
    }
    if (detailed && !o.items.empty()) {
        line += ": " + join(o.items, "; ");
    } else if (detailed && o.text) {
        line += ": " + *o.text;
    }
    return line;
}

Document build_document(const Protocol& p, Language language) {
    const bool ru = language == Language::ru;
    const auto at = [&](Instant instant) {
        return i18n::format_instant(instant, *p.zone, language);
    };
    const auto day = [&](date::year_month_day d) { return i18n::format_date(d, language); };
    Document doc;
    doc.language = language;
    doc.title = std::string(in(title, language));

    Rows general(language, ru ? "Консультация" : "Consultation");
    general.add({"Номер консультации", "Consultation number"}, p.consultation_id)
        .add({"Медицинская организация", "Medical organisation"}, p.organisation)
        .add({"Телемедицинский кабинет", "Telemedicine room"}, p.cabinet)
        .add({"Время записи", "Appointment"}, at(p.slot_start));
    if (p.slot_end) {
        general.add({"Окончание записи", "Appointment ends"}, at(*p.slot_end));
    }
    general.add({"Врач", "Doctor"}, p.doctor)
        .add({"Роль врача", "Doctor's role"}, words(p.role, language))
        .add({"Показание", "Indication"}, p.indication)
        .add({"Формат", "Format"}, words(p.format, language))
        .add({"Режим", "Mode"}, words(p.mode, language));
    if (p.channel != nullptr) {
        general.add({"Канал связи", "Channel"}, words(p.channel, language));
    }
    general.add({"Начало консультации", "Started"}, at(p.started))
        .add({"Окончание консультации", "Completed"}, at(p.completed));
    std::vector<std::string> interruptions;
    for (const Interruption& i : p.interruptions) {
        std::string line = (ru ? "связь прервана " : "lost on ") + at(i.lost);
        line += i.resumed ? (ru ? ", восстановлена " : ", restored on ") + at(*i.resumed)
                          : std::string(ru ? ", не восстановлена" : ", not restored");
        interruptions.push_back(std::move(line));
    }
    general.list({"Перерывы связи", "Connection interruptions"}, std::move(interruptions));
    doc.sections.push_back(general.take());

    Rows patient(language, ru ? "Пациент" : "Patient");
    patient.add({"Ф. И. О.", "Name"}, p.patient_name)
        .add({"Дата рождения", "Date of birth"}, day(p.birth_date))
        .add({"Пол", "Sex"}, words(p.sex, language))
        .add({"СНИЛС", "SNILS"}, p.snils_masked)
        .add({"ЕНП (полис ОМС)", "ENP (OMS policy)"}, p.enp_masked)
        .add({"Идентификация", "Identification"},
             words(p.identification, language) + ", " + at(p.verified_at));
    std::string consent = words(p.consent_type, language) + (ru ? ", дано " : ", given ") +
                          words(p.consent_given_by, language) + (ru ? " " : " on ") +
                          day(p.consent_date);
    if (p.consent_id) {
        consent += (ru ? ", № " : ", No. ") + *p.consent_id;
    }
    patient.add({"Согласие", "Consent"}, consent);
    doc.sections.push_back(patient.take());

    Rows clinical(language, ru ? "Сведения о состоянии пациента" : "Clinical information");
    clinical.add({"Жалобы", "Complaints"}, p.complaints)
        .add({"Анамнез", "History"}, p.anamnesis)
        .add({"Объективные данные", "Findings"}, p.findings);
    if (!clinical.empty()) {
        doc.sections.push_back(clinical.take());
    }

    if (p.readings) {
        const Readings& r = *p.readings;
        Rows home(language, ru ? "Показатели самоконтроля" : "Home readings");
        if (r.period) {
            home.add({"Период", "Period"},
                     ru ? "с " + day(r.period->first) + " по " + day(r.period->second)
                        : day(r.period->first) + " to " + day(r.period->second));
        }
        const std::string no_data = ru ? "нет данных" : "no data";
        if (r.blood_pressure) {
            home.add({"Артериальное давление", "Blood pressure"},
                     r.blood_pressure->empty() ? no_data : join(*r.blood_pressure, "; "));
        }
        if (r.glucose) {
            home.add({"Глюкоза", "Glucose"}, r.glucose->empty() ? no_data : join(*r.glucose, "; "));
        }
        if (r.alerts) {
            std::vector<std::string> alerts;
            for (const Alert& a : *r.alerts) {
                alerts.push_back(day(a.day) + ": " + words(a.severity, language));
            }
            home.list({"Оповещения", "Alerts"}, std::move(alerts));
        }
        doc.sections.push_back(home.take());
    }

    Rows decision(language, ru ? "Решение о дистанционной консультации" : "Eligibility");
    decision.add({"Решение", "Decision"}, words(p.verdict, language))
        .add({"Дата приёма", "Visit date"}, day(p.visit_date));
    std::vector<std::string> permitted;
    for (const Term* action : p.permitted) {
        permitted.push_back(words(action, language));
    }
    decision.list({"Разрешённые действия", "Permitted actions"}, std::move(permitted))
        .add({"Субъект Российской Федерации", "Jurisdiction"}, p.jurisdiction);
    std::vector<std::string> sets;
    for (const RuleSetRef& set : p.rule_sets) {
        sets.push_back(set.id + (ru ? ", версия " : ", version ") + set.version);
    }
    decision.list({"Наборы правил", "Rule sets"}, std::move(sets));
    doc.sections.push_back(decision.take());

    Rows outcomes(language, ru ? "Итоги консультации" : "Outcome");
    std::vector<std::string> lines;
    for (const Outcome& o : p.outcomes) {
        lines.push_back(outcome_line(o, language, true));
    }
    outcomes.list({"Принятые решения", "Decisions taken"}, std::move(lines))
        .add({"Дальнейшие действия", "Next steps"}, p.next_steps);
    doc.sections.push_back(outcomes.take());
    return doc;
}

// ---------------------------------------------------------------------------------------------
// Writing

// Each line of a text: "\r\n", "\r" and "\n" end a line. Control characters other than the tab
// (and U+FFFE/U+FFFF-like noncharacters) become U+FFFD, so that no text can move a terminal's
// cursor or make the HTML invalid.
std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines(1);
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i < length && bytes[i] == '\n') {
                ++i;
            }
            lines.emplace_back();
            continue;
        }
        const bool control = c < 0 || (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) ||
                             (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
        if (control) {
            lines.back().append("\uFFFD");
        } else {
            lines.back().append(
                text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    return lines;
}

// Appends a value's lines: the first as it is, the others indented by two spaces.
void append_lines(std::string& out, std::string_view value) {
    bool first = true;
    for (const auto& line : lines_of(value)) {
        if (!first) {
            out.append("\n  ");
        }
        out.append(line);
        first = false;
    }
    out.push_back('\n');
}

std::string write_text(const Document& doc) {
    std::string out;
    append_lines(out, doc.title);
    for (const Section& section : doc.sections) {
        out.push_back('\n');
        append_lines(out, section.heading);
        for (const Row& row : section.rows) {
            out.append(row.label).push_back(':');
            if (!row.list) {
                out.push_back(' ');
                append_lines(out, row.values.front());
                continue;
            }
            out.push_back('\n');
            for (const auto& value : row.values) {
                out.append("- ");
                append_lines(out, value);
            }
        }
    }
    return out;
}

// Escaped HTML text; line breaks become <br>.
void append_html(std::string& out, std::string_view text) {
    bool first = true;
    for (const auto& line : lines_of(text)) {
        if (!first) {
            out.append("<br>");
        }
        first = false;
        for (char c : line) {
            switch (c) {
            case '&':
                out.append("&amp;");
                break;
            case '<':
                out.append("&lt;");
                break;
            case '>':
                out.append("&gt;");
                break;
            case '"':
                out.append("&quot;");
                break;
            case '\'':
                out.append("&#39;");
                break;
            default:
                out.push_back(c);
            }
        }
    }
}

std::string write_html(const Document& doc) {
    std::string out;
    out.append("<!DOCTYPE html>\n<html lang=\"")
        .append(doc.language == Language::ru ? "ru" : "en")
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Nothing may load or run, whatever a text might hold.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n")
        .append("<title>");
    append_html(out, doc.title);
    out.append("</title>\n</head>\n<body>\n<h1>");
    append_html(out, doc.title);
    out.append("</h1>\n");
    for (const Section& section : doc.sections) {
        out.append("<section>\n<h2>");
        append_html(out, section.heading);
        out.append("</h2>\n<dl>\n");
        for (const Row& row : section.rows) {
            out.append("<dt>");
            append_html(out, row.label);
            out.append("</dt>\n<dd>");
            if (!row.list) {
                append_html(out, row.values.front());
            } else {
                out.append("<ul>\n");
                for (const auto& value : row.values) {
                    out.append("<li>");
                    append_html(out, value);
                    out.append("</li>\n");
                }
                out.append("</ul>");
            }
            out.append("</dd>\n");
        }
        out.append("</dl>\n</section>\n");
    }
    out.append("</body>\n</html>\n");
    return out;
}

// The notification's title and text in one language.
std::pair<std::string, std::string> notification(const Protocol& p, Language language) {
    const bool ru = language == Language::ru;
    const std::string day = i18n::format_date(dates::calendar_date(p.started, p.zone), language);
    std::string title_text = std::string(in(title, language)) + (ru ? " от " : " of ") + day;
    std::string text = ru ? "Ваша телемедицинская консультация состоялась "
                          : "Your telemedicine consultation took place on ";
    text += i18n::format_instant(p.started, *p.zone, language) + ". ";
    text +=
        sentence((ru ? "Медицинская организация: " : "Medical organisation: ") + p.organisation);
    // The outcomes in words only: their free texts may be clinical detail, which the signed
    // protocol holds.
    for (const Outcome& o : p.outcomes) {
        text += ' ';
        text += sentence(outcome_line(o, language, false));
    }
    text += ru ? " Протокол подписан электронной подписью и доступен в личном кабинете."
               : " The protocol is signed with an electronic signature and available in your "
                 "personal account.";
    return {std::move(title_text), std::move(text)};
}

} // namespace

Result<std::string> render_text(const boost::json::object& protocol, Language language) {
    auto p = read_protocol(protocol, language);
    if (!p.ok()) {
        return p.error();
    }
    return write_text(build_document(p.value(), language));
}

Result<std::string> render_html(const boost::json::object& protocol, Language language) {
    auto p = read_protocol(protocol, language);
    if (!p.ok()) {
        return p.error();
    }
    return write_html(build_document(p.value(), language));
}

Result<boost::json::object> gosuslugi_notification(const boost::json::object& protocol,
                                                   std::string_view document_ref) {
    if (document_ref.empty() || !well_formed_utf8(document_ref)) {
        return Error{Status::invalid_argument,
                     Problem{document_ref.empty() ? "empty_string" : "invalid_utf8",
                             "/document/ref",
                             "",
                             Severity::error,
                             {}}};
    }
    // The model's few language-bound words (the readings' numbers, the indication) are not part of
    // a notification, so one reading serves both languages.
    auto read = read_protocol(protocol, Language::ru);
    if (!read.ok()) {
        return read.error();
    }
    const Protocol& p = read.value();
    const auto [title_ru, text_ru] = notification(p, Language::ru);
    const auto [title_en, text_en] = notification(p, Language::en);
    bj::object out;
    out["title"] = bj::object{{"ru", title_ru}, {"en", title_en}};
    out["text"] = bj::object{{"ru", text_ru}, {"en", text_en}};
    out["document"] = bj::object{{"ref", document_ref},
                                 {"format", detail::protocol_format},
                                 {"consultation_id", p.consultation_id}};
    return out;
}

} // namespace telemed::consultation
