// Hashes (libsodium) and the hex that carries them in JSON: SHA-256 for content and chain hashes,
// keyed BLAKE2b for pseudonymous keys that cannot be recomputed without the key.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace telemed::crypto {

/// Bytes of a SHA-256 digest (crypto_hash_sha256_BYTES).
inline constexpr std::size_t sha256_bytes = 32;
/// Bytes of a keyed BLAKE2b digest as used here (BLAKE2b-256).
inline constexpr std::size_t blake2b_bytes = 32;
/// Shortest key keyed_blake2b accepts (crypto_generichash_KEYBYTES_MIN).
inline constexpr std::size_t blake2b_key_min = 16;
/// Longest key keyed_blake2b accepts (crypto_generichash_KEYBYTES_MAX).
inline constexpr std::size_t blake2b_key_max = 64;

/// A SHA-256 digest.
using Sha256Digest = std::array<unsigned char, sha256_bytes>;
/// A keyed BLAKE2b-256 digest.
using Blake2bDigest = std::array<unsigned char, blake2b_bytes>;

/// SHA-256 (FIPS 180-4) of the bytes (crypto_hash_sha256).
Sha256Digest sha256(std::string_view bytes);

/// BLAKE2b with a 32-byte output keyed by `key` (RFC 7693; crypto_generichash), e.g. a pseudonym
/// of a patient identifier that only the key's holder can link back. Nothing when the key is not
/// 16 to 64 bytes long: a shorter key would be guessable, and libsodium takes no longer one.
std::optional<Blake2bDigest> keyed_blake2b(std::string_view key, std::string_view message);

/// The bytes as lowercase hex, two characters a byte (sodium_bin2hex, constant time).
std::string to_hex(std::string_view bytes);

/// The digest as lowercase hex.
template <std::size_t N> std::string to_hex(const std::array<unsigned char, N>& bytes) {
    return to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), N));
}

/// Decodes hex strictly: an even number of characters, each of `0-9 a-f`. Uppercase is refused
/// so that every byte string has exactly one accepted text, as to_hex writes it (a hash compared
/// as text cannot then match in two spellings). Nothing on any other input; "" decodes to no bytes.
std::optional<std::string> decode_hex(std::string_view text);

} // namespace telemed::crypto
