// The protocol document, its canonical bytes and signature, the audit chain check, and what is
// delivered: the JSON operations on a consultation that do not change it.
#include <algorithm>

#include "consultation/audit.hpp"
#include "consultation/internal.hpp"
#include "consultation/render.hpp"
#include "core/dates.hpp"
#include "core/response.hpp"
#include "crypto/hash.hpp"
#include "crypto/signature.hpp"
#include "telemed/consultation.hpp"
#include "telemed/sick_leave.hpp"
#include "json/canonical.hpp"

namespace telemed::consultation {

using detail::array_at;
namespace bj = boost::json;
using detail::object_at;
using detail::string_at;
using json::ObjectReader;

namespace detail {

namespace {

// Copies the members `keys` of `from` that are present into `to`.
void copy(const bj::object& from, bj::object& to, std::initializer_list<std::string_view> keys) {
    for (const auto key : keys) {
        if (const auto* v = from.if_contains(key)) {
            to[key] = *v;
        }
    }
}

} // namespace

Result<bj::object> build_protocol(const bj::object& state, const Context& context,
                                  const rules::Rule& electronic) {
    // Only these statuses guarantee (check_state) every member read below.
    const auto status = string_at(state, "status");
    const auto* completion = object_at(state, "completion");
    if (completion == nullptr ||
        (status != "completed" && status != "protocol_signed" && status != "delivered")) {
        return Error{Status::validation,
                     Problem{"not_completed",
                             "/state/status",
                             {},
                             Severity::error,
                             {{"status", std::string(string_at(state, "status"))}}}};
    }
    // check_state has made sure every member read here is there, of its type.
    const auto& c = state.at("consultation").as_object();
    const auto& organisation = c.at("organisation").as_object();
    const auto& schedule = state.at("schedule").as_object();
    const auto& patient = c.at("patient").as_object();
    const auto& eligibility = state.at("eligibility").as_object();

    bj::object p{{"format", protocol_format},
                 {"document_kind_system", electronic.string("semd_oid_system")},
                 {"consultation_id", state.at("id")}};
    bj::object org{{"id", organisation.at("id")},
                   {"jurisdiction", context.jurisdiction()},
                   {"time_zone", context.time_zone_name()}};
    copy(organisation, org, {"name"});
    p["organisation"] = std::move(org);
    p["cabinet"] = schedule.at("cabinet");
    bj::object slot;
    copy(schedule.at("slot").as_object(), slot, {"id", "start", "end"});
    p["slot"] = std::move(slot);
    bj::object doctor;
    copy(c.at("doctor").as_object(), doctor, {"id", "role", "name"});
    p["doctor"] = std::move(doctor);
    bj::object who;
    copy(patient, who, {"id", "name", "birth_date", "sex", "snils", "enp"});
    p["patient"] = std::move(who);
    copy(c, p, {"indication"});
    p["consultation_format"] = c.at("format");
    copy(c, p, {"mode", "channel"});
    p["identification"] = state.at("identification");
    bj::object consent;
    copy(state.at("consent").as_object(), consent, {"id", "type", "date", "given_by"});
    p["consent"] = std::move(consent);
    p["started_at"] = state.at("started_at");
    p["completed_at"] = completion->at("completed_at");
    p["interruptions"] = state.at("interruptions");
    copy(*completion, p, {"complaints", "anamnesis", "findings"});
    if (const auto* summary = object_at(c, "readings_summary")) {
        p["readings"] = *summary;
    }
    bj::object decision;
    copy(eligibility, decision, {"verdict", "visit_date", "permitted_actions", "rule_sets"});
    p["eligibility"] = std::move(decision);
    p["outcomes"] = completion->at("outcomes");
    copy(*completion, p, {"next_steps"});
    return p;
}

SignatureCheck check_signature(const bj::value& protocol, const bj::value& signature,
                               const Context& context, const rules::View& view,
                               rules::Trace& trace) {
    const auto* rule = view.use("consultation.signature", trace);
    if (rule == nullptr) {
        return {"algorithm_not_verifiable", "/algorithm", "consultation.signature"};
    }
    const std::string id = rule->id;
    if (!signature.is_object()) {
        return {"signature_malformed", "", id};
    }
    const auto& s = signature.get_object();
    const auto algorithm = string_at(s, "algorithm");
    const auto key_id = string_at(s, "key_id");
    const auto* hash = object_at(s, "content_hash");
    const auto value = string_at(s, "value");
    const auto& algorithms = rule->strings("algorithms");
    if (std::find(algorithms.begin(), algorithms.end(), algorithm) == algorithms.end()) {
        return {"signature_malformed", "/algorithm", id};
    }
    if (key_id.empty()) {
        return {"signature_malformed", "/key_id", id};
    }
    if (hash == nullptr || string_at(*hash, "algorithm") != "sha-256" ||
        !crypto::decode_hex(string_at(*hash, "value"))) {
        return {"signature_malformed", "/content_hash", id};
    }
    std::string canonical;
    if (!json::canonicalize_to(protocol, canonical)) {
        return {"content_changed", "/content_hash/value", id};
    }
    if (crypto::to_hex(crypto::sha256(canonical)) != string_at(*hash, "value")) {
        return {"content_changed", "/content_hash/value", id};
    }
    const auto* signer = context.signer_key(key_id);
    if (signer == nullptr) {
        return {"signer_unknown", "/key_id", id};
    }
    const bool ed25519 = algorithm == "Ed25519";
    if (ed25519 != (signer->algorithm == SignerAlgorithm::ed25519)) {
        return {"signer_unknown", "/algorithm", id};
    }
    const auto& verifiable = rule->strings("verifiable");
    if (!signer->verifiable() ||
        std::find(verifiable.begin(), verifiable.end(), algorithm) == verifiable.end()) {
        return {"algorithm_not_verifiable", "/algorithm", id};
    }
    const auto bytes = crypto::decode_base64(value);
    if (!bytes || bytes->size() != crypto::ed25519_signature_bytes) {
        return {"signature_malformed", "/value", id};
    }
    crypto::Ed25519Signature raw{};
    std::copy(bytes->begin(), bytes->end(), raw.begin());
    if (!crypto::verify_ed25519(*signer->public_key, canonical, raw)) {
        return {"signature_invalid", "/value", id};
    }
    return {"valid", "", id};
}

} // namespace detail

namespace {

// What the read-only operations share: the parsed request, the rules of the consultation domain
// today, the problems.
struct Reading {
    const Context& context;
    json::Arena arena;
    json::Problems problems;
    rules::Trace trace;
    std::optional<rules::View> view;
    std::optional<bj::value> document;
    std::optional<ObjectReader> root;
    std::optional<Error> failure;

