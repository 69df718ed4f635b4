#include "crypto/secure.hpp"

#include <sodium.h>
#include <stdexcept>

namespace telemed::crypto {

bool constant_time_equal(std::string_view a, std::string_view b) {
    // sodium_init is idempotent and thread-safe; sodium_memcmp itself needs no initialisation, but
    // the library is initialised here once so later primitives (signing) find it ready.
    static const int initialised = sodium_init();
    if (initialised < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
    if (a.size() != b.size()) {
        return false;
    }
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace telemed::crypto
