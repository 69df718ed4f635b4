// The consultation lifecycle and its signed protocol: every byte of a signed protocol and of a
// sealed snapshot is flipped, and each flip must be caught.
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "crypto/signature.hpp"
#include "telemed/consultation.hpp"
#include "test_support.hpp"
#include "json/canonical.hpp"

namespace telemed {
namespace {

namespace bj = boost::json;
using test::output;

// RFC 8032 §7.1 TEST 1.
const std::string seed_hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const std::string public_base64 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

Context kirov() {
    return test::make_context("RU-KIR", test::utc(2026, 3, 12, 9), "",
                              R"({"signers": {"keys": [{"key_id": "doc-1-2026", "public_key": ")" +
                                  public_base64 + R"("}]}})");
}

const char* const request_event =
    R"({"id": "e1", "type": "request", "at": "2026-03-11T09:00:00+03:00",
 "consultation": {"id": "kir-1", "organisation": {"id": "kirov-kdc", "telemedicine_cabinet": true},
  "doctor": {"id": "doc-1", "role": "treating_doctor", "experience_years": 12},
  "patient": {"name": {"family": "Примерова", "given": "Анна"}, "birth_date": "1980-05-02",
              "sex": "female", "snils": "112-233-445 95"},
  "indication": "incapacity_review", "format": "doctor_patient", "mode": "real_time_video",
  "channel": "max", "present": ["patient"], "planned_actions": ["close_sick_leave"],
  "certificate": {"number": "910123456701", "status": "open", "reason": "own_illness",
   "organisation": {"id": "kirov-kdc", "time_zone": "Europe/Kirov"},
   "opened": {"date": "2026-03-02", "mode": "in_person"},
   "treating_doctor": {"id": "doc-1", "role": "doctor"},
   "periods": [{"from": "2026-03-02", "to": "2026-03-12", "doctor": {"id": "doc-1", "role": "doctor"}}]}}})";

const std::vector<std::string> later_events = {
    R"({"id": "e2", "type": "schedule", "at": "2026-03-11T09:05:00+03:00", "cabinet": {"id": "tm-1"},
        "slot": {"id": "s-17", "start": "2026-03-12T10:00:00+03:00", "telemedicine": true}})",
    R"({"id": "e3", "type": "verify_identity", "at": "2026-03-12T09:55:00+03:00",
        "method": "snils_birth_date", "claim": {"snils": "11223344595", "birth_date": "1980-05-02"}})",
    R"({"id": "e4", "type": "confirm_consent", "at": "2026-03-12T09:56:00+03:00",
        "consent": {"type": "telemedicine", "date": "2026-03-12", "given_by": "patient"}})",
    R"({"id": "e5", "type": "start", "at": "2026-03-12T10:00:00+03:00"})",
    R"({"id": "e6", "type": "complete", "at": "2026-03-12T10:15:00+03:00",
        "notes": {"complaints": "Жалоб нет"}, "outcomes": [{"kind": "certificate_closed"}],
        "sick_leave_closure": {"recovery_confirmed": true}})",
};

// The snapshot after applying `event_json` to `state` ("" for none); fails the test otherwise.
std::string apply(const Context& context, const std::string& state, const std::string& event_json) {
    const std::string request = state.empty()
                                    ? R"({"event": )" + event_json + "}"
                                    : R"({"state": )" + state + R"(, "event": )" + event_json + "}";
    const auto r = consultation::apply(context, request);
    EXPECT_EQ(r.status, Status::ok) << r.problem.code << " at " << r.problem.pointer;
    if (r.status != Status::ok) {
        return {};
    }
    const auto out = output(r);
    std::string text;
    EXPECT_TRUE(json::canonicalize_to(out.at("state"), text));
    return text;
}

std::string completed(const Context& context) {
    std::string state = apply(context, "", request_event);
    for (const auto& e : later_events) {
        state = apply(context, state, e);
    }
    return state;
}

consultation::Signer ed25519_signer(const crypto::Ed25519SecretKey& key) {
    return {"Ed25519", "doc-1-2026", "", [&key](std::string_view message) -> Result<std::string> {
                const auto s = key.sign(message);
                return std::string(reinterpret_cast<const char*>(s.data()), s.size());
            }};
}

TEST(Consultation, KirovLifecycleReachesCompletion) {
    const auto context = kirov();
    const auto state = bj::parse(completed(context)).as_object();
    EXPECT_EQ(state.at("status"), "completed");
    EXPECT_EQ(state.at("certificate").at("status"), "closed");
    EXPECT_EQ(state.at("certificate").at("return_to_work"), "2026-03-13");
    EXPECT_EQ(state.at("audit").as_array().size(), 6u);
}

