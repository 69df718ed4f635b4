// eligibility.evaluate: may this doctor consult this patient remotely, for this indication, and
// which planned actions may the doctor take without seeing the patient? Computed on the visit's
// calendar date in the organisation's zone, by the rule sets in force then; never allowed by
// default.
#include <algorithm>
#include <set>

#include "core/dates.hpp"
#include "core/response.hpp"
#include "i18n/i18n.hpp"
#include "identity/internal.hpp"
#include "telemed/eligibility.hpp"

namespace telemed::eligibility {

namespace {

using json::ObjectReader;
using Args = std::vector<std::pair<std::string, std::string>>;

bool after(date::year_month_day a, date::year_month_day b) {
    return date::sys_days(a) > date::sys_days(b);
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

int days_between(date::year_month_day from, date::year_month_day to) {
    return static_cast<int>((date::sys_days(to) - date::sys_days(from)).count());
}

// One reason of the decision: a stable code, its message arguments and the rule that gave it.
struct Reason {
    std::string code;
    std::string rule;
    Args args;
};

// The facts of the request, read strictly.
struct Referral {
    std::string prescribed_at;
    bool results_available = false;
    std::optional<date::year_month_day> date;
};
struct Therapy {
    std::string kind;
    std::string prescribed_at;
    std::optional<std::string> icd10;
    std::optional<date::year_month_day> date;
};
struct Alert {
    date::year_month_day date;
    std::string severity;
};
struct Facts {
    std::optional<std::string> condition;
    std::optional<std::vector<Referral>> referrals;
    std::optional<std::string> open_sick_leave_mode; // how the open certificate was opened
    std::optional<date::year_month_day> open_sick_leave_date;
    bool sick_leave_given = false;
    std::optional<std::vector<Therapy>> therapy;
    std::optional<date::year_month_day> assessment_date;
    std::optional<std::string> assessment_course;
    std::vector<Alert> alerts;
    std::vector<date::year_month_day> hospitalisations; // first days
    std::optional<date::year_month_day> diagnosis_changed;
    bool acute_complaints = false;
};

struct Request {
    bool cabinet = false;
    std::optional<std::chrono::system_clock::time_point> slot_start;
    bool slot_telemedicine = false;
    std::string doctor_role;
    std::int64_t experience_years = 0;
    std::optional<std::string> indication;
    std::string format;
    std::string mode;
    std::vector<std::string> present;
    std::string identification;
    std::vector<std::string> actions;
    Facts facts;
};

std::vector<std::string> read_enum_list(ObjectReader& r, std::string_view key, bool required,
                                        std::initializer_list<std::string_view> allowed,
                                        json::Problems& problems) {
    std::vector<std::string> out;
    const auto* list = r.array(key, required);
    std::string names; // the allowed values, listed once for all the problems that show them
    for (auto a : allowed) {
        names += names.empty() ? "" : ", ";
        names += a;
    }
    // A problem past the report's limit is only counted: nothing of it is built.
    const auto at = [&](std::size_t i) {
        return problems.full() ? std::string() : json::pointer_index(r.at(key), i);
    };
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
        const auto& v = (*list)[i];
        if (!v.is_string() ||
            std::find(allowed.begin(), allowed.end(), v.get_string()) == allowed.end()) {
            problems.add("invalid_value", at(i), {},
                         problems.full() ? json::Args{} : json::Args{{"allowed", names}});
        } else if (contains(out, v.get_string())) {
            problems.add("duplicate_item", at(i));
        } else {
            out.emplace_back(v.get_string());
        }
    }
    return out;
}

std::optional<std::string> icd10(ObjectReader& r, std::string_view key, bool required,
                                 json::Problems& problems) {
    auto code = r.string(key, required, 8);
    if (!code) {
        return std::nullopt;
    }
    const std::string& c = *code;
    const auto digit = [&](std::size_t i) { return i < c.size() && c[i] >= '0' && c[i] <= '9'; };
    bool ok = c.size() >= 3 && c[0] >= 'A' && c[0] <= 'Z' && digit(1) && digit(2);
    if (ok && c.size() > 3) {
        ok = c[3] == '.' && (c.size() == 5 || c.size() == 6) && digit(4) &&
             (c.size() == 5 || digit(5));
    }
    if (!ok) {
        problems.add("invalid_format", r.at(key), {}, {{"kind", "icd10"}});
        return std::nullopt;
    }
    return code;
}

Facts read_facts(ObjectReader& parent, json::Problems& problems) {
    Facts f;
    const auto* v = parent.value("facts", false);
    if (v == nullptr) {
        return f;
    }
    ObjectReader r(*v, parent, "facts");
    f.condition = icd10(r, "condition", false, problems);
    if (const auto* list = r.array("referrals", false)) {
        f.referrals.emplace();
        for (std::size_t i = 0; i < list->size(); ++i) {
            ObjectReader x((*list)[i], r, "referrals", i);
            auto at = x.one_of("prescribed_at", true, {"in_person", "remote"});
            auto ready = x.boolean("results_available", true);
            auto day = x.date("date", false);
            x.finish();
            if (at && ready) {
                f.referrals->push_back(Referral{*at, *ready, day});
            }
        }
    }
    if (const auto* sl = r.value("open_sick_leave", false)) {
        ObjectReader x(*sl, r, "open_sick_leave");
        f.open_sick_leave_mode = x.one_of("opened_mode", true, {"in_person", "telemedicine"});
        f.open_sick_leave_date = x.date("opened_date", false);
        x.finish();
        f.sick_leave_given = true;
    }
    if (const auto* list = r.array("therapy", false)) {
        f.therapy.emplace();
        for (std::size_t i = 0; i < list->size(); ++i) {
            ObjectReader x((*list)[i], r, "therapy", i);
            auto kind = x.one_of("kind", true, {"drug", "specialised"});
            auto at = x.one_of("prescribed_at", true, {"in_person", "remote"});
            auto code = icd10(x, "icd10", false, problems);
            auto day = x.date("date", false);
            x.finish();
            if (kind && at) {
                f.therapy->push_back(Therapy{*kind, *at, code, day});
            }
        }
    }
    if (const auto* a = r.value("last_assessment", false)) {
        ObjectReader x(*a, r, "last_assessment");
        f.assessment_date = x.date("date", true);
        f.assessment_course = x.one_of("course", true, {"stable", "unstable"});
        x.finish();
    }
    if (const auto* list = r.array("alerts", false)) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            ObjectReader x((*list)[i], r, "alerts", i);
            auto day = x.date("date", true);
            auto severity = x.one_of("severity", true, {"urgent", "routine"});
            x.finish();
            if (day && severity) {
                f.alerts.push_back(Alert{*day, *severity});
            }
        }
    }
    if (const auto* list = r.array("hospitalisations", false)) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            ObjectReader x((*list)[i], r, "hospitalisations", i);
            auto from = x.date("from", true);
            auto to = x.date("to", false);
            x.finish();
            if (from && to && after(*from, *to)) {
                problems.add("date_order", x.at("to"));
            } else if (from) {
                f.hospitalisations.push_back(*from);
            }
        }
    }
    f.diagnosis_changed = r.date("diagnosis_changed", false);
    f.acute_complaints = r.boolean("acute_complaints", false).value_or(false);
    r.finish();
    return f;
}