    explicit Reading(const Context& c) : context(c) {}

    bool begin(std::string_view text) {
        auto parsed = json::parse(text, arena);
        if (!parsed.ok()) {
            failure = parsed.error();
            return false;
        }
        auto selected = rules::View::select(context, "consultation", context.today());
        if (!selected.ok()) {
            failure = selected.error();
            return false;
        }
        view = std::move(selected).value();
        document = std::move(parsed).value();
        root.emplace(*document, "", problems);
        return true;
    }

    // The snapshot under "state", checked; nullptr (with problems) when it cannot be used.
    const bj::object* state(bool required) {
        const auto* v = root->value("state", required);
        if (v == nullptr) {
            return nullptr;
        }
        if (!v->is_object()) {
            problems.add("wrong_type", "/state", {}, {{"expected", "object"}, {"actual", "other"}});
            return nullptr;
        }
        return detail::check_state(v->get_object(), context, "/state", problems) ? &v->get_object()
                                                                                 : nullptr;
    }

    // The protocol a snapshot gives, or the error.
    std::optional<bj::object> protocol_of(const bj::object& state) {
        const auto* electronic = view->use("consultation.protocol.electronic", trace);
        if (electronic == nullptr) {
            failure = Error{Status::rules, Problem{"rule_not_in_force",
                                                   "",
                                                   "consultation.protocol.electronic",
                                                   Severity::error,
                                                   {}}};
            return std::nullopt;
        }
        auto built = detail::build_protocol(state, context, *electronic);
        if (!built.ok()) {
            problems.add(built.error().problem.code, built.error().problem.pointer, {},
                         built.error().problem.args);
            return std::nullopt;
        }
        return std::move(built).value();
    }

