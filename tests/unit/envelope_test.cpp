// Device authenticity: strict base64, Ed25519 verification (libsodium), device keys in the
// configuration document, signed envelopes and the policy for unsigned readings.
//
// The test vectors come from an independent signer, OpenSSL 3.0, not from libsodium:
//
//   openssl genpkey -algorithm ed25519 -out device.pem
//   openssl genpkey -algorithm ed25519 -out other.pem
//   # the raw 32-byte public key is the last 32 bytes of the SubjectPublicKeyInfo DER
//   openssl pkey -in device.pem -pubout -outform DER | tail -c 32 | base64 -w0
//   openssl pkey -in other.pem -pubout -outform DER | tail -c 32 | base64 -w0
//   printf '%s' '<payload_json below>' > payload.json
//   base64 -w0 payload.json
//   openssl pkeyutl -sign -rawin -inkey device.pem -in payload.json | base64 -w0
//   openssl pkeyutl -sign -rawin -inkey other.pem -in payload.json | base64 -w0
//   # check (prints "Signature Verified Successfully"):
//   openssl pkey -in device.pem -pubout -out device.pub.pem
//   openssl pkeyutl -sign -rawin -inkey device.pem -in payload.json -out payload.sig
//   openssl pkeyutl -verify -rawin -pubin -inkey device.pub.pem -in payload.json
//       -sigfile payload.sig    (one command)
//
// The private keys were discarded. RFC 8032 §7.1 TEST 2 is checked too (its key and signature
// re-made with openssl from the RFC's secret key, and equal to the RFC's hex).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "crypto/signature.hpp"
#include "i18n/i18n.hpp"
#include "readings/envelope.hpp"
#include "rules/loader.hpp"
#include "test_support.hpp"
#include "json/strict.hpp"

namespace telemed {
namespace {

const auto march_10 = test::utc(2026, 3, 10);

// OpenSSL-made vectors (see the top of the file).
const std::string device_key = "ZMj8ZdU1h7FDfzkLqVI2bq0+qjM250S9DZDCg+Zk+pY=";
const std::string other_key = "GbxVxKJYojYKJLXJwUxRv+4xvAZhd8c1ZYj1fqzGJI4=";
const std::string payload_json =
    R"({"kind":"blood_pressure","device":{"id":"tonometer-17"},"measured_at":"2026-03-10T08:15:00+07:00","systolic":128,"diastolic":82,"unit":"mmHg"})";
const std::string payload =
    "eyJraW5kIjoiYmxvb2RfcHJlc3N1cmUiLCJkZXZpY2UiOnsiaWQiOiJ0b25vbWV0ZXItMTcifSwibWVhc3VyZWRfYXQiOi"
    "IyMDI2LTAzLTEwVDA4OjE1OjAwKzA3OjAwIiwic3lzdG9saWMiOjEyOCwiZGlhc3RvbGljIjo4MiwidW5pdCI6Im1tSGci"
    "fQ==";
const std::string signature = "ufkrBX8ISr6ffzEtY1pWMh+IKx6wzlTLbrGbS13efQS9MqLWtUwONnMesgr6n7kKOu4"
                              "WtZxhRcKT43Q0QB/fBQ==";
const std::string other_signature =
    "/GO6dgdWVDfyPqwPSnAztEdwol510hDWVbDE0ZHuHNlFb14YTw/K1PhqYuAwp3g"
    "xJ2qVDgLYKu6O3me78Kk/BQ==";

// RFC 8032 §7.1 TEST 2: public key 3d4017c3…660c, message 0x72, signature 92a009a9…0c00.
const std::string rfc_key = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";
const std::string rfc_signature =
    "kqAJqfDUyrhyDoILX2QlQKKye1QWUD+Ps3YiI+vbadoIWsHkPhWZbkWPNhPQ8R2MO"
    "HsurrQwKu6wDSkWErsMAA==";

template <std::size_t N> std::array<unsigned char, N> raw(const std::string& base64) {
    const auto bytes = crypto::decode_base64(base64);
    std::array<unsigned char, N> out{};
    EXPECT_TRUE(bytes && bytes->size() == N) << base64;
    if (bytes && bytes->size() == N) {
        std::transform(bytes->begin(), bytes->end(), out.begin(),
                       [](char c) { return static_cast<unsigned char>(c); });
    }
    return out;
}

// `base64` decoded, byte `index` XORed with `mask`, encoded again.
std::string flipped(const std::string& base64, std::size_t index, unsigned char mask = 0x01) {
    auto bytes = crypto::decode_base64(base64).value();
    bytes.at(index) = static_cast<char>(static_cast<unsigned char>(bytes.at(index)) ^ mask);
    return crypto::encode_base64(bytes);
}

std::string devices_config(const std::string& keys, const std::string& policy = "") {
    std::string devices = R"({"keys": )" + keys;
    if (!policy.empty()) {
        devices += R"(, "unsigned_readings": ")" + policy + "\"";
    }
    return R"({"devices": )" + devices + "}}";
}

std::string key_entry(const std::string& device_id, const std::string& key) {
    return R"({"device_id": ")" + device_id + R"(", "public_key": ")" + key + "\"}";
}

