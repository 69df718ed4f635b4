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

/// Bytes of an Ed25519 seed, the secret a key pair is derived from (crypto_sign_SEEDBYTES).
inline constexpr std::size_t ed25519_seed_bytes = 32;
/// Bytes of libsodium's Ed25519 secret key: the seed, then the public key
/// (crypto_sign_SECRETKEYBYTES).
inline constexpr std::size_t ed25519_secret_key_bytes = 64;

/// An Ed25519 signing key (RFC 8032 §5.1.5), for what this side signs (an audit head, a protocol).
/// It cannot be copied, so the secret exists once; moving it wipes the source, and the destructor
/// wipes it (sodium_memzero). A moved-from key holds no secret: its public key is all zeros and
/// it signs nothing (sign() gives 64 zero bytes, which no verifier accepts).
class Ed25519SecretKey {
public:
    /// The key pair of a 32-byte seed (the RFC 8032 "secret key"; crypto_sign_seed_keypair), or
    /// nothing when the seed is not 32 bytes long.
    static std::optional<Ed25519SecretKey> from_seed(std::string_view seed);

    /// Not copyable: the secret exists once.
    Ed25519SecretKey(const Ed25519SecretKey&) = delete;
    /// Not copyable: the secret exists once.
    Ed25519SecretKey& operator=(const Ed25519SecretKey&) = delete;
    /// Takes the secret over and wipes it from `other`.
    Ed25519SecretKey(Ed25519SecretKey&& other) noexcept;
    /// Wipes this secret, takes `other`'s over and wipes it from `other`.
    Ed25519SecretKey& operator=(Ed25519SecretKey&& other) noexcept;
    /// Wipes the secret.
    ~Ed25519SecretKey();

    /// The public key that verifies this key's signatures.
    const Ed25519PublicKey& public_key() const noexcept { return public_; }

    /// The detached signature of exactly the bytes of `message` (crypto_sign_detached: pure
    /// Ed25519, deterministic, which verify_ed25519 accepts).
    Ed25519Signature sign(std::string_view message) const;

private:
    /// An empty key, for from_seed to fill.
    Ed25519SecretKey() = default;
    /// Copies `other`'s key and wipes it there.
    void take(Ed25519SecretKey& other) noexcept;
    /// Wipes this key.
    void clear() noexcept;

    /// libsodium's secret key: seed ‖ public key. Held inline, so a move copies it (then wipes).
    std::array<unsigned char, ed25519_secret_key_bytes> secret_{};
    /// The public key, returned by reference.
    Ed25519PublicKey public_{};
    /// Whether a secret is held (false once moved from).
    bool holds_ = false;
};

/// Overwrites the whole buffer of `s` with zeros (sodium_memzero, which the compiler may not drop),
/// then empties it: for identifiers and keys once they are used. Copies made earlier, when the
/// string grew or was copied, are not reached.
void wipe(std::string& s) noexcept;

} // namespace telemed::crypto
