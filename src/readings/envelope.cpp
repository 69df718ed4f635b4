#include "readings/envelope.hpp"

#include <algorithm>

#include "crypto/signature.hpp"

namespace telemed::readings {

namespace {

// A base64 member decoded strictly, or nothing with invalid_base64 at its pointer.
std::optional<std::string> read_base64(json::ObjectReader& reader, std::string_view key,
                                       std::size_t max_chars, json::Problems& problems) {
    auto text = reader.string(key, true, max_chars);
    if (!text) {
        return std::nullopt;
    }
    auto bytes = crypto::decode_base64(*text);
    if (!bytes) {
        problems.add("invalid_base64", reader.at(key));
    }
    return bytes;
}

} // namespace

std::optional<OpenedEnvelope> open_envelope(const Context& context, json::ObjectReader& envelope,
                                            json::Problems& problems) {
    const std::size_t errors_before = problems.errors();
    auto device_id = envelope.string("device_id", true, 64);
    envelope.one_of("algorithm", false, {"Ed25519"});
    // The payload may be as long as any string (the parser's 64 KiB limit); the signature's text
    // length is left to the decoded length, so that a wrong one is reported as not a signature.
    auto payload = read_base64(envelope, "payload", 65536, problems);
    std::optional<crypto::Ed25519Signature> signature;
    if (auto bytes = read_base64(envelope, "signature", 65536, problems)) {
        if (bytes->size() == crypto::ed25519_signature_bytes) {
            signature.emplace();
            std::transform(bytes->begin(), bytes->end(), signature->begin(),
                           [](char c) { return static_cast<unsigned char>(c); });
        } else {
            problems.add("invalid_format", envelope.at("signature"), {},
                         {{"kind", "ed25519_signature"}});
        }
    }
    const DeviceKey* key = nullptr;
    if (device_id) {
        key = context.device_key(*device_id);
        if (key == nullptr) {
            problems.add("unknown_device_key", envelope.at("device_id"));
        }
    }
    envelope.finish();
    if (problems.errors() != errors_before || key == nullptr || !payload || !signature) {
        return std::nullopt;
    }
    if (!crypto::verify_ed25519(*key, *payload, *signature)) {
        problems.add("bad_signature", envelope.at("signature"));
        return std::nullopt;
    }
    return OpenedEnvelope{std::move(*device_id), std::move(*payload)};
}

bool check_signer(const OpenedEnvelope& opened, std::string_view reading_device_id,
                  const std::string& pointer, json::Problems& problems) {
    if (reading_device_id.empty() || reading_device_id == opened.device_id) {
        return true;
    }
    problems.add("device_mismatch", pointer);
    return false;
}

bool check_unsigned_reading(const Context& context, std::string_view device_id,
                            const std::string& pointer, json::Problems& problems) {
    if (!device_id.empty() && context.device_key(device_id) != nullptr) {
        problems.add("signature_required", pointer);
        return false;
    }
    switch (context.unsigned_readings()) {
    case UnsignedReadings::reject:
        problems.add("unsigned_reading", pointer);
        return false;
    case UnsignedReadings::flag:
        problems.add("unsigned_reading", pointer, {}, {}, Severity::warning);
        return true;
    case UnsignedReadings::accept:
        return true;
    }
    return true;
}

} // namespace telemed::readings
