// The certificate (ЭЛН) as JSON: strict reading against ru.sick_leave, and writing back.
#include <algorithm>

#include "core/dates.hpp"
#include "sick_leave/internal.hpp"

namespace telemed::sick_leave::detail {

namespace {

using json::ObjectReader;

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::optional<std::string> number_field(ObjectReader& r, std::string_view key, bool required,
                                        const rules::View& view, rules::Trace& trace,
                                        json::Problems& problems) {
    auto number = r.string(key, required, 32);
    if (!number) {
        return std::nullopt;
    }
    const auto* rule = view.use("sick_leave.number.format", trace);
    if (!valid_number(*number)) {
        // The value is an identifier of a person's certificate: the message does not repeat it.
        problems.add("invalid_format", r.at(key), rule ? rule->id : "",
                     {{"kind", "sick_leave_number"}});
        return std::nullopt;
    }
    return number;
}

std::optional<Period> read_period(ObjectReader& r) {
    auto from = r.date("from", true);
    auto to = r.date("to", true);
    auto doctor = read_clinician(r, "doctor", true);
    auto chair = read_clinician(r, "commission_chair", false);
    if (!from || !to || !doctor) {
        return std::nullopt;
    }
    return Period{*from, *to, *doctor, chair};
}

// What each status requires and excludes, so that no operation meets a state it cannot read
// (a "continued" certificate without its continuation number, an "open" one with a return date).
void check_state(const Certificate& c, const ObjectReader& r, json::Problems& problems) {
    const auto need = [&](bool present, const char* key) {
        if (!present) {
            problems.add("inconsistent_state", r.at(key), {}, {{"status", c.status}});
        }
    };
    const auto exclude = [&](bool present, const char* key) {
        if (present) {
            problems.add("inconsistent_state", r.at(key), {}, {{"status", c.status}});
        }
    };
    const bool finished = c.status == "closed" || c.status == "continued";
    if (c.status == "open") {
        exclude(c.closed_date.has_value(), "closed");
        exclude(c.outcome.has_value(), "outcome");
        exclude(c.return_to_work.has_value(), "return_to_work");
        exclude(c.continuation_number.has_value(), "continuation_number");
        exclude(c.state_change_date.has_value(), "state_change_date");
    }
    if (finished) {
        need(c.closed_date.has_value(), "closed");
    }
    if (c.status == "continued") {
        need(c.continuation_number.has_value(), "continuation_number");
    }
    if (c.status == "closed") {
        need(c.return_to_work.has_value() || c.state_change_date.has_value(), "return_to_work");
    }
    if (c.status == "annulled") {
        need(c.annulled_date.has_value(), "annulled");
    }
    if (c.status == "duplicate") {
        need(c.duplicate_number.has_value(), "duplicate_number");
    }
}

} // namespace

int days(date::year_month_day from, date::year_month_day to) noexcept {
    return static_cast<int>((date::sys_days(to) - date::sys_days(from)).count()) + 1;
}

bool valid_number(std::string_view number) noexcept {
    return number.size() == 12 &&
           std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string mask_number(std::string_view number) {
    std::string m(number);
    for (std::size_t i = 2; i + 2 < m.size(); ++i) {
        m[i] = '*';
    }
    return m;
}

std::optional<Clinician> read_clinician(ObjectReader& parent, std::string_view key, bool required) {
    const auto* v = parent.value(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader r(*v, parent, key);
    auto id = r.string("id", true, 64);
    auto role = r.one_of("role", true, {"doctor", "feldsher", "dentist"});
    r.finish();
    if (!id || !role) {
        return std::nullopt;
    }
    return Clinician{*id, *role};
}

std::optional<Certificate> read_certificate(ObjectReader& parent, std::string_view key, bool fresh,
                                            const rules::View& view, rules::Trace& trace,
                                            json::Problems& problems) {
    const auto* v = parent.value(key, true);
    if (v == nullptr) {
        return std::nullopt;
    }
    const std::size_t errors_before = problems.errors();
    ObjectReader r(*v, parent, key);
    if (!r.is_object()) {
        return std::nullopt;
    }
    Certificate c;
    const auto number = number_field(r, "number", true, view, trace, problems);
    if (fresh) {
        c.status = "open";
    } else if (auto status = r.one_of("status", true,
                                      {"open", "closed", "continued", "annulled", "duplicate"})) {
        c.status = *status;
    }
    const auto reason = r.one_of(
        "reason", true, {"own_illness", "injury", "quarantine", "family_care", "pregnancy"});
    if (const auto* list = r.array("circumstances", false)) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto& item = (*list)[i];
            const bool known =
                item.is_string() && (item.get_string() == "tuberculosis" ||
                                     item.get_string() == "socially_significant_disease" ||
                                     item.get_string() == "dialysis");
            if (!known) {
                problems.add("invalid_value", json::pointer_index(r.at("circumstances"), i), {},
                             {{"allowed", "tuberculosis, socially_significant_disease, dialysis"}});
            } else if (!contains(c.circumstances, item.get_string())) {
                c.circumstances.emplace_back(item.get_string());
            }
        }
    }
    if (const auto* org = r.value("organisation", true)) {
        ObjectReader o(*org, r, "organisation");
        auto id = o.string("id", true, 64);
        auto zone = o.string("time_zone", true, 64);
        o.finish();
        if (zone && dates::find_zone(*zone) == nullptr) {
            problems.add("unknown_time_zone", o.at("time_zone"));
        }
        c.organisation_id = id.value_or("");
        c.time_zone = zone.value_or("");
    }
    if (const auto* opened = r.value("opened", true)) {
        ObjectReader o(*opened, r, "opened");
        auto day = o.date("date", true);
        auto mode = o.one_of("mode", true, {"in_person", "telemedicine"});
        o.finish();
        if (day) {
            c.opened_date = *day;
        }
        c.opened_mode = mode.value_or("");
    }
    c.case_started = r.date("case_started", false);
    if (c.case_started && c.opened_date.ok() &&
        date::sys_days(*c.case_started) > date::sys_days(c.opened_date)) {
        problems.add("date_order", r.at("case_started"));
    }
    if (auto doctor = read_clinician(r, "treating_doctor", true)) {
        c.treating_doctor = *doctor;
    }
    if (const auto* periods = r.array("periods", true)) {
        const auto* max = view.use("sick_leave.periods.max", trace);
        const std::size_t limit =
            fresh ? 1 : static_cast<std::size_t>(max ? max->integer("count") : 3);
        if (periods->empty() || periods->size() > limit) {
            problems.add("period_count", r.at("periods"), fresh ? "" : "sick_leave.periods.max",
                         {{"limit", std::to_string(limit)}});
        }
        for (std::size_t i = 0; i < periods->size() && i < limit; ++i) {
            ObjectReader p((*periods)[i], r, "periods", i);
            if (auto period = read_period(p)) {
                if (date::sys_days(period->from) > date::sys_days(period->to)) {
                    problems.add("date_order", p.at("to"));
                } else if (!c.periods.empty()) {
                    const auto* rule = view.use("sick_leave.periods.contiguous", trace);
                    const auto expected = date::sys_days(c.periods.back().to) + date::days{1};
                    if (date::sys_days(period->from) != expected) {
                        problems.add(date::sys_days(period->from) < expected ? "periods_overlap"
                                                                             : "periods_gap",
                                     p.at("from"), rule ? rule->id : "");
                    }
                }
                c.periods.push_back(*period);
            }
            p.finish();
        }
    }
    c.next_appearance = r.date("next_appearance", false);
    if (const auto* hospital = r.value("hospital", false)) {
        ObjectReader h(*hospital, r, "hospital");
        c.hospital_from = h.date("from", true);
        c.hospital_to = h.date("to", false);
        h.finish();
        if (c.hospital_from && c.hospital_to &&
            date::sys_days(*c.hospital_from) > date::sys_days(*c.hospital_to)) {
            problems.add("date_order", h.at("to"));
        }
    }
    if (!fresh) {
        if (const auto* list = r.array("violations", false)) {
            const auto* codes = view.use("sick_leave.violation.codes", trace);
            for (std::size_t i = 0; i < list->size(); ++i) {
                ObjectReader x((*list)[i], r, "violations", i);
                auto code = x.string("code", true, 2);
                auto day = x.date("date", true);
                x.finish();
                if (code && codes && !contains(codes->strings("codes"), *code)) {
                    problems.add("unknown_code", x.at("code"), codes->id);
                } else if (code && day) {
                    c.violations.push_back(Violation{*code, *day});
                }
            }
        }
        if (auto outcome = r.string("outcome", false, 2)) {
            const auto* codes = view.use("sick_leave.outcome.codes", trace);
            if (codes && !contains(codes->strings("codes"), *outcome)) {
                problems.add("unknown_code", r.at("outcome"), codes->id);
            }
            c.outcome = outcome;
        }
        c.return_to_work = r.date("return_to_work", false);
        c.continuation_number =
            number_field(r, "continuation_number", false, view, trace, problems);
        c.state_change_date = r.date("state_change_date", false);
        if (const auto* closed = r.value("closed", false)) {
            ObjectReader o(*closed, r, "closed");
            c.closed_date = o.date("date", true);
            c.closed_mode = o.one_of("mode", true, {"in_person", "telemedicine"});
            o.finish();
        }
        if (const auto* annulled = r.value("annulled", false)) {
            ObjectReader o(*annulled, r, "annulled");
            c.annulled_date = o.date("date", true);
            o.finish();
        }
        c.duplicate_number = number_field(r, "duplicate_number", false, view, trace, problems);
        check_state(c, r, problems);
    }
    r.finish();
    const bool errors = problems.errors() != errors_before;
    if (errors || !number || !reason) {
        return std::nullopt;
    }
    c.number = *number;
    c.reason = *reason;
    return c;
}

void write_certificate(const Certificate& c, json::Writer& out) {
    const auto clinician = [&](const char* key, const Clinician& x) {
        out.key(key).begin_object().member("id", x.id).member("role", x.role).end_object();
    };
    const auto day = [&](const char* key, const std::optional<date::year_month_day>& d) {
        if (d) {
            out.member(key, json::format_date(*d));
        }
    };
    out.begin_object()
        .member("number", c.number)
        .member("status", c.status)
        .member("reason", c.reason);
    if (!c.circumstances.empty()) {
        out.key("circumstances").begin_array();
        for (const auto& x : c.circumstances) {
            out.string(x);
        }
        out.end_array();
    }
    out.key("organisation")
        .begin_object()
        .member("id", c.organisation_id)
        .member("time_zone", c.time_zone)
        .end_object();
    out.key("opened")
        .begin_object()
        .member("date", json::format_date(c.opened_date))
        .member("mode", c.opened_mode)
        .end_object();
    day("case_started", c.case_started);
    clinician("treating_doctor", c.treating_doctor);
    out.key("periods").begin_array();
    for (const auto& p : c.periods) {
        out.begin_object()
            .member("from", json::format_date(p.from))
            .member("to", json::format_date(p.to));
        clinician("doctor", p.doctor);
        if (p.commission_chair) {
            clinician("commission_chair", *p.commission_chair);
        }
        out.end_object();
    }
    out.end_array();
    day("next_appearance", c.next_appearance);
    if (c.hospital_from) {
        out.key("hospital").begin_object();
        day("from", c.hospital_from);
        day("to", c.hospital_to);
        out.end_object();
    }
    if (!c.violations.empty()) {
        out.key("violations").begin_array();
        for (const auto& x : c.violations) {
            out.begin_object()
                .member("code", x.code)
                .member("date", json::format_date(x.date))
                .end_object();
        }
        out.end_array();
    }
    if (c.outcome) {
        out.member("outcome", *c.outcome);
    }
    day("return_to_work", c.return_to_work);
    if (c.continuation_number) {
        out.member("continuation_number", *c.continuation_number);
    }
    day("state_change_date", c.state_change_date);
    if (c.closed_date && c.closed_mode) {
        out.key("closed")
            .begin_object()
            .member("date", json::format_date(*c.closed_date))
            .member("mode", *c.closed_mode)
            .end_object();
    }
    if (c.annulled_date) {
        out.key("annulled").begin_object();
        day("date", c.annulled_date);
        out.end_object();
    }
    if (c.duplicate_number) {
        out.member("duplicate_number", *c.duplicate_number);
    }
    out.end_object();
}

} // namespace telemed::sick_leave::detail
