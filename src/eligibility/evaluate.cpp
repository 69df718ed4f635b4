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

// One evaluation, step by step (docs/eligibility.md, "Order of evaluation"). It holds what the
// steps share: the request and the patient as read, the visit's date and the rules in force on
// it, the trace of the rules applied, the problems of the report and the decision being made.
// Each step is one member function; evaluate() calls them in turn. The trace records rules in the
// order they are used, so the steps keep that order.
struct Evaluation {
    const Context& context;
    json::Arena arena;
    rules::Trace trace;
    json::Problems problems;
    std::optional<Error> failure; // the call ends with this status and no document

    explicit Evaluation(const Context& c) : context(c) {}

    Request q;
    std::optional<identity::Patient> patient;
    date::year_month_day visit_day;
    std::optional<rules::View> identity_view;
    std::optional<rules::View> view; // the eligibility rules in force on the visit date

    // The federal rules of the procedure (select), and what the region adds (regional_gates).
    const rules::Rule* purposes = nullptr;
    const rules::Rule* consent_rule = nullptr;
    const rules::Rule* representative = nullptr;
    const rules::Rule* identification = nullptr;
    const rules::Rule* indications = nullptr;  // RU-NVS's list of indications, if in force
    std::vector<std::string> regional_permits; // the actions the request's indication permits
    int age = 0;                               // the patient's, on the visit date

    Decision d;
    std::string verdict;
    std::vector<Reason> reasons;        // the verdict's
    std::vector<std::string> permitted; // the actions permitted in the end

    // A rule of the eligibility sets in force, recorded in the trace; nullptr when not in force.
    const rules::Rule* require(std::string_view id) { return view->use(id, trace); }

    // The response of a request that ends before any decision: a failure with no document, or
    // the report of its problems.
    Response stopped() {
        return failure ? core::fail(*failure) : core::reject(trace, problems.take());
    }

    // 1. Read: the request and the patient strictly, every problem at its pointer, and the
    // visit's date, the calendar date of slot.start in the organisation's zone, which decides
    // every rule that applies (the age's too). A request with errors gets no decision, so false
    // then, or when the JSON or the identity rules fail (`failure`).
    bool read(std::string_view text) {
        auto parsed = json::parse(text, arena);
        if (!parsed.ok()) {
            failure = parsed.error();
            return false;
        }
        ObjectReader r(parsed.value(), "", problems);
        const auto* patient_value = r.value("patient", true);
        q = read_request(r, problems);
        r.finish();
        visit_day = q.slot_start ? dates::calendar_date(*q.slot_start, context.time_zone())
                                 : context.today();
        auto selected = rules::View::select(context, "identity", visit_day);
        if (!selected.ok()) {
            failure = selected.error();
            return false;
        }
        identity_view = std::move(selected).value();
        if (patient_value != nullptr) {
            auto reading = identity::detail::read_patient(*patient_value, "/patient", context,
                                                          *identity_view, trace);
            if (!reading.ok()) {
                failure = reading.error();
                return false;
            }
            for (auto& p : reading.value().problems) {
                problems.add(p.code, p.pointer, p.rule, p.args, p.severity);
            }
            patient = std::move(reading.value().patient);
        }
        if (problems.has_errors() || !patient) {
            return false;
        }
        check_contradictions();
        return !problems.has_errors();
    }

    // Facts are the past of the visit: one dated after it contradicts the request. So does a
    // legal representative taking part when the patient's record has none.
    void check_contradictions() {
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
        const auto at = std::find(q.present.begin(), q.present.end(), "legal_representative");
        if (at != q.present.end() && !patient->legal_representative) {
            problems.add(
                "representative_not_on_record",
                json::pointer_index("/present", static_cast<std::size_t>(at - q.present.begin())));
        }
    }