// The configuration used by the envelope tests: two devices and the given policy.
std::string two_devices(const std::string& policy = "") {
    return devices_config("[" + key_entry("tonometer-17", device_key) + ", " +
                              key_entry("glucometer-3", other_key) + "]",
                          policy);
}

Context context_with(const std::string& config) {
    return test::make_context("RU-NVS", march_10, "", config);
}

Error config_error(const std::string& config) {
    ContextOptions options;
    options.jurisdiction = "RU-NVS";
    options.config_json = config;
    options.clock = [] { return march_10; };
    auto created = Context::create(options);
    EXPECT_FALSE(created.ok()) << config;
    return created.ok() ? Error{} : created.error();
}

struct Opened {
    std::optional<readings::OpenedEnvelope> envelope;
    std::vector<Problem> problems;
};

// Reads {"envelope": {...}} as a caller would and opens the envelope.
Opened open(const Context& context, const std::string& document) {
    json::Arena arena;
    auto parsed = json::parse(document, arena);
    if (!parsed.ok()) {
        ADD_FAILURE() << "not JSON: " << parsed.error().problem.code;
        return {};
    }
    json::Problems problems;
    json::ObjectReader root(parsed.value(), "", problems);
    Opened out;
    if (const auto* value = root.value("envelope", true)) {
        json::ObjectReader envelope(*value, root, "envelope");
        out.envelope = readings::open_envelope(context, envelope, problems);
    }
    root.finish();
    out.problems = problems.take();
    return out;
}

std::string envelope(const std::string& device_id, const std::string& payload_text,
                     const std::string& signature_text, const std::string& extra = "") {
    return R"({"envelope": {"device_id": ")" + device_id + R"(", "payload": ")" + payload_text +
           R"(", "signature": ")" + signature_text + "\"" + extra + "}}";
}

std::vector<std::string> codes(const std::vector<Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) {
        out.push_back(p.code);
    }
    return out;
}

// -------------------------------------------------------------------------------------------
// src/crypto/
// -------------------------------------------------------------------------------------------

