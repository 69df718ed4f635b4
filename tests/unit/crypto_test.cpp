// Hashes, hex and Ed25519 signing against published vectors: FIPS 180-2 (SHA-256), RFC 8032 §7.1
// (Ed25519 TEST 1 and TEST 2), and keyed BLAKE2b-256 values computed independently with Python's
// hashlib.blake2b(message, key=key, digest_size=32).
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "crypto/hash.hpp"
#include "crypto/signature.hpp"

namespace {

using namespace telemed::crypto;

// Hex text to bytes, for vectors (the decoder under test is checked separately).
std::string bytes(std::string_view hex) {
    std::optional<std::string> decoded = decode_hex(hex);
    EXPECT_TRUE(decoded.has_value()) << hex;
    return decoded.value_or("");
}

std::string as_bytes(const Ed25519Signature& signature) {
    return std::string(reinterpret_cast<const char*>(signature.data()), signature.size());
}

// A 32-byte key 00 01 … 1f, and the 16- and 64-byte keys 00 01 … of the same pattern.
std::string pattern_key(std::size_t length) {
    std::string key(length, '\0');
    for (std::size_t i = 0; i < length; ++i) {
        key[i] = static_cast<char>(i);
    }
    return key;
}

TEST(Crypto, Sha256KnownAnswers) {
    // FIPS 180-2, Appendix B.1 ("abc"), and the empty message.
    EXPECT_EQ(to_hex(sha256("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(to_hex(sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // FIPS 180-2, Appendix B.2: the 448-bit message.
    EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Crypto, HexRoundTripAndStrictness) {
    EXPECT_EQ(to_hex(""), "");
    EXPECT_EQ(to_hex(std::string_view("\x00\x01\xab\xff", 4)), "0001abff");
    EXPECT_EQ(decode_hex("0001abff"), std::string("\x00\x01\xab\xff", 4));
    EXPECT_EQ(decode_hex(""), std::string());
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all.push_back(static_cast<char>(i));
    }
    EXPECT_EQ(decode_hex(to_hex(all)), all);
    EXPECT_FALSE(decode_hex("0"));                        // odd length
    EXPECT_FALSE(decode_hex("abc"));                      // odd length
    EXPECT_FALSE(decode_hex("AB"));                       // uppercase: one text per byte string
    EXPECT_FALSE(decode_hex("aB"));                       //
    EXPECT_FALSE(decode_hex("0g"));                       // not hex
    EXPECT_FALSE(decode_hex("00 1"));                     // white space
    EXPECT_FALSE(decode_hex(" 001"));                     //
    EXPECT_FALSE(decode_hex("0x00"));                     // prefix
    EXPECT_FALSE(decode_hex("00:11"));                    // separators (odd length too)
    EXPECT_FALSE(decode_hex("00::11"));                   // separators
    EXPECT_FALSE(decode_hex(std::string_view("0\0", 2))); // NUL
}

TEST(Crypto, KeyedBlake2bKnownAnswers) {
    // Python: hashlib.blake2b(message, key=bytes(range(n)), digest_size=32).hexdigest().
    const std::string key = pattern_key(32);
    EXPECT_EQ(to_hex(keyed_blake2b(key, "").value()),
              "4e51e7a913fc80137da52880fecca175bf81e117d5c68126dc2774033517ea0d");
    EXPECT_EQ(to_hex(keyed_blake2b(key, "abc").value()),
              "d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f");
    EXPECT_EQ(to_hex(keyed_blake2b(key, "СНИЛС 112-233-445 95").value()),
              "7c41d85e65d11e9b67141f7783a176292df5215c1ab10dc8457e1ebcddcfd1ac");
    EXPECT_EQ(to_hex(keyed_blake2b(pattern_key(16), "abc").value()),
              "3fd8fd31501cdbe942607b204368e3dc4ebce5744de1a955a6025f5c9848bb20");
    EXPECT_EQ(to_hex(keyed_blake2b(pattern_key(64), "abc").value()),
              "dff38c978666dff5631db35ca15535520d134f5c8060ea569c6a178ad393719f");
}

TEST(Crypto, KeyedBlake2bKeysAndDeterminism) {
    const std::string key_a = pattern_key(32);
    std::string key_b = key_a;
    key_b[31] = 'x';
    EXPECT_EQ(keyed_blake2b(key_a, "112-233-445 95"), keyed_blake2b(key_a, "112-233-445 95"));
    EXPECT_NE(keyed_blake2b(key_a, "112-233-445 95"), keyed_blake2b(key_b, "112-233-445 95"));
    EXPECT_NE(keyed_blake2b(key_a, "112-233-445 95"), keyed_blake2b(key_a, "112-233-445 96"));
    EXPECT_FALSE(keyed_blake2b(pattern_key(15), "abc"));
    EXPECT_FALSE(keyed_blake2b(pattern_key(65), "abc"));
    EXPECT_FALSE(keyed_blake2b("", "abc"));
    EXPECT_TRUE(keyed_blake2b(pattern_key(16), "abc"));
    EXPECT_TRUE(keyed_blake2b(pattern_key(64), "abc"));
}

TEST(Crypto, Ed25519Rfc8032Test1) {
    const auto key = Ed25519SecretKey::from_seed(
        bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(to_hex(key->public_key()),
              "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const Ed25519Signature signature = key->sign("");
    EXPECT_EQ(to_hex(signature),
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
              "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    EXPECT_TRUE(verify_ed25519(key->public_key(), "", signature));
}

TEST(Crypto, Ed25519Rfc8032Test2) {
    const auto key = Ed25519SecretKey::from_seed(
        bytes("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(to_hex(key->public_key()),
              "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    const Ed25519Signature signature = key->sign("\x72");
    EXPECT_EQ(to_hex(signature),
              "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
              "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    EXPECT_TRUE(verify_ed25519(key->public_key(), "\x72", signature));
}

TEST(Crypto, Ed25519SignVerifyRoundTrip) {
    const auto key = Ed25519SecretKey::from_seed(std::string(32, '\x42'));
    ASSERT_TRUE(key.has_value());
    EXPECT_TRUE(valid_ed25519_public_key(key->public_key()));
    const std::string message = R"({"consultation":"C-1","head":"00ff"})";
    const Ed25519Signature signature = key->sign(message);
    EXPECT_TRUE(verify_ed25519(key->public_key(), message, signature));
    EXPECT_EQ(key->sign(message), signature); // deterministic
    // Any flipped bit of the signature or the message fails.
    for (std::size_t i = 0; i < signature.size(); ++i) {
        Ed25519Signature flipped = signature;
        flipped[i] ^= 0x01;
        EXPECT_FALSE(verify_ed25519(key->public_key(), message, flipped)) << i;
    }
    std::string changed = message;
    changed[5] ^= 0x01;
    EXPECT_FALSE(verify_ed25519(key->public_key(), changed, signature));
    // Another key's signature fails.
    const auto other = Ed25519SecretKey::from_seed(std::string(32, '\x43'));
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(verify_ed25519(other->public_key(), message, signature));
    EXPECT_NE(as_bytes(other->sign(message)), as_bytes(signature));
}

TEST(Crypto, Ed25519SeedLength) {
    EXPECT_FALSE(Ed25519SecretKey::from_seed(std::string(31, 'a')));
    EXPECT_FALSE(Ed25519SecretKey::from_seed(std::string(33, 'a')));
    EXPECT_FALSE(Ed25519SecretKey::from_seed(""));
}

TEST(Crypto, Ed25519SecretKeyMovesAndWipes) {
    static_assert(!std::is_copy_constructible_v<Ed25519SecretKey>);
    static_assert(!std::is_copy_assignable_v<Ed25519SecretKey>);
    static_assert(std::is_nothrow_move_constructible_v<Ed25519SecretKey>);
    static_assert(std::is_nothrow_move_assignable_v<Ed25519SecretKey>);
    auto made = Ed25519SecretKey::from_seed(std::string(32, '\x07'));
    ASSERT_TRUE(made.has_value());
    const Ed25519PublicKey public_key = made->public_key();
    Ed25519SecretKey key = std::move(*made);
    EXPECT_EQ(key.public_key(), public_key);
    EXPECT_TRUE(verify_ed25519(public_key, "m", key.sign("m")));
    // The moved-from key holds no secret: a zero public key, and a zero signature nobody accepts.
    EXPECT_EQ(made->public_key(), Ed25519PublicKey{});
    EXPECT_EQ(made->sign("m"), Ed25519Signature{});
    EXPECT_FALSE(verify_ed25519(public_key, "m", made->sign("m")));
    // Move assignment replaces the key and empties the source.
    auto second = Ed25519SecretKey::from_seed(std::string(32, '\x08'));
    ASSERT_TRUE(second.has_value());
    const Ed25519PublicKey second_public = second->public_key();
    key = std::move(*second);
    EXPECT_EQ(key.public_key(), second_public);
    EXPECT_EQ(second->public_key(), Ed25519PublicKey{});
    EXPECT_TRUE(verify_ed25519(second_public, "m", key.sign("m")));
}

TEST(Crypto, WipeEmptiesInPlace) {
    // What the bytes were overwritten with cannot be read back through the string (reading past
    // its size is not allowed, and growing it writes zeros anyway): this checks that the buffer
    // is kept, so the zeros went where the identifier was.
    std::string s = "112-233-445 95 and a little more than the small-string buffer";
    const char* data = s.data();
    const std::size_t capacity = s.capacity();
    s.resize(5); // the rest of the identifier stays in the buffer past the size
    wipe(s);
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.data(), data);
    EXPECT_EQ(s.capacity(), capacity);
    std::string small = "1234";
    wipe(small);
    EXPECT_TRUE(small.empty());
    std::string empty;
    wipe(empty);
    EXPECT_TRUE(empty.empty());
}

} // namespace
