// The consultation's lifecycle: (snapshot, event) → new snapshot (docs/consultation.md). The
// snapshot is the embedder's to keep; every event is checked against it, applied once, and
// appended to the snapshot's hash-chained audit log.
#include <algorithm>
#include <array>
#include <stdexcept>

#include "consultation/audit.hpp"
#include "consultation/internal.hpp"
#include "core/dates.hpp"
#include "core/response.hpp"
#include "i18n/i18n.hpp"
#include "rules/selection.hpp"
#include "telemed/consultation.hpp"
#include "telemed/eligibility.hpp"
#include "telemed/identity.hpp"
#include "telemed/readings.hpp"
#include "telemed/sick_leave.hpp"
#include "json/canonical.hpp"

namespace telemed::consultation {

namespace {

using detail::array_at;
namespace bj = boost::json;
using detail::object_at;
using detail::string_at;
using json::ObjectReader;

// The events, each with the status it leads to.
struct EventKind {
    std::string_view name;
    std::string_view leads_to;
};
constexpr std::array<EventKind, 12> event_kinds{{
    {"request", "requested"},
    {"schedule", "scheduled"},
    {"verify_identity", "identity_verified"},
    {"confirm_consent", "consent_confirmed"},
    {"start", "in_progress"},
    {"connection_lost", "interrupted"},
    {"resume", "in_progress"},
    {"complete", "completed"},
    {"sign_protocol", "protocol_signed"},
    {"deliver", "delivered"},
    {"cancel", "cancelled"},
    {"no_show", "no_show"},
}};

std::string_view leads_to(std::string_view event) {
    for (const auto& k : event_kinds) {
        if (k.name == event) {
            return k.leads_to;
        }
    }
    return {};
}

// The events allowed from a status ("" before the first event), in lifecycle order. A
// consultation is identified, then consented, then started: each gate comes before what it
// guards. The terminal statuses (delivered, cancelled, no_show) allow nothing.
std::vector<std::string_view> allowed_from(std::string_view status) {
    if (status.empty()) {
        return {"request"};
    }
    if (status == "requested") {
        return {"schedule", "cancel"};
    }
    if (status == "scheduled") {
        return {"schedule", "verify_identity", "cancel", "no_show"};
    }
    if (status == "identity_verified") {
        return {"confirm_consent", "cancel", "no_show"};
    }
    if (status == "consent_confirmed") {
        return {"start", "cancel", "no_show"};
    }
    if (status == "in_progress") {
        return {"connection_lost", "complete"};
    }
    if (status == "interrupted") {
        return {"resume", "cancel"};
    }
    if (status == "completed") {
        return {"sign_protocol"};
    }
    if (status == "protocol_signed") {
        return {"deliver"};
    }
    return {};
}

std::string joined(const std::vector<std::string_view>& items) {
    std::string out;
    for (const auto item : items) {
        out += out.empty() ? "" : ", ";
        out += item;
    }
    return out.empty() ? "—" : out;
}

// The hash of a snapshot the library built: made of checked input and of values the library
// writes, it always has a canonical form.
std::string sealed_hash(const bj::object& snapshot) {
    auto hash = detail::state_hash(snapshot);
    if (!hash) {
        throw std::logic_error("a consultation snapshot has no canonical form");
    }
    return std::move(*hash);
}

// The members "status" and "allowed_events" of every answer: where the consultation stands.
void write_status(json::Writer& out, std::string_view status) {
    out.member("status", status);
    out.key("allowed_events").begin_array();
    for (const auto e : allowed_from(status)) {
        out.string(e);
    }
    out.end_array();
}

bool contains(const bj::array* list, std::string_view item) {
    return list != nullptr && std::any_of(list->begin(), list->end(), [&](const bj::value& v) {
               return v.is_string() && v.get_string() == item;
           });
}

// Free text as the protocol keeps it: NFC, so that the signed bytes do not depend on how a
// keyboard composed "й".
std::optional<std::string> text(ObjectReader& r, std::string_view key, bool required,
                                std::size_t max_chars) {
    auto value = r.string(key, required, max_chars);
    if (value) {
        value = i18n::normalize_text(*value);
    }
    return value;
}

// One event applied to one snapshot.
struct Application {
    const Context& context;
    json::Arena arena;
    json::Problems problems;
    rules::Trace trace;
    std::optional<rules::View> view;
    std::optional<Error> failure;

    std::optional<bj::value> document;
    std::optional<ObjectReader> root;
    std::optional<ObjectReader> event; // the event, open for its type's members
    const bj::object* state = nullptr; // the snapshot given; nullptr before the first event
    std::string status;                // its status; "" before the first event
    std::string event_id, type, at_text, event_hash;
    std::chrono::system_clock::time_point at{};
    bj::object next; // the snapshot being built
    // A landed operation's report that refused the event, returned beside the problem.
    std::optional<bj::value> nested_report;
    std::string nested_operation;
    std::optional<bj::value> decision; // the eligibility decision taken at "start"

    explicit Application(const Context& c) : context(c) {}