TEST(EnvelopeCrypto, Base64IsStrictStandardPaddedAndCanonical) {
    EXPECT_EQ(crypto::decode_base64("").value(), "");
    EXPECT_EQ(crypto::decode_base64("QQ==").value(), "A");
    EXPECT_EQ(crypto::decode_base64("QUI=").value(), "AB");
    EXPECT_EQ(crypto::decode_base64("QUJD").value(), "ABC");
    EXPECT_EQ(crypto::decode_base64("+/+/").value(), "\xfb\xff\xbf");
    EXPECT_EQ(crypto::decode_base64(payload).value(), payload_json);
    for (const char* bad : {
             "QQ",           // padding missing
             "QQ=",          // padding short
             "QQ===",        // padding too long
             "QUI",          // padding missing
             "Q",            // a lone character
             "QR==",         // unused bits set: not canonical ("QQ==" is the one text of "A")
             "QUJ=",         // unused bits set
             "-_-_",         // the URL-safe alphabet
             "QU JD",        // a space inside
             "QUJD\n",       // a line break after
             " QUJD",        // a space before
             "QUJD\r\nQUJD", // lines
             "QUJD=",        // text after the end
             "QQ==QQ==",     // two padded groups
             "QU*D",         // not in any alphabet
             "Q\xc3\xa9=="   // non-ASCII
         }) {
        EXPECT_FALSE(crypto::decode_base64(bad).has_value()) << '"' << bad << '"';
    }
    EXPECT_FALSE(crypto::decode_base64(std::string("QU\0D", 4)).has_value()); // a NUL inside
    // Encoding gives the one text decoding accepts.
    for (const std::string& bytes : std::vector<std::string>{
             "", "A", "AB", "ABC", std::string("\xfb\xff\xbf\x00", 4), payload_json}) {
        EXPECT_EQ(crypto::decode_base64(crypto::encode_base64(bytes)).value(), bytes);
    }
    EXPECT_EQ(crypto::encode_base64(payload_json), payload);
}

