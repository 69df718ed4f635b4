// The operations on a certificate. Each is a pure function of (context, document): it reads the
// certificate and the request, applies ru.sick_leave, and returns a new certificate or the
// problems. A failed operation returns no certificate, so the caller's state is untouched.
#include <algorithm>

#include "core/dates.hpp"
#include "core/response.hpp"
#include "i18n/i18n.hpp"
#include "sick_leave/internal.hpp"

namespace telemed::sick_leave {

namespace {

using json::ObjectReader;

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool after(date::year_month_day a, date::year_month_day b) {
    return date::sys_days(a) > date::sys_days(b);
}

date::year_month_day next_day(date::year_month_day d) {
    return date::sys_days(d) + date::days{1};
}

// Today in the certificate's organisation's zone: the legal date of anything done to it now.
date::year_month_day today_for(const Certificate& c, const Context& context) {
    const auto* zone = dates::find_zone(c.time_zone);
    return dates::calendar_date(context.now(), zone != nullptr ? zone : context.time_zone());
}

// Everything one operation shares: its parsed document, rules, trace and problems.
struct Operation {
    const Context& context;
    json::Arena arena;
    rules::Trace trace;
    json::Problems problems;
    std::optional<rules::View> view;
    std::optional<Error> failure;

    explicit Operation(const Context& c) : context(c) {}

    std::optional<json::bj::value> document;
    std::optional<ObjectReader> root; // the request's top-level object, open for its other fields
    std::optional<Certificate> certificate; // its "certificate", when that was read without error

    // What every operation starts with: parses the document, selects the rules in force today,
    // opens the root and reads "certificate" (`fresh`: one to open). False, with `failure` set,
    // when the document cannot be parsed or no rule set is in force; problems in it are left in
    // `problems`.
    bool begin(std::string_view text, bool fresh) {
        auto parsed = json::parse(text, arena);
        if (!parsed.ok()) {
            failure = parsed.error();
            return false;
        }
        auto selected = rules::View::select(context, "sick_leave", context.today());
        if (!selected.ok()) {
            failure = selected.error();
            return false;
        }
        view = std::move(selected).value();
        document = std::move(parsed).value();
        root.emplace(*document, "", problems);
        certificate = detail::read_certificate(*root, "certificate", fresh, *view, trace, problems);
        return true;
    }

    // A rule the operation cannot do without.
    const rules::Rule* require(std::string_view id) {
        const auto* rule = view->use(id, trace);
        if (rule == nullptr && !failure) {
            failure = Error{Status::rules,
                            Problem{"rule_not_in_force", "", std::string(id), Severity::error, {}}};
        }
        return rule;
    }

    Response reject() { return core::reject(trace, problems.take()); }

    // The response: a rule missing, or the report of the problems, or `write`'s members, the
    // warnings and the trace. `write` runs only when the operation succeeds.
    template <class Write> Response finish_with(Write&& write) {
        if (failure) {
            return core::fail(*failure);
        }
        if (problems.has_errors()) {
            return reject();
        }
        json::Writer out = core::begin();
        write(out);
        core::write_problems(out, problems.all());
        return core::succeed(std::move(out), trace);
    }