Request read_request(ObjectReader& r, json::Problems& problems) {
    Request q;
    if (const auto* org = r.value("organisation", true)) {
        ObjectReader o(*org, r, "organisation");
        o.string("id", false, 64);
        q.cabinet = o.boolean("telemedicine_cabinet", true).value_or(false);
        o.finish();
    }
    if (const auto* slot = r.value("slot", true)) {
        ObjectReader s(*slot, r, "slot");
        if (auto start = s.string("start", true, 64)) {
            q.slot_start = dates::parse_instant(*start);
            if (!q.slot_start) {
                problems.add("invalid_instant", s.at("start"));
            }
        }
        q.slot_telemedicine = s.boolean("telemedicine", true).value_or(false);
        s.finish();
    }
    if (const auto* doctor = r.value("doctor", true)) {
        ObjectReader d(*doctor, r, "doctor");
        d.string("id", false, 64);
        q.doctor_role = d.one_of("role", true,
                                 {"treating_doctor", "same_organisation_doctor",
                                  "specialist_consultant", "feldsher"})
                            .value_or("");
        if (const auto* years = d.value("experience_years", true)) {
            if (!years->is_int64() || years->get_int64() < 0 || years->get_int64() > 80) {
                problems.add("invalid_value", d.at("experience_years"), {}, {{"allowed", "0..80"}});
            } else {
                q.experience_years = years->get_int64();
            }
        }
        d.finish();
    }
    q.indication = r.one_of("indication", false,
                            {"repeat_after_studies", "incapacity_review", "chronic_stable",
                             "dispensary_stable", "therapy_control", "treatment_questions"});
    q.format =
        r.one_of("format", true, {"doctor_patient", "doctor_doctor", "doctor_doctor_patient"})
            .value_or("");
    q.mode = r.one_of("mode", true, {"real_time_video", "real_time_chat", "deferred"}).value_or("");
    r.one_of("channel", false, {"max", "other"});
    q.present =
        read_enum_list(r, "present", true, {"patient", "legal_representative", "proxy"}, problems);
    if (r.has("present") && q.present.empty() && !problems.has_errors()) {
        problems.add("empty_array", r.at("present"));
    }
    q.identification =
        r.one_of("identification", true, {"esia", "snils_birth_date", "enp_birth_date", "none"})
            .value_or("");
    q.actions = read_enum_list(
        r, "planned_actions", true,
        {"interpret_results", "correct_treatment", "prescribe_new_treatment", "close_sick_leave",
         "extend_sick_leave", "issue_subsidised_prescription", "issue_referrals",
         "answer_questions", "decide_in_person_visit", "recommend_hospitalisation"},
        problems);
    q.facts = read_facts(r, problems);
    return q;
}