TEST(EnvelopeCrypto, VerifiesSignaturesMadeByOpenSsl) {
    const auto key = raw<32>(device_key);
    const auto sig = raw<64>(signature);
    EXPECT_TRUE(crypto::valid_ed25519_public_key(key));
    EXPECT_TRUE(crypto::verify_ed25519(key, payload_json, sig));
    // RFC 8032 TEST 2: the one-byte message 0x72.
    EXPECT_TRUE(crypto::verify_ed25519(raw<32>(rfc_key), "\x72", raw<64>(rfc_signature)));
    EXPECT_FALSE(crypto::verify_ed25519(raw<32>(rfc_key), "\x73", raw<64>(rfc_signature)));

    // One byte more, one byte less, one bit flipped anywhere: no longer valid.
    EXPECT_FALSE(crypto::verify_ed25519(key, payload_json + " ", sig));
    EXPECT_FALSE(crypto::verify_ed25519(key, payload_json.substr(1), sig));
    for (std::size_t i = 0; i < payload_json.size(); i += 7) {
        std::string changed = payload_json;
        changed[i] = static_cast<char>(changed[i] ^ 0x20);
        EXPECT_FALSE(crypto::verify_ed25519(key, changed, sig)) << i;
    }
    for (std::size_t i = 0; i < sig.size(); ++i) {
        auto changed = sig;
        changed[i] ^= 0x01;
        EXPECT_FALSE(crypto::verify_ed25519(key, payload_json, changed)) << i;
    }
    // Another device's key, and another device's signature.
    EXPECT_FALSE(crypto::verify_ed25519(raw<32>(other_key), payload_json, sig));
    EXPECT_FALSE(crypto::verify_ed25519(key, payload_json, raw<64>(other_signature)));
    EXPECT_TRUE(crypto::verify_ed25519(raw<32>(other_key), payload_json, raw<64>(other_signature)));

    // Malleability: S + L (the group order) is the same scalar but not canonical; rejected.
    static constexpr unsigned char order[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                                0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
    auto malleated = sig;
    unsigned carry = 0;
    for (std::size_t i = 0; i < 32; ++i) {
        const unsigned sum =
            static_cast<unsigned>(malleated[32 + i]) + static_cast<unsigned>(order[i]) + carry;
        malleated[32 + i] = static_cast<unsigned char>(sum & 0xffu);
        carry = sum >> 8;
    }
    ASSERT_EQ(carry, 0u);
    EXPECT_FALSE(crypto::verify_ed25519(key, payload_json, malleated));
}

TEST(EnvelopeCrypto, RejectsKeysThatAreNotCurvePoints) {
    crypto::Ed25519PublicKey identity{}; // the neutral element: small order
    identity[0] = 0x01;
    EXPECT_FALSE(crypto::valid_ed25519_public_key(identity));
    crypto::Ed25519PublicKey zero{}; // a point of order 4
    EXPECT_FALSE(crypto::valid_ed25519_public_key(zero));
    crypto::Ed25519PublicKey ones;
    ones.fill(0xff); // not canonical
    EXPECT_FALSE(crypto::valid_ed25519_public_key(ones));
    EXPECT_TRUE(crypto::valid_ed25519_public_key(raw<32>(other_key)));
    EXPECT_TRUE(crypto::valid_ed25519_public_key(raw<32>(rfc_key)));
}

// -------------------------------------------------------------------------------------------
// The configuration document's "devices"
// -------------------------------------------------------------------------------------------

TEST(ConfigDevices, DescribeListsDeviceIdsAndPolicyNotKeys) {
    const auto described = test::output(describe_context(context_with(two_devices("reject"))));
    EXPECT_EQ(described.at("devices"),
              (boost::json::value{{"keys", {"glucometer-3", "tonometer-17"}},
                                  {"unsigned_readings", "reject"}}));
    EXPECT_EQ(boost::json::serialize(described).find(device_key), std::string::npos);
    EXPECT_EQ(
        test::output(describe_context(context_with(""))).at("devices"),
        (boost::json::value{{"keys", boost::json::array{}}, {"unsigned_readings", "accept"}}));
}

TEST(ConfigDevices, KeysAndPolicyReachTheContext) {
    const auto none = context_with("");
    EXPECT_EQ(none.device_key("tonometer-17"), nullptr);
    // No devices member: nothing could sign, unsigned readings are accepted as they are.
    EXPECT_EQ(none.unsigned_readings(), UnsignedReadings::accept);
    EXPECT_EQ(context_with(R"({"devices": {"unsigned_readings": "accept"}})").unsigned_readings(),
              UnsignedReadings::accept);

    const auto ctx = context_with(two_devices());
    ASSERT_NE(ctx.device_key("tonometer-17"), nullptr);
    EXPECT_EQ(*ctx.device_key("tonometer-17"), raw<32>(device_key));
    EXPECT_EQ(*ctx.device_key("glucometer-3"), raw<32>(other_key));
    EXPECT_EQ(ctx.device_key("Tonometer-17"), nullptr); // exact, case-sensitive
    EXPECT_EQ(ctx.device_key("tonometer-17 "), nullptr);
    EXPECT_EQ(ctx.device_key(""), nullptr);
    EXPECT_EQ(ctx.unsigned_readings(), UnsignedReadings::flag); // the default
    // Copies share the state: the same key object.
    const Context copy = ctx;
    EXPECT_EQ(copy.device_key("tonometer-17"), ctx.device_key("tonometer-17"));

    EXPECT_EQ(context_with(two_devices("reject")).unsigned_readings(), UnsignedReadings::reject);
    EXPECT_EQ(context_with(two_devices("flag")).unsigned_readings(), UnsignedReadings::flag);
    // The policy alone, an empty key list, an explicit algorithm, nulls as absent.
    EXPECT_EQ(context_with(R"({"devices": {"unsigned_readings": "reject"}})").unsigned_readings(),
              UnsignedReadings::reject);
    EXPECT_EQ(context_with(R"({"devices": {"keys": []}})").device_key("x"), nullptr);
    EXPECT_NE(context_with(R"({"devices": {"keys": [{"device_id": "a", "algorithm": "Ed25519", )"
                           R"("public_key": ")" +
                           device_key + R"("}]}})")
                  .device_key("a"),
              nullptr);
    EXPECT_EQ(context_with(R"({"devices": {"keys": null, "unsigned_readings": null}})")
                  .unsigned_readings(),
              UnsignedReadings::flag);
    // Devices sit beside the other members.
    const auto both = context_with(
        R"({"switches": {"identity.age.leap_day_feb28": true}, "devices": {"keys": [)" +
        key_entry("tonometer-17", device_key) + "]}}");
    EXPECT_NE(both.device_key("tonometer-17"), nullptr);
}

