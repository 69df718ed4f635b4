// The consultation audit chain: sealing, and verification detecting deletion, insertion,
// reordering, modification and truncation, naming the first bad entry. Known hashes were computed
// with Python's hashlib.sha256 over canonical texts written out by hand.
#include <array>
#include <cctype>
#include <cstddef>
#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "consultation/audit.hpp"
#include "json/canonical.hpp"
#include "json/strict.hpp"

namespace {

namespace bj = boost::json;
using namespace telemed::consultation;

// The caller's members of event i: what a consultation's lifecycle records.
bj::object event(std::size_t i) {
    static constexpr std::array<std::string_view, 5> types = {
        "opened", "consent_recorded", "joined", "protocol_signed", "closed"};
    bj::object e;
    e["event"] = "EV-" + std::to_string(1000 + i);
    e["type"] = types[i % types.size()];
    e["at"] = "2026-03-01T06:0" + std::to_string(i) + ":00Z";
    e["status"] = i + 1 < types.size() ? "open" : "closed";
    e["note"] = "Запись № " + std::to_string(i) + ": жалобы";
    e["count"] = static_cast<std::int64_t>(i * 7);
    return e;
}

// A chain of `n` sealed events.
bj::array make_chain(std::size_t n) {
    bj::array chain;
    std::string prev(genesis_hash);
    for (std::size_t i = 0; i < n; ++i) {
        std::optional<bj::object> sealed = seal(event(i), prev, i);
        EXPECT_TRUE(sealed.has_value());
        prev = std::string(sealed->at("hash").as_string());
        chain.push_back(std::move(*sealed));
    }
    return chain;
}

std::string hash_of(const bj::value& entry) {
    return std::string(entry.as_object().at("hash").as_string());
}

void expect_bad(const ChainCheck& check, std::size_t index, std::string_view reason) {
    EXPECT_FALSE(check.valid);
    EXPECT_EQ(check.first_bad, std::optional<std::size_t>(index));
    EXPECT_EQ(check.reason, reason);
}

TEST(Audit, SealKnownAnswer) {
    // SHA-256 of {"event":"opened","prev":"000…0","seq":0} (canonical: keys sorted, no spaces).
    const std::optional<bj::object> first = seal(bj::object{{"event", "opened"}}, genesis_hash, 0);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->at("hash").as_string(),
              "7fcfecba8a2d87b106c9a9103856f9260f9e4ab1c24e4e1c9482b27137653878");
    EXPECT_EQ(first->at("prev").as_string(), genesis_hash);
    EXPECT_EQ(first->at("seq").to_number<int>(), 0);
    // SHA-256 of {"at":"2026-03-01T06:00:00Z","note":"Жалобы","prev":"7fcf…3878","seq":1}; the
    // members given (seq, prev, hash included) are replaced.
    bj::object second_event{{"note", "Жалобы"},
                            {"at", "2026-03-01T06:00:00Z"},
                            {"seq", 99},
                            {"hash", "stale"},
                            {"prev", "stale"}};
    const std::optional<bj::object> second =
        seal(std::move(second_event), first->at("hash").as_string(), 1);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->at("hash").as_string(),
              "573349958d1b47d2492d6b7ea0a31885c5a4365ac635263d9fce4026d37f31c1");
    EXPECT_EQ(second->at("seq").to_number<int>(), 1);
    EXPECT_EQ(entry_hash(*second), std::string(second->at("hash").as_string()));
    const bj::array chain{*first, *second};
    const ChainCheck check = verify_chain(chain);
    EXPECT_TRUE(check.valid);
    EXPECT_EQ(check.head, "573349958d1b47d2492d6b7ea0a31885c5a4365ac635263d9fce4026d37f31c1");
}

