// Trusted protocol signers in the configuration document ("signers", docs/rules.md): Ed25519 keys
// this library verifies, and ГОСТ Р 34.10-2012 keys it only records by certificate.
//
// The Ed25519 keys are RFC 8032 §7.1's: TEST 1's public key
// d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a and TEST 2's
// 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, put in base64 with
// `python3 -c 'import base64; print(base64.b64encode(bytes.fromhex("<hex>")).decode())'`.
#include <array>
#include <string>
#include <vector>

#include "i18n/i18n.hpp"
#include "test_support.hpp"
#include "json/strict.hpp"

namespace telemed {
namespace {

const auto march_10 = test::utc(2026, 3, 10);

const std::string rfc_test1_key = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const std::string rfc_test2_key = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";
// The neutral element (0, 1): on the curve but of order 1, so no signature could bind it.
const std::string identity_point = "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
// c7176a70…ac037a: a point of order 8 (libsodium's small-order list).
const std::string order_8_point = "xxdqcD1N2E+6PAt2DRBnDyogU/osOczGTsf9d5KsA3o=";

std::string signers_config(const std::string& entries) {
    return R"({"signers": {"keys": [)" + entries + "]}}";
}

std::string ed25519_entry(const std::string& key_id, const std::string& key,
                          const std::string& extra = "") {
    return R"({"key_id": ")" + key_id + R"(", "public_key": ")" + key + "\"" + extra + "}";
}

std::string gost_entry(const std::string& key_id, const std::string& extra,
                       const std::string& algorithm = "GOST R 34.10-2012-256") {
    return R"({"key_id": ")" + key_id + R"(", "algorithm": ")" + algorithm + "\"" + extra + "}";
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

std::array<unsigned char, 32> hex_key(const char* hex) {
    std::array<unsigned char, 32> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<unsigned char>(std::stoul(std::string(hex + 2 * i, 2), nullptr, 16));
    }
    return out;
}

// Checks that `config` is refused with a rules error `code` at `pointer`.
Error refused(const std::string& config, const std::string& code, const std::string& pointer) {
    const auto e = config_error(config);
    EXPECT_EQ(e.status, Status::rules) << config;
    EXPECT_EQ(e.problem.code, code) << config;
    EXPECT_EQ(e.problem.pointer, pointer) << config;
    EXPECT_EQ(e.problem.severity, Severity::error) << config;
    return e;
}

