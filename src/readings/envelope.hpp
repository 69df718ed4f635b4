// Device authenticity: the envelope a home device's reading may arrive in, signed with the
// device's Ed25519 key, verified against the key the context's configuration registers for that
// device (`devices.keys`, docs/rules.md); and what a reading that arrives unsigned gets
// (`devices.unsigned_readings`). Pure functions of the context and the input: no I/O, no state.
//
// The envelope (the value of an input's "envelope" member):
//
//     {"device_id": "tonometer-17",        string, 1–64 characters: the signer
//      "algorithm": "Ed25519",             optional; the only value allowed today
//      "payload":   "<base64>",            the reading's JSON bytes
//      "signature": "<base64>"}            Ed25519 over exactly the decoded payload bytes (64
//      bytes)
//
// Base64 is strict (crypto::decode_base64): standard alphabet, padded, canonical, no white space.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "telemed/context.hpp"
#include "json/strict.hpp"

namespace telemed::readings {

/// An envelope whose signature verified.
struct OpenedEnvelope {
    std::string device_id; ///< the device whose registered key verified the signature
    std::string payload;   ///< exactly the bytes signed: the reading's JSON, not yet parsed
};

/// Reads the envelope object `envelope` strictly (finish() included: any other member is
/// unknown_field) and verifies its signature against the key `context` registers for its device.
/// `problems` must be the reader's. Returns the payload when the signature verifies and no error
/// was found; otherwise adds every problem found, each at the pointer of its member, and returns
/// nothing:
/// - missing_field, wrong_type, empty_string, too_long (device_id over 64 characters; payload
///   and signature over 65 536): the members as any strict reader reports them;
/// - invalid_value (args "allowed": "Ed25519"): an algorithm other than Ed25519;
/// - invalid_base64: payload or signature not strict base64;
/// - invalid_format (args "kind": "ed25519_signature"): a signature that does not decode to 64
///   bytes;
/// - unknown_device_key: no key is registered for device_id (reported whenever device_id was
///   read, even when other members are malformed);
/// - bad_signature: the signature does not verify over the decoded payload with that key.
/// All are errors; none carries the device id, key, signature or payload in its arguments. The
/// signature is checked only when every member is well formed. The caller parses the payload as
/// a reading (with the usual limits) and then calls check_signer().
std::optional<OpenedEnvelope> open_envelope(const Context& context, json::ObjectReader& envelope,
                                            json::Problems& problems);

/// Checks that the reading read from an opened envelope is the signer's: when the reading names
/// a device (`reading_device_id` not empty) it must be the envelope's device_id, compared byte
/// for byte, else the error device_mismatch at `pointer` (the reading's device id field) and
/// false. A reading that names no device is the signer's. Without this check a device could
/// vouch for another device's readings.
bool check_signer(const OpenedEnvelope& opened, std::string_view reading_device_id,
                  const std::string& pointer, json::Problems& problems);

/// Applies the policy to a reading that arrived without an envelope, adding one problem at
/// `pointer`; returns whether the reading may still be accepted (no error added):
/// - signature_required (error) when `device_id` names a device with a registered key,
///   whatever the policy: such a device signs, so its readings are never taken unsigned (a
///   signature cannot be stripped to pass as an unsigned reading);
/// - otherwise unsigned_reading, a warning under UnsignedReadings::flag (true is returned) and
///   an error under UnsignedReadings::reject.
bool check_unsigned_reading(const Context& context, std::string_view device_id,
                            const std::string& pointer, json::Problems& problems);

} // namespace telemed::readings