    // The response holding the new certificate.
    Response finish(const Certificate& c) {
        return finish_with(
            [&](json::Writer& out) { detail::write_certificate(c, out.key("certificate")); });
    }
};

// The individual, commission and total limits for the last period of `c`; problems at `pointer`.
// A continuation certificate (листок-продолжение) continues the same incapacity, so both the
// individual limit and the total limit count from the case's first day (`case_started`), not from
// this certificate's first period. A case cannot start after its own certificate's first day, so
// the earlier of the two counts.
void check_limits(const Certificate& c, Operation& op, const std::string& pointer) {
    const auto* individual = op.require("sick_leave.period.individual_limit");
    const auto* commission = op.require("sick_leave.period.commission");
    const auto* total = op.require("sick_leave.total.max");
    if (individual == nullptr || commission == nullptr || total == nullptr) {
        return;
    }
    const Period& p = c.periods.back();
    const date::year_month_day first_day =
        std::min(date::sys_days(c.case_started.value_or(c.periods.front().from)),
                 date::sys_days(c.periods.front().from));
    const int total_days = detail::days(first_day, p.to);
    if (!p.commission_chair) {
        const auto limit = individual->integer(p.doctor.role + "_days");
        if (total_days > limit) {
            op.problems.add(
                "commission_required", pointer, individual->id,
                {{"limit", std::to_string(limit)}, {"days", std::to_string(total_days)}});
        }
    } else if (detail::days(p.from, p.to) > commission->integer("period_max_days")) {
        op.problems.add("commission_period_too_long", pointer, commission->id,
                        {{"limit", std::to_string(commission->integer("period_max_days"))}});
    }
    const bool tuberculosis = contains(c.circumstances, "tuberculosis");
    const auto months =
        static_cast<int>(total->integer(tuberculosis ? "tuberculosis_months" : "months"));
    if (after(p.to, last_allowed_day(first_day, months))) {
        op.problems.add("total_too_long", pointer, total->id, {{"months", std::to_string(months)}});
    }
}

std::optional<Period> read_period(ObjectReader& parent, std::string_view key) {
    const auto* v = parent.value(key, true);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader r(*v, parent, key);
    auto from = r.date("from", true);
    auto to = r.date("to", true);
    auto doctor = detail::read_clinician(r, "doctor", true);
    auto chair = detail::read_clinician(r, "commission_chair", false);
    r.finish();
    if (!from || !to || !doctor) {
        return std::nullopt;
    }
    return Period{*from, *to, *doctor, chair};
}

void require_open(const Certificate& c, Operation& op) {
    if (c.status != "open") {
        op.problems.add("certificate_not_open", "/certificate/status", {}, {{"status", c.status}});
    }
}

} // namespace

date::year_month_day last_allowed_day(date::year_month_day first_day, int months) {
    // year_month_day + months may name a day the month lacks (31 November); sys_days rolls it over.
    const auto later = first_day + date::months{months};
    return date::sys_days(later) - date::days{1};
}

Response open(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, true)) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    r.finish();
    if (!c) {
        return op.reject();
    }
    if (c->opened_mode == "telemedicine" &&
        op.view->use("sick_leave.open.remote", op.trace) == nullptr) {
        op.problems.add("remote_opening_not_allowed", "/certificate/opened/mode",
                        "sick_leave.open.remote");
    }
    if (after(c->opened_date, today_for(*c, context))) {
        op.problems.add("future_date", "/certificate/opened/date");
    }
    check_limits(*c, op, "/certificate/periods/0/to");
    return op.finish(*c);
}