    // Parses the request {"state"?, "event"}: false, with `failure`, when it is not JSON.
    bool parse(std::string_view text_in) {
        auto parsed = json::parse(text_in, arena);
        if (!parsed.ok()) {
            failure = parsed.error();
            return false;
        }
        document = std::move(parsed).value();
        root.emplace(*document, "", problems);
        const auto* state_value = root->value("state", false);
        const auto* event_value = root->value("event", true);
        root->finish();
        if (state_value != nullptr) {
            if (!state_value->is_object()) {
                problems.add("wrong_type", "/state", {},
                             {{"expected", "object"}, {"actual", "other"}});
            } else {
                state = &state_value->get_object();
            }
        }
        if (event_value != nullptr) {
            event.emplace(*event_value, *root, "event");
        }
        return true;
    }

    // The snapshot given back must be one this library made for this context, unchanged.
    void check_state() {
        if (state == nullptr) {
            return;
        }
        if (detail::check_state(*state, context, "/state", problems)) {
            status = std::string(string_at(*state, "status"));
            next = bj::object(*state);
        }
    }

    // The members every event has: id, type and the instant it happened.
    void read_event_header() {
        if (!event || !event->is_object()) {
            return;
        }
        auto id = event->string("id", true, 128);
        std::vector<std::string_view> names;
        for (const auto& k : event_kinds) {
            names.push_back(k.name);
        }
        auto kind = event->string("type", true, 32);
        if (kind && leads_to(*kind).empty()) {
            problems.add("invalid_value", event->at("type"), {}, {{"allowed", joined(names)}});
            kind.reset();
        }
        const auto when = event->string("at", true, 64);
        std::optional<std::chrono::system_clock::time_point> instant;
        if (when) {
            instant = dates::parse_instant(*when);
            if (!instant) {
                problems.add("invalid_instant", event->at("at"));
            }
        }
        if (id && kind && instant) {
            event_id = *id;
            type = *kind;
            at = *instant;
            at_text = detail::local_text(at, context);
            if (auto hash = detail::content_hash(*document->get_object().if_contains("event"))) {
                event_hash = std::move(*hash);
            } else {
                problems.add("number_not_finite", "/event");
                type.clear();
            }
        }
    }

    // The rules of the consultation domain in force on the event's date in the organisation's
    // zone.
    bool select_rules() {
        auto selected = rules::View::select(context, "consultation",
                                            dates::calendar_date(at, context.time_zone()));
        if (!selected.ok()) {
            failure = selected.error();
            return false;
        }
        view = std::move(selected).value();
        return true;
    }

    const rules::Rule* require(std::string_view id) {
        const auto* rule = view->use(id, trace);
        if (rule == nullptr && !failure) {
            failure = Error{Status::rules,
                            Problem{"rule_not_in_force", "", std::string(id), Severity::error, {}}};
        }
        return rule;
    }

    // An event whose id was applied before: a retry changes nothing; the same id for another
    // event is refused.
    std::optional<bool> already_applied() const {
        if (state == nullptr) {
            return std::nullopt;
        }
        const auto* audit = array_at(*state, "audit");
        for (const auto& entry : *audit) {
            const auto& e = entry.get_object();
            if (string_at(e, "event_id") == event_id) {
                return string_at(e, "event_hash") == event_hash;
            }
        }
        return std::nullopt;
    }

    // The event must be one the current status allows, and not earlier than the last one.
    bool check_order() {
        const auto allowed = allowed_from(status);
        if (std::find(allowed.begin(), allowed.end(), type) == allowed.end()) {
            problems.add("event_not_allowed", event->at("type"), {},
                         {{"event", type},
                          {"status", status.empty() ? "—" : status},
                          {"allowed", joined(allowed)}});
            return false;
        }
        if (state != nullptr) {
            const auto& audit = *array_at(*state, "audit");
            const auto last = dates::parse_instant(string_at(audit.back().get_object(), "at"));
            if (last && at < *last) {
                problems.add("event_before_previous", event->at("at"));
            }
            if (audit.size() >= detail::max_events) {
                problems.add("too_many_events", "/state/audit", {},
                             {{"limit", std::to_string(detail::max_events)}});
            }
        }
        // A clock ahead of the organisation's by more than this is a wrong clock, not an event.
        if (at > context.now() + std::chrono::minutes(10)) {
            problems.add("future_event", event->at("at"));
        }
        return !problems.has_errors();
    }

    // A landed operation refused the document the consultation built: its first error becomes
    // the event's, at `pointer` (or its own pointer below `prefix`), and its report goes along.
    void absorb(const detail::Nested& n, std::string_view operation, std::string_view prefix,
                std::optional<std::string_view> pointer = std::nullopt) {
        Problem p = n.response.problem;
        p.pointer = pointer ? std::string(*pointer) : std::string(prefix) + p.pointer;
        problems.add(p.code, p.pointer, p.rule, p.args, Severity::error);
        nested_report = n.output;
        nested_operation = std::string(operation);
    }

