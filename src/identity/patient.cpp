// The patient: strict reading, checks against ru.identity, normalisation, and writing back.
#include <algorithm>

#include "core/dates.hpp"
#include "core/response.hpp"
#include "i18n/i18n.hpp"
#include "identity/internal.hpp"

namespace telemed::identity {

namespace {

using json::ObjectReader;
using json::Problems;
using json::bj::array;
using json::bj::object;
using json::bj::value;

constexpr std::size_t max_name_chars = 100;

bool after(date::year_month_day a, date::year_month_day b) {
    return date::sys_days(a) > date::sys_days(b);
}

// Everything one reading needs; the patient is built into `patient`.
struct PatientReader {
    const Context& context;
    const rules::View& view;
    rules::Trace& trace;
    Problems problems;
    date::year_month_day today;
    std::optional<Error> rule_error; // a rule the reading needs is not in force

    const rules::Rule* required_rule(std::string_view id) {
        auto rule = detail::require(view, id, trace);
        if (!rule.ok()) {
            if (!rule_error) {
                rule_error = rule.error();
            }
            return nullptr;
        }
        return rule.value();
    }

    std::optional<date::year_month_day> past_date(ObjectReader& r, std::string_view key,
                                                  bool required) {
        auto d = r.date(key, required);
        if (d && after(*d, today)) {
            problems.add("future_date", r.at(key));
            return std::nullopt;
        }
        return d;
    }

    std::optional<std::string> name_part(ObjectReader& r, std::string_view key, bool required) {
        // The raw text may carry extra white space; the limit applies to the normalised text.
        auto raw = r.string(key, required, max_name_chars * 4);
        if (!raw) {
            return std::nullopt;
        }
        std::string part = i18n::normalize_name_part(*raw);
        if (part.empty()) {
            problems.add("empty_string", r.at(key));
            return std::nullopt;
        }
        if (json::code_points(part) > max_name_chars) {
            problems.add("too_long", r.at(key), {}, {{"limit", std::to_string(max_name_chars)}});
            return std::nullopt;
        }
        const auto script = i18n::classify_name(part);
        if (!script.only_name_characters) {
            problems.add("invalid_characters", r.at(key));
            return std::nullopt;
        }
        if (!script.only_cyrillic_letters) {
            if (const auto* rule = view.use("identity.name.cyrillic_only", trace)) {
                problems.add("name_not_cyrillic", r.at(key), rule->id);
                return std::nullopt;
            }
            problems.add("name_not_cyrillic", r.at(key), {}, {}, Severity::warning);
        }
        return part;
    }

    std::optional<PersonName> name(ObjectReader& parent, std::string_view key, bool required) {
        const auto* v = parent.value(key, required);
        if (v == nullptr) {
            return std::nullopt;
        }
        ObjectReader r(*v, parent, key);
        PersonName n;
        auto family = name_part(r, "family", true);
        auto given = name_part(r, "given", true);
        n.patronymic = name_part(r, "patronymic", false);
        r.finish();
        if (!family || !given) {
            return std::nullopt;
        }
        n.family = *family;
        n.given = *given;
        return n;
    }

    std::optional<std::string> icd10(ObjectReader& r) {
        auto code = r.string("icd10", true, 8);
        if (!code) {
            return std::nullopt;
        }
        // A letter, two digits, and optionally a point with one or two digits: I10, E11.9, I25.11.
        const std::string& c = *code;
        const auto digit = [&](std::size_t i) {
            return i < c.size() && c[i] >= '0' && c[i] <= '9';
        };
        bool ok = c.size() >= 3 && c[0] >= 'A' && c[0] <= 'Z' && digit(1) && digit(2);
        if (ok && c.size() > 3) {
            ok = c[3] == '.' && (c.size() == 5 || c.size() == 6) && digit(4) &&
                 (c.size() == 5 || digit(5));
        }
        if (!ok) {
            problems.add("invalid_format", r.at("icd10"), {}, {{"kind", "icd10"}});
            return std::nullopt;
        }
        return code;
    }

    template <class Item, class ReadOne>
    std::vector<Item> list(ObjectReader& parent, std::string_view key, ReadOne read_one) {
        std::vector<Item> out;
        const auto* items = parent.array(key, false);
        if (items == nullptr) {
            return out;
        }
        for (std::size_t i = 0; i < items->size(); ++i) {
            ObjectReader r((*items)[i], parent, key, i);
            if (auto item = read_one(r)) {
                out.push_back(std::move(*item));
            }
            r.finish();
        }
        return out;
    }

