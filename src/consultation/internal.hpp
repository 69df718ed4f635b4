// What the consultation domain's files share: the snapshot's format, safe access to a snapshot's
// members, hashing, and calling the landed operations of the other domains.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rules/selection.hpp"
#include "telemed/context.hpp"
#include "telemed/status.hpp"
#include "json/strict.hpp"

namespace telemed::consultation::detail {

namespace bj = boost::json;

/// The format tag of a consultation snapshot; a snapshot of another format is refused.
inline constexpr std::string_view state_format = "telemed.consultation/1";
/// The format tag of a protocol document.
inline constexpr std::string_view protocol_format = "telemed.protocol/1";
/// At most this many events in one consultation (retries of an applied event are not counted):
/// a snapshot, and the work of verifying its audit chain on every event, stays bounded.
inline constexpr std::size_t max_events = 256;
/// Free texts of the protocol (complaints, anamnesis, findings, next steps): at most this many
/// code points each.
inline constexpr std::size_t max_text_chars = 20000;
/// Items of a list outcome (referrals, prescriptions): at most this many, each of at most
/// max_item_chars code points.
inline constexpr std::size_t max_items = 50;
/// See max_items.
inline constexpr std::size_t max_item_chars = 2000;

/// The member `key` of `o` when it is an object, else nullptr.
const bj::object* object_at(const bj::object& o, std::string_view key) noexcept;
/// The member `key` of `o` when it is an array, else nullptr.
const bj::array* array_at(const bj::object& o, std::string_view key) noexcept;
/// The member `key` of `o` when it is a string, else "".
std::string_view string_at(const bj::object& o, std::string_view key) noexcept;

/// Lowercase hex SHA-256 of the RFC 8785 canonical bytes of a value; nothing when it holds a
/// number that is not finite (which has no canonical form).
std::optional<std::string> content_hash(const bj::value& value);
/// The hash a snapshot's audit entries commit to: of its canonical form without "audit"; nothing
/// when it holds a number that is not finite.
std::optional<std::string> state_hash(const bj::object& state);

/// An instant written in the organisation's zone: RFC 3339 with that zone's offset at the instant.
std::string local_text(std::chrono::system_clock::time_point instant, const Context& context);

/// The output of one of the landed JSON operations, called on a document the consultation built.
struct Nested {
    Response response;               ///< as the operation returned it
    std::optional<bj::value> output; ///< its document parsed, when it returned one
};

/// Calls `operation` on `request` (serialised) and parses its output.
template <class Operation>
Nested call(Operation&& operation, const Context& context, const bj::value& request) {
    Nested n{operation(context, bj::serialize(request)), std::nullopt};
    if (!n.response.json.empty()) {
        boost::system::error_code ec;
        auto parsed = bj::parse(n.response.json, ec);
        if (!ec) {
            n.output = std::move(parsed);
        }
    }
    return n;
}

/// Checks a snapshot a caller passed back: its format, its audit chain, that its last audit entry
/// commits to exactly this content, and that it belongs to this context's jurisdiction and zone.
/// Problems are added at `pointer` and below; returns whether it may be used.
bool check_state(const bj::object& state, const Context& context, const std::string& pointer,
                 json::Problems& problems);

/// What checking a protocol's signature found.
struct SignatureCheck {
    /// "valid", or why not: "content_changed" (the content hash is not the protocol's),
    /// "signer_unknown" (no trusted signer has this key id), "signature_malformed" (the signature
    /// object or its value is not well formed), "algorithm_not_verifiable" (a ГОСТ signature:
    /// recorded, verified by the MIS's provider), "signature_invalid" (the bytes do not verify).
    std::string result;
    std::string pointer; ///< below the signature object: the member at fault ("" for all of it)
    std::string rule;    ///< the rule applied
};

/// Checks `signature` (the object protocol.sign returns) against the protocol's canonical bytes,
/// with the context's trusted signers (configuration `signers`).
SignatureCheck check_signature(const bj::value& protocol, const bj::value& signature,
                               const Context& context, const rules::View& view,
                               rules::Trace& trace);

/// The protocol document of a completed consultation, built from its snapshot; an error when the
/// consultation has not been completed. `electronic` (rule consultation.protocol.electronic)
/// gives the СЭМД document-kind OID system the protocol names.
Result<bj::object> build_protocol(const bj::object& state, const Context& context,
                                  const rules::Rule& electronic);

} // namespace telemed::consultation::detail
