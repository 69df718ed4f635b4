// libsodium, for what must not leak through timing, and its one-time initialisation.
#pragma once

#include <string_view>

namespace telemed::crypto {

/// Initialises libsodium once per process (sodium_init, thread-safe and idempotent); every
/// function of src/crypto/ calls it before using the library. Throws std::runtime_error when
/// libsodium cannot be initialised.
void ensure_initialised();

/// Compares two byte strings of equal length in constant time (sodium_memcmp).
/// Strings of different lengths are unequal (their lengths are not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace telemed::crypto
