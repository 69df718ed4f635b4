// `telemed protocol sign --seed-file F --key-id ID [--certificate C] FILE` and
// `telemed protocol verify --config CONFIG FILE SIGNATURE_FILE`: the detached Ed25519 signature of
// a consultation's protocol (docs/consultation.md, "Signing").
#include "commands.hpp"
#include "signing.hpp"
#include "texts.hpp"

#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--seed-file", true}, {"--key-id", true}, {"--certificate", true}};

// What protocol.sign takes: {"protocol"} or {"state"} as given, or a bare snapshot wrapped as a
// state.
std::string sign_request(const std::string& text) {
    const auto value = try_parse_json(text);
    if (!value || !value->is_object())
        return text; // the library says what is wrong with it
    const json::object& object = value->as_object();
    if (object.contains("protocol") || object.contains("state"))
        return text;
    return json::serialize(json::object{{"state", *value}});
}

// The protocol document of FILE: {"protocol"}, a bare protocol, or a consultation state (built).
std::optional<json::value> protocol_of(const Context& context, const std::string& text, Lang lang,
                                       Exit& status) {
    const auto value = try_parse_json(text);
    if (!value || !value->is_object()) {
        // Let the library name the problem (syntax, UTF-8) with its code and pointer.
        const CallResult result = context.call("protocol.build", text);
        print_error(lang, "protocol.build", result.error);
        status = Exit::input;
        return std::nullopt;
    }
    const json::object& object = value->as_object();
    if (object.contains("protocol"))
        return object.at("protocol");
    if (string_at(*value, "format") == "telemed.protocol/1")
        return *value;
    const json::value request =
        object.contains("state") ? *value : json::value(json::object{{"state", *value}});
    const CallResult built = context.call("protocol.build", request);
    if (!built.ok()) {
        print_error(lang, "protocol.build", built.error);
        if (!built.output.empty())
            print_problems(lang, built.document());
        status = exit_for(built.error);
        return std::nullopt;
    }
    return built.document().at("protocol");
}

Exit sign(const Invocation& invocation, const Context& context) {
    const GlobalOptions& global = invocation.global;
    const ParsedArgs& args = invocation.args;
    if (!args.has("--seed-file") || !args.has("--key-id") || args.positional.size() != 2)
        return usage_error(global.lang, "protocol", tr(global.lang, "usage.protocol_sign"));
    const auto seed_text = read_file(args.value("--seed-file"), global.lang, 4096);
    if (!seed_text)
        return Exit::input;
    const auto seed = parse_seed(*seed_text);
    if (!seed) {
        print_message(tr(global.lang, "protocol.bad_seed"));
        return Exit::input;
    }
    const auto document = read_file(args.positional[1], global.lang);
    if (!document)
        return Exit::input;
    const CallResult result = sign_with_seed(context, sign_request(*document), *seed,
                                             args.value("--key-id"), args.value("--certificate"));
    if (!result.ok()) {
        print_error(global.lang, "tm_protocol_sign", result.error);
        if (!result.output.empty())
            print_problems(global.lang, result.document());
        return exit_for(result.error);
    }
    // The signature object is the product: it is what `protocol verify` and a sign_protocol event
    // take.
    const json::value out = result.document();
    std::cout << pretty_json(global.json ? out : out.at("signature"));
    return Exit::ok;
}

Exit verify(const Invocation& invocation, const Context& context) {
    const GlobalOptions& global = invocation.global;
    const auto& positional = invocation.args.positional;
    if (positional.size() != 3 || global.config_path.empty())
        return usage_error(global.lang, "protocol", tr(global.lang, "usage.protocol_verify"));
    const auto document = read_file(positional[1], global.lang);
    const auto signature_text = read_file(positional[2], global.lang);
    if (!document || !signature_text)
        return Exit::input;
    Exit status = Exit::ok;
    const auto protocol = protocol_of(context, *document, global.lang, status);
    if (!protocol)
        return status;
    auto signature = try_parse_json(*signature_text);
    if (signature && signature->is_object() && signature->as_object().contains("signature"))
        signature = signature->as_object().at("signature");
    const json::value request =
        json::object{{"protocol", *protocol},
                     {"signature", signature ? *signature : json::value(*signature_text)}};
    const CallResult result = context.call("protocol.verify", request);
    if (!result.ok()) {
        print_error(global.lang, "protocol.verify", result.error);
        return exit_for(result.error);
    }
    const json::value out = result.document();
    const std::string verdict = string_at(out, "result");
    if (global.json) {
        std::cout << pretty_json(out);
    } else {
        std::cout << tr(global.lang, "protocol.result") << ": " << verdict << " ("
                  << label(global.lang, "signature", verdict) << ")\n"
                  << tr(global.lang, "protocol.key") << ": " << string_at(out, "key_id") << " ("
                  << string_at(out, "algorithm") << ")\n";
        const std::string pointer = string_at(out, "pointer");
        if (!pointer.empty())
            std::cout << tr(global.lang, "err.at") << ' ' << pointer << '\n';
    }
    return verdict == "valid" ? Exit::ok : Exit::refused;
}

} // namespace

const std::span<const OptionSpec> protocol_specs = specs;

Exit run_protocol(const Invocation& invocation) {
    const GlobalOptions& global = invocation.global;
    const auto& positional = invocation.args.positional;
    const std::string verb = positional.empty() ? "" : positional.front();
    if (verb != "sign" && verb != "verify")
        return usage_error(global.lang, "protocol", tr(global.lang, "usage.protocol"));
    Exit status = Exit::ok;
    const auto context = make_context(global, "RU", status);
    if (!context)
        return status;
    return verb == "sign" ? sign(invocation, *context) : verify(invocation, *context);
}

} // namespace telemed_cli
