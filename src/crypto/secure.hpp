// libsodium, for what must not leak through timing.
#pragma once

#include <string_view>

namespace telemed::crypto {

/// Compares two byte strings of equal length in constant time (sodium_memcmp).
/// Strings of different lengths are unequal (their lengths are not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace telemed::crypto