TEST(Audit, SealRefusals) {
    EXPECT_FALSE(seal(bj::object{}, "", 0));
    EXPECT_FALSE(seal(bj::object{}, std::string(63, '0'), 0));
    EXPECT_FALSE(seal(bj::object{}, std::string(64, 'A'), 0)); // uppercase
    EXPECT_FALSE(seal(bj::object{}, std::string(64, 'g'), 0));
    EXPECT_TRUE(seal(bj::object{}, std::string(64, 'f'), 0));
    // A number that is not finite has no canonical text.
    EXPECT_FALSE(seal(bj::object{{"x", std::numeric_limits<double>::infinity()}}, genesis_hash, 0));
    EXPECT_FALSE(entry_hash(bj::object{{"x", std::numeric_limits<double>::quiet_NaN()}}));
}

TEST(Audit, EntryHashIgnoresOnlyItsOwnHashMember) {
    bj::object entry = event(0);
    const std::optional<std::string> plain = entry_hash(entry);
    entry["hash"] = "anything";
    EXPECT_EQ(entry_hash(entry), plain);
    entry["nested"] = bj::object{{"hash", "x"}};
    EXPECT_NE(entry_hash(entry), plain);
}

TEST(Audit, FiveEntriesVerify) {
    const bj::array chain = make_chain(5);
    const ChainCheck check = verify_chain(chain);
    EXPECT_TRUE(check.valid);
    EXPECT_EQ(check.entries, 5u);
    EXPECT_FALSE(check.first_bad.has_value());
    EXPECT_EQ(check.reason, "");
    EXPECT_EQ(check.head, hash_of(chain[4]));
    EXPECT_TRUE(verify_chain(chain, hash_of(chain[4]), 5).valid);
    // Each entry links to the one before.
    for (std::size_t i = 1; i < 5; ++i) {
        EXPECT_EQ(chain[i].as_object().at("prev").as_string(), hash_of(chain[i - 1]));
    }
}

TEST(Audit, EmptyChain) {
    const ChainCheck check = verify_chain(bj::array{});
    EXPECT_TRUE(check.valid);
    EXPECT_EQ(check.entries, 0u);
    EXPECT_EQ(check.head, genesis_hash);
    EXPECT_TRUE(verify_chain(bj::array{}, std::string(genesis_hash), 0).valid);
    expect_bad(verify_chain(bj::array{}, std::nullopt, 1), 0, chain_head_mismatch);
    expect_bad(verify_chain(bj::array{}, std::string(64, 'a')), 0, chain_head_mismatch);
}

TEST(Audit, DeletionIsSequence) {
    bj::array chain = make_chain(5);
    chain.erase(chain.begin() + 2);
    const ChainCheck check = verify_chain(chain);
    expect_bad(check, 2, chain_sequence);
    EXPECT_EQ(check.entries, 2u);
    EXPECT_EQ(check.head, hash_of(chain[1]));
}

TEST(Audit, DeletionWithRenumberingIsBrokenLink) {
    bj::array chain = make_chain(5);
    chain.erase(chain.begin() + 2);
    for (std::size_t i = 0; i < chain.size(); ++i) {
        chain[i].as_object()["seq"] = i;
    }
    expect_bad(verify_chain(chain), 2, chain_broken_link);
}

