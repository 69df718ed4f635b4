// The audit chain of a consultation: a hash-chained log of its lifecycle events. Each entry
// commits to the hash of the one before it, so that verifying the chain detects an entry deleted,
// inserted, moved or changed, and names the first entry where the chain stops holding together.
//
// An entry is a JSON object with three members of the chain's own and any members of the
// caller's (event id, type, time, status, event and state hashes…), which the hash covers too:
//  - `seq`:  its index in the chain, an integer from 0;
//  - `prev`: the `hash` of the entry before it, or 64 '0' characters for entry 0;
//  - `hash`: lowercase hex SHA-256 of the RFC 8785 canonical text of the entry without `hash`.
// The hash commits to the entry's values, not to how they were spelt: white space, member order,
// escapes and number spellings (1.0 and 1) may change without changing it, and the chain must
// not be relied on to keep them.
//
// Cost: verify_chain does work proportional to the bytes of the entries (one canonical text and
// one SHA-256 per entry). The chain itself sets no limit: the caller (the JSON operation) bounds
// the number of entries (at most 1024, say) and the document size (json::Limits) before calling.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace telemed::consultation {

namespace bj = boost::json;

/// The `prev` of entry 0, and the head of an empty chain: 64 '0' characters.
inline constexpr std::string_view genesis_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// Reason: an entry is not an object, or its `seq` is not an integer ≥ 0, or its `prev` or `hash`
/// is not 64 lowercase hex characters, or it holds a number that is not finite (which has no
/// canonical text, so no hash).
inline constexpr std::string_view chain_malformed = "malformed";
/// Reason: an entry's `seq` is not its index: an entry before it was deleted or inserted, or it
/// was moved.
inline constexpr std::string_view chain_sequence = "sequence";
/// Reason: an entry's `prev` is not the `hash` of the entry before it: entries were deleted,
/// inserted or reordered even though the `seq` were renumbered, or the entry before it was
/// changed and sealed again.
inline constexpr std::string_view chain_broken_link = "broken_link";
/// Reason: an entry's `hash` is not the hash of its content: it was changed after it was sealed.
inline constexpr std::string_view chain_modified = "modified";
/// Reason: the chain holds together, but its length or its head (the last `hash`) is not what
/// the embedder stored. Removing entries from the end leaves a chain that is valid in itself: only
/// this comparison with a head and count kept elsewhere detects it.
inline constexpr std::string_view chain_head_mismatch = "head_mismatch";

/// The hash `entry` must carry: lowercase hex SHA-256 of the RFC 8785 canonical text of `entry`
/// without its `hash` member (if any). Nothing when the entry holds a number that is not finite.
std::optional<std::string> entry_hash(const bj::object& entry);

/// Seals `entry` as entry `seq` of a chain whose last hash is `prev_hash` (genesis_hash for the
/// first entry): sets `seq` and `prev`, then `hash` = entry_hash(), replacing any members of those
/// names, and returns the entry. Nothing when `prev_hash` is not 64 lowercase hex characters or
/// the entry holds a number that is not finite.
std::optional<bj::object> seal(bj::object entry, std::string_view prev_hash, std::size_t seq);

/// What verify_chain found.
struct ChainCheck {
    /// Whether the whole chain holds together and matches the expected head and count.
    bool valid = true;
    /// How many entries, from the first, hold together (all of them when only head_mismatch, or
    /// nothing, was found).
    std::size_t entries = 0;
    /// The index of the first entry that fails; for head_mismatch, the index of the first entry
    /// missing or not expected when the count differs (the smaller of the two counts), else the
    /// last entry (0 for an empty chain). Nothing when valid.
    std::optional<std::size_t> first_bad;
    /// "" when valid, else one of chain_malformed, chain_sequence, chain_broken_link,
    /// chain_modified, chain_head_mismatch.
    std::string reason;
    /// The `hash` of the last entry that holds together (genesis_hash when none does, and for an
    /// empty chain): the head to store after a successful check.
    std::string head;
};

/// Checks every entry in order: its form (malformed), then `seq` against its index (sequence),
/// then `prev` against the previous entry's `hash` (broken_link), then `hash` against its content
/// (modified), and stops at the first failure, which it names with its index. When the entries
/// hold together, compares their count and head with `expected_count` and `expected_head`, when
/// given (head_mismatch). An empty chain is valid, with head genesis_hash, unless an expectation
/// says otherwise.
ChainCheck verify_chain(const bj::array& entries,
                        const std::optional<std::string>& expected_head = {},
                        const std::optional<std::size_t>& expected_count = {});

} // namespace telemed::consultation
