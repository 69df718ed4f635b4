#include "crypto/signature.hpp"

#include <sodium.h>

#include "crypto/secure.hpp"

namespace telemed::crypto {

static_assert(ed25519_public_key_bytes == crypto_sign_PUBLICKEYBYTES);
static_assert(ed25519_signature_bytes == crypto_sign_BYTES);

namespace {

const unsigned char* bytes_of(std::string_view s) noexcept {
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

std::optional<std::string> decode_base64(std::string_view text) {
    ensure_initialised();
    // Four characters carry at most three bytes; the padding check below makes the exact length.
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    // No characters to ignore and no end pointer: libsodium then fails on any character outside
    // the alphabet, on missing or extra padding, on non-zero unused bits and on anything left
    // after the padding.
    const int rc =
        sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL);
    if (rc != 0) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

std::string encode_base64(std::string_view bytes) {
    ensure_initialised();
    // sodium_base64_ENCODED_LEN counts the terminating NUL.
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
}

bool valid_ed25519_public_key(const Ed25519PublicKey& key) {
    ensure_initialised();
    return crypto_core_ed25519_is_valid_point(key.data()) == 1;
}

bool verify_ed25519(const Ed25519PublicKey& key, std::string_view message,
                    const Ed25519Signature& signature) {
    ensure_initialised();
    return crypto_sign_verify_detached(signature.data(), bytes_of(message), message.size(),
                                       key.data()) == 0;
}

static_assert(ed25519_seed_bytes == crypto_sign_SEEDBYTES);
static_assert(ed25519_secret_key_bytes == crypto_sign_SECRETKEYBYTES);

std::optional<Ed25519SecretKey> Ed25519SecretKey::from_seed(std::string_view seed) {
    if (seed.size() != ed25519_seed_bytes) {
        return std::nullopt;
    }
    ensure_initialised();
    Ed25519SecretKey key;
    if (crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), bytes_of(seed)) != 0) {
        return std::nullopt; // the destructor wipes what was written
    }
    key.holds_ = true;
    return key;
}

Ed25519SecretKey::Ed25519SecretKey(Ed25519SecretKey&& other) noexcept {
    take(other);
}

Ed25519SecretKey& Ed25519SecretKey::operator=(Ed25519SecretKey&& other) noexcept {
    if (this != &other) {
        clear();
        take(other);
    }
    return *this;
}

Ed25519SecretKey::~Ed25519SecretKey() {
    clear();
}

void Ed25519SecretKey::take(Ed25519SecretKey& other) noexcept {
    secret_ = other.secret_;
    public_ = other.public_;
    holds_ = other.holds_;
    other.clear();
}

void Ed25519SecretKey::clear() noexcept {
    sodium_memzero(secret_.data(), secret_.size());
    sodium_memzero(public_.data(), public_.size());
    holds_ = false;
}

Ed25519Signature Ed25519SecretKey::sign(std::string_view message) const {
    Ed25519Signature signature{};
    if (!holds_) {
        return signature;
    }
    ensure_initialised();
    crypto_sign_detached(signature.data(), nullptr, bytes_of(message), message.size(),
                         secret_.data());
    return signature;
}

void wipe(std::string& s) noexcept {
    // Up to the capacity: bytes past the size may still hold an earlier, longer content. resize()
    // within the capacity does not allocate.
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

} // namespace telemed::crypto