    // A refusal: the failure that stopped the operation, else the report of its problems.
    Response reject() {
        return failure ? core::fail(*failure) : core::reject(trace, problems.take());
    }
    Response fail() { return core::fail(*failure); }
};

std::string canonical_text(const bj::value& value) {
    std::string text;
    if (!json::canonicalize_to(value, text)) {
        throw std::logic_error("no canonical form"); // callers check finiteness first
    }
    return text;
}

} // namespace

Response build_protocol(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* state = r.state(true);
    r.root->finish();
    if (state == nullptr || r.problems.has_errors()) {
        return r.reject();
    }
    auto protocol = r.protocol_of(*state);
    if (!protocol) {
        return r.reject();
    }
    const bj::value value(std::move(*protocol));
    const auto canonical = canonical_text(value);
    json::Writer out = core::begin();
    out.key("protocol").raw(canonical);
    out.member("content_hash", crypto::to_hex(crypto::sha256(canonical)));
    return core::succeed(std::move(out), r.trace);
}

Response canonicalize(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* document = r.root->value("document", true);
    r.root->finish();
    if (document == nullptr || r.problems.has_errors()) {
        return r.reject();
    }
    std::string canonical;
    if (!json::canonicalize_to(*document, canonical)) {
        r.problems.add("number_not_finite", "/document");
        return r.reject();
    }
    json::Writer out = core::begin();
    out.member("canonical", canonical);
    out.member("sha256", crypto::to_hex(crypto::sha256(canonical)));
    return core::succeed(std::move(out), r.trace);
}

Response sign_protocol(const Context& context, std::string_view text, const Signer& signer) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* given = r.root->value("protocol", false);
    const auto* state = given == nullptr ? r.state(true) : nullptr;
    r.root->finish();
    if (r.problems.has_errors()) {
        return r.reject();
    }
    std::optional<bj::value> built;
    if (given == nullptr) {
        auto protocol = state != nullptr ? r.protocol_of(*state) : std::nullopt;
        if (!protocol) {
            return r.reject();
        }
        built.emplace(std::move(*protocol));
        given = &*built;
    } else if (!given->is_object() ||
               string_at(given->get_object(), "format") != detail::protocol_format) {
        r.problems.add("invalid_protocol", "/protocol/format", {}, {{"expected", "format"}});
        return r.reject();
    }
    const auto* rule = r.view->use("consultation.signature", r.trace);
    if (rule == nullptr) {
        return core::fail(
            Error{Status::rules,
                  Problem{"rule_not_in_force", "", "consultation.signature", Severity::error, {}}});
    }
    const auto& algorithms = rule->strings("algorithms");
    if (std::find(algorithms.begin(), algorithms.end(), signer.algorithm) == algorithms.end() ||
        signer.key_id.empty() || !signer.sign) {
        return core::fail(Error{Status::invalid_argument,
                                Problem{"invalid_signer",
                                        "/signer",
                                        rule->id,
                                        Severity::error,
                                        {{"allowed", "Ed25519, GOST R 34.10-2012-256/512"}}}});
    }
    std::string canonical;
    if (!json::canonicalize_to(*given, canonical)) {
        r.problems.add("number_not_finite", "/protocol");
        return r.reject();
    }
    const auto digest = crypto::sha256(canonical);
    auto signed_bytes = signer.sign(canonical);
    if (!signed_bytes.ok()) {
        return core::fail(signed_bytes.error());
    }
    json::Writer out = core::begin();
    out.key("signature").begin_object();
    out.member("algorithm", signer.algorithm);
    out.member("key_id", signer.key_id);
    if (!signer.certificate.empty()) {
        out.member("certificate", signer.certificate);
    }
    out.key("content_hash")
        .begin_object()
        .member("algorithm", "sha-256")
        .member("value", crypto::to_hex(digest))
        .end_object();
    out.member("value", crypto::encode_base64(signed_bytes.value()));
    out.end_object();
    return core::succeed(std::move(out), r.trace);
}

Response verify_protocol(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* protocol = r.root->value("protocol", true);
    const auto* signature = r.root->value("signature", true);
    r.root->finish();
    if (protocol != nullptr && !protocol->is_object()) {
        r.problems.add("wrong_type", "/protocol", {},
                       {{"expected", "object"}, {"actual", "other"}});
    }
    if (protocol == nullptr || signature == nullptr || r.problems.has_errors()) {
        return r.reject();
    }
    const auto check = detail::check_signature(*protocol, *signature, context, *r.view, r.trace);
    json::Writer out = core::begin();
    out.key("valid").boolean(check.result == "valid");
    out.member("result", check.result);
    if (check.result != "valid") {
        out.member("pointer", "/signature" + check.pointer);
    }
    if (signature->is_object()) {
        out.member("key_id", string_at(signature->get_object(), "key_id"));
        out.member("algorithm", string_at(signature->get_object(), "algorithm"));
    }
    return core::succeed(std::move(out), r.trace);
}

