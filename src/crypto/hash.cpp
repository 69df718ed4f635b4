#include "crypto/hash.hpp"

#include <sodium.h>

#include "crypto/secure.hpp"

namespace telemed::crypto {

static_assert(sha256_bytes == crypto_hash_sha256_BYTES);
static_assert(blake2b_bytes >= crypto_generichash_BYTES_MIN &&
              blake2b_bytes <= crypto_generichash_BYTES_MAX);
static_assert(blake2b_key_min == crypto_generichash_KEYBYTES_MIN);
static_assert(blake2b_key_max == crypto_generichash_KEYBYTES_MAX);

namespace {

const unsigned char* bytes_of(std::string_view s) noexcept {
    return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

Sha256Digest sha256(std::string_view bytes) {
    ensure_initialised();
    Sha256Digest digest{};
    crypto_hash_sha256(digest.data(), bytes_of(bytes), bytes.size());
    return digest;
}

std::optional<Blake2bDigest> keyed_blake2b(std::string_view key, std::string_view message) {
    if (key.size() < blake2b_key_min || key.size() > blake2b_key_max) {
        return std::nullopt;
    }
    ensure_initialised();
    Blake2bDigest digest{};
    if (crypto_generichash(digest.data(), digest.size(), bytes_of(message), message.size(),
                           bytes_of(key), key.size()) != 0) {
        return std::nullopt;
    }
    return digest;
}

std::string to_hex(std::string_view bytes) {
    ensure_initialised();
    // sodium_bin2hex writes a terminating NUL too.
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes_of(bytes), bytes.size());
    out.pop_back();
    return out;
}

std::optional<std::string> decode_hex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    // Every character is looked at, whatever comes first, and sodium_hex2bin is constant time:
    // hex may carry a key.
    bool lowercase = true;
    for (const char c : text) {
        lowercase &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!lowercase) {
        return std::nullopt;
    }
    ensure_initialised();
    std::string out(text.size() / 2, '\0');
    std::size_t length = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                       text.size(), nullptr, &length, nullptr) != 0 ||
        length != out.size()) {
        return std::nullopt;
    }
    return out;
}

} // namespace telemed::crypto