TEST(Audit, InsertedForgery) {
    const bj::array original = make_chain(5);
    bj::object forged_event = event(9);
    forged_event["note"] = "Подложная запись";

    // Sealed as entry 2 after entry 1: the forgery holds together with what is before it, and
    // the chain breaks at the entry after it, which no longer sits at its index.
    {
        bj::array chain = original;
        const std::optional<bj::object> forged = seal(forged_event, hash_of(chain[1]), 2);
        ASSERT_TRUE(forged.has_value());
        chain.insert(chain.begin() + 2, *forged);
        expect_bad(verify_chain(chain), 3, chain_sequence);
    }
    // Sealed with its own correct hash but linked to anything else: caught at its index.
    {
        bj::array chain = original;
        const std::optional<bj::object> forged = seal(forged_event, genesis_hash, 2);
        ASSERT_TRUE(forged.has_value());
        chain.insert(chain.begin() + 2, *forged);
        expect_bad(verify_chain(chain), 2, chain_broken_link);
    }
    // Sealed with a seq that does not fit where it is put: caught at its index.
    {
        bj::array chain = original;
        const std::optional<bj::object> forged = seal(forged_event, hash_of(chain[1]), 5);
        ASSERT_TRUE(forged.has_value());
        chain.insert(chain.begin() + 2, *forged);
        expect_bad(verify_chain(chain), 2, chain_sequence);
    }
    // The whole tail sealed again after the forgery: the chain holds together, and only the head
    // and count the embedder stored tell.
    {
        bj::array chain;
        chain.push_back(original[0]);
        chain.push_back(original[1]);
        std::string prev = hash_of(original[1]);
        for (std::size_t i = 2; i <= 5; ++i) {
            bj::object content = i == 2 ? forged_event : event(i - 1);
            std::optional<bj::object> sealed = seal(std::move(content), prev, i);
            ASSERT_TRUE(sealed.has_value());
            prev = std::string(sealed->at("hash").as_string());
            chain.push_back(std::move(*sealed));
        }
        EXPECT_TRUE(verify_chain(chain).valid);
        expect_bad(verify_chain(chain, hash_of(original[4]), 5), 5, chain_head_mismatch);
        expect_bad(verify_chain(chain, hash_of(original[4])), 5, chain_head_mismatch);
    }
}

TEST(Audit, SwapIsSequence) {
    bj::array chain = make_chain(5);
    std::swap(chain[1], chain[2]);
    expect_bad(verify_chain(chain), 1, chain_sequence);
}

TEST(Audit, ModificationIsModified) {
    bj::array chain = make_chain(5);
    chain[3].as_object()["status"] = "cancelled";
    const ChainCheck check = verify_chain(chain);
    expect_bad(check, 3, chain_modified);
    EXPECT_EQ(check.entries, 3u);
    EXPECT_EQ(check.head, hash_of(chain[2]));
    // Adding a member is a modification too, and so is removing one.
    bj::array added = make_chain(5);
    added[3].as_object()["extra"] = nullptr;
    expect_bad(verify_chain(added), 3, chain_modified);
    bj::array removed = make_chain(5);
    removed[3].as_object().erase("note");
    expect_bad(verify_chain(removed), 3, chain_modified);
}

TEST(Audit, ModificationResealedIsBrokenLinkAfterIt) {
    bj::array chain = make_chain(5);
    bj::object changed = chain[3].as_object();
    changed["status"] = "cancelled";
    const std::optional<bj::object> resealed = seal(changed, hash_of(chain[2]), 3);
    ASSERT_TRUE(resealed.has_value());
    chain[3] = *resealed;
    expect_bad(verify_chain(chain), 4, chain_broken_link);
}

TEST(Audit, TruncationOnlyAgainstTheStoredHead) {
    const bj::array original = make_chain(5);
    bj::array chain = original;
    chain.pop_back();
    const ChainCheck alone = verify_chain(chain);
    EXPECT_TRUE(alone.valid);
    EXPECT_EQ(alone.entries, 4u);
    EXPECT_EQ(alone.head, hash_of(original[3]));
    const ChainCheck by_head = verify_chain(chain, hash_of(original[4]));
    expect_bad(by_head, 3, chain_head_mismatch);
    EXPECT_EQ(by_head.entries, 4u); // the entries themselves hold together
    expect_bad(verify_chain(chain, std::nullopt, 5), 4, chain_head_mismatch);
    expect_bad(verify_chain(chain, hash_of(original[4]), 5), 4, chain_head_mismatch);
    // A longer chain than stored is reported at the first entry not expected.
    expect_bad(verify_chain(original, std::nullopt, 4), 4, chain_head_mismatch);
}