TEST(ConfigDevices, ErrorsAreRulesErrorsWithThePointerOfTheField) {
    const auto check = [](const std::string& config, const std::string& code,
                          const std::string& pointer) {
        const auto e = config_error(config);
        EXPECT_EQ(e.status, Status::rules) << config;
        EXPECT_EQ(e.problem.code, code) << config;
        EXPECT_EQ(e.problem.pointer, pointer) << config;
        EXPECT_EQ(e.problem.severity, Severity::error);
        return e;
    };
    // A key of 31 or 33 bytes, or 32 that are no curve point.
    const std::string bytes32 = crypto::decode_base64(device_key).value();
    auto e =
        check(devices_config("[" + key_entry("t", crypto::encode_base64(bytes32.substr(1))) + "]"),
              "invalid_format", "/devices/keys/0/public_key");
    EXPECT_EQ(e.problem.args, (json::Args{{"kind", "ed25519_public_key"}}));
    check(devices_config("[" + key_entry("t", crypto::encode_base64(bytes32 + "x")) + "]"),
          "invalid_format", "/devices/keys/0/public_key");
    check(
        devices_config("[" + key_entry("t", crypto::encode_base64(std::string(32, '\xff'))) + "]"),
        "invalid_format", "/devices/keys/0/public_key");
    check(devices_config("[" + key_entry("t", signature) + "]"), "invalid_format",
          "/devices/keys/0/public_key"); // a signature is not a key
    // Malformed base64: a line break, the URL-safe alphabet, no padding.
    check(devices_config(
              "[" + key_entry("t", device_key.substr(0, 20) + "\\n" + device_key.substr(20)) + "]"),
          "invalid_base64", "/devices/keys/0/public_key");
    check(
        devices_config("[" + key_entry("t", "GbxVxKJYojYKJLXJwUxRv-4xvAZhd8c1ZYj1fqzGJI4=") + "]"),
        "invalid_base64", "/devices/keys/0/public_key");
    check(devices_config("[" + key_entry("t", device_key.substr(0, 43)) + "]"), "invalid_base64",
          "/devices/keys/0/public_key");
    // A device twice (the second is named), even with another key; a key for two devices.
    check(devices_config("[" + key_entry("tonometer-17", device_key) + ", " +
                         key_entry("tonometer-17", other_key) + "]"),
          "duplicate_device", "/devices/keys/1/device_id");
    check(devices_config("[" + key_entry("tonometer-17", "bad") + ", " +
                         key_entry("tonometer-17", other_key) + "]"),
          "invalid_base64", "/devices/keys/0/public_key");
    check(devices_config("[" + key_entry("tonometer-17", device_key) + ", " +
                         key_entry("tonometer-18", device_key) + "]"),
          "duplicate_public_key", "/devices/keys/1/public_key");
    // Structure.
    check(R"({"devices": []})", "wrong_type", "/devices");
    check(R"({"devices": {"keys": {}}})", "wrong_type", "/devices/keys");
    check(R"({"devices": {"keys": ["x"]}})", "wrong_type", "/devices/keys/0");
    check(R"({"devices": {"keys": [{"public_key": ")" + device_key + R"("}]}})", "missing_field",
          "/devices/keys/0/device_id");
    check(R"({"devices": {"keys": [{"device_id": "t"}]}})", "missing_field",
          "/devices/keys/0/public_key");
    check(R"({"devices": {"keys": [{"device_id": "", "public_key": ")" + device_key + R"("}]}})",
          "empty_string", "/devices/keys/0/device_id");
    check(R"({"devices": {"keys": [{"device_id": ")" + std::string(65, 'd') +
              R"(", "public_key": ")" + device_key + R"("}]}})",
          "too_long", "/devices/keys/0/device_id");
    check(R"({"devices": {"keys": [{"device_id": 17, "public_key": ")" + device_key + R"("}]}})",
          "wrong_type", "/devices/keys/0/device_id");
    check(R"({"devices": {"keys": [{"device_id": "t", "public_key": ")" + device_key +
              R"(", "algorithm": "RSA"}]}})",
          "invalid_value", "/devices/keys/0/algorithm");
    check(R"({"devices": {"keys": [{"device_id": "t", "public_key": ")" + device_key +
              R"(", "key_id": "k1"}]}})",
          "unknown_field", "/devices/keys/0/key_id");
    check(R"({"devices": {"unsigned_readings": "ignore"}})", "invalid_value",
          "/devices/unsigned_readings");
    e = check(R"({"devices": {"unsigned_readings": "Reject"}})", "invalid_value",
              "/devices/unsigned_readings");
    EXPECT_EQ(e.problem.args, (json::Args{{"allowed", "accept, flag, reject"}}));
    check(R"({"devices": {"policy": "reject"}})", "unknown_field", "/devices/policy");
    // Devices come after switches and drafts in the order problems are found.
    check(R"({"drafts": ["no.such"], "devices": {"keys": 1}})", "unknown_rule_set", "/drafts/0");
}