Response verify_audit(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* entries = r.root->array("entries", true);
    std::optional<std::string> head;
    std::optional<std::size_t> count;
    if (const auto* expected = r.root->value("head", false)) {
        ObjectReader h(*expected, *r.root, "head");
        head = h.string("hash", true, 64);
        if (const auto* n = h.value("count", true); n != nullptr) {
            if (n->is_int64() && n->get_int64() >= 0) {
                count = static_cast<std::size_t>(n->get_int64());
            } else {
                r.problems.add("invalid_value", h.at("count"));
            }
        }
        h.finish();
    }
    r.root->finish();
    if (entries == nullptr || r.problems.has_errors()) {
        return r.reject();
    }
    if (entries->size() > detail::max_events) {
        return core::fail(
            Error{Status::limit, Problem{"too_many_items",
                                         "/entries",
                                         {},
                                         Severity::error,
                                         {{"limit", std::to_string(detail::max_events)}}}});
    }
    const auto check = verify_chain(*entries, head, count);
    json::Writer out = core::begin();
    out.key("valid").boolean(check.valid);
    out.key("entries").integer(static_cast<std::int64_t>(entries->size()));
    out.member("head", check.head);
    if (!check.valid) {
        const auto index = check.first_bad.value_or(0);
        out.key("first_bad")
            .begin_object()
            .key("index")
            .integer(static_cast<std::int64_t>(index))
            .member("pointer", json::pointer_index("/entries", index))
            .member("reason", check.reason)
            .end_object();
    }
    return core::succeed(std::move(out), r.trace);
}

Response render_protocol(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* state = r.state(true);
    const auto format = r.root->one_of("format", true, {"text", "html"});
    const auto language = r.root->one_of("language", true, {"ru", "en"});
    r.root->finish();
    if (state == nullptr || !format || !language || r.problems.has_errors()) {
        return r.reject();
    }
    const auto protocol = r.protocol_of(*state);
    if (!protocol) {
        return r.reject();
    }
    const auto lang = *language == "ru" ? Language::ru : Language::en;
    auto rendered = *format == "html" ? render_html(*protocol, lang) : render_text(*protocol, lang);
    if (!rendered.ok()) {
        return core::fail(rendered.error());
    }
    json::Writer out = core::begin();
    out.member("format", *format);
    out.member("language", *language);
    out.member("content", rendered.value());
    return core::succeed(std::move(out), r.trace);
}

Response delivery_payloads(const Context& context, std::string_view text) {
    Reading r(context);
    if (!r.begin(text)) {
        return r.fail();
    }
    const auto* state = r.state(true);
    const auto reference = r.root->string("document_ref", true, 200);
    r.root->finish();
    if (state == nullptr || !reference || r.problems.has_errors()) {
        return r.reject();
    }
    if (state->if_contains("signature") == nullptr) {
        r.problems.add("not_signed", "/state/status", {},
                       {{"status", std::string(string_at(*state, "status"))}});
        return r.reject();
    }
    const auto protocol = r.protocol_of(*state);
    if (!protocol) {
        return r.reject();
    }
    r.view->use("consultation.delivery.gosuslugi", r.trace);
    auto notification = gosuslugi_notification(*protocol, *reference);
    if (!notification.ok()) {
        return core::fail(notification.error());
    }
    json::Writer out = core::begin();
    out.key("gosuslugi").value(bj::value(std::move(notification).value()));
    if (const auto* certificate = object_at(*state, "certificate")) {
        // The СФР record of the closed certificate, by the landed sick-leave capability.
        const auto record =
            detail::call(sick_leave::record, context, bj::object{{"certificate", *certificate}});
        if (record.response.status != Status::ok || !record.output) {
            return core::fail(Error{record.response.status == Status::ok ? Status::internal
                                                                         : record.response.status,
                                    record.response.problem});
        }
        out.key("sfr").value(record.output->get_object().at("record"));
    }
    return core::succeed(std::move(out), r.trace);
}

} // namespace telemed::consultation