TEST(ConfigSigners, AnEd25519KeyIsAcceptedAndReachesTheContext) {
    const auto ctx = context_with(signers_config(
        ed25519_entry("doctor-7-2026", rfc_test1_key,
                      R"(, "algorithm": "Ed25519", "subject": "doctor-7", "certificate": "x-1")")));
    const SignerKey* signer = ctx.signer_key("doctor-7-2026");
    ASSERT_NE(signer, nullptr);
    EXPECT_EQ(signer->algorithm, SignerAlgorithm::ed25519);
    EXPECT_TRUE(signer->verifiable());
    ASSERT_TRUE(signer->public_key.has_value());
    EXPECT_EQ(*signer->public_key,
              hex_key("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    EXPECT_EQ(signer->subject, "doctor-7");
    EXPECT_EQ(signer->certificate, "x-1");
    // Key ids are compared byte for byte.
    EXPECT_EQ(ctx.signer_key("Doctor-7-2026"), nullptr);
    EXPECT_EQ(ctx.signer_key("doctor-7-2026 "), nullptr);
    EXPECT_EQ(ctx.signer_key(""), nullptr);
    // Copies share the state: the same signer object.
    const Context copy = ctx;
    EXPECT_EQ(copy.signer_key("doctor-7-2026"), signer);
    EXPECT_EQ(ctx.signer_ids(), (std::vector<std::string>{"doctor-7-2026"}));
}

TEST(ConfigSigners, AlgorithmDefaultsToEd25519AndOptionalFieldsMayBeAbsent) {
    const auto ctx = context_with(signers_config(ed25519_entry("org-1", rfc_test2_key)));
    const SignerKey* signer = ctx.signer_key("org-1");
    ASSERT_NE(signer, nullptr);
    EXPECT_EQ(signer->algorithm, SignerAlgorithm::ed25519);
    EXPECT_FALSE(signer->certificate.has_value());
    EXPECT_FALSE(signer->subject.has_value());
    // No "signers" member, an empty list, or nulls: no signer.
    EXPECT_TRUE(context_with("").signer_ids().empty());
    EXPECT_TRUE(context_with(R"({"signers": {}})").signer_ids().empty());
    EXPECT_TRUE(context_with(R"({"signers": {"keys": []}})").signer_ids().empty());
    EXPECT_TRUE(context_with(R"({"signers": {"keys": null}})").signer_ids().empty());
    EXPECT_EQ(context_with(R"({"signers": null})").signer_key("org-1"), nullptr);
}

TEST(ConfigSigners, GostSignersAreKnownByCertificateAndNotVerifiable) {
    const auto ctx = context_with(signers_config(
        gost_entry("doctor-7-gost", R"(, "certificate": "01d3a5f0c2b4e6", "subject": "doctor-7")") +
        ", " +
        gost_entry("org-gost", R"(, "certificate": "thumbprint 9f86d081")",
                   "GOST R 34.10-2012-512") +
        ", " + ed25519_entry("doctor-7-2026", rfc_test1_key)));
    const SignerKey* g256 = ctx.signer_key("doctor-7-gost");
    ASSERT_NE(g256, nullptr);
    EXPECT_EQ(g256->algorithm, SignerAlgorithm::gost_2012_256);
    EXPECT_FALSE(g256->verifiable());
    EXPECT_FALSE(g256->public_key.has_value());
    EXPECT_EQ(g256->certificate, "01d3a5f0c2b4e6");
    EXPECT_EQ(g256->subject, "doctor-7");
    const SignerKey* g512 = ctx.signer_key("org-gost");
    ASSERT_NE(g512, nullptr);
    EXPECT_EQ(g512->algorithm, SignerAlgorithm::gost_2012_512);
    EXPECT_FALSE(g512->verifiable());
    // In key-id order (the map's), whatever the order in the document.
    EXPECT_EQ(ctx.signer_ids(),
              (std::vector<std::string>{"doctor-7-2026", "doctor-7-gost", "org-gost"}));
}

TEST(ConfigSigners, AGostSignerNeedsACertificateAndHasNoPublicKey) {
    refused(signers_config(gost_entry("g", "")), "missing_field", "/signers/keys/0/certificate");
    refused(signers_config(gost_entry("g", "", "GOST R 34.10-2012-512")), "missing_field",
            "/signers/keys/0/certificate");
    refused(signers_config(gost_entry("g", R"(, "certificate": null)")), "missing_field",
            "/signers/keys/0/certificate");
    // A public key beside a ГОСТ algorithm: whatever it is, the library cannot use it.
    refused(signers_config(
                gost_entry("g", R"(, "certificate": "c", "public_key": ")" + rfc_test1_key + "\"")),
            "conflicting_fields", "/signers/keys/0/public_key");
    refused(signers_config(gost_entry("g", R"(, "certificate": "c", "public_key": "x")")),
            "conflicting_fields", "/signers/keys/0/public_key");
    refused(signers_config(gost_entry("g", R"(, "certificate": ")" + std::string(257, 'c') + "\"")),
            "too_long", "/signers/keys/0/certificate");
    refused(signers_config(gost_entry("g", R"(, "certificate": "")")), "empty_string",
            "/signers/keys/0/certificate");
}

TEST(ConfigSigners, AKeyIdTwiceIsADuplicateOnTheLaterEntry) {
    refused(signers_config(ed25519_entry("doctor-7", rfc_test1_key) + ", " +
                           ed25519_entry("doctor-7", rfc_test2_key)),
            "duplicate_signer", "/signers/keys/1/key_id");
    // Across algorithms too, and even when the first entry was malformed.
    refused(signers_config(ed25519_entry("doctor-7", rfc_test1_key) + ", " +
                           gost_entry("doctor-7", R"(, "certificate": "c")")),
            "duplicate_signer", "/signers/keys/1/key_id");
    const auto e = config_error(signers_config(ed25519_entry("doctor-7", "bad") + ", " +
                                               ed25519_entry("doctor-7", rfc_test2_key)));
    EXPECT_EQ(e.problem.code, "invalid_base64"); // the first problem found is reported
    // One public key under two key ids: a key belongs to one signer.
    refused(signers_config(ed25519_entry("doctor-7", rfc_test1_key) + ", " +
                           ed25519_entry("doctor-8", rfc_test1_key)),
            "duplicate_signer_key", "/signers/keys/1/public_key");
}