Response extend(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    auto period = read_period(r, "period");
    auto mode = r.one_of("mode", true, {"in_person", "telemedicine"});
    auto next_appearance = r.date("next_appearance", false);
    const auto* recent = r.array("recent_certificates", false);
    r.finish();
    if (!c || !period || !mode) {
        return op.reject();
    }
    require_open(*c, op);
    if (*mode == "telemedicine" && op.view->use("sick_leave.extend.remote", op.trace) == nullptr) {
        op.problems.add("remote_extension_not_allowed", "/mode", "sick_leave.extend.remote");
    }
    const auto* max = op.require("sick_leave.periods.max");
    const auto* contiguous = op.require("sick_leave.periods.contiguous");
    if (max == nullptr || contiguous == nullptr) {
        return core::fail(*op.failure);
    }
    if (c->periods.size() >= static_cast<std::size_t>(max->integer("count"))) {
        op.problems.add("continuation_required", "/period", max->id,
                        {{"limit", std::to_string(max->integer("count"))}});
    }
    if (after(period->from, period->to)) {
        op.problems.add("date_order", "/period/to");
    } else if (date::sys_days(period->from) != date::sys_days(next_day(c->periods.back().to))) {
        const bool overlap = !after(period->from, c->periods.back().to);
        op.problems.add(overlap ? "periods_overlap" : "periods_gap", "/period/from",
                        contiguous->id);
    }
    if (next_appearance && after(period->from, *next_appearance)) {
        op.problems.add("date_order", "/next_appearance");
    }
    std::vector<date::year_month_day> recent_days;
    for (std::size_t i = 0; recent != nullptr && i < recent->size(); ++i) {
        const auto& item = (*recent)[i];
        const auto day = item.is_string() ? json::parse_date(item.get_string()) : std::nullopt;
        if (!day) {
            op.problems.add("invalid_date", json::pointer_index("/recent_certificates", i));
        } else {
            recent_days.push_back(*day);
        }
    }
    // The February 2026 draft, applied only when the configuration asks for it.
    if (const auto* frequent = op.view->use("sick_leave.draft.frequent_certificates", op.trace);
        frequent != nullptr && !period->commission_chair) {
        const auto& exempt = frequent->strings("exempt_reasons");
        bool exempted = contains(exempt, c->reason);
        for (const auto& x : c->circumstances) {
            exempted = exempted || contains(exempt, x);
        }
        const auto window_start =
            date::sys_days(period->from - date::months{frequent->integer("months")});
        const auto count =
            std::count_if(recent_days.begin(), recent_days.end(), [&](date::year_month_day day) {
                return date::sys_days(day) >= window_start && !after(day, period->from);
            });
        if (!exempted && count >= frequent->integer("count")) {
            op.problems.add("commission_required_frequent", "/period/commission_chair",
                            frequent->id,
                            {{"count", std::to_string(count)},
                             {"months", std::to_string(frequent->integer("months"))}});
        }
    }
    if (op.problems.has_errors()) {
        return op.finish(*c);
    }
    Certificate next = *c;
    next.periods.push_back(*period);
    next.next_appearance = next_appearance;
    check_limits(next, op, "/period/to");
    return op.finish(next);
}

Response record_visit(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    std::optional<date::year_month_day> visit_date, next_appearance;
    if (const auto* visit = r.value("visit", true)) {
        ObjectReader v(*visit, r, "visit");
        visit_date = v.date("date", true);
        next_appearance = v.date("next_appearance", false);
        v.finish();
    }
    r.finish();
    if (!c || !visit_date) {
        return op.reject();
    }
    require_open(*c, op);
    if (after(*visit_date, today_for(*c, context))) {
        op.problems.add("future_date", "/visit/date");
    }
    if (after(c->opened_date, *visit_date)) {
        op.problems.add("before_opening", "/visit/date");
    }
    if (next_appearance && after(*visit_date, *next_appearance)) {
        op.problems.add("date_order", "/visit/next_appearance");
    }
    const auto* late_rule = op.require("sick_leave.visit.late");
    if (late_rule == nullptr) {
        return core::fail(*op.failure);
    }
    Certificate next = *c;
    const bool late = c->next_appearance && after(*visit_date, *c->next_appearance);
    if (late) {
        // The violation is dated the day the patient should have come.
        const Violation v{late_rule->string("violation_code"), *c->next_appearance};
        const bool recorded =
            std::any_of(next.violations.begin(), next.violations.end(),
                        [&](const Violation& x) { return x.code == v.code && x.date == v.date; });
        if (!recorded) {
            next.violations.push_back(v);
        }
    }
    next.next_appearance = next_appearance;
    return op.finish_with([&](json::Writer& out) {
        out.key("late").boolean(late);
        detail::write_certificate(next, out.key("certificate"));
    });
}

