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

} // namespace telemed::crypto