TEST(ConfigSigners, PublicKeysAreStrictBase64OfAValidEd25519Key) {
    refused(signers_config(ed25519_entry("k", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo")),
            "invalid_base64", "/signers/keys/0/public_key"); // padding missing
    refused(signers_config(ed25519_entry("k", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")),
            "invalid_base64", "/signers/keys/0/public_key"); // the URL-safe alphabet
    refused(signers_config(ed25519_entry("k", "11qYAYKxCrfVS/7TyWQH\\nOg7hcvPapiMlrwIaaPcHURo=")),
            "invalid_base64", "/signers/keys/0/public_key"); // a line break
    // Small order: the neutral element and a point of order 8.
    auto e = refused(signers_config(ed25519_entry("k", identity_point)), "invalid_format",
                     "/signers/keys/0/public_key");
    EXPECT_EQ(e.problem.args, (json::Args{{"kind", "ed25519_public_key"}}));
    refused(signers_config(ed25519_entry("k", order_8_point)), "invalid_format",
            "/signers/keys/0/public_key");
    // 31 bytes; 32 bytes 0xff (not canonical).
    refused(signers_config(ed25519_entry("k", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ==")),
            "invalid_format", "/signers/keys/0/public_key");
    refused(signers_config(ed25519_entry("k", "//////////////////////////////////////////8=")),
            "invalid_format", "/signers/keys/0/public_key");
}

TEST(ConfigSigners, StructureErrorsNameTheirField) {
    refused(R"({"signers": []})", "wrong_type", "/signers");
    refused(R"({"signers": {"keys": {}}})", "wrong_type", "/signers/keys");
    refused(R"({"signers": {"keys": ["x"]}})", "wrong_type", "/signers/keys/0");
    refused(R"({"signers": {"nope": 1}})", "unknown_field", "/signers/nope");
    refused(signers_config(ed25519_entry("k", rfc_test1_key, R"(, "nope": 1)")), "unknown_field",
            "/signers/keys/0/nope");
    refused(signers_config(R"({"public_key": ")" + rfc_test1_key + "\"}"), "missing_field",
            "/signers/keys/0/key_id");
    refused(signers_config(R"({"key_id": "k"})"), "missing_field", "/signers/keys/0/public_key");
    refused(signers_config(ed25519_entry("", rfc_test1_key)), "empty_string",
            "/signers/keys/0/key_id");
    refused(signers_config(ed25519_entry(std::string(65, 'k'), rfc_test1_key)), "too_long",
            "/signers/keys/0/key_id");
    EXPECT_NE(context_with(signers_config(ed25519_entry(std::string(64, 'k'), rfc_test1_key)))
                  .signer_key(std::string(64, 'k')),
              nullptr);
    refused(signers_config(R"({"key_id": 7, "public_key": ")" + rfc_test1_key + "\"}"),
            "wrong_type", "/signers/keys/0/key_id");
    refused(signers_config(ed25519_entry("k", rfc_test1_key,
                                         R"(, "subject": ")" + std::string(201, 's') + "\"")),
            "too_long", "/signers/keys/0/subject");
    // An algorithm that is neither Ed25519 nor one of the two ГОСТ curves.
    const auto e =
        refused(signers_config(ed25519_entry("k", rfc_test1_key, R"(, "algorithm": "RSA")")),
                "invalid_value", "/signers/keys/0/algorithm");
    EXPECT_EQ(e.problem.args,
              (json::Args{{"allowed", "Ed25519, GOST R 34.10-2012-256, GOST R 34.10-2012-512"}}));
    refused(signers_config(gost_entry("k", R"(, "certificate": "c")", "GOST R 34.10-2001")),
            "invalid_value", "/signers/keys/0/algorithm");
}

TEST(ConfigSigners, SignersComeAfterDevicesAndBeforeUnknownTopLevelKeys) {
    // devices, then signers, then unknown top-level keys (docs/rules.md, "Errors").
    refused(R"({"nope": 1, "signers": {"keys": [{"key_id": ""}]}, "devices": {"keys": 1}})",
            "wrong_type", "/devices/keys");
    refused(R"({"nope": 1, "signers": {"keys": [{"key_id": ""}]}})", "empty_string",
            "/signers/keys/0/key_id");
    // Signers beside devices and switches.
    const auto both = context_with(
        R"({"switches": {"identity.age.leap_day_feb28": true}, "devices": {"keys": [{"device_id": "t", "public_key": ")" +
        rfc_test2_key + R"("}]}, "signers": {"keys": [)" + ed25519_entry("d", rfc_test2_key) +
        "]}}");
    EXPECT_NE(both.signer_key("d"), nullptr);
    EXPECT_NE(both.device_key("t"), nullptr);
}

TEST(ConfigSigners, DescribeListsSignerIdsNotKeys) {
    const auto described = test::output(describe_context(
        context_with(signers_config(ed25519_entry("doctor-7-2026", rfc_test1_key) + ", " +
                                    gost_entry("org-gost", R"(, "certificate": "01d3a5")")))));
    EXPECT_EQ(described.at("signers"),
              (boost::json::value{{"keys", {"doctor-7-2026", "org-gost"}}}));
    const auto text = boost::json::serialize(described);
    EXPECT_EQ(text.find(rfc_test1_key), std::string::npos);
    EXPECT_EQ(text.find("01d3a5"), std::string::npos);
    EXPECT_EQ(test::output(describe_context(context_with(""))).at("signers"),
              (boost::json::value{{"keys", boost::json::array{}}}));
}

TEST(ConfigSigners, NewCodesHaveMessages) {
    for (const char* code : {"duplicate_signer", "duplicate_signer_key"}) {
        EXPECT_TRUE(i18n::has_message(code)) << code;
    }
    EXPECT_EQ(i18n::render("duplicate_signer", {}).en,
              "This key id is already in the list: a key id names one signer key.");
}

} // namespace
} // namespace telemed
