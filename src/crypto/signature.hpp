// Ed25519 signatures (libsodium) and the strict base64 that carries keys and signatures in JSON.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace telemed::crypto {

/// Bytes of an Ed25519 public key (crypto_sign_PUBLICKEYBYTES).
inline constexpr std::size_t ed25519_public_key_bytes = 32;
/// Bytes of an Ed25519 detached signature (crypto_sign_BYTES).
inline constexpr std::size_t ed25519_signature_bytes = 64;

/// A raw Ed25519 public key (RFC 8032 §5.1.5 encoding).
using Ed25519PublicKey = std::array<unsigned char, ed25519_public_key_bytes>;
/// A raw Ed25519 detached signature (R ‖ S, RFC 8032 §5.1.6).
using Ed25519Signature = std::array<unsigned char, ed25519_signature_bytes>;

/// Decodes base64 strictly: the standard alphabet of RFC 4648 §4 (`A–Z a–z 0–9 + /`), padded
/// with `=` to a multiple of four characters, and canonical (the unused low bits of the last
/// character are zero), so each byte string has exactly one accepted text. Anything else gives
/// nothing: white space or line breaks anywhere, the URL-safe alphabet (`-`, `_`), missing or
/// extra padding, any other character (a NUL too), text after the padding. The empty text
/// decodes to no bytes. Uses sodium_base642bin with sodium_base64_VARIANT_ORIGINAL and no
/// characters to ignore.
std::optional<std::string> decode_base64(std::string_view text);

/// Encodes bytes as padded standard base64 (sodium_bin2base64, VARIANT_ORIGINAL): the one text
/// decode_base64 accepts for them.
std::string encode_base64(std::string_view bytes);

/// Whether 32 bytes are a usable Ed25519 public key: the canonical encoding of a point on the
/// curve, in its prime-order subgroup and not of small order
/// (crypto_core_ed25519_is_valid_point). Every key made by a conforming signer passes; a key that
/// fails could never verify a signature.
bool valid_ed25519_public_key(const Ed25519PublicKey& key);

/// Whether `signature` is a valid Ed25519 signature by `key` over exactly the bytes of `message`
/// (crypto_sign_verify_detached: pure Ed25519 of RFC 8032, no pre-hash, no context string; S must
/// be canonical and the key not of small order). Public data only: nothing here is secret.
bool verify_ed25519(const Ed25519PublicKey& key, std::string_view message,
                    const Ed25519Signature& signature);

} // namespace telemed::crypto