// -------------------------------------------------------------------------------------------
// Envelopes
// -------------------------------------------------------------------------------------------

TEST(Envelope, AGoodSignatureOpensThePayload) {
    const auto ctx = context_with(two_devices());
    auto opened = open(ctx, envelope("tonometer-17", payload, signature));
    ASSERT_TRUE(opened.envelope.has_value());
    EXPECT_TRUE(opened.problems.empty());
    EXPECT_EQ(opened.envelope->device_id, "tonometer-17");
    EXPECT_EQ(opened.envelope->payload, payload_json); // exactly the bytes signed
    // "algorithm": "Ed25519" may be given.
    opened = open(ctx, envelope("tonometer-17", payload, signature, R"(, "algorithm": "Ed25519")"));
    EXPECT_TRUE(opened.envelope.has_value());
    // The other device's own signature opens under its own id.
    opened = open(ctx, envelope("glucometer-3", payload, other_signature));
    ASSERT_TRUE(opened.envelope.has_value());
    EXPECT_EQ(opened.envelope->device_id, "glucometer-3");
}

TEST(Envelope, AnyChangedByteIsABadSignature) {
    const auto ctx = context_with(two_devices());
    const auto bad = [&](const std::string& document) {
        const auto opened = open(ctx, document);
        EXPECT_FALSE(opened.envelope.has_value());
        ASSERT_EQ(opened.problems.size(), 1u);
        EXPECT_EQ(opened.problems[0].code, "bad_signature");
        EXPECT_EQ(opened.problems[0].pointer, "/envelope/signature");
        EXPECT_EQ(opened.problems[0].severity, Severity::error);
        EXPECT_TRUE(opened.problems[0].args.empty());
    };
    // The reading altered: systolic 128 → 168, one bit of the payload.
    std::string altered = payload_json;
    altered.replace(altered.find("128"), 3, "168");
    bad(envelope("tonometer-17", crypto::encode_base64(altered), signature));
    bad(envelope("tonometer-17", flipped(payload, 0), signature));
    bad(envelope("tonometer-17", crypto::encode_base64(payload_json + "\n"), signature));
    // One bit of the signature, in R and in S.
    bad(envelope("tonometer-17", payload, flipped(signature, 0)));
    bad(envelope("tonometer-17", payload, flipped(signature, 40)));
    // Signed by the other device but presented as this one, and the reverse.
    bad(envelope("tonometer-17", payload, other_signature));
    bad(envelope("glucometer-3", payload, signature));
}