// The decision being made: reasons, the actions refused and why, documents, missing facts.
struct Decision {
    std::vector<Reason> blocking;  // the consultation cannot happen remotely as requested
    std::vector<Reason> in_person; // the patient must be seen in person
    std::vector<std::pair<std::string, std::vector<Reason>>> refused;
    std::vector<std::string> permitted;
    std::vector<std::string> documents;
    std::vector<std::string> missing;

    void refuse(const std::string& action, Reason reason) {
        for (auto& [a, reasons] : refused) {
            if (a == action) {
                reasons.push_back(std::move(reason));
                return;
            }
        }
        refused.push_back({action, {std::move(reason)}});
    }
    void document(const std::string& d) {
        if (!contains(documents, d)) {
            documents.push_back(d);
        }
    }
};

void write_reason(json::Writer& out, const Reason& r) {
    const auto m = i18n::render(r.code, r.args);
    out.begin_object().member("code", r.code).member("rule", r.rule);
    out.key("message")
        .begin_object()
        .member("en", m.en)
        .member("ru", m.ru)
        .end_object()
        .end_object();
}

} // namespace

Response evaluate(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    rules::Trace trace;
    json::Problems problems;
    ObjectReader r(parsed.value(), "", problems);
    const auto* patient_value = r.value("patient", true);
    Request q = read_request(r, problems);
    r.finish();

    // The visit's calendar date in the organisation's zone decides which rules apply.
    const auto visit_day =
        q.slot_start ? dates::calendar_date(*q.slot_start, context.time_zone()) : context.today();
    auto identity_view = rules::View::select(context, "identity", visit_day);
    if (!identity_view.ok()) {
        return core::fail(identity_view.error());
    }
    std::optional<identity::Patient> patient;
    if (patient_value != nullptr) {
        auto reading = identity::detail::read_patient(*patient_value, "/patient", context,
                                                      identity_view.value(), trace);
        if (!reading.ok()) {
            return core::fail(reading.error());
        }
        for (auto& p : reading.value().problems) {
            problems.add(p.code, p.pointer, p.rule, p.args, p.severity);
        }
        patient = std::move(reading.value().patient);
    }
    if (problems.has_errors() || !patient) {
        return core::reject(trace, problems.take());
    }
    // Facts are the past of the visit: one dated after it contradicts the request.
    {
        const Facts& f = q.facts;
        const auto later = [&](const std::optional<date::year_month_day>& day,
                               const std::string& pointer) {
            if (day && after(*day, visit_day)) {
                problems.add("after_visit", pointer);
            }
        };
        later(f.assessment_date, "/facts/last_assessment/date");
        later(f.diagnosis_changed, "/facts/diagnosis_changed");
        for (std::size_t i = 0; i < f.alerts.size(); ++i) {
            later(f.alerts[i].date, json::pointer_index("/facts/alerts", i) + "/date");
        }
        later(f.open_sick_leave_date, "/facts/open_sick_leave/opened_date");
        for (std::size_t i = 0; f.referrals && i < f.referrals->size(); ++i) {
            later((*f.referrals)[i].date, json::pointer_index("/facts/referrals", i) + "/date");
        }
        for (std::size_t i = 0; f.therapy && i < f.therapy->size(); ++i) {
            later((*f.therapy)[i].date, json::pointer_index("/facts/therapy", i) + "/date");
        }
        for (std::size_t i = 0; i < f.hospitalisations.size(); ++i) {
            later(f.hospitalisations[i],
                  json::pointer_index("/facts/hospitalisations", i) + "/from");
        }
        // A legal representative taking part must be the one on the patient's record.
        const auto at = std::find(q.present.begin(), q.present.end(), "legal_representative");
        if (at != q.present.end() && !patient->legal_representative) {
            problems.add(
                "representative_not_on_record",
                json::pointer_index("/present", static_cast<std::size_t>(at - q.present.begin())));
        }
        if (problems.has_errors()) {
            return core::reject(trace, problems.take());
        }
    }
    auto selected = rules::View::select(context, "eligibility", visit_day);
    if (!selected.ok()) {
        return core::fail(selected.error());
    }
    const rules::View& view = selected.value();
    const auto require = [&](std::string_view id) -> const rules::Rule* {
        return view.use(id, trace);
    };
    // Every federal rule the decision applies must be in force: a procedure missing one (a
    // configured set that leaves it out) would skip its check and allow by default. The first one
    // missing is named.
    for (const char* id :
         {"eligibility.federal.purposes", "eligibility.federal.consent",
          "eligibility.federal.representative", "eligibility.federal.identification",
          "eligibility.federal.in_person_decision", "eligibility.federal.urgent",
          "eligibility.federal.stable_course", "eligibility.federal.proxy",
          "eligibility.federal.documentation"}) {
        rules::Trace checked; // only asked here; each is recorded where it is applied
        if (view.use(id, checked) == nullptr) {
            return core::fail(
                Error{Status::rules, Problem{"rule_not_in_force", "", id, Severity::error, {}}});
        }
    }
    const auto* purposes = require("eligibility.federal.purposes");
    const auto* consent_rule = require("eligibility.federal.consent");
    const auto* representative = require("eligibility.federal.representative");
    const auto* identification = require("eligibility.federal.identification");
    // Applied to every decision: deciding on an in-person visit is always permitted.
    require("eligibility.federal.in_person_decision");
    Decision d;
    const Facts& f = q.facts;

    // Urgency first: an urgent alert or an acute complaint sends the patient in person, whatever
    // else.
    const auto* urgent = require("eligibility.federal.urgent");
    for (const auto& alert : f.alerts) {
        if (urgent && alert.severity == "urgent" && !after(alert.date, visit_day)) {
            d.in_person.push_back(
                {"urgent_alert",
                 urgent->id,
                 {{"days", std::to_string(days_between(alert.date, visit_day))}}});
        }
    }
    if (urgent && f.acute_complaints) {
        d.in_person.push_back({"acute_complaints", urgent->id, {}});
    }

    // The procedure: identification, consent, who is present.
    if (!contains(identification->strings("methods"), q.identification)) {
        d.blocking.push_back(
            {"identification_not_accepted", identification->id, {{"method", q.identification}}});
    }
    // The age on the visit date decides who must take part and who consents.
    const auto feb28 = identity_view.value().use("identity.age.leap_day_feb28", trace) != nullptr;
    const int age = identity::age_in_years(patient->birth_date, visit_day, feb28);
    const bool needs_representative =
        age < representative->integer("min_age") || patient->incapacitated;
    // Who consents: the legal representative for a minor under 15 or an incapacitated adult
    // (323-ФЗ ст. 20 ч. 2), the patient personally from 15 on (ст. 54 ч. 2). A representative's
    // consent does not stand for a capable patient of 15 or over, nor the patient's own for a minor
    // under 15. A consent is an act of its date, so the one who gave it must have been entitled
    // then and still be on the visit date: a consent given across the 15th birthday does not count.
    const auto personal_from = consent_rule->integer("personal_consent_min_age");
    const auto consenter = [&](date::year_month_day on) -> std::string_view {
        const bool through_representative =
            identity::age_in_years(patient->birth_date, on, feb28) < personal_from ||
            patient->incapacitated;
        return through_representative ? "legal_representative" : "patient";
    };
    const bool consented = std::any_of(
        patient->consents.begin(), patient->consents.end(), [&](const identity::Consent& c) {
            return contains(consent_rule->strings("consent_types"), c.type) &&
                   !after(c.date, visit_day) && c.given_by == consenter(c.date) &&
                   c.given_by == consenter(visit_day);
        });
    if (!consented) {
        d.blocking.push_back({"consent_missing", consent_rule->id, {}});
    }
    if (const auto* documentation = require("eligibility.federal.documentation")) {
        for (const auto& doc : documentation->strings("documents")) {
            d.document(doc);
        }
    }
    if (needs_representative && !contains(q.present, "legal_representative")) {
        d.blocking.push_back({"representative_absent",
                              representative->id,
                              {{"min_age", std::to_string(representative->integer("min_age"))}}});
    }
    if (const auto* proxy = require("eligibility.federal.proxy");
        proxy && contains(q.present, "proxy") && !contains(q.present, "patient") &&
        !contains(q.present, "legal_representative")) {
        d.blocking.push_back({"proxy_alone", proxy->id, {}});
    }

    // The region's own conditions (Novosibirsk: cabinet and slot, the doctor–patient format, six
    // indications).
    const auto* indications = require("eligibility.indications");
    std::vector<std::string> regional_permits;
    if (const auto* cabinet = require("eligibility.nvs.cabinet_and_slot")) {
        if (!q.cabinet) {
            d.blocking.push_back({"no_telemedicine_cabinet", cabinet->id, {}});
        }
        if (!q.slot_telemedicine) {
            d.blocking.push_back({"no_telemedicine_slot", cabinet->id, {}});
        }
    }
    if (const auto* format = require("eligibility.nvs.format");
        format && !contains(format->strings("formats"), q.format)) {
        d.blocking.push_back({"format_not_covered", format->id, {}});
    }
    if (indications != nullptr) {
        if (!q.indication) {
            d.blocking.push_back({"indication_missing", indications->id, {}});
        } else if (!contains(indications->strings("order"), *q.indication)) {
            d.blocking.push_back({"indication_not_listed", indications->id, {}});
        } else {
            const auto& permits = indications->string_lists("permits");
            if (const auto it = permits.find(*q.indication); it != permits.end()) {
                regional_permits = it->second;
            }
        }
    }
    if (const auto* protocol = require("eligibility.nvs.protocol")) {
        for (const auto& doc : protocol->strings("documents")) {
            d.document(doc);
        }
    }

    // A stable course, read from the facts: the last assessment stable, nothing disqualifying
    // since.
    const auto stable = [&](const std::string& rule_id) {
        const auto* rule = require("eligibility.federal.stable_course");
        if (rule == nullptr) {
            return false;
        }
        if (!f.assessment_date || !f.assessment_course) {
            d.missing.push_back("/facts/last_assessment");
            return false;
        }
        const auto since = [&](date::year_month_day day) {
            return !after(*f.assessment_date, day) && !after(day, visit_day);
        };
        std::vector<Reason> why;
        if (*f.assessment_course != "stable") {
            why.push_back({"course_unstable", rule->id, {}});
        }
        if (std::any_of(f.hospitalisations.begin(), f.hospitalisations.end(), since)) {
            why.push_back({"hospitalised_since_assessment", rule->id, {}});
        }
        if (f.diagnosis_changed && since(*f.diagnosis_changed)) {
            why.push_back({"diagnosis_changed_since_assessment", rule->id, {}});
        }
        if (std::any_of(f.alerts.begin(), f.alerts.end(),
                        [&](const Alert& a) { return a.severity == "urgent" && since(a.date); })) {
            why.push_back({"alert_since_assessment", rule->id, {}});
        }
        for (auto& w : why) {
            w.args.push_back({"indication", rule_id});
            d.in_person.push_back(std::move(w));
        }
        return why.empty();
    };

    // The indication's prerequisites (Novosibirsk): unmet, the patient is seen in person.
    if (indications != nullptr && q.indication && !regional_permits.empty()) {
        const std::string& ind = *q.indication;
        const auto* rule = require("eligibility.nvs." + ind);
        if (rule != nullptr) {
            if (ind == "repeat_after_studies") {
                // A repeat visit follows an in-person one: on record, on or before the visit's
                // date.
                const bool seen_in_person = std::any_of(
                    patient->visits.begin(), patient->visits.end(), [&](const identity::Visit& v) {
                        return v.kind == "in_person" && !after(v.date, visit_day);
                    });
                if (!seen_in_person) {
                    d.in_person.push_back({"no_prior_in_person_visit", rule->id, {}});
                }
                // The studies were prescribed at an in-person visit and their results are in.
                // The reason names what is missing: first the in-person prescription (results of
                // studies prescribed remotely do not count), then the results.
                if (!f.referrals) {
                    d.missing.push_back("/facts/referrals");
                } else if (std::none_of(
                               f.referrals->begin(), f.referrals->end(),
                               [](const Referral& x) { return x.prescribed_at == "in_person"; })) {
                    d.in_person.push_back({"studies_not_prescribed_in_person", rule->id, {}});
                } else if (std::none_of(
                               f.referrals->begin(), f.referrals->end(), [](const Referral& x) {
                                   return x.prescribed_at == "in_person" && x.results_available;
                               })) {
                    d.in_person.push_back({"results_not_ready", rule->id, {}});
                }
            } else if (ind == "incapacity_review") {
                if (!f.sick_leave_given) {
                    d.missing.push_back("/facts/open_sick_leave");
                } else if (f.open_sick_leave_mode != "in_person") {
                    d.in_person.push_back({"sick_leave_not_opened_in_person", rule->id, {}});
                }
            } else if (ind == "chronic_stable") {
                const auto& prefixes = rule->strings("icd10_prefixes");
                const bool chronic =
                    std::any_of(patient->conditions.begin(), patient->conditions.end(),
                                [&](const identity::Condition& c) {
                                    return c.established == "in_person" &&
                                           !after(c.date, visit_day) &&
                                           std::any_of(prefixes.begin(), prefixes.end(),
                                                       [&](const std::string& p) {
                                                           return c.icd10.rfind(p, 0) == 0;
                                                       });
                                });
                if (!chronic) {
                    d.in_person.push_back({"no_chronic_condition", rule->id, {}});
                } else {
                    stable(ind);
                }
            } else if (ind == "dispensary_stable") {
                const auto& codes = rule->strings("icd10_codes");
                const bool observed = std::any_of(
                    patient->dispensary_observation.begin(), patient->dispensary_observation.end(),
                    [&](const identity::DispensaryEntry& e) {
                        const bool active =
                            !after(e.from, visit_day) && (!e.to || !after(visit_day, *e.to));
                        const bool listed =
                            std::any_of(codes.begin(), codes.end(), [&](const std::string& c) {
                                return e.icd10 == c || e.icd10.rfind(c + ".", 0) == 0;
                            });
                        return active && listed;
                    });
                if (!observed) {
                    d.in_person.push_back({"no_dispensary_observation", rule->id, {}});
                } else {
                    stable(ind);
                }
            } else if (ind == "therapy_control" || ind == "treatment_questions") {
                if (!f.therapy) {
                    d.missing.push_back("/facts/therapy");
                } else if (f.therapy->empty()) {
                    d.in_person.push_back(
                        {ind == "therapy_control" ? "no_active_therapy" : "no_prescribed_treatment",
                         rule->id,
                         {}});
                }
            }
        }
    }

    // The planned actions, one by one.
    const bool in_person_diagnosis = std::any_of(
        patient->conditions.begin(), patient->conditions.end(), [&](const identity::Condition& c) {
            return c.established == "in_person" && (!f.condition || c.icd10 == *f.condition);
        });
    const bool in_person_therapy =
        f.therapy && std::any_of(f.therapy->begin(), f.therapy->end(), [&](const Therapy& t) {
            return t.prescribed_at == "in_person" &&
                   (!f.condition || !t.icd10 || *t.icd10 == *f.condition);
        });
    auto sick_view = rules::View::select(context, "sick_leave", visit_day);
    for (const auto& action : q.actions) {
        const std::size_t refused_before = d.refused.size();
        const std::size_t missing_before = d.missing.size();
        const auto refuse = [&](const char* code, const std::string& rule, Args args = {}) {
            d.refuse(action, {code, rule, std::move(args)});
        };
        const bool federal = contains(purposes->strings("actions"), action);
        const bool regional = contains(regional_permits, action);
        if (action == "decide_in_person_visit") {
            // Always permitted: the doctor may always decide to see the patient.
        } else if (action == "correct_treatment") {
            const auto* correction = require("eligibility.federal.correction");
            if (indications != nullptr && !regional) {
                refuse("action_not_for_indication", indications->id);
            } else if (correction == nullptr || !in_person_diagnosis || !in_person_therapy) {
                refuse("correction_needs_in_person",
                       correction ? correction->id : "eligibility.federal.correction");
            }
        } else if (action == "prescribe_new_treatment") {
            const auto* fresh = require("eligibility.federal.new_treatment");
            if (fresh == nullptr) {
                refuse("new_treatment_not_allowed", "eligibility.federal.new_treatment");
            } else {
                if (age < fresh->integer("min_patient_age")) {
                    refuse("new_treatment_minor", fresh->id,
                           {{"min_age", std::to_string(fresh->integer("min_patient_age"))}});
                }
                if (q.experience_years < fresh->integer("min_experience_years")) {
                    refuse("new_treatment_experience", fresh->id,
                           {{"years", std::to_string(fresh->integer("min_experience_years"))}});
                }
                if (q.doctor_role != "treating_doctor" &&
                    q.doctor_role != "same_organisation_doctor") {
                    refuse("new_treatment_other_organisation", fresh->id);
                }
                if (!in_person_diagnosis || !f.condition) {
                    refuse("new_treatment_other_disease", fresh->id);
                }
            }
        } else if (action == "close_sick_leave") {
            const auto* remote =
                sick_view.ok() ? sick_view.value().use("sick_leave.close.remote", trace) : nullptr;
            if (indications != nullptr && !regional) {
                refuse("action_not_for_indication", indications->id);
            } else if (remote == nullptr) {
                refuse("sick_leave_remote_closure_not_in_force", "sick_leave.close.remote");
            } else if (!f.sick_leave_given) {
                d.missing.push_back("/facts/open_sick_leave");
            } else if (f.open_sick_leave_mode != "in_person") {
                refuse("sick_leave_not_opened_in_person", remote->id);
            } else if (q.doctor_role != "treating_doctor") {
                refuse("not_treating_doctor", remote->id);
            }
            if (const auto* video = require("eligibility.vor.sick_leave_video");
                video && !contains(video->strings("modes"), q.mode)) {
                refuse("sick_leave_video_required", video->id);
            }
        } else if (action == "extend_sick_leave") {
            const auto* remote =
                sick_view.ok() ? sick_view.value().use("sick_leave.extend.remote", trace) : nullptr;
            if (remote == nullptr) {
                refuse("remote_extension_not_allowed", "sick_leave.extend.remote");
            }
        } else if (action == "issue_subsidised_prescription" || action == "issue_referrals") {
            // Federally unconfirmed remotely; only a regional indication that names them permits
            // them.
            if (!regional) {
                refuse("action_not_permitted_here", indications ? indications->id : purposes->id);
            }
        } else if (!federal) {
            refuse("not_a_purpose", purposes->id);
        }
        if (d.refused.size() == refused_before && d.missing.size() == missing_before) {
            d.permitted.push_back(action);
        }
    }
    // Missing facts may have been found while checking an action: that action is not permitted
    // either.
    std::sort(d.missing.begin(), d.missing.end());
    d.missing.erase(std::unique(d.missing.begin(), d.missing.end()), d.missing.end());

    std::string verdict;
    std::vector<Reason> reasons;
    if (!d.missing.empty()) {
        verdict = "not_allowed";
        reasons.push_back({"facts_missing", "", {{"count", std::to_string(d.missing.size())}}});
    } else if (!d.blocking.empty()) {
        verdict = "not_allowed";
        reasons = d.blocking;
    } else if (!d.in_person.empty()) {
        verdict = "in_person_required";
        reasons = d.in_person;
    } else if (d.refused.empty()) {
        verdict = "allowed";
    } else if (!d.permitted.empty()) {
        verdict = "allowed_with_restrictions";
    } else {
        // Every planned action refused: nothing can be done remotely, and the refusals are the
        // reasons.
        verdict = "not_allowed";
        for (const auto& [action, why] : d.refused) {
            for (const auto& reason : why) {
                const bool known =
                    std::any_of(reasons.begin(), reasons.end(),
                                [&](const Reason& x) { return x.code == reason.code; });
                if (!known) {
                    reasons.push_back(reason);
                }
            }
        }
    }
    std::vector<std::string> permitted;
    if (verdict == "allowed" || verdict == "allowed_with_restrictions") {
        permitted = d.permitted;
    } else if (verdict == "in_person_required") {
        permitted = {"decide_in_person_visit"};
    }
    // Whatever is not permitted in the end is refused, with the verdict's reasons when it had none.
    for (const auto& action : q.actions) {
        const bool listed = std::any_of(d.refused.begin(), d.refused.end(),
                                        [&](const auto& x) { return x.first == action; });
        if (!contains(permitted, action) && !listed) {
            for (const auto& reason : reasons) {
                d.refuse(action, reason);
            }
        }
    }

    // The documents of a remote closure, only when the closure is permitted in the end.
    if (contains(permitted, "close_sick_leave")) {
        if (const auto* kir = require("eligibility.kir.sick_leave_protocol")) {
            for (const auto& doc : kir->strings("documents")) {
                d.document(doc);
            }
        }
    }
    json::Writer out = core::begin();
    out.member("verdict", verdict).member("visit_date", json::format_date(visit_day));
    out.key("permitted_actions").begin_array();
    for (const auto& a : permitted) {
        out.string(a);
    }
    out.end_array().key("refused_actions").begin_array();
    for (const auto& [action, why] : d.refused) {
        if (contains(permitted, action)) {
            continue;
        }
        out.begin_object().member("action", action).key("reasons").begin_array();
        for (const auto& reason : why) {
            write_reason(out, reason);
        }
        out.end_array().end_object();
    }
    out.end_array().key("reasons").begin_array();
    for (const auto& reason : reasons) {
        write_reason(out, reason);
    }
    out.end_array().key("required_documents").begin_array();
    for (const auto& doc : d.documents) {
        out.string(doc);
    }
    out.end_array().key("missing_facts").begin_array();
    for (const auto& m : d.missing) {
        out.string(m);
    }
    out.end_array();
    core::write_problems(out, problems.all());
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::eligibility
