#include "consultation/audit.hpp"

#include <algorithm>
#include <cstdint>

#include "crypto/hash.hpp"
#include "json/canonical.hpp"

namespace telemed::consultation {

namespace {

// Whether `text` is a hash as entries carry it: 64 lowercase hex characters.
bool is_hash_text(std::string_view text) noexcept {
    return text.size() == genesis_hash.size() && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The hash member `key` of an entry, when it is one.
std::optional<std::string_view> hash_member(const bj::object& entry, std::string_view key) {
    const bj::value* v = entry.if_contains(key);
    if (v == nullptr || !v->is_string() || !is_hash_text(v->get_string())) {
        return std::nullopt;
    }
    return std::string_view(v->get_string());
}

// The `seq` of an entry, when it is an integer ≥ 0. A double is refused even when whole: its
// canonical text is an integer's, so "seq": 2.0 would be another spelling of the same hash.
std::optional<std::uint64_t> seq_member(const bj::object& entry) {
    const bj::value* v = entry.if_contains("seq");
    if (v == nullptr) {
        return std::nullopt;
    }
    if (v->is_uint64()) {
        return v->get_uint64();
    }
    if (v->is_int64() && v->get_int64() >= 0) {
        return static_cast<std::uint64_t>(v->get_int64());
    }
    return std::nullopt;
}

// entry_hash() writing the canonical text into a buffer reused across entries.
std::optional<std::string> hash_with(const bj::object& entry, std::string& canonical) {
    canonical.clear();
    if (!json::canonicalize_to(entry, "hash", canonical)) {
        return std::nullopt;
    }
    return crypto::to_hex(crypto::sha256(canonical));
}

} // namespace

std::optional<std::string> entry_hash(const bj::object& entry) {
    std::string canonical;
    return hash_with(entry, canonical);
}

std::optional<bj::object> seal(bj::object entry, std::string_view prev_hash, std::size_t seq) {
    if (!is_hash_text(prev_hash)) {
        return std::nullopt;
    }
    entry["seq"] = static_cast<std::uint64_t>(seq);
    entry["prev"] = prev_hash;
    std::optional<std::string> hash = entry_hash(entry);
    if (!hash) {
        return std::nullopt;
    }
    entry["hash"] = *hash;
    return entry;
}

ChainCheck verify_chain(const bj::array& entries, const std::optional<std::string>& expected_head,
                        const std::optional<std::size_t>& expected_count) {
    ChainCheck check;
    check.head = genesis_hash;
    const auto fail = [&](std::size_t index, std::string_view reason) {
        check.valid = false;
        check.first_bad = index;
        check.reason = reason;
        return check;
    };
    std::string canonical;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const bj::object* entry = entries[i].if_object();
        if (entry == nullptr) {
            return fail(i, chain_malformed);
        }
        const std::optional<std::uint64_t> seq = seq_member(*entry);
        const std::optional<std::string_view> prev = hash_member(*entry, "prev");
        const std::optional<std::string_view> hash = hash_member(*entry, "hash");
        if (!seq || !prev || !hash) {
            return fail(i, chain_malformed);
        }
        if (*seq != i) {
            return fail(i, chain_sequence);
        }
        if (*prev != check.head) {
            return fail(i, chain_broken_link);
        }
        const std::optional<std::string> actual = hash_with(*entry, canonical);
        if (!actual) {
            return fail(i, chain_malformed);
        }
        if (*actual != *hash) {
            return fail(i, chain_modified);
        }
        check.head = *hash;
        check.entries = i + 1;
    }
    if (expected_count && *expected_count != entries.size()) {
        return fail(std::min(*expected_count, entries.size()), chain_head_mismatch);
    }
    if (expected_head && *expected_head != check.head) {
        return fail(entries.empty() ? 0 : entries.size() - 1, chain_head_mismatch);
    }
    return check;
}

} // namespace telemed::consultation