Response close(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    const auto* closure_value = r.value("closure", true);
    r.finish();
    if (closure_value == nullptr) {
        return op.reject();
    }
    ObjectReader k(*closure_value, r, "closure");
    const auto day = k.date("date", true);
    const auto mode = k.one_of("mode", true, {"in_person", "telemedicine"});
    const auto doctor = detail::read_clinician(k, "doctor", true);
    const auto outcome = k.string("outcome", false, 2);
    const auto continuation = k.string("continuation_number", false, 32);
    const auto state_change = k.date("state_change_date", false);
    std::optional<std::string> indication, consultation_mode;
    std::optional<bool> recovery, consent;
    bool mode_given = false; // consultation.mode present, valid or not
    if (const auto* consultation = k.value("consultation", false)) {
        ObjectReader t(*consultation, k, "consultation");
        indication = t.string("indication", true, 64);
        recovery = t.boolean("recovery_confirmed", true);
        consent = t.boolean("consent_recorded", true);
        // How the consultation was held, with the values of eligibility.evaluate's request.
        mode_given = t.has("mode");
        consultation_mode =
            t.one_of("mode", false, {"real_time_video", "real_time_chat", "deferred"});
        t.one_of("channel", false, {"max", "other"});
        t.finish();
    }
    k.finish();
    if (!c || !day || !mode || !doctor) {
        return op.reject();
    }
    require_open(*c, op);
    if (after(*day, today_for(*c, context))) {
        op.problems.add("future_date", "/closure/date");
    }
    if (after(c->opened_date, *day) || after(c->periods.back().from, *day)) {
        op.problems.add("close_before_period", "/closure/date");
    }
    if (*mode == "telemedicine") {
        const auto* remote = op.require("sick_leave.close.remote");
        if (remote == nullptr) {
            return core::fail(*op.failure);
        }
        if (c->opened_mode != "in_person") {
            op.problems.add("opened_remotely", "/certificate/opened/mode", remote->id);
        }
        if (doctor->id != c->treating_doctor.id) {
            op.problems.add("not_treating_doctor", "/closure/doctor/id", remote->id);
        }
        if (!indication) {
            op.problems.add("missing_field", "/closure/consultation", remote->id);
        } else {
            if (*indication != remote->string("indication")) {
                op.problems.add("wrong_indication", "/closure/consultation/indication", remote->id,
                                {{"indication", remote->string("indication")}});
            }
            if (recovery && !*recovery) {
                op.problems.add("recovery_not_confirmed",
                                "/closure/consultation/recovery_confirmed", remote->id);
            }
            if (consent && !*consent) {
                op.problems.add("consent_missing", "/closure/consultation/consent_recorded",
                                remote->id);
            }
            // A regional rule may name the modes a remote closure is held in (Voronezh: video).
            if (const auto* video = op.view->use("sick_leave.close.remote.video", op.trace)) {
                if (!mode_given) {
                    op.problems.add("missing_field", "/closure/consultation/mode", video->id);
                } else if (consultation_mode &&
                           !contains(video->strings("modes"), *consultation_mode)) {
                    op.problems.add("sick_leave_video_required", "/closure/consultation/mode",
                                    video->id);
                }
            }
        }
        if (outcome) {
            op.problems.add("remote_outcome_not_allowed", "/closure/outcome", remote->id);
        }
    }
    const bool remote_extension = op.view->use("sick_leave.extend.remote", op.trace) != nullptr;
    if (after(*day, c->periods.back().to) && !(*mode == "telemedicine" && remote_extension)) {
        // Closing later than the period ends would lengthen it: that is an extension, done as one.
        op.problems.add(*mode == "telemedicine" ? "remote_extension_not_allowed"
                                                : "close_after_period_end",
                        "/closure/date", *mode == "telemedicine" ? "sick_leave.extend.remote" : "");
    }
    const auto* codes = op.require("sick_leave.outcome.codes");
    const auto* return_rule = op.require("sick_leave.return_date");
    if (codes == nullptr || return_rule == nullptr) {
        return core::fail(*op.failure);
    }
    if (outcome && !contains(codes->strings("codes"), *outcome)) {
        op.problems.add("unknown_code", "/closure/outcome", codes->id);
    }
    const bool continues = outcome && contains(codes->strings("continuation"), *outcome);
    const bool state_changes = outcome && contains(codes->strings("state_change"), *outcome);
    if (continues && !continuation) {
        op.problems.add("continuation_number_required", "/closure/continuation_number", codes->id);
    } else if (continuation && !detail::valid_number(*continuation)) {
        op.problems.add("invalid_format", "/closure/continuation_number",
                        "sick_leave.number.format", {{"kind", "sick_leave_number"}});
    } else if (continuation && (!continues || *continuation == c->number)) {
        op.problems.add("conflicting_fields", "/closure/continuation_number", codes->id);
    }
    if (state_change && after(*state_change, today_for(*c, context))) {
        op.problems.add("future_date", "/closure/state_change_date");
    } else if (state_change && after(c->opened_date, *state_change)) {
        op.problems.add("before_opening", "/closure/state_change_date");
    }
    if (state_changes && !state_change) {
        op.problems.add("state_change_date_required", "/closure/state_change_date", codes->id);
    } else if (state_change && !state_changes) {
        op.problems.add("conflicting_fields", "/closure/state_change_date", codes->id);
    }
    if (op.problems.has_errors() || op.failure) {
        return op.finish(*c);
    }
    Certificate next = *c;
    next.periods.back().to = *day; // the last period ends on the closing day
    if (after(*day, c->periods.back().to)) {
        check_limits(next, op, "/closure/date"); // lengthened under the remote-extension switch
    }
    next.outcome = outcome;
    next.closed_date = day;
    next.closed_mode = mode;
    next.next_appearance.reset();
    if (continues) {
        next.status = "continued";
        next.continuation_number = continuation;
    } else {
        next.status = "closed";
        if (state_changes) {
            next.state_change_date = state_change;
        } else {
            next.return_to_work = next_day(*day);
        }
    }
    return op.finish(next);
}