    std::optional<std::string> identifier(ObjectReader& r, std::string_view key,
                                          IdentifierType type) {
        auto raw = r.string(key, false, 64);
        if (!raw) {
            return std::nullopt;
        }
        auto outcome = detail::check_identifier(type, *raw, r.at(key), view, trace, problems);
        if (!outcome.ok()) {
            rule_error = outcome.error();
            return std::nullopt;
        }
        return outcome.value().valid ? outcome.value().normalized : std::nullopt;
    }

    static bool valid_phone(const std::string& s) {
        // E.164: '+', a non-zero digit, 7 to 15 digits in all.
        return s.size() >= 8 && s.size() <= 16 && s[0] == '+' && s[1] >= '1' && s[1] <= '9' &&
               std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
    }

    static bool valid_email(const std::string& s) {
        const auto at = s.find('@');
        if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) {
            return false;
        }
        const auto dot = s.find('.', at + 2);
        return dot != std::string::npos && dot + 1 < s.size() &&
               std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
    }

    std::optional<Patient> read(const value& doc, const std::string& pointer) {
        ObjectReader r(doc, pointer, problems);
        if (!r.is_object()) {
            return std::nullopt;
        }
        const std::size_t errors_before = problems.errors();
        Patient p;
        p.id = r.string("id", false, 64);
        p.enp = identifier(r, "enp", IdentifierType::enp);
        p.snils = identifier(r, "snils", IdentifierType::snils);
        auto n = name(r, "name", true);
        auto birth = past_date(r, "birth_date", true);
        auto sex = r.one_of("sex", true, {"male", "female"});
        p.contacts = list<Contact>(r, "contacts", [&](ObjectReader& c) -> std::optional<Contact> {
            auto kind = c.one_of("kind", true, {"phone", "email", "max"});
            auto val = c.string("value", true, 254);
            if (!kind || !val) {
                return std::nullopt;
            }
            const bool ok = *kind == "phone"   ? valid_phone(*val)
                            : *kind == "email" ? valid_email(*val)
                                               : true;
            if (!ok) {
                // The value is personal data: the message names the kind only.
                problems.add("invalid_format", c.at("value"), {}, {{"kind", *kind}});
                return std::nullopt;
            }
            return Contact{*kind, *val};
        });
        if ((p.home_region = r.string("home_region", false, 6))) {
            const auto& s = *p.home_region;
            const bool ok =
                s.size() >= 5 && s.substr(0, 3) == "RU-" &&
                std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
            if (!ok) {
                problems.add("invalid_format", r.at("home_region"), {}, {{"kind", "region"}});
            }
        }
        if ((p.time_zone = r.string("time_zone", false, 64)) &&
            dates::find_zone(*p.time_zone) == nullptr) {
            problems.add("unknown_time_zone", r.at("time_zone"));
        }
        p.incapacitated = r.boolean("incapacitated", false).value_or(false);
        if (const auto* rep = r.value("legal_representative", false)) {
            ObjectReader lr(*rep, r, "legal_representative");
            auto rep_name = name(lr, "name", true);
            auto relationship =
                lr.one_of("relationship", true,
                          {"parent", "adoptive_parent", "guardian", "trustee", "organisation"});
            auto rep_snils = identifier(lr, "snils", IdentifierType::snils);
            lr.finish();
            if (rep_name && relationship) {
                p.legal_representative = LegalRepresentative{*rep_name, *relationship, rep_snils};
            }
        }
        p.proxies = list<Proxy>(r, "proxies", [&](ObjectReader& x) -> std::optional<Proxy> {
            auto proxy_name = name(x, "name", true);
            auto role = x.one_of("role", true, {"social_worker", "care_assistant", "relative"});
            Proxy proxy;
            if (const auto* perms = x.array("permissions", true)) {
                for (std::size_t i = 0; i < perms->size(); ++i) {
                    const std::string at = json::pointer_index(x.at("permissions"), i);
                    const auto& pv = (*perms)[i];
                    if (!pv.is_string()) {
                        problems.add("wrong_type", at, {},
                                     {{"expected", "string"}, {"actual", "other"}});
                    } else if (pv.get_string() == "consent") {
                        if (const auto* rule = required_rule("identity.proxy.no_consent")) {
                            problems.add("proxy_cannot_consent", at, rule->id);
                        }
                    } else if (pv.get_string() == "book" ||
                               pv.get_string() == "receive_notifications") {
                        proxy.permissions.emplace_back(pv.get_string());
                    } else {
                        problems.add("invalid_value", at, {},
                                     {{"allowed", "book, receive_notifications"}});
                    }
                }
            }
            if (!proxy_name || !role) {
                return std::nullopt;
            }
            proxy.name = *proxy_name;
            proxy.role = *role;
            return proxy;
        });
        p.consents = list<Consent>(r, "consents", [&](ObjectReader& c) -> std::optional<Consent> {
            auto type =
                c.one_of("type", true, {"informed_voluntary", "telemedicine", "personal_data"});
            auto scope = c.string("scope", false, 200);
            auto day = past_date(c, "date", true);
            auto by = c.one_of("given_by", true, {"patient", "legal_representative", "proxy"});
            if (by && *by == "proxy") {
                if (const auto* rule = required_rule("identity.proxy.no_consent")) {
                    problems.add("proxy_cannot_consent", c.at("given_by"), rule->id);
                }
                return std::nullopt;
            }
            if (by && *by == "legal_representative") {
                const auto* rule = required_rule("identity.consent.by_representative");
                if (rule != nullptr && !r.has("legal_representative")) {
                    problems.add("representative_missing", c.at("given_by"), rule->id);
                    return std::nullopt;
                }
            }
            if (!type || !day || !by) {
                return std::nullopt;
            }
            return Consent{*type, scope, *day, *by};
        });
        p.conditions =
            list<Condition>(r, "conditions", [&](ObjectReader& c) -> std::optional<Condition> {
                auto code = icd10(c);
                auto established = c.one_of("established", true, {"in_person", "remote"});
                auto day = past_date(c, "date", true);
                if (!code || !established || !day) {
                    return std::nullopt;
                }
                return Condition{*code, *established, *day};
            });
        p.dispensary_observation = list<DispensaryEntry>(
            r, "dispensary_observation", [&](ObjectReader& c) -> std::optional<DispensaryEntry> {
                auto code = icd10(c);
                auto from = past_date(c, "from", true);
                auto to = c.date("to", false);
                if (from && to && after(*from, *to)) {
                    problems.add("date_order", c.at("to"));
                    return std::nullopt;
                }
                if (!code || !from) {
                    return std::nullopt;
                }
                return DispensaryEntry{*code, *from, to};
            });
        p.visits = list<Visit>(r, "visits", [&](ObjectReader& c) -> std::optional<Visit> {
            auto day = past_date(c, "date", true);
            auto kind = c.one_of("kind", true, {"in_person", "telemedicine"});
            auto organisation = c.string("organisation", false, 100);
            if (!day || !kind) {
                return std::nullopt;
            }
            return Visit{*day, *kind, organisation};
        });
        r.finish();

        if (birth) {
            const auto* age_rule = required_rule("identity.age.completed_years");
            const auto* rep_rule = required_rule("identity.representative.required");
            if (age_rule != nullptr && rep_rule != nullptr) {
                const bool feb28 = view.use("identity.age.leap_day_feb28", trace) != nullptr;
                const int age = age_in_years(*birth, today, feb28);
                const bool needs = age < rep_rule->integer("min_age") || p.incapacitated;
                if (needs && !r.has("legal_representative")) {
                    problems.add("representative_required", r.at("legal_representative"),
                                 rep_rule->id,
                                 {{"min_age", std::to_string(rep_rule->integer("min_age"))}},
                                 Severity::warning);
                }
            }
        }
        const bool new_errors = problems.errors() != errors_before;
        if (new_errors || !n || !birth || !sex) {
            return std::nullopt;
        }
        p.name = *n;
        p.birth_date = *birth;
        p.sex = *sex;
        return p;
    }
};

void write_name(json::Writer& out, const PersonName& n) {
    out.begin_object().member("family", n.family).member("given", n.given);
    if (n.patronymic) {
        out.member("patronymic", *n.patronymic);
    }
    out.end_object();
}

} // namespace

