// Signing a protocol with a built-in Ed25519 key made from its seed (tm_signing_key_new,
// tm_protocol_sign): shared by `telemed demo` and `telemed protocol sign`.
#pragma once

#include "common.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telemed_cli {

/// The 32-byte seed from a seed file's text: 64 hex digits (white space around them is ignored) or
/// exactly 32 raw bytes. Nothing otherwise.
std::optional<std::vector<unsigned char>> parse_seed(std::string_view text);

/// Signs `document` ({"protocol"} or {"state"}) with the key the seed makes; the seed copy in the
/// library is wiped when the key is freed. `certificate` may be empty.
CallResult sign_with_seed(const Context& context, std::string_view document,
                          const std::vector<unsigned char>& seed, const std::string& key_id,
                          const std::string& certificate);

} // namespace telemed_cli