    // 2. Select: the eligibility rule sets in force on the visit date. Every federal rule the
    // decision applies must be in force: a procedure missing one (a configured set that leaves it
    // out) would skip its check and allow by default, so the first one missing fails the call.
    bool select() {
        auto selected = rules::View::select(context, "eligibility", visit_day);
        if (!selected.ok()) {
            failure = selected.error();
            return false;
        }
        view = std::move(selected).value();
        for (const char* id :
             {"eligibility.federal.purposes", "eligibility.federal.consent",
              "eligibility.federal.representative", "eligibility.federal.identification",
              "eligibility.federal.in_person_decision", "eligibility.federal.urgent",
              "eligibility.federal.stable_course", "eligibility.federal.proxy",
              "eligibility.federal.documentation"}) {
            rules::Trace checked; // only asked here; each is recorded where it is applied
            if (view->use(id, checked) == nullptr) {
                failure =
                    Error{Status::rules, Problem{"rule_not_in_force", "", id, Severity::error, {}}};
                return false;
            }
        }
        purposes = require("eligibility.federal.purposes");
        consent_rule = require("eligibility.federal.consent");
        representative = require("eligibility.federal.representative");
        identification = require("eligibility.federal.identification");
        // Applied to every decision: deciding on an in-person visit is always permitted.
        require("eligibility.federal.in_person_decision");
        return true;
    }

    // 3. Urgency first: an urgent alert or an acute complaint sends the patient in person,
    // whatever else.
    void urgency() {
        const auto* urgent = require("eligibility.federal.urgent");
        for (const auto& alert : q.facts.alerts) {
            if (urgent && alert.severity == "urgent" && !after(alert.date, visit_day)) {
                d.in_person.push_back(
                    {"urgent_alert",
                     urgent->id,
                     {{"days", std::to_string(days_between(alert.date, visit_day))}}});
            }
        }
        if (urgent && q.facts.acute_complaints) {
            d.in_person.push_back({"acute_complaints", urgent->id, {}});
        }
    }

    // 4. The federal procedure: identification, consent, who takes part. A gate that fails means
    // the consultation cannot take place remotely as requested.
    void procedural_gates() {
        if (!contains(identification->strings("methods"), q.identification)) {
            d.blocking.push_back({"identification_not_accepted",
                                  identification->id,
                                  {{"method", q.identification}}});
        }
        // The age on the visit date decides who must take part and who consents.
        const auto feb28 = identity_view->use("identity.age.leap_day_feb28", trace) != nullptr;
        age = identity::age_in_years(patient->birth_date, visit_day, feb28);
        const bool needs_representative =
            age < representative->integer("min_age") || patient->incapacitated;
        if (!consented(feb28)) {
            d.blocking.push_back({"consent_missing", consent_rule->id, {}});
        }
        if (const auto* documentation = require("eligibility.federal.documentation")) {
            for (const auto& doc : documentation->strings("documents")) {
                d.document(doc);
            }
        }
        if (needs_representative && !contains(q.present, "legal_representative")) {
            d.blocking.push_back(
                {"representative_absent",
                 representative->id,
                 {{"min_age", std::to_string(representative->integer("min_age"))}}});
        }
        if (const auto* proxy = require("eligibility.federal.proxy");
            proxy && contains(q.present, "proxy") && !contains(q.present, "patient") &&
            !contains(q.present, "legal_representative")) {
            d.blocking.push_back({"proxy_alone", proxy->id, {}});
        }
    }

    // Who consents: the legal representative for a minor under 15 or an incapacitated adult
    // (323-ФЗ ст. 20 ч. 2), the patient personally from 15 on (ст. 54 ч. 2). A representative's
    // consent does not stand for a capable patient of 15 or over, nor the patient's own for a
    // minor under 15. A consent is an act of its date, so the one who gave it must have been
    // entitled then and still be on the visit date: a consent given across the 15th birthday does
    // not count.
    bool consented(bool feb28) const {
        const auto personal_from = consent_rule->integer("personal_consent_min_age");
        const auto consenter = [&](date::year_month_day on) -> std::string_view {
            const bool through_representative =
                identity::age_in_years(patient->birth_date, on, feb28) < personal_from ||
                patient->incapacitated;
            return through_representative ? "legal_representative" : "patient";
        };
        return std::any_of(
            patient->consents.begin(), patient->consents.end(), [&](const identity::Consent& c) {
                return contains(consent_rule->strings("consent_types"), c.type) &&
                       !after(c.date, visit_day) && c.given_by == consenter(c.date) &&
                       c.given_by == consenter(visit_day);
            });
    }