TEST(Consultation, RetryChangesNothingAndReusedIdIsRefused) {
    const auto context = kirov();
    const auto state = apply(context, "", request_event);
    const auto again = consultation::apply(context, R"({"state": )" + state + R"(, "event": )" +
                                                        request_event + "}");
    // A request is allowed only first: but its id was applied, so this is a retry.
    ASSERT_EQ(again.status, Status::ok);
    EXPECT_FALSE(output(again).at("applied").as_bool());
    std::string text;
    ASSERT_TRUE(json::canonicalize_to(output(again).at("state"), text));
    EXPECT_EQ(text, state);
    const auto reused = consultation::apply(
        context, R"({"state": )" + state +
                     R"(, "event": {"id": "e1", "type": "cancel", "at": "2026-03-11T09:01:00+03:00",
                         "by": "patient"}})");
    EXPECT_EQ(reused.status, Status::validation);
    EXPECT_EQ(reused.problem.code, "event_id_reused");
}

TEST(Consultation, EveryByteFlipOfASignedProtocolIsCaught) {
    const auto context = kirov();
    const auto state = completed(context);
    const auto key = crypto::Ed25519SecretKey::from_seed(from_hex(seed_hex));
    ASSERT_TRUE(key.has_value());
    const auto built = consultation::build_protocol(context, R"({"state": )" + state + "}");
    ASSERT_EQ(built.status, Status::ok);
    std::string protocol;
    ASSERT_TRUE(json::canonicalize_to(output(built).at("protocol"), protocol));
    const auto signed_ = consultation::sign_protocol(context, R"({"protocol": )" + protocol + "}",
                                                     ed25519_signer(*key));
    ASSERT_EQ(signed_.status, Status::ok);
    const std::string signature = bj::serialize(output(signed_).at("signature"));
    const std::string document =
        R"({"protocol":)" + protocol + R"(,"signature":)" + signature + "}";

    const auto verdict = [&](const std::string& text) {
        const auto r = consultation::verify_protocol(context, text);
        return r.status == Status::ok && output(r).at("valid").as_bool();
    };
    ASSERT_TRUE(verdict(document));
    std::size_t flips = 0, caught = 0;
    for (std::size_t i = 0; i < document.size(); ++i) {
        for (const int mask : {0x01, 0x20, 0x80}) {
            std::string changed = document;
            changed[i] = static_cast<char>(static_cast<unsigned char>(changed[i]) ^ mask);
            ++flips;
            if (!verdict(changed)) {
                ++caught;
            } else {
                ADD_FAILURE() << "flip " << int(mask) << " at byte " << i << " not caught";
            }
        }
    }
    EXPECT_EQ(caught, flips);
    EXPECT_GT(flips, 3000u);
}

TEST(Consultation, EveryByteFlipOfASealedSnapshotIsRefused) {
    const auto context = kirov();
    const auto state = apply(context, "", request_event);
    const std::string next = later_events[0];
    ASSERT_EQ(
        consultation::apply(context, R"({"state":)" + state + R"(,"event":)" + next + "}").status,
        Status::ok);
    for (std::size_t i = 0; i < state.size(); ++i) {
        std::string changed = state;
        changed[i] = static_cast<char>(static_cast<unsigned char>(changed[i]) ^ 0x01);
        const auto r =
            consultation::apply(context, R"({"state":)" + changed + R"(,"event":)" + next + "}");
        EXPECT_NE(r.status, Status::ok) << "flip at byte " << i << " accepted";
    }
}

TEST(Consultation, SnapshotOfAnotherContextIsRefused) {
    const auto state = apply(kirov(), "", request_event);
    const auto voronezh = test::make_context("RU-VOR", test::utc(2026, 3, 12, 9));
    const auto r = consultation::apply(voronezh, R"({"state":)" + state + R"(,"event":)" +
                                                     later_events[0] + "}");
    EXPECT_EQ(r.status, Status::validation);
    EXPECT_EQ(r.problem.code, "context_mismatch");
}

TEST(Consultation, ExternalSignerFailureIsItsOwnStatus) {
    const auto context = kirov();
    const auto state = completed(context);
    const consultation::Signer failing{
        "GOST R 34.10-2012-256", "gost-1", "cert-1", [](std::string_view) -> Result<std::string> {
            return Error{Status::signer,
                         Problem{"signer_failed", "/signer", "", Severity::error, {}}};
        }};
    const auto r = consultation::sign_protocol(context, R"({"state": )" + state + "}", failing);
    EXPECT_EQ(r.status, Status::signer);
    EXPECT_TRUE(r.json.empty());
}

} // namespace
} // namespace telemed
