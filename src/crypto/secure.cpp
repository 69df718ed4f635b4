#include "crypto/secure.hpp"

#include <sodium.h>
#include <stdexcept>

namespace telemed::crypto {

void ensure_initialised() {
    // sodium_init is idempotent and thread-safe; the function-local static makes the call once
    // per process, on first use, and every later call only reads the result.
    static const int initialised = sodium_init();
    if (initialised < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    // sodium_memcmp itself needs no initialisation, but the library is initialised here too so
    // that every entry point of src/crypto/ leaves it ready.
    ensure_initialised();
    if (a.size() != b.size()) {
        return false;
    }
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace telemed::crypto