    // Any status but validation from a landed operation stops the event as it is.
    bool nested_ok(const detail::Nested& n, std::string_view operation, std::string_view prefix,
                   std::optional<std::string_view> pointer = std::nullopt) {
        if (n.response.status == Status::ok && n.output && n.output->is_object()) {
            return true;
        }
        if (n.response.status == Status::validation) {
            absorb(n, operation, prefix, pointer);
        } else if (!failure) {
            failure = Error{n.response.status == Status::ok ? Status::internal : n.response.status,
                            n.response.problem};
        }
        return false;
    }

    bj::object& consultation() { return next["consultation"].as_object(); }

    void apply_request();
    void apply_schedule();
    void apply_verify_identity();
    void apply_confirm_consent();
    void apply_start();
    void apply_connection_lost();
    void apply_resume();
    void apply_complete();
    void apply_sign_protocol();
    void apply_deliver();
    void apply_cancel();
    void apply_no_show();
    std::optional<bj::object> close_certificate(const bj::value& closure);
    std::optional<bj::object> summarize_readings(const bj::value& home_readings);

    void apply_event() {
        using Handler = void (Application::*)();
        static constexpr std::array<std::pair<std::string_view, Handler>, 12> handlers{{
            {"request", &Application::apply_request},
            {"schedule", &Application::apply_schedule},
            {"verify_identity", &Application::apply_verify_identity},
            {"confirm_consent", &Application::apply_confirm_consent},
            {"start", &Application::apply_start},
            {"connection_lost", &Application::apply_connection_lost},
            {"resume", &Application::apply_resume},
            {"complete", &Application::apply_complete},
            {"sign_protocol", &Application::apply_sign_protocol},
            {"deliver", &Application::apply_deliver},
            {"cancel", &Application::apply_cancel},
            {"no_show", &Application::apply_no_show},
        }};
        for (const auto& [name, handler] : handlers) {
            if (name == type) {
                (this->*handler)();
            }
        }
    }

    // The new status, and the event sealed into the audit chain with the hash of the snapshot
    // it produced.
    void seal() {
        next["status"] = leads_to(type);
        bj::array log;
        if (const auto* old = array_at(next, "audit")) {
            log = *old;
        }
        next.erase("audit");
        bj::object entry{{"event_id", event_id},
                         {"type", type},
                         {"at", at_text},
                         {"status", leads_to(type)},
                         {"event_hash", event_hash},
                         {"state_hash", sealed_hash(next)}};
        const std::string prev = log.empty()
                                     ? std::string(64, '0')
                                     : std::string(string_at(log.back().get_object(), "hash"));
        auto sealed = consultation::seal(std::move(entry), prev, log.size());
        if (!sealed) {
            throw std::logic_error("a snapshot the library built has no canonical form");
        }
        log.push_back(std::move(*sealed));
        next["audit"] = std::move(log);
    }

    Response respond(bool applied) {
        const bj::object& snapshot = applied ? next : *state;
        const std::string now_status(string_at(snapshot, "status"));
        json::Writer out = core::begin();
        out.key("applied").boolean(applied);
        write_status(out, now_status);
        if (decision) {
            out.key("decision").value(*decision);
        }
        out.key("state").raw(json::canonicalize(bj::value(snapshot)).value());
        core::write_problems(out, problems.all());
        return core::succeed(std::move(out), trace);
    }