namespace {

// Annulment and duplicates: both need a medical-commission decision and the (unconfirmed) rule.
struct Decision {
    date::year_month_day date;
    Clinician chair;
};

std::optional<Decision> read_decision(ObjectReader& r) {
    const auto* v = r.value("decision", true);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader d(*v, r, "decision");
    auto day = d.date("date", true);
    auto chair = detail::read_clinician(d, "commission_chair", true);
    d.finish();
    if (!day || !chair) {
        return std::nullopt;
    }
    return Decision{*day, *chair};
}

} // namespace

Response annul(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    if (op.require("sick_leave.commission.annul") == nullptr) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    auto decision = read_decision(r);
    r.finish();
    if (!c || !decision) {
        return op.reject();
    }
    if (c->status == "annulled" || c->status == "duplicate") {
        op.problems.add("certificate_not_open", "/certificate/status", {}, {{"status", c->status}});
    }
    if (after(decision->date, today_for(*c, context))) {
        op.problems.add("future_date", "/decision/date");
    }
    Certificate next = *c;
    next.status = "annulled";
    next.annulled_date = decision->date;
    return op.finish(next);
}

Response duplicate(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    if (op.require("sick_leave.commission.annul") == nullptr) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    auto decision = read_decision(r);
    auto new_number = r.string("new_number", true, 32);
    r.finish();
    if (!c || !decision || !new_number) {
        return op.reject();
    }
    if (!detail::valid_number(*new_number)) {
        op.problems.add("invalid_format", "/new_number", "sick_leave.number.format",
                        {{"kind", "sick_leave_number"}});
    } else if (*new_number == c->number) {
        op.problems.add("conflicting_fields", "/new_number");
    }
    if (c->status == "annulled" || c->status == "duplicate") {
        op.problems.add("certificate_not_open", "/certificate/status", {}, {{"status", c->status}});
    }
    if (after(decision->date, today_for(*c, context))) {
        op.problems.add("future_date", "/decision/date");
    }
    if (op.problems.has_errors()) {
        return op.finish(*c);
    }
    Certificate copy = *c;
    copy.number = *new_number;
    Certificate replaced = *c;
    replaced.status = "duplicate";
    replaced.duplicate_number = *new_number;
    return op.finish_with([&](json::Writer& out) {
        detail::write_certificate(replaced, out.key("certificate"));
        detail::write_certificate(copy, out.key("duplicate"));
    });
}