int age_in_years(date::year_month_day birth, date::year_month_day on,
                 bool leap_day_on_feb28) noexcept {
    int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
    auto birthday = date::month_day{birth.month(), birth.day()};
    if (leap_day_on_feb28 && birthday == date::February / 29 && !on.year().is_leap()) {
        birthday = date::February / 28;
    }
    if (date::month_day{on.month(), on.day()} < birthday) {
        --years;
    }
    return years;
}

namespace {
std::string joined(const PersonName& name) {
    std::string out = name.family + " " + name.given;
    if (name.patronymic) {
        out += " " + *name.patronymic;
    }
    return out;
}
} // namespace

std::string name_matching_key(const PersonName& name) {
    return i18n::matching_key(i18n::normalize_name_part(joined(name)));
}

namespace detail {

Result<PatientReading> read_patient(const value& doc, const std::string& pointer,
                                    const Context& context, const rules::View& view,
                                    rules::Trace& trace) {
    PatientReader reader{context, view, trace, {}, context.today(), std::nullopt};
    auto patient = reader.read(doc, pointer);
    if (reader.rule_error) {
        return *reader.rule_error;
    }
    return PatientReading{std::move(patient), reader.problems.take()};
}

void write_patient(const Patient& p, json::Writer& out) {
    const auto snils = [](const std::string& s) {
        return s.substr(0, 3) + "-" + s.substr(3, 3) + "-" + s.substr(6, 3) + " " + s.substr(9, 2);
    };
    out.begin_object();
    if (p.id) {
        out.member("id", *p.id);
    }
    if (p.enp) {
        out.member("enp", *p.enp);
    }
    if (p.snils) {
        out.member("snils", snils(*p.snils));
    }
    write_name(out.key("name"), p.name);
    out.member("birth_date", json::format_date(p.birth_date)).member("sex", p.sex);
    if (!p.contacts.empty()) {
        out.key("contacts").begin_array();
        for (const auto& c : p.contacts) {
            out.begin_object().member("kind", c.kind).member("value", c.value).end_object();
        }
        out.end_array();
    }
    if (p.home_region) {
        out.member("home_region", *p.home_region);
    }
    if (p.time_zone) {
        out.member("time_zone", *p.time_zone);
    }
    if (p.incapacitated) {
        out.key("incapacitated").boolean(true);
    }
    if (const auto& rep = p.legal_representative) {
        out.key("legal_representative").begin_object();
        write_name(out.key("name"), rep->name);
        out.member("relationship", rep->relationship);
        if (rep->snils) {
            out.member("snils", snils(*rep->snils));
        }
        out.end_object();
    }
    if (!p.proxies.empty()) {
        out.key("proxies").begin_array();
        for (const auto& x : p.proxies) {
            out.begin_object();
            write_name(out.key("name"), x.name);
            out.member("role", x.role).key("permissions").begin_array();
            for (const auto& perm : x.permissions) {
                out.string(perm);
            }
            out.end_array().end_object();
        }
        out.end_array();
    }
    if (!p.consents.empty()) {
        out.key("consents").begin_array();
        for (const auto& c : p.consents) {
            out.begin_object()
                .member("type", c.type)
                .member("date", json::format_date(c.date))
                .member("given_by", c.given_by);
            if (c.scope) {
                out.member("scope", *c.scope);
            }
            out.end_object();
        }
        out.end_array();
    }
    if (!p.conditions.empty()) {
        out.key("conditions").begin_array();
        for (const auto& c : p.conditions) {
            out.begin_object()
                .member("icd10", c.icd10)
                .member("established", c.established)
                .member("date", json::format_date(c.date))
                .end_object();
        }
        out.end_array();
    }
    if (!p.dispensary_observation.empty()) {
        out.key("dispensary_observation").begin_array();
        for (const auto& d : p.dispensary_observation) {
            out.begin_object().member("icd10", d.icd10).member("from", json::format_date(d.from));
            if (d.to) {
                out.member("to", json::format_date(*d.to));
            }
            out.end_object();
        }
        out.end_array();
    }
    if (!p.visits.empty()) {
        out.key("visits").begin_array();
        for (const auto& v : p.visits) {
            out.begin_object().member("date", json::format_date(v.date)).member("kind", v.kind);
            if (v.organisation) {
                out.member("organisation", *v.organisation);
            }
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
}

} // namespace detail

namespace {

// Reads a patient document against the identity rules in force today; both operations start here.
Result<PatientReading> read_document(const Context& context, std::string_view text,
                                     rules::Trace& trace) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return parsed.error();
    }
    auto view = rules::View::select(context, "identity", context.today());
    if (!view.ok()) {
        return view.error();
    }
    return detail::read_patient(parsed.value(), "", context, view.value(), trace);
}

} // namespace

namespace {

// patient.validate and patient.normalize: the same reading and report; normalize adds the document.
Response respond(const Context& context, std::string_view text, bool with_patient) {
    rules::Trace trace;
    auto reading = read_document(context, text, trace);
    if (!reading.ok()) {
        return core::fail(reading.error());
    }
    const auto& r = reading.value();
    if (!r.patient) {
        return core::reject(trace, r.problems);
    }
    json::Writer out = core::begin();
    out.key("valid").boolean(true);
    core::write_problems(out, r.problems);
    if (with_patient) {
        out.key("patient");
        detail::write_patient(*r.patient, out);
        // The parts are normalised already: fold them only.
        out.member("name_key", i18n::matching_key(joined(r.patient->name)));
    }
    return core::succeed(std::move(out), trace);
}

} // namespace

Response validate_patient(const Context& context, std::string_view text) {
    return respond(context, text, false);
}

Response normalize_patient(const Context& context, std::string_view text) {
    return respond(context, text, true);
}

} // namespace telemed::identity
