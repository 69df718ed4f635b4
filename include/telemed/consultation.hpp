// Consultations and their electronic protocol (docs/consultation.md): the lifecycle as
// (snapshot, event) → snapshot, the protocol document, its canonical bytes (RFC 8785), its
// detached signature, the audit chain, and what is delivered to Госуслуги and the Social Fund.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::consultation {

/// Who signs a protocol: the built-in Ed25519 key, or an embedder's provider (a ГОСТ УКЭП of the
/// MIS's certified crypto provider). The library prepares the canonical bytes, calls `sign` once
/// with them, and records the algorithm, the key id and the certificate reference.
struct Signer {
    /// "Ed25519", or a name of rule `consultation.signature` ("GOST R 34.10-2012-256", …).
    std::string algorithm;
    /// The key's id, as the context's trusted signers (configuration `signers`) name it.
    std::string key_id;
    /// The signer's certificate reference; empty when there is none.
    std::string certificate;
    /// Signs the bytes; returns the raw signature, or an error that the operation returns.
    std::function<Result<std::string>(std::string_view message)> sign;
};

/// Applies one event to a consultation snapshot (JSON operation "consultation.apply"): input
/// {"state"?, "event"}, output {"applied", "status", "allowed_events", "state", …}.
Response apply(const Context& context, std::string_view json);

/// The protocol document of a completed consultation (JSON operation "protocol.build"): input
/// {"state"}, output {"protocol", "content_hash"}.
Response build_protocol(const Context& context, std::string_view json);

/// The RFC 8785 canonical text of any JSON value and its SHA-256 (JSON operation
/// "protocol.canonicalize"): input {"document"}, output {"canonical", "sha256"}.
Response canonicalize(const Context& context, std::string_view json);

/// Signs a protocol (JSON operation "protocol.sign"): input {"protocol"} or {"state"}, output
/// {"signature"}.
Response sign_protocol(const Context& context, std::string_view json, const Signer& signer);

/// Verifies a protocol's signature with the context's trusted signers (JSON operation
/// "protocol.verify"): input {"protocol", "signature"}, output {"valid", "result", …}.
Response verify_protocol(const Context& context, std::string_view json);

/// Verifies an audit chain (JSON operation "audit.verify"): input {"entries", "head"?} or
/// {"state"}, output {"valid", "entries", "head", "first_bad"?}.
Response verify_audit(const Context& context, std::string_view json);

/// The protocol as text or HTML, in Russian or English (JSON operation "protocol.render"): input
/// {"state", "format": "text" | "html", "language": "ru" | "en"}, output {"content"}.
Response render_protocol(const Context& context, std::string_view json);

/// What is delivered after signing (JSON operation "protocol.deliveries"): input {"state"},
/// output {"gosuslugi", "sfr"?}.
Response delivery_payloads(const Context& context, std::string_view json);

} // namespace telemed::consultation