Response record(const Context& context, std::string_view text) {
    Operation op(context);
    if (!op.begin(text, false)) {
        return core::fail(*op.failure);
    }
    ObjectReader& r = *op.root;
    const auto& c = op.certificate;
    const bool unmask = r.boolean("unmask_number", false).value_or(false);
    r.finish();
    if (!c) {
        return op.reject();
    }
    const auto* names = op.require("sick_leave.record.fields");
    if (names == nullptr) {
        return core::fail(*op.failure);
    }
    const auto& f = names->string_map("fields");
    const auto field = [&](const char* name) -> const std::string& { return f.at(name); };
    // The patient's message; the number is masked unless the embedder asks otherwise.
    const auto shown = [&](const std::string& n) { return unmask ? n : detail::mask_number(n); };
    i18n::Message message;
    if (c->status == "closed" && c->return_to_work) {
        message = i18n::render(
            "sick_leave_closed",
            {{"number", shown(c->number)}, {"return_date", json::format_date(*c->return_to_work)}});
    } else if (c->status == "closed") {
        message = i18n::render(
            "sick_leave_closed_on",
            {{"number", shown(c->number)}, {"closed_date", json::format_date(*c->closed_date)}});
    } else if (c->status == "continued") {
        message = i18n::render("sick_leave_continued", {{"number", shown(c->number)},
                                                        {"next", shown(*c->continuation_number)}});
    } else if (c->status == "open") {
        message = i18n::render("sick_leave_open",
                               {{"number", shown(c->number)},
                                {"until_date", json::format_date(c->periods.back().to)}});
    } else {
        message = i18n::render("sick_leave_annulled", {{"number", shown(c->number)}});
    }
    return op.finish_with([&](json::Writer& out) {
        out.key("record").begin_object().member(field("number"), c->number);
        out.key(field("periods")).begin_array();
        for (const auto& p : c->periods) {
            out.begin_object()
                .member(field("period_from"), json::format_date(p.from))
                .member(field("period_to"), json::format_date(p.to))
                .member(field("doctor_role"), p.doctor.role)
                .member(field("doctor"), p.doctor.id);
            if (p.commission_chair) {
                out.member(field("chair_role"), p.commission_chair->role)
                    .member(field("chair"), p.commission_chair->id);
            }
            out.end_object();
        }
        out.end_array();
        if (c->hospital_from) {
            out.member(field("hospital_from"), json::format_date(*c->hospital_from));
            if (c->hospital_to) {
                out.member(field("hospital_to"), json::format_date(*c->hospital_to));
            }
        }
        if (!c->violations.empty()) {
            // The exchange structure has one violation field: the first violation recorded.
            out.member(field("violation_code"), c->violations.front().code)
                .member(field("violation_date"), json::format_date(c->violations.front().date));
        }
        if (c->outcome) {
            out.member(field("outcome"), *c->outcome);
        }
        if (c->return_to_work) {
            out.member(field("return_date"), json::format_date(*c->return_to_work));
        }
        if (c->continuation_number) {
            out.member(field("next_number"), *c->continuation_number);
        }
        if (c->state_change_date) {
            out.member(field("state_change_date"), json::format_date(*c->state_change_date));
        }
        out.end_object();
        out.key("message")
            .begin_object()
            .member("en", message.en)
            .member("ru", message.ru)
            .end_object();
    });
}

} // namespace telemed::sick_leave