    Response reject() {
        json::Writer out = core::begin();
        out.key("applied").boolean(false);
        if (!event_id.empty() || state != nullptr) {
            write_status(out, status);
        }
        if (decision) {
            out.key("decision").value(*decision);
        }
        if (nested_report) {
            out.key("nested").begin_object().member("operation", nested_operation);
            out.key("report").value(*nested_report);
            out.end_object();
        }
        auto all = problems.take();
        core::write_problems(out, all);
        return core::reject(std::move(out), trace, all);
    }
};

// ---- request: the consultation asked for, checked by the landed operations ----------------

void Application::apply_request() {
    const auto* c = event->value("consultation", true);
    event->finish();
    if (c == nullptr) {
        return;
    }
    ObjectReader r(*c, *event, "consultation");
    const auto id = r.string("id", true, 64);
    const auto* organisation = r.value("organisation", true);
    const auto* doctor = r.value("doctor", true);
    const auto* certificate = r.value("certificate", false);
    const auto* home_readings = r.value("readings", false);
    // What eligibility.evaluate reads is passed to it as it is, and checked there.
    bj::object request;
    for (const auto key : {"patient", "indication", "format", "mode", "channel", "present",
                           "planned_actions", "facts"}) {
        if (const auto* v = r.value(key, false)) {
            request[key] = *v;
        }
    }
    r.finish();
    bj::object kept_organisation, kept_doctor;
    if (organisation != nullptr) {
        ObjectReader o(*organisation, r, "organisation");
        const auto oid = o.string("id", true, 64);
        const auto name = o.string("name", false, 300);
        const auto cabinet = o.boolean("telemedicine_cabinet", true);
        o.finish();
        if (oid && cabinet) {
            request["organisation"] = {{"id", *oid}, {"telemedicine_cabinet", *cabinet}};
            kept_organisation = {{"id", *oid}, {"telemedicine_cabinet", *cabinet}};
            if (name) {
                kept_organisation["name"] = *name;
            }
        }
    }
    if (doctor != nullptr) {
        ObjectReader d(*doctor, r, "doctor");
        const auto did = d.string("id", true, 64);
        const auto name = d.string("name", false, 300);
        const auto* role = d.value("role", true);
        const auto* experience = d.value("experience_years", true);
        d.finish();
        if (did && role && experience) {
            request["doctor"] = {{"id", *did}, {"role", *role}, {"experience_years", *experience}};
            kept_doctor = request["doctor"].as_object();
            if (name) {
                kept_doctor["name"] = *name;
            }
        }
    }
    if (certificate != nullptr) {
        if (const auto* facts = request.if_contains("facts");
            facts && facts->is_object() && facts->get_object().contains("open_sick_leave")) {
            // The certificate is the fact: the two cannot be allowed to disagree.
            problems.add("conflicting_fields", "/event/consultation/facts/open_sick_leave");
        }
    }
    if (problems.has_errors()) {
        return;
    }
    // Checked as eligibility.evaluate reads it, at the instant of the request; the decision
    // itself is taken when the consultation starts, on the slot and the identification.
    bj::object probe = request;
    probe["slot"] = {{"start", at_text}, {"telemedicine", true}};
    probe["identification"] = "esia";
    const auto checked = detail::call(eligibility::evaluate, context, probe);
    if (!nested_ok(checked, "eligibility.evaluate", "/event/consultation")) {
        return;
    }
    if (certificate != nullptr) {
        const auto record =
            detail::call(sick_leave::record, context, bj::object{{"certificate", *certificate}});
        if (!nested_ok(record, "sick_leave.record", "/event/consultation")) {
            return;
        }
        if (!certificate->is_object() || string_at(certificate->get_object(), "status") != "open") {
            problems.add("certificate_not_open", "/event/consultation/certificate/status", {},
                         {{"status", std::string(string_at(certificate->get_object(), "status"))}});
            return;
        }
    }
    std::optional<bj::object> summary;
    if (home_readings != nullptr) {
        summary = summarize_readings(*home_readings);
        if (!summary) {
            return;
        }
    }
    bj::object kept = request;
    kept["id"] = *id;
    if (summary) {
        kept["readings_summary"] = std::move(*summary);
    }
    kept["organisation"] = kept_organisation;
    kept["doctor"] = kept_doctor;
    if (certificate != nullptr) {
        kept["certificate"] = *certificate;
    }
    next = bj::object{{"format", detail::state_format},
                      {"id", *id},
                      {"jurisdiction", context.jurisdiction()},
                      {"time_zone", context.time_zone_name()},
                      {"requested_at", at_text},
                      {"consultation", bj::value(std::move(kept))},
                      {"interruptions", bj::array{}}};
}

// ---- schedule: a telemedicine slot of a cabinet --------------------------------------------

void Application::apply_schedule() {
    const auto* cabinet = event->value("cabinet", true);
    const auto* slot = event->value("slot", true);
    event->finish();
    bj::object kept_cabinet, kept_slot;
    if (cabinet != nullptr) {
        ObjectReader c(*cabinet, *event, "cabinet");
        const auto id = c.string("id", true, 64);
        const auto name = c.string("name", false, 300);
        c.finish();
        if (id) {
            kept_cabinet = {{"id", *id}};
            if (name) {
                kept_cabinet["name"] = *name;
            }
        }
    }
    if (slot != nullptr) {
        ObjectReader s(*slot, *event, "slot");
        const auto id = s.string("id", true, 64);
        const auto start_text = s.string("start", true, 64);
        const auto end_text = s.string("end", false, 64);
        const auto telemedicine = s.boolean("telemedicine", true);
        s.finish();
        std::optional<std::chrono::system_clock::time_point> start, end;
        if (start_text && !(start = dates::parse_instant(*start_text))) {
            problems.add("invalid_instant", s.at("start"));
        }
        if (end_text && !(end = dates::parse_instant(*end_text))) {
            problems.add("invalid_instant", s.at("end"));
        }
        if (start && end && *end <= *start) {
            problems.add("date_order", s.at("end"));
        }
        if (start && *start < at) {
            problems.add("slot_in_past", s.at("start"));
        }
        if (id && start && telemedicine) {
            kept_slot = {{"id", *id},
                         {"start", detail::local_text(*start, context)},
                         {"telemedicine", *telemedicine}};
            if (end) {
                kept_slot["end"] = detail::local_text(*end, context);
            }
        }
    }
    if (!problems.has_errors()) {
        next["schedule"] = {{"cabinet", kept_cabinet}, {"slot", kept_slot}, {"at", at_text}};
    }
}

// ---- verify_identity: the patient's claim matched against the record -----------------------

void Application::apply_verify_identity() {
    const auto* rule = require("consultation.identification.before_start");
    const auto method =
        event->one_of("method", true, {"esia", "snils_birth_date", "enp_birth_date"});
    const auto* claim = event->value("claim", true);
    event->finish();
    if (rule == nullptr || !method || claim == nullptr) {
        return;
    }
    if (claim->is_object()) {
        const auto& c = claim->get_object();
        if ((*method == "snils_birth_date" && !c.contains("snils")) ||
            (*method == "enp_birth_date" && !c.contains("enp"))) {
            problems.add("conflicting_fields", "/event/method", rule->id);
            return;
        }
    }
    const auto* patient = consultation().if_contains("patient");
    const auto result = detail::call(identity::identify_patient, context,
                                     bj::object{{"patient", *patient}, {"claim", *claim}});
    if (!nested_ok(result, "patient.identify", "/event")) {
        return;
    }
    if (string_at(result.output->get_object(), "result") != "match") {
        // Never which part differed, nor the identifier (docs/identity.md).
        problems.add("identity_mismatch", "/event/claim", rule->id);
        return;
    }
    next["identification"] = {{"method", *method}, {"verified_at", at_text}};
}

// ---- confirm_consent: recorded in the patient's consents ----------------------------------

void Application::apply_confirm_consent() {
    const auto* consent = event->value("consent", true);
    event->finish();
    if (consent == nullptr) {
        return;
    }
    ObjectReader c(*consent, *event, "consent");
    const auto id = c.string("id", false, 64);
    const auto kind = c.one_of("type", true, {"telemedicine", "informed_voluntary"});
    const auto scope = c.string("scope", false, 200);
    const auto day = c.date("date", true);
    const auto given_by = c.one_of("given_by", true, {"patient", "legal_representative"});
    c.finish();
    if (!kind || !day || !given_by) {
        return;
    }
    if (*day > dates::calendar_date(at, context.time_zone())) {
        problems.add("future_date", "/event/consent/date");
        return;
    }
    bj::object entry{
        {"type", *kind}, {"date", bj::string(json::format_date(*day))}, {"given_by", *given_by}};
    if (scope) {
        entry["scope"] = *scope;
    }
    auto patient = consultation()["patient"].as_object();
    auto& consents = patient["consents"].is_array() ? patient["consents"].as_array()
                                                    : patient["consents"].emplace_array();
    if (std::find(consents.begin(), consents.end(), bj::value(entry)) == consents.end()) {
        consents.push_back(entry);
    }
    // The patient as it now stands must still be valid: a representative's consent needs a
    // representative on record.
    const auto checked = detail::call(identity::validate_patient, context, bj::value(patient));
    if (!nested_ok(checked, "patient.validate", "", "/event/consent")) {
        return;
    }
    consultation()["patient"] = std::move(patient);
    bj::object kept = entry;
    if (id) {
        kept["id"] = *id;
    }
    kept["confirmed_at"] = at_text;
    next["consent"] = std::move(kept);
}

// ---- start: the eligibility decision on the consultation's own facts ----------------------

void Application::apply_start() {
    event->finish();
    const auto& c = consultation();
    const auto* schedule = object_at(next, "schedule");
    const auto* identification = object_at(next, "identification");
    if (schedule == nullptr || identification == nullptr) {
        problems.add("state_invalid", "/state");
        return;
    }
    bj::object request;
    for (const auto key : {"organisation", "patient", "doctor", "indication", "format", "mode",
                           "channel", "present", "planned_actions", "facts"}) {
        if (const auto* v = c.if_contains(key)) {
            request[key] = *v;
        }
    }
    request["organisation"].as_object().erase("name");
    request["doctor"].as_object().erase("name");
    const auto* slot = object_at(*schedule, "slot");
    request["slot"] = {{"start", slot->at("start")}, {"telemedicine", slot->at("telemedicine")}};
    request["identification"] = identification->at("method");
    if (const auto* summary = object_at(c, "readings_summary")) {
        // The home devices' alerts are facts of the decision, unless the request gave its own.
        auto& facts = request["facts"].is_object() ? request["facts"].as_object()
                                                   : request["facts"].emplace_object();
        if (!facts.contains("alerts") && summary->contains("alerts")) {
            facts["alerts"] = summary->at("alerts");
        }
    }
    if (const auto* certificate = object_at(c, "certificate")) {
        // The certificate the consultation is about is the fact the decision reads.
        const auto* opened = object_at(*certificate, "opened");
        if (opened != nullptr && opened->contains("mode") && opened->contains("date")) {
            auto& facts = request["facts"].is_object() ? request["facts"].as_object()
                                                       : request["facts"].emplace_object();
            facts["open_sick_leave"] = {{"opened_mode", opened->at("mode")},
                                        {"opened_date", opened->at("date")}};
        }
    }
    const auto decided = detail::call(eligibility::evaluate, context, request);
    if (!nested_ok(decided, "eligibility.evaluate", "/state/consultation")) {
        return;
    }
    bj::object d = decided.output->get_object();
    d.erase("problems");
    const auto verdict = string_at(d, "verdict");
    decision = d;
    if (verdict != "allowed" && verdict != "allowed_with_restrictions") {
        std::string rule;
        if (const auto* reasons = array_at(d, "reasons");
            reasons && !reasons->empty() && reasons->front().is_object()) {
            rule = std::string(string_at(reasons->front().get_object(), "rule"));
        }
        problems.add("consultation_not_permitted", "/event/type", rule,
                     {{"verdict", std::string(verdict)}});
        return;
    }
    next["eligibility"] = std::move(d);
    next["started_at"] = at_text;
}

// ---- connection lost and resumed ------------------------------------------------------------

void Application::apply_connection_lost() {
    event->finish();
    next["interruptions"].as_array().push_back(bj::object{{"lost_at", at_text}});
}

void Application::apply_resume() {
    event->finish();
    auto& list = next["interruptions"].as_array();
    if (list.empty() || !list.back().is_object()) {
        problems.add("state_invalid", "/state/interruptions");
        return;
    }
    list.back().as_object()["resumed_at"] = at_text;
}

// ---- complete: the outcomes, each permitted by the decision; a closure by sick_leave.close --

void Application::apply_complete() {
    const auto* outcomes_rule = require("consultation.outcomes");
    const auto* notes = event->value("notes", false);
    const auto* outcomes = event->array("outcomes", true);
    const auto next_steps = text(*event, "next_steps", false, detail::max_text_chars);
    const auto* closure = event->value("sick_leave_closure", false);
    event->finish();
    if (outcomes_rule == nullptr || outcomes == nullptr) {
        return;
    }
    bj::object completion{{"completed_at", at_text}};
    if (notes != nullptr) {
        ObjectReader n(*notes, *event, "notes");
        for (const auto key : {"complaints", "anamnesis", "findings"}) {
            if (const auto value = text(n, key, false, detail::max_text_chars)) {
                completion[key] = *value;
            }
        }
        n.finish();
    }
    const auto& eligibility = next["eligibility"].as_object();
    const auto* permitted = array_at(eligibility, "permitted_actions");
    const auto& actions_of = outcomes_rule->string_lists("actions");
    const auto visit_date = string_at(eligibility, "visit_date");
    bj::array kept;
    std::vector<std::string> kinds_seen;
    bool closes = false;
    for (std::size_t i = 0; i < outcomes->size(); ++i) {
        ObjectReader o((*outcomes)[i], *event, "outcomes", i);
        auto kind = o.string("kind", true, 64);
        if (kind && actions_of.find(*kind) == actions_of.end()) {
            std::string names;
            for (const auto& [name, unused] : actions_of) {
                names += (names.empty() ? "" : ", ") + name;
            }
            problems.add("invalid_value", o.at("kind"), outcomes_rule->id, {{"allowed", names}});
            kind.reset();
        }
        bj::object item;
        if (kind) {
            item["kind"] = *kind;
        }
        const bool needs_text =
            kind && (*kind == "treatment_corrected" || *kind == "treatment_prescribed");
        const bool has_items = kind && (*kind == "referrals" || *kind == "prescriptions");
        if (kind && *kind != "certificate_closed" && !has_items) {
            if (const auto t = text(o, "text", needs_text, detail::max_item_chars)) {
                item["text"] = *t;
            }
        }
        if (kind && *kind == "in_person_visit_needed") {
            if (const auto day = o.date("date", true)) {
                const auto written = json::format_date(*day);
                if (written < visit_date) {
                    problems.add("date_order", o.at("date"));
                }
                item["date"] = written;
            }
        }
        if (has_items) {
            if (const auto* list = o.array("items", true)) {
                if (list->empty() || list->size() > detail::max_items) {
                    problems.add("invalid_count", o.at("items"), {},
                                 {{"min", "1"}, {"max", std::to_string(detail::max_items)}});
                }
                bj::array items;
                for (std::size_t j = 0; j < list->size() && j < detail::max_items; ++j) {
                    const auto& v = (*list)[j];
                    if (!v.is_string() || v.get_string().empty() ||
                        json::code_points(v.get_string()) > detail::max_item_chars) {
                        problems.add("invalid_value", json::pointer_index(o.at("items"), j));
                        continue;
                    }
                    items.push_back(bj::string(i18n::normalize_text(v.get_string())));
                }
                item["items"] = std::move(items);
            }
        }
        o.finish();
        if (!kind) {
            continue;
        }
        if (std::find(kinds_seen.begin(), kinds_seen.end(), *kind) != kinds_seen.end()) {
            problems.add("duplicate_item", o.at("kind"));
            continue;
        }
        kinds_seen.push_back(*kind);
        // Deciding on an in-person visit is always a permitted outcome
        // (eligibility.federal.in_person_decision); every other one needs an action the decision
        // permitted.
        const auto& needed = actions_of.at(*kind);
        const bool allowed =
            *kind == "in_person_visit_needed" ||
            std::any_of(needed.begin(), needed.end(),
                        [&](const std::string& action) { return contains(permitted, action); });
        if (!allowed) {
            problems.add("outcome_not_permitted", o.at("kind"), outcomes_rule->id,
                         {{"kind", *kind}});
            continue;
        }
        closes = closes || *kind == "certificate_closed";
        kept.push_back(std::move(item));
    }
    if (closes != (closure != nullptr)) {
        problems.add(closes ? "missing_field" : "conflicting_fields", "/event/sick_leave_closure");
    }
    if (problems.has_errors()) {
        return;
    }
    if (closes) {
        auto closed = close_certificate(*closure);
        if (!closed) {
            return;
        }
        for (auto& item : kept) {
            if (string_at(item.as_object(), "kind") == "certificate_closed") {
                item = std::move(*closed);
            }
        }
    }
    completion["outcomes"] = std::move(kept);
    if (next_steps) {
        completion["next_steps"] = *next_steps;
    }
    next["completion"] = std::move(completion);
}

// The certificate closed by the landed sick_leave.close, with the consultation's mode and
// channel: the regional rules of a remote closure (video in Voronezh) apply at the closure itself.
std::optional<bj::object> Application::close_certificate(const bj::value& closure) {
    ObjectReader k(closure, *event, "sick_leave_closure");
    const auto recovery = k.boolean("recovery_confirmed", true);
    const auto* outcome = k.value("outcome", false);
    const auto* continuation = k.value("continuation_number", false);
    const auto* state_change = k.value("state_change_date", false);
    k.finish();
    if (!recovery) {
        return std::nullopt;
    }
    const auto& c = consultation();
    if (object_at(c, "certificate") == nullptr) {
        // A decision may permit a closure on facts.open_sick_leave alone; closing needs the
        // certificate itself, given with the request.
        problems.add("missing_field", "/state/consultation/certificate");
        return std::nullopt;
    }
    const auto& doctor = c.at("doctor").as_object();
    bj::object consultation_facts{{"recovery_confirmed", *recovery},
                                  {"consent_recorded", next.contains("consent")},
                                  {"mode", c.at("mode")}};
    if (const auto* indication = c.if_contains("indication")) {
        consultation_facts["indication"] = *indication;
    }
    if (const auto* channel = c.if_contains("channel")) {
        consultation_facts["channel"] = *channel;
    }
    bj::object request_closure{
        {"date", json::format_date(dates::calendar_date(at, context.time_zone()))},
        {"mode", "telemedicine"},
        {"doctor",
         {{"id", doctor.at("id")},
          {"role", string_at(doctor, "role") == "feldsher" ? "feldsher" : "doctor"}}},
        {"consultation", std::move(consultation_facts)}};
    if (outcome != nullptr) {
        request_closure["outcome"] = *outcome;
    }
    if (continuation != nullptr) {
        request_closure["continuation_number"] = *continuation;
    }
    if (state_change != nullptr) {
        request_closure["state_change_date"] = *state_change;
    }
    const auto closed = detail::call(
        sick_leave::close, context,
        bj::object{{"certificate", c.at("certificate")}, {"closure", std::move(request_closure)}});
    if (!nested_ok(closed, "sick_leave.close", "", "/event/sick_leave_closure")) {
        return std::nullopt;
    }
    const auto& certificate = closed.output->get_object().at("certificate").as_object();
    next["certificate"] = certificate;
    bj::object item{{"kind", "certificate_closed"},
                    {"number", certificate.at("number")},
                    {"status", certificate.at("status")}};
    if (const auto* when = object_at(certificate, "closed")) {
        item["closed_date"] = when->at("date");
    }
    for (const auto key : {"return_to_work", "continuation_number", "state_change_date"}) {
        if (const auto* v = certificate.if_contains(key)) {
            item[key] = *v;
        }
    }
    return item;
}

// The summary of the patient's home readings (readings.summary on {"window", "readings",
// "patient"?}), in the form the protocol keeps: the window, the home blood-pressure protocol's
// means, glucose time in range, and the alerts, which become the decision's facts.alerts. A request
// that also gives facts.alerts keeps its own.
std::optional<bj::object> Application::summarize_readings(const bj::value& home_readings) {
    const auto summarized = detail::call(readings::summarize, context, home_readings);
    if (!nested_ok(summarized, "readings.summary", "/event/consultation/readings")) {
        return std::nullopt;
    }
    const auto& out = summarized.output->get_object();
    bj::object summary;
    if (const auto* window = object_at(out, "window")) {
        summary["period"] = *window;
    }
    if (const auto* bp = object_at(out, "blood_pressure")) {
        if (const auto* home = object_at(*bp, "home_protocol")) {
            bj::object kept{{"count", home->at("readings")}};
            if (home->at("systolic_mean").is_number()) {
                kept["mean"] = {{"systolic", home->at("systolic_mean")},
                                {"diastolic", home->at("diastolic_mean")}};
            }
            summary["blood_pressure"] = std::move(kept);
        }
    }
    if (const auto* glucose = object_at(out, "glucose")) {
        if (const auto* tir = object_at(*glucose, "time_in_range")) {
            summary["glucose"] = {{"count", tir->at("readings")},
                                  {"time_in_range_percent", tir->at("percent_in_range")}};
        }
    }
    const auto* facts = object_at(out, "facts");
    summary["alerts"] = facts != nullptr && facts->contains("alerts") ? facts->at("alerts")
                                                                      : bj::value(bj::array{});
    return summary;
}

// ---- sign_protocol: a signature over the protocol this snapshot gives ---------------------

void Application::apply_sign_protocol() {
    const auto* rule = require("consultation.protocol.electronic");
    const auto* signature = event->value("signature", true);
    event->finish();
    if (rule == nullptr || signature == nullptr) {
        return;
    }
    auto protocol = detail::build_protocol(next, context, *rule);
    if (!protocol.ok()) {
        failure = protocol.error();
        return;
    }
    const auto verdict = detail::check_signature(bj::value(std::move(protocol).value()), *signature,
                                                 context, *view, trace);
    if (verdict.result == "algorithm_not_verifiable") {
        // A GOST signature of the MIS's certified provider: recorded, verified there.
        problems.add("algorithm_not_verifiable", "/event/signature/algorithm", verdict.rule, {},
                     Severity::warning);
    } else if (verdict.result != "valid") {
        problems.add(verdict.result, "/event/signature" + verdict.pointer, verdict.rule);
        return;
    }
    next["signature"] = *signature;
    next["signed_at"] = at_text;
}

// ---- deliver: to the patient's Госуслуги account, and to the СФР after a closure ----------

void Application::apply_deliver() {
    const auto* gosuslugi = require("consultation.delivery.gosuslugi");
    const auto* deliveries = event->array("deliveries", true);
    event->finish();
    if (gosuslugi == nullptr || deliveries == nullptr) {
        return;
    }
    bj::array kept;
    std::vector<std::string> channels;
    for (std::size_t i = 0; i < deliveries->size(); ++i) {
        ObjectReader d((*deliveries)[i], *event, "deliveries", i);
        const auto channel = d.one_of("channel", true, {"gosuslugi", "sfr", "mis"});
        const auto reference = d.string("reference", true, 200);
        d.finish();
        if (!channel || !reference) {
            continue;
        }
        if (std::find(channels.begin(), channels.end(), *channel) != channels.end()) {
            problems.add("duplicate_item", d.at("channel"));
            continue;
        }
        channels.push_back(*channel);
        kept.push_back(bj::object{{"channel", *channel}, {"reference", *reference}});
    }
    const auto missing = [&](std::string_view channel, const std::string& rule) {
        if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
            problems.add("delivery_missing", "/event/deliveries", rule,
                         {{"channel", std::string(channel)}});
        }
    };
    missing("gosuslugi", gosuslugi->id);
    // The region's documents, as the eligibility decision listed them (Kirov: the СФР record of
    // a remote closure, eligibility.kir.sick_leave_protocol).
    const auto* required = array_at(next["eligibility"].as_object(), "required_documents");
    if (next.contains("certificate") && contains(required, "sick_leave_record_sfr")) {
        missing("sfr", "eligibility.kir.sick_leave_protocol");
    }
    if (!problems.has_errors()) {
        next["delivery"] = {{"delivered_at", at_text}, {"deliveries", std::move(kept)}};
    }
}

// ---- cancel, no-show --------------------------------------------------------------------------

void Application::apply_cancel() {
    const auto by = event->one_of("by", true, {"patient", "doctor"});
    const auto reason = event->one_of(
        "reason", false, {"patient_request", "doctor_unavailable", "connection_failed", "other"});
    event->finish();
    if (!by) {
        return;
    }
    bj::object kept{{"by", *by}, {"at", at_text}};
    if (reason) {
        kept["reason"] = *reason;
    }
    next["cancellation"] = std::move(kept);
}

void Application::apply_no_show() {
    event->finish();
    const auto* schedule = object_at(next, "schedule");
    const auto* slot = schedule != nullptr ? object_at(*schedule, "slot") : nullptr;
    const auto start =
        slot != nullptr ? dates::parse_instant(string_at(*slot, "start")) : std::nullopt;
    if (start && at < *start) {
        problems.add("before_slot", "/event/at");
        return;
    }
    next["no_show_at"] = at_text;
}

} // namespace

Response apply(const Context& context, std::string_view json_text) {
    Application a(context);
    if (!a.parse(json_text)) {
        return core::fail(*a.failure);
    }
    a.check_state();
    a.read_event_header();
    if (a.problems.has_errors() || a.type.empty()) {
        a.event.reset();
        return a.reject();
    }
    if (const auto retry = a.already_applied()) {
        if (*retry) {
            return a.respond(false); // applied before: nothing changes
        }
        a.problems.add("event_id_reused", "/event/id");
        return a.reject();
    }
    if (!a.check_order() || !a.select_rules()) {
        return a.failure ? core::fail(*a.failure) : a.reject();
    }
    a.apply_event();
    if (a.failure) {
        return core::fail(*a.failure);
    }
    if (a.problems.has_errors()) {
        return a.reject();
    }
    a.seal();
    return a.respond(true);
}

} // namespace telemed::consultation