TEST(Envelope, MalformedMembersAreReportedAndNothingIsVerified) {
    const auto ctx = context_with(two_devices());
    const auto first = [&](const std::string& document, const std::string& code,
                           const std::string& pointer) {
        const auto opened = open(ctx, document);
        EXPECT_FALSE(opened.envelope.has_value()) << document;
        EXPECT_FALSE(opened.problems.empty()) << document;
        if (!opened.problems.empty()) {
            EXPECT_EQ(opened.problems[0].code, code) << document;
            EXPECT_EQ(opened.problems[0].pointer, pointer) << document;
        }
        for (const auto& p : opened.problems) {
            EXPECT_NE(p.code, "bad_signature") << document; // not verified when malformed
        }
        return opened.problems;
    };
    first(envelope("tonometer-17", payload.substr(1), signature), "invalid_base64",
          "/envelope/payload");
    first(envelope("tonometer-17", payload, signature + "\\n"), "invalid_base64",
          "/envelope/signature");
    first(envelope("tonometer-17", payload, " " + signature), "invalid_base64",
          "/envelope/signature");
    // Base64url of the same bytes is refused.
    std::string url_safe = signature;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    ASSERT_NE(url_safe, signature);
    first(envelope("tonometer-17", payload, url_safe), "invalid_base64", "/envelope/signature");
    // A signature of 63 or 65 bytes.
    const std::string sig_bytes = crypto::decode_base64(signature).value();
    auto problems =
        first(envelope("tonometer-17", payload, crypto::encode_base64(sig_bytes.substr(0, 63))),
              "invalid_format", "/envelope/signature");
    EXPECT_EQ(problems[0].args, (json::Args{{"kind", "ed25519_signature"}}));
    first(envelope("tonometer-17", payload, crypto::encode_base64(sig_bytes + "x")),
          "invalid_format", "/envelope/signature");
    // An unregistered device: reported, even beside other problems.
    problems = first(envelope("tonometer-99", payload, signature), "unknown_device_key",
                     "/envelope/device_id");
    EXPECT_EQ(problems.size(), 1u);
    problems =
        first(envelope("tonometer-99", "%%", signature), "invalid_base64", "/envelope/payload");
    EXPECT_EQ(codes(problems), (std::vector<std::string>{"invalid_base64", "unknown_device_key"}));
    // Structure.
    first(R"({"envelope": {"device_id": "tonometer-17", "payload": ")" + payload + R"("}})",
          "missing_field", "/envelope/signature");
    first(R"({"envelope": {"payload": ")" + payload + R"(", "signature": ")" + signature + R"("}})",
          "missing_field", "/envelope/device_id");
    first(envelope("tonometer-17", "", signature), "empty_string", "/envelope/payload");
    first(envelope("tonometer-17", payload, signature, R"(, "algorithm": "EdDSA")"),
          "invalid_value", "/envelope/algorithm");
    first(envelope("tonometer-17", payload, signature, R"(, "key_id": "k")"), "unknown_field",
          "/envelope/key_id");
    first(R"({"envelope": "signed"})", "wrong_type", "/envelope");
    first(R"({"envelope": {"device_id": "tonometer-17", "payload": 1, "signature": ")" + signature +
              R"("}})",
          "wrong_type", "/envelope/payload");
}

TEST(Envelope, NoContextKeysMeansNoSignedReading) {
    const auto ctx = context_with("");
    const auto opened = open(ctx, envelope("tonometer-17", payload, signature));
    EXPECT_FALSE(opened.envelope.has_value());
    EXPECT_EQ(codes(opened.problems), (std::vector<std::string>{"unknown_device_key"}));
}

TEST(Envelope, TheReadingMustNameItsSigner) {
    const readings::OpenedEnvelope opened{"tonometer-17", payload_json};
    json::Problems problems;
    EXPECT_TRUE(readings::check_signer(opened, "tonometer-17", "/device/id", problems));
    EXPECT_TRUE(readings::check_signer(opened, "", "/device/id", problems));
    EXPECT_EQ(problems.count(), 0u);
    EXPECT_FALSE(readings::check_signer(opened, "glucometer-3", "/device/id", problems));
    EXPECT_FALSE(readings::check_signer(opened, "Tonometer-17", "/device/id", problems));
    ASSERT_EQ(problems.count(), 2u);
    EXPECT_EQ(problems.all()[0].code, "device_mismatch");
    EXPECT_EQ(problems.all()[0].pointer, "/device/id");
    EXPECT_EQ(problems.all()[0].severity, Severity::error);
}

