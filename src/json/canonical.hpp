// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence of a JSON value that hashes
// and signatures are computed over, whatever spelling, member order and white space it came in.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace telemed::json {

namespace bj = boost::json;

/// A number as ECMAScript's Number::toString writes it (ECMA-262 §7.1.12.1, which RFC 8785
/// §3.2.2.3 adopts): the shortest digits that read back as the same IEEE-754 double, without an
/// exponent from 1e-6 up to (not including) 1e21 ("0.000001", "295147905179352830000"), with one
/// otherwise ("1e-7", "1e+21", "1.7976931348623157e+308"); -0 is "0". NaN and ±Infinity have no
/// JCS form (the RFC makes them an error): for them this returns "null", as ECMAScript's
/// JSON.stringify does, and never fails; canonicalize() reports them instead of writing that.
std::string canonical_number(double value);

/// Appends the RFC 8785 canonical text of `value` to `out`: object members sorted by their keys
/// compared as UTF-16 code units (§3.2.3), strings with only '"', '\\' and U+0000–U+001F escaped
/// (§3.2.2.2), numbers by canonical_number() after converting every integer to the nearest double
/// (JCS numbers are doubles: 9007199254740993 becomes 9007199254740992), no white space.
/// Returns false when `value` holds a number that is not finite (Boost.JSON 1.81 parses 1e400 as
/// Infinity): "null" was written in its place, so the text is not canonical and must not be hashed
/// or signed. Strings are expected to be valid UTF-8, as json::parse guarantees; other bytes are
/// copied as they are. Recursion follows the value's nesting, which json::parse bounds (64).
[[nodiscard]] bool canonicalize_to(const bj::value& value, std::string& out);

/// As canonicalize_to(), for an object without its member `omit` (when it has one): what a
/// document that carries its own hash or signature as a member commits to.
[[nodiscard]] bool canonicalize_to(const bj::object& object, std::string_view omit,
                                   std::string& out);

/// The RFC 8785 canonical text of `value`, or nothing when it holds a number that is not finite.
std::optional<std::string> canonicalize(const bj::value& value);

/// Whether key `a` sorts before key `b` in RFC 8785 §3.2.3 order: as arrays of UTF-16 code units,
/// so that characters above U+FFFF (surrogate pairs, D800–DFFF) come before U+E000–U+FFFF, which
/// is not the order of their UTF-8 bytes.
bool utf16_less(std::string_view a, std::string_view b) noexcept;

} // namespace telemed::json
