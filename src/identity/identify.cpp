// Identification as booking bots do it: one identifier plus the date of birth, against a record.
#include "core/dates.hpp"
#include "core/response.hpp"
#include "crypto/secure.hpp"
#include "identity/internal.hpp"

namespace telemed::identity {

Response identify_patient(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    auto selected = rules::View::select(context, "identity", context.today());
    if (!selected.ok()) {
        return core::fail(selected.error());
    }
    const auto& view = selected.value();
    rules::Trace trace;
    json::Problems problems;
    json::ObjectReader r(parsed.value(), "", problems);
    const auto* record = r.value("patient", true);
    const auto* claim_value = r.value("claim", true);
    r.finish();

    std::optional<Patient> patient;
    if (record != nullptr) {
        auto reading = detail::read_patient(*record, "/patient", context, view, trace);
        if (!reading.ok()) {
            return core::fail(reading.error());
        }
        for (auto& p : reading.value().problems) {
            problems.add(p.code, p.pointer, p.rule, p.args, p.severity);
        }
        patient = std::move(reading.value().patient);
    }

    std::optional<IdentifierType> type;
    std::optional<std::string> claimed_id;
    std::optional<date::year_month_day> claimed_birth;
    std::string id_pointer;
    if (claim_value != nullptr) {
        json::ObjectReader c(*claim_value, r, "claim");
        const auto enp = c.string("enp", false, 64);
        const auto snils = c.string("snils", false, 64);
        claimed_birth = c.date("birth_date", true);
        c.finish();
        if (c.is_object() && enp.has_value() == snils.has_value()) {
            // Exactly one identifier: both, or none, is a malformed claim.
            problems.add(enp ? "conflicting_fields" : "missing_field",
                         enp ? "/claim/snils" : "/claim/enp");
        } else if (enp || snils) {
            type = enp ? IdentifierType::enp : IdentifierType::snils;
            claimed_id = enp ? enp : snils;
            id_pointer = enp ? "/claim/enp" : "/claim/snils";
        }
    }
    if (problems.has_errors()) {
        const auto all = problems.take();
        json::Writer report = core::begin();
        report.key("result").null();
        core::write_problems(report, all);
        return core::reject(std::move(report), trace, all);
    }

    const bool enp = *type == IdentifierType::enp;
    auto method = detail::require(
        view, enp ? "identity.identify.enp_birth_date" : "identity.identify.snils_birth_date",
        trace);
    if (!method.ok()) {
        return core::fail(method.error());
    }
    json::Problems id_problems;
    auto outcome =
        detail::check_identifier(*type, *claimed_id, id_pointer, view, trace, id_problems);
    if (!outcome.ok()) {
        return core::fail(outcome.error());
    }
    json::Writer out = core::begin();
    out.member("method", enp ? "enp_birth_date" : "snils_birth_date");
    if (!outcome.value().valid) {
        out.member("result", "invalid_identifier");
        core::write_problems(out, id_problems.all());
        return core::succeed(std::move(out), trace);
    }
    // Compare both parts at once, in constant time, so that neither the answer nor its timing says
    // which part differed. A record without that identifier compares against zeros.
    const auto& on_record = enp ? patient->enp : patient->snils;
    const std::size_t id_len = enp ? 16 : 11;
    const std::string claimed = *outcome.value().normalized + json::format_date(*claimed_birth);
    const std::string recorded =
        on_record.value_or(std::string(id_len, '\0')) + json::format_date(patient->birth_date);
    out.member("result", crypto::constant_time_equal(claimed, recorded) ? "match" : "mismatch");
    core::write_problems(out, {});
    return core::succeed(std::move(out), trace);
}

namespace {
// A refused age question: its report is the problems (no years).
Response reject_age(const rules::Trace& trace, const std::vector<Problem>& problems) {
    json::Writer report = core::begin();
    core::write_problems(report, problems);
    return core::reject(std::move(report), trace, problems);
}
} // namespace

Response patient_age(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    json::Problems problems;
    json::ObjectReader r(parsed.value(), "", problems);
    const auto birth = r.date("birth_date", true);
    const auto on = r.date("on", false);
    const auto at = r.string("at", false, 64);
    const auto zone_name = r.string("time_zone", false, 64);
    r.finish();

    const date::time_zone* zone = context.time_zone();
    std::optional<std::chrono::system_clock::time_point> instant;
    if (on && r.has("at")) {
        problems.add("conflicting_fields", "/at");
    }
    if (zone_name && !r.has("at")) {
        problems.add("conflicting_fields", "/time_zone");
    } else if (zone_name && (zone = dates::find_zone(*zone_name)) == nullptr) {
        problems.add("unknown_time_zone", "/time_zone");
    }
    if (at && !(instant = dates::parse_instant(*at))) {
        problems.add("invalid_instant", "/at");
    }
    rules::Trace trace;
    if (problems.has_errors()) {
        const auto all = problems.take();
        return reject_age(trace, all);
    }
    const auto day = on ? *on : dates::calendar_date(instant ? *instant : context.now(), zone);
    if (date::sys_days(*birth) > date::sys_days(day)) {
        problems.add("future_date", "/birth_date");
        const auto all = problems.take();
        return reject_age(trace, all);
    }
    auto view = rules::View::select(context, "identity", day);
    if (!view.ok()) {
        return core::fail(view.error());
    }
    auto rule = detail::require(view.value(), "identity.age.completed_years", trace);
    if (!rule.ok()) {
        return core::fail(rule.error());
    }
    const bool feb28 = view.value().use("identity.age.leap_day_feb28", trace) != nullptr;
    json::Writer out = core::begin();
    out.key("years").integer(age_in_years(*birth, day, feb28));
    out.member("on", json::format_date(day));
    if (!on) {
        out.member("time_zone", zone_name ? *zone_name : context.time_zone_name());
    }
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::identity