    // 4, continued. The region's own gates (Novosibirsk: cabinet and slot, the doctor–patient
    // format, six indications), and what the request's indication permits there.
    void regional_gates() {
        indications = require("eligibility.indications");
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
    }

    // 5. The indication's prerequisites (Novosibirsk): unmet, the patient is seen in person;
    // unknown from the request, a fact is missing.
    void prerequisites() {
        if (indications == nullptr || !q.indication || regional_permits.empty()) {
            return;
        }
        const std::string& ind = *q.indication;
        const auto* rule = require("eligibility.nvs." + ind);
        if (rule == nullptr) {
            return;
        }
        const Facts& f = q.facts;
        if (ind == "repeat_after_studies") {
            repeat_after_studies(*rule);
        } else if (ind == "incapacity_review") {
            if (!f.sick_leave_given) {
                d.missing.push_back("/facts/open_sick_leave");
            } else if (f.open_sick_leave_mode != "in_person") {
                d.in_person.push_back({"sick_leave_not_opened_in_person", rule->id, {}});
            }
        } else if (ind == "chronic_stable") {
            chronic_stable(*rule);
        } else if (ind == "dispensary_stable") {
            dispensary_stable(*rule);
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

    // Indication 1. A repeat visit follows an in-person one: on record, on or before the visit's
    // date. And the studies were prescribed at an in-person visit and their results are in; the
    // reason names what is missing: first the in-person prescription (results of studies
    // prescribed remotely do not count), then the results.
    void repeat_after_studies(const rules::Rule& rule) {
        const bool seen_in_person = std::any_of(
            patient->visits.begin(), patient->visits.end(), [&](const identity::Visit& v) {
                return v.kind == "in_person" && !after(v.date, visit_day);
            });
        if (!seen_in_person) {
            d.in_person.push_back({"no_prior_in_person_visit", rule.id, {}});
        }
        const auto& referrals = q.facts.referrals;
        if (!referrals) {
            d.missing.push_back("/facts/referrals");
        } else if (std::none_of(referrals->begin(), referrals->end(),
                                [](const Referral& x) { return x.prescribed_at == "in_person"; })) {
            d.in_person.push_back({"studies_not_prescribed_in_person", rule.id, {}});
        } else if (std::none_of(referrals->begin(), referrals->end(), [](const Referral& x) {
                       return x.prescribed_at == "in_person" && x.results_available;
                   })) {
            d.in_person.push_back({"results_not_ready", rule.id, {}});
        }
    }

    // Indication 3. A chronic non-communicable disease of the listed groups, established in
    // person by the visit, in a stable course.
    void chronic_stable(const rules::Rule& rule) {
        const auto& prefixes = rule.strings("icd10_prefixes");
        const bool chronic = std::any_of(
            patient->conditions.begin(), patient->conditions.end(),
            [&](const identity::Condition& c) {
                return c.established == "in_person" && !after(c.date, visit_day) &&
                       std::any_of(prefixes.begin(), prefixes.end(),
                                   [&](const std::string& p) { return c.icd10.rfind(p, 0) == 0; });
            });
        if (!chronic) {
            d.in_person.push_back({"no_chronic_condition", rule.id, {}});
        } else {
            stable_course("chronic_stable");
        }
    }

    // Indication 4. A dispensary observation active on the visit date for a listed code (or a
    // subcode of one), in a stable condition.
    void dispensary_stable(const rules::Rule& rule) {
        const auto& codes = rule.strings("icd10_codes");
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
            d.in_person.push_back({"no_dispensary_observation", rule.id, {}});
        } else {
            stable_course("dispensary_stable");
        }
    }

    // A stable course, read from the facts: the last assessment stable, and since it (both days
    // inclusive) no hospitalisation, diagnosis change or urgent alert. Each failure is an
    // in-person reason naming the indication.
    void stable_course(const std::string& indication) {
        const auto* rule = require("eligibility.federal.stable_course");
        if (rule == nullptr) {
            return;
        }
        const Facts& f = q.facts;
        if (!f.assessment_date || !f.assessment_course) {
            d.missing.push_back("/facts/last_assessment");
            return;
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
            w.args.push_back({"indication", indication});
            d.in_person.push_back(std::move(w));
        }
    }

    // What the checks of the actions read besides the request: the patient's record against the
    // consultation's condition, and the sick-leave rules in force on the visit date.
    bool in_person_diagnosis = false;
    bool in_person_therapy = false;
    std::optional<rules::View> sick_view;

    // 6. The planned actions, one by one. An action is permitted when its checks neither refuse
    // it nor find a fact missing; a missing fact also keeps the whole request undecided.
    void actions() {
        const Facts& f = q.facts;
        in_person_diagnosis = std::any_of(patient->conditions.begin(), patient->conditions.end(),
                                          [&](const identity::Condition& c) {
                                              return c.established == "in_person" &&
                                                     (!f.condition || c.icd10 == *f.condition);
                                          });
        in_person_therapy =
            f.therapy && std::any_of(f.therapy->begin(), f.therapy->end(), [&](const Therapy& t) {
                return t.prescribed_at == "in_person" &&
                       (!f.condition || !t.icd10 || *t.icd10 == *f.condition);
            });
        if (auto selected = rules::View::select(context, "sick_leave", visit_day); selected.ok()) {
            sick_view = std::move(selected).value();
        }
        for (const auto& action : q.actions) {
            const std::size_t refused_before = d.refused.size();
            const std::size_t missing_before = d.missing.size();
            check_action(action);
            if (d.refused.size() == refused_before && d.missing.size() == missing_before) {
                d.permitted.push_back(action);
            }
        }
        std::sort(d.missing.begin(), d.missing.end());
        d.missing.erase(std::unique(d.missing.begin(), d.missing.end()), d.missing.end());
    }

    // Records a refusal of `action`: a reason code and the rule that gives it.
    void refuse(const std::string& action, const char* code, const std::string& rule,
                Args args = {}) {
        d.refuse(action, {code, rule, std::move(args)});
    }

    // One action's checks (docs/eligibility.md, "The planned actions").
    void check_action(const std::string& action) {
        const bool federal = contains(purposes->strings("actions"), action);
        const bool regional = contains(regional_permits, action);
        if (action == "decide_in_person_visit") {
            // Always permitted: the doctor may always decide to see the patient.
        } else if (action == "correct_treatment") {
            const auto* correction = require("eligibility.federal.correction");
            if (indications != nullptr && !regional) {
                refuse(action, "action_not_for_indication", indications->id);
            } else if (correction == nullptr || !in_person_diagnosis || !in_person_therapy) {
                refuse(action, "correction_needs_in_person",
                       correction ? correction->id : "eligibility.federal.correction");
            }
        } else if (action == "prescribe_new_treatment") {
            check_new_treatment(action);
        } else if (action == "close_sick_leave") {
            check_sick_leave_closure(action, regional);
        } else if (action == "extend_sick_leave") {
            const auto* remote =
                sick_view ? sick_view->use("sick_leave.extend.remote", trace) : nullptr;
            if (remote == nullptr) {
                refuse(action, "remote_extension_not_allowed", "sick_leave.extend.remote");
            }
        } else if (action == "issue_subsidised_prescription" || action == "issue_referrals") {
            // Federally unconfirmed remotely; only a regional indication that names them permits
            // them.
            if (!regional) {
                refuse(action, "action_not_permitted_here",
                       indications ? indications->id : purposes->id);
            }
        } else if (!federal) {
            refuse(action, "not_a_purpose", purposes->id);
        }
    }

    // New treatment, only under the 2023 experimental regime, switched on, and each of its
    // conditions: the patient's age, the doctor's experience and organisation, the same disease
    // established in person.
    void check_new_treatment(const std::string& action) {
        const auto* fresh = require("eligibility.federal.new_treatment");
        if (fresh == nullptr) {
            refuse(action, "new_treatment_not_allowed", "eligibility.federal.new_treatment");
            return;
        }
        if (age < fresh->integer("min_patient_age")) {
            refuse(action, "new_treatment_minor", fresh->id,
                   {{"min_age", std::to_string(fresh->integer("min_patient_age"))}});
        }
        if (q.experience_years < fresh->integer("min_experience_years")) {
            refuse(action, "new_treatment_experience", fresh->id,
                   {{"years", std::to_string(fresh->integer("min_experience_years"))}});
        }
        if (q.doctor_role != "treating_doctor" && q.doctor_role != "same_organisation_doctor") {
            refuse(action, "new_treatment_other_organisation", fresh->id);
        }
        if (!in_person_diagnosis || !q.facts.condition) {
            refuse(action, "new_treatment_other_disease", fresh->id);
        }
    }

    // A remote closure of sick leave: the sick-leave rule in force, a certificate opened in
    // person, the treating doctor; in RU-NVS the indication names it, in RU-VOR only by video.
    void check_sick_leave_closure(const std::string& action, bool regional) {
        const auto* remote = sick_view ? sick_view->use("sick_leave.close.remote", trace) : nullptr;
        if (indications != nullptr && !regional) {
            refuse(action, "action_not_for_indication", indications->id);
        } else if (remote == nullptr) {
            refuse(action, "sick_leave_remote_closure_not_in_force", "sick_leave.close.remote");
        } else if (!q.facts.sick_leave_given) {
            d.missing.push_back("/facts/open_sick_leave");
        } else if (q.facts.open_sick_leave_mode != "in_person") {
            refuse(action, "sick_leave_not_opened_in_person", remote->id);
        } else if (q.doctor_role != "treating_doctor") {
            refuse(action, "not_treating_doctor", remote->id);
        }
        if (const auto* video = require("eligibility.vor.sick_leave_video");
            video && !contains(video->strings("modes"), q.mode)) {
            refuse(action, "sick_leave_video_required", video->id);
        }
    }

    // 7. Decide, first match wins; then whatever is not permitted in the end is refused, with the
    // verdict's reasons when it had none, and a permitted remote closure brings its documents.
    void decide() {
        choose_verdict();
        if (verdict == "allowed" || verdict == "allowed_with_restrictions") {
            permitted = d.permitted;
        } else if (verdict == "in_person_required") {
            permitted = {"decide_in_person_visit"};
        }
        for (const auto& action : q.actions) {
            const bool listed = std::any_of(d.refused.begin(), d.refused.end(),
                                            [&](const auto& x) { return x.first == action; });
            if (!contains(permitted, action) && !listed) {
                for (const auto& reason : reasons) {
                    d.refuse(action, reason);
                }
            }
        }
        if (contains(permitted, "close_sick_leave")) {
            if (const auto* kir = require("eligibility.kir.sick_leave_protocol")) {
                for (const auto& doc : kir->strings("documents")) {
                    d.document(doc);
                }
            }
        }
    }

    // The verdict and its reasons: missing facts, then the gates, then urgency and the
    // prerequisites; else the refusals decide.
    void choose_verdict() {
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
            // Every planned action refused: nothing can be done remotely, and the refusals are
            // the reasons, each code once.
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
    }

    // 8. The response: the decision, the patient's warnings, the rule sets and the trace.
    Response write() {
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
};

} // namespace

Response evaluate(const Context& context, std::string_view text) {
    Evaluation e(context);
    if (!e.read(text) || !e.select()) {
        return e.stopped();
    }
    e.urgency();
    e.procedural_gates();
    e.regional_gates();
    e.prerequisites();
    e.actions();
    e.decide();
    return e.write();
}

} // namespace telemed::eligibility