TEST(Envelope, UnsignedReadingsByPolicy) {
    const auto check = [](const Context& ctx, std::string_view device, bool accepted,
                          const std::string& code, Severity severity) {
        json::Problems problems;
        EXPECT_EQ(readings::check_unsigned_reading(ctx, device, "", problems), accepted) << device;
        ASSERT_EQ(problems.count(), 1u);
        EXPECT_EQ(problems.all()[0].code, code);
        EXPECT_EQ(problems.all()[0].severity, severity);
        EXPECT_EQ(problems.all()[0].pointer, "");
        EXPECT_EQ(problems.has_errors(), !accepted);
    };
    // flag (the default): a warning, and the reading goes on.
    const auto flag = context_with(two_devices());
    check(flag, "thermometer-1", true, "unsigned_reading", Severity::warning);
    check(flag, "", true, "unsigned_reading", Severity::warning);
    // accept (the default without a devices member): nothing to report.
    json::Problems none;
    EXPECT_TRUE(readings::check_unsigned_reading(context_with(""), "tonometer-17", "", none));
    EXPECT_EQ(none.count(), 0u);
    // reject: an error.
    const auto reject = context_with(two_devices("reject"));
    check(reject, "thermometer-1", false, "unsigned_reading", Severity::error);
    check(reject, "", false, "unsigned_reading", Severity::error);
    // A device with a registered key signs: unsigned, it is refused whatever the policy.
    check(flag, "tonometer-17", false, "signature_required", Severity::error);
    check(reject, "glucometer-3", false, "signature_required", Severity::error);
}

TEST(Envelope, MessagesNameNoKeyPayloadOrDevice) {
    const auto ctx = context_with(two_devices());
    std::vector<Problem> all;
    for (const auto& document :
         {envelope("tonometer-17", flipped(payload, 3), signature),
          envelope("tonometer-99", payload, signature), envelope("tonometer-17", "%%", "%%"),
          envelope("tonometer-17", payload, crypto::encode_base64("short"))}) {
        const auto opened = open(ctx, document);
        all.insert(all.end(), opened.problems.begin(), opened.problems.end());
    }
    json::Problems more;
    readings::check_unsigned_reading(ctx, "tonometer-17", "", more);
    readings::check_unsigned_reading(ctx, "x", "", more);
    readings::check_signer({"tonometer-17", payload_json}, "glucometer-3", "", more);
    all.insert(all.end(), more.all().begin(), more.all().end());
    for (const char* config :
         {R"({"devices": {"keys": [{"device_id": "tonometer-17", "public_key": "c2hvcnQ="}]}})",
          R"({"devices": {"keys": [{"device_id": "tonometer-17", "public_key": "!"}]}})"}) {
        all.push_back(config_error(config).problem);
    }
    std::vector<std::string> seen;
    for (const auto& p : all) {
        seen.push_back(p.code);
        const auto m = i18n::render(p);
        for (const std::string& text : {m.en, m.ru}) {
            EXPECT_NE(text, p.code) << "no message for " << p.code;
            EXPECT_EQ(text.find('{'), std::string::npos) << text;
            for (const std::string& secret :
                 {std::string("tonometer"), std::string("glucometer"), device_key.substr(0, 8),
                  payload.substr(0, 8), signature.substr(0, 8), std::string("c2hvcnQ"),
                  std::string("128")}) {
                EXPECT_EQ(text.find(secret), std::string::npos) << p.code << ": " << text;
            }
        }
        for (const auto& [name, value] : p.args) {
            EXPECT_TRUE(name == "kind" || name == "allowed") << p.code << " " << name;
        }
    }
    for (const char* code :
         {"bad_signature", "unknown_device_key", "invalid_base64", "invalid_format",
          "signature_required", "unsigned_reading", "device_mismatch"}) {
        EXPECT_NE(std::find(seen.begin(), seen.end(), code), seen.end()) << code;
    }
    EXPECT_EQ(i18n::render("invalid_format", {{"kind", "ed25519_public_key"}}).en,
              "Not an Ed25519 public key: 32 bytes in base64.");
    EXPECT_EQ(i18n::render("invalid_format", {{"kind", "ed25519_signature"}}).ru,
              "Не подпись Ed25519: 64 байта в base64.");
    for (const char* code : {"duplicate_device", "duplicate_public_key"}) {
        EXPECT_TRUE(i18n::has_message(code)) << code;
    }
}

} // namespace
} // namespace telemed
