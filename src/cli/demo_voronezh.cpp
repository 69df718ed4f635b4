// Part 1 of `telemed demo`: Voronezh (RU-VOR). A patient identified by policy number and date of
// birth, a video consultation that closes her sick-leave certificate (the lifecycle of
// tests/conformance/vectors/consultation.json), the protocol signed with the demo key and verified,
// the СФР record and the Госуслуги message.
#include "demo.hpp"
#include "demo_data.hpp"
#include "signing.hpp"
#include "texts.hpp"

namespace telemed_cli {

namespace json = boost::json;

namespace {

struct Voronezh {
    DemoRun& run;
    const Context& context;
    const json::object& scenario;
    json::value state;          // the snapshot the embedder (this program) stores between events
    json::value last_signature; // the signature the sign_protocol event carries
};

const char* t(const Voronezh& v, std::string_view key) {
    return tr(v.run.lang, key);
}

// patient.identify against every record of the register; the matching record, or nothing.
std::optional<json::value> identify(Voronezh& v, const json::value& claim) {
    const json::value registry = parse_json(telemed::embedded::register_json);
    const json::array& records = registry.at("records").as_array();
    v.run.report.line(1, std::string(t(v, "demo.vor.identify")) + " " +
                             masked_identifier(v.context, "enp", string_at(claim, "enp")) + " " +
                             t(v, "demo.vor.and_dob") + " (patient.identify), " +
                             std::to_string(records.size()) + " " + t(v, "demo.vor.records"));
    std::optional<json::value> found;
    json::array outputs;
    for (const json::value& record : records) {
        const CallResult result = v.context.call(
            "patient.identify", json::value(json::object{{"patient", record}, {"claim", claim}}));
        if (!result.ok()) {
            demo_failed(v.run, "patient.identify", result);
            return std::nullopt;
        }
        const json::value out = result.document();
        const std::string verdict = string_at(out, "result");
        v.run.report.line(2, string_at(record, "id") + ": " +
                                 label(v.run.lang, "identify", verdict) + " (" +
                                 string_at(out, "method") + ")");
        outputs.push_back(json::object{{"record", string_at(record, "id")}, {"output", out}});
        if (verdict == "match" && !found)
            found = record;
    }
    v.run.report.step("identify", "patient.identify", outputs);
    return found;
}

// The details worth a line after an event: the decision at the start, the certificate at
// completion.
void describe_event(Voronezh& v, std::string_view type, const json::value& out) {
    if (type == "schedule") {
        v.run.report.line(3, std::string(t(v, "demo.vor.slot")) + " " +
                                 string_at(*find_pointer(out, "/state/schedule/slot"), "start"));
    } else if (type == "start") {
        const json::value& decision = out.at("decision");
        v.run.report.line(
            3, std::string(t(v, "demo.decision")) + ": " + string_at(decision, "verdict") + " (" +
                   label(v.run.lang, "verdict", string_at(decision, "verdict")) + "), " +
                   t(v, "demo.visit_date") + " " + string_at(decision, "visit_date"));
        v.run.report.line(3, std::string(t(v, "demo.permitted")) + ": " +
                                 joined(find_pointer(decision, "/permitted_actions")));
        v.run.report.line(3, std::string(t(v, "demo.documents")) + ": " +
                                 joined(find_pointer(decision, "/required_documents")));
    } else if (type == "complete") {
        const json::value& certificate = out.at("state").at("certificate");
        v.run.report.line(
            3, std::string(t(v, "demo.vor.closed")) + " " +
                   masked_number(string_at(certificate, "number")) + ": " +
                   label(v.run.lang, "certificate", string_at(certificate, "status")) + ", " +
                   t(v, "demo.vor.closed_on") + " " +
                   string_at(*find_pointer(certificate, "/closed"), "date") + ", " +
                   t(v, "demo.return_to_work") + " " + string_at(certificate, "return_to_work"));
    } else if (type == "deliver") {
        v.run.report.line(3, std::string(t(v, "demo.vor.delivered")) + " " +
                                 string_at(*find_pointer(out, "/state/delivery"), "delivered_at"));
    }
}

// protocol.build, tm_protocol_sign with the demo key, protocol.verify (and a changed copy).
bool sign_and_verify(Voronezh& v) {
    const CallResult built =
        v.context.call("protocol.build", json::value(json::object{{"state", v.state}}));
    if (!built.ok())
        return demo_failed(v.run, "protocol.build", built), false;
    const json::value protocol = built.document();
    v.run.report.line(1, std::string(t(v, "demo.vor.protocol")) + " (protocol.build): sha-256 " +
                             string_at(protocol, "content_hash"));
    v.run.report.step("protocol", "protocol.build", redact(v.context, protocol));

    const auto seed = parse_seed(telemed::embedded::demo_key_seed);
    const std::string key_id = string_at(v.scenario, "signing_key_id");
    const std::string document =
        json::serialize(json::object{{"protocol", protocol.at("protocol")}});
    const CallResult signed_result = sign_with_seed(v.context, document, *seed, key_id, "");
    if (!signed_result.ok())
        return demo_failed(v.run, "tm_protocol_sign", signed_result), false;
    v.last_signature = signed_result.document().at("signature");
    v.run.report.line(
        2, std::string(t(v, "demo.vor.signed")) + " " + key_id +
               " (tm_protocol_sign): " + string_at(v.last_signature, "value").substr(0, 24) + "…");
    v.run.report.step("sign", "tm_protocol_sign", signed_result.document());

    const CallResult verified = v.context.call(
        "protocol.verify", json::value(json::object{{"protocol", protocol.at("protocol")},
                                                    {"signature", v.last_signature}}));
    if (!verified.ok())
        return demo_failed(v.run, "protocol.verify", verified), false;
    const std::string result = string_at(verified.document(), "result");
    v.run.report.line(2, std::string(t(v, "demo.vor.verified")) + ": " + result + " (" +
                             label(v.run.lang, "signature", result) + ")");
    v.run.report.step("verify", "protocol.verify", verified.document());

    // The same signature over a protocol with one character of its findings changed.
    json::value changed = protocol.at("protocol");
    changed.as_object()["findings"] = std::string(string_at(changed, "findings")) + ".";
    const CallResult tampered = v.context.call(
        "protocol.verify",
        json::value(json::object{{"protocol", changed}, {"signature", v.last_signature}}));
    if (!tampered.ok())
        return demo_failed(v.run, "protocol.verify", tampered), false;
    const std::string tampered_result = string_at(tampered.document(), "result");
    v.run.report.line(2, std::string(t(v, "demo.vor.tampered")) + ": " + tampered_result + " (" +
                             label(v.run.lang, "signature", tampered_result) + ")");
    v.run.report.step("verify_changed", "protocol.verify", tampered.document());
    return result == "valid" && tampered_result == "content_changed";
}

// Fills what the scenario leaves to the run: the register's record, the claim, the signature.
json::value event_for(Voronezh& v, json::value event, const json::value& patient) {
    json::object& object = event.as_object();
    const std::string type = string_at(event, "type");
    if (type == "request")
        object["consultation"].as_object()["patient"] = patient;
    if (type == "verify_identity")
        object["claim"] = v.scenario.at("claim");
    if (type == "sign_protocol")
        object["signature"] = v.last_signature;
    return event;
}

bool apply_events(Voronezh& v, const json::value& patient) {
    v.run.report.line(1, std::string(t(v, "demo.vor.consultation")) + " (consultation.apply):");
    for (const json::value& template_event : v.scenario.at("events").as_array()) {
        const std::string type = string_at(template_event, "type");
        if (type == "sign_protocol" && !sign_and_verify(v))
            return false;
        json::object request{{"event", event_for(v, template_event, patient)}};
        if (!v.state.is_null())
            request["state"] = v.state;
        const CallResult result =
            v.context.call("consultation.apply", json::value(std::move(request)));
        if (!result.ok())
            return demo_failed(v.run, "consultation.apply " + type, result), false;
        const json::value out = result.document();
        v.state = out.at("state");
        std::string name = type;
        name.resize(16, ' ');
        v.run.report.line(2, name + " → " + string_at(out, "status") + " (" +
                                 label(v.run.lang, "status", string_at(out, "status")) + ")");
        describe_event(v, type, out);
        v.run.report.step(type, "consultation.apply", redact(v.context, out));
    }
    return true;
}

bool audit_and_deliveries(Voronezh& v) {
    const CallResult audit =
        v.context.call("audit.verify", json::value(json::object{{"entries", v.state.at("audit")}}));
    if (!audit.ok())
        return demo_failed(v.run, "audit.verify", audit), false;
    const json::value audit_out = audit.document();
    v.run.report.line(
        1, std::string(t(v, "demo.vor.audit")) + " (audit.verify): " +
               json::serialize(audit_out.at("entries")) + " " + t(v, "demo.vor.entries") + ", " +
               (audit_out.at("valid").as_bool() ? t(v, "demo.valid") : t(v, "demo.invalid")));
    v.run.report.step("audit", "audit.verify", audit_out);

    const CallResult record = v.context.call(
        "sick_leave.record", json::value(json::object{{"certificate", v.state.at("certificate")}}));
    if (!record.ok())
        return demo_failed(v.run, "sick_leave.record", record), false;
    const json::value record_out = record.document();
    const json::value& sfr = record_out.at("record");
    const json::value& period = sfr.at("TREAT_PERIODS").as_array().back();
    v.run.report.line(1, std::string(t(v, "demo.vor.sfr")) + " (sick_leave.record): LN_CODE " +
                             string_at(sfr, "LN_CODE") + ", TREAT_DT1 " +
                             string_at(period, "TREAT_DT1") + ", TREAT_DT2 " +
                             string_at(period, "TREAT_DT2") + ", RETURN_DATE_LPU " +
                             string_at(sfr, "RETURN_DATE_LPU"));
    v.run.report.line(
        2, std::string(t(v, "demo.vor.message")) + ": " +
               string_at(record_out.at("message"), v.run.lang == Lang::ru ? "ru" : "en"));
    v.run.report.step("sfr_record", "sick_leave.record", record_out);

    const CallResult deliveries =
        v.context.call("protocol.deliveries",
                       json::value(json::object{{"state", v.state},
                                                {"document_ref", v.scenario.at("document_ref")}}));
    if (!deliveries.ok())
        return demo_failed(v.run, "protocol.deliveries", deliveries), false;
    const json::value gosuslugi = deliveries.document().at("gosuslugi");
    const char* lang = v.run.lang == Lang::ru ? "ru" : "en";
    v.run.report.line(1, std::string(t(v, "demo.vor.gosuslugi")) + " (protocol.deliveries):");
    v.run.report.line(2, string_at(gosuslugi.at("title"), lang));
    v.run.report.line(2, string_at(gosuslugi.at("text"), lang));
    v.run.report.step("deliveries", "protocol.deliveries", deliveries.document());
    return true;
}

} // namespace

Exit demo_voronezh(DemoRun& run) {
    const json::value scenario = parse_json(telemed::embedded::voronezh_consultation_json);
    LibraryError error;
    const auto context =
        Context::create({string_at(scenario, "jurisdiction"), "",
                         std::string(telemed::embedded::config_vor_json), run.now_ms},
                        error);
    if (!context) {
        print_error(run.lang, tr(run.lang, "err.context"), error);
        return Exit::failure;
    }
    run.report.heading(tr(run.lang, "demo.vor.heading"));
    Voronezh v{run, *context, scenario.as_object(), nullptr, nullptr};
    const auto patient = identify(v, scenario.at("claim"));
    if (!patient) {
        print_message(tr(run.lang, "demo.vor.no_match"));
        return Exit::refused;
    }
    if (!apply_events(v, *patient) || !audit_and_deliveries(v))
        return Exit::failure;
    return Exit::ok;
}

} // namespace telemed_cli
