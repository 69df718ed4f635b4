// The context: the rule sets, switches, time zone and clock of one medical organisation's setting.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <date/date.h>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/rules.hpp"
#include "telemed/status.hpp"

namespace date {
class time_zone;
}

namespace telemed::rules {
class Index;
}

namespace telemed {

/// The injected clock: returns "now". Must be thread-safe: a context is shared between threads.
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// A home device's registered Ed25519 public key: the 32 raw bytes of RFC 8032 (configuration
/// `devices.keys`, docs/rules.md).
using DeviceKey = std::array<unsigned char, 32>;

/// The algorithm of a trusted protocol signer's key (configuration `signers.keys`,
/// docs/rules.md).
enum class SignerAlgorithm : std::uint8_t {
    ed25519,       ///< Ed25519 (RFC 8032): the library holds the public key and can verify
    gost_2012_256, ///< ГОСТ Р 34.10-2012, 256-bit key: known by certificate, not verifiable here
    gost_2012_512, ///< ГОСТ Р 34.10-2012, 512-bit key: known by certificate, not verifiable here
};

/// A trusted signer of consultation protocols (a doctor's or an organisation's key), registered in
/// the configuration (`signers.keys`, docs/rules.md). An Ed25519 signer carries its public key; a
/// ГОСТ signer carries only a certificate reference, because this library cannot verify ГОСТ
/// signatures and only records that the signer is known.
struct SignerKey {
    /// The key's algorithm.
    SignerAlgorithm algorithm = SignerAlgorithm::ed25519;
    /// The 32 raw bytes of the Ed25519 public key (RFC 8032); present exactly for Ed25519.
    std::optional<std::array<unsigned char, 32>> public_key;
    /// A reference to the signer's certificate (e.g. a ГОСТ certificate's serial or thumbprint),
    /// at most 256 characters; always present for ГОСТ, optional for Ed25519.
    std::optional<std::string> certificate;
    /// Who holds the key (e.g. the doctor's id), at most 200 characters; optional.
    std::optional<std::string> subject;
    /// Whether this library can verify the signer's signatures (Ed25519 only).
    bool verifiable() const noexcept { return public_key.has_value(); }
};

/// What a reading that arrives without a device signature gets (configuration
/// `devices.unsigned_readings`, docs/rules.md).
enum class UnsignedReadings : std::uint8_t {
    flag,   ///< accepted with the warning `unsigned_reading` (the default with a `devices` member)
    reject, ///< refused with the error `unsigned_reading`
    accept, ///< accepted without a problem (the default without a `devices` member)
};

/// What a context is made from.
struct ContextOptions {
    /// "RU" (federal rules only) or an ISO 3166-2 region such as "RU-NVS" (federal plus regional).
    std::string jurisdiction = "RU";
    /// IANA zone of the medical organisation; empty means the regions rule set's zone for the
    /// jurisdiction.
    std::string time_zone;
    /// Optional configuration document (docs/rules.md): override rule sets, switches, drafts,
    /// device keys, protocol signers.
    std::string config_json;
    /// Empty means the system clock.
    Clock clock;
};

/// Immutable once created; copies share the same state; safe to use from many threads at once.
class Context {
public:
    /// Builds a context, validating the jurisdiction, the zone and the configuration document.
    static Result<Context> create(const ContextOptions& options);

    /// "RU" or an ISO 3166-2 region code.
    const std::string& jurisdiction() const noexcept;
    /// The IANA name of the organisation's zone.
    const std::string& time_zone_name() const noexcept;
    /// The organisation's zone in the tz database (looked up on first use: making a context does
    /// not load the tz database).
    const date::time_zone* time_zone() const;
    /// Now, by the injected clock.
    std::chrono::system_clock::time_point now() const;
    /// Today's calendar date in the organisation's zone.
    date::year_month_day today() const;
    /// Every rule set known to the context: built in, then the configuration's (which replace
    /// same-id ones).
    const std::vector<rules::RuleSet>& rule_sets() const noexcept;
    /// Whether a rule is on: its switch in the configuration if set, else its default.
    bool rule_enabled(const rules::Rule& rule) const;
    /// Whether a draft rule set was asked for by the configuration.
    bool draft_enabled(const std::string& rule_set_id) const;
    /// The Ed25519 public key registered for a home device in the configuration (`devices.keys`),
    /// or null when none is. Device ids are compared exactly, byte for byte. The key lives as long
    /// as the context's state (any copy of the context).
    const DeviceKey* device_key(std::string_view device_id) const noexcept;
    /// The ids of the devices with a registered key, in order.
    std::vector<std::string> device_ids() const;
    /// The trusted protocol signer registered in the configuration under `key_id`
    /// (`signers.keys`), or null when none is. Key ids are compared exactly, byte for byte. The
    /// signer lives as long as the context's state (any copy of the context).
    const SignerKey* signer_key(std::string_view key_id) const noexcept;
    /// The key ids of the registered protocol signers, sorted byte by byte.
    std::vector<std::string> signer_ids() const;
    /// What an unsigned reading gets: the configuration's `devices.unsigned_readings`; else flag
    /// when the configuration has a `devices` member, accept when it has none.
    UnsignedReadings unsigned_readings() const noexcept;
    /// The rules resolved per domain and date interval when the context was made (internal).
    const rules::Index& rule_index() const noexcept;

private:
    struct State;
    explicit Context(std::shared_ptr<const State> state) : state_(std::move(state)) {}
    std::shared_ptr<const State> state_;
};

} // namespace telemed