TEST(Audit, Malformed) {
    const bj::array original = make_chain(3);
    const auto with = [&](std::size_t index, auto change) {
        bj::array chain = original;
        change(chain[index]);
        return verify_chain(chain);
    };
    expect_bad(with(1, [](bj::value& v) { v = bj::array{}; }), 1, chain_malformed);
    expect_bad(with(1, [](bj::value& v) { v.as_object().erase("seq"); }), 1, chain_malformed);
    expect_bad(with(1, [](bj::value& v) { v.as_object().erase("prev"); }), 1, chain_malformed);
    expect_bad(with(1, [](bj::value& v) { v.as_object().erase("hash"); }), 1, chain_malformed);
    expect_bad(with(1, [](bj::value& v) { v.as_object()["seq"] = "1"; }), 1, chain_malformed);
    expect_bad(with(1, [](bj::value& v) { v.as_object()["seq"] = 1.0; }), 1, chain_malformed);
    expect_bad(with(0, [](bj::value& v) { v.as_object()["seq"] = -1; }), 0, chain_malformed);
    expect_bad(with(2, [](bj::value& v) { v.as_object()["prev"] = nullptr; }), 2, chain_malformed);
    expect_bad(with(2,
                    [](bj::value& v) {
                        std::string upper(v.as_object().at("hash").as_string());
                        for (char& c : upper) {
                            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        }
                        v.as_object()["hash"] = upper;
                    }),
               2, chain_malformed);
    expect_bad(with(2,
                    [](bj::value& v) {
                        v.as_object()["hash"] =
                            std::string(v.as_object().at("hash").as_string()).substr(1);
                    }),
               2, chain_malformed);
    expect_bad(with(1,
                    [](bj::value& v) {
                        v.as_object()["count"] = std::numeric_limits<double>::infinity();
                    }),
               1, chain_malformed);
    // The first failure is reported, not a later one.
    bj::array two_faults = original;
    two_faults[2].as_object()["status"] = "x";
    two_faults[1].as_object().erase("seq");
    expect_bad(verify_chain(two_faults), 1, chain_malformed);
}

TEST(Audit, EverySingleByteChangeIsCaught) {
    // Three entries: a first, a middle and a last one (the work grows with the square of the
    // length: every change is verified over the whole chain).
    const bj::array chain = make_chain(3);
    const std::string head = hash_of(chain[2]);
    // Stored as its canonical text: no white space, so no byte changes only spelling.
    const std::string text = telemed::json::canonicalize(chain).value();
    {
        telemed::json::Arena arena;
        auto parsed = telemed::json::parse(text, arena);
        ASSERT_TRUE(parsed.ok());
        ASSERT_TRUE(verify_chain(parsed.value().as_array(), head, 3).valid);
    }
    // Every single-bit flip of every byte (which covers case changes, digit to digit and hex to
    // hex changes), and every byte replaced by characters that often keep JSON well formed.
    constexpr std::string_view replacements = "0af\"\\:,- ";
    std::size_t parsed_changes = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string candidates;
        for (int bit = 0; bit < 8; ++bit) {
            candidates.push_back(static_cast<char>(text[i] ^ (1 << bit)));
        }
        candidates.append(replacements);
        for (const char c : candidates) {
            if (c == text[i]) {
                continue;
            }
            std::string changed = text;
            changed[i] = c;
            telemed::json::Arena arena;
            auto parsed = telemed::json::parse(changed, arena);
            if (!parsed.ok()) {
                continue; // unreadable is detected too
            }
            ++parsed_changes;
            const bj::array* entries = parsed.value().if_array();
            if (entries == nullptr) {
                continue;
            }
            EXPECT_FALSE(verify_chain(*entries, head, 3).valid)
                << "byte " << i << " ('" << text[i] << "' -> '" << c << "') went unnoticed";
        }
    }
    EXPECT_GT(parsed_changes, text.size()); // most positions have readable changes
}

} // namespace
