'use strict';
// Protocol signatures and keyed pseudonyms (docs/consultation.md, docs/identity.md): the
// operations that take a key or a callback beside their document.

const native = require('./native');
const call = require('./call');
const { liveContext, safetyNet } = require('./handles');

const { fn, koffi, types } = native;

/** TM_SIGNATURE_MAX_BYTES: the room an external signer gets for its signature. */
const SIGNATURE_MAX_BYTES = 1024;
/** Length of an Ed25519 seed and public key. */
const ED25519_BYTES = 32;

function bytesOf(value, what) {
  if (value instanceof Uint8Array) return call.encodeDocument(value);
  throw new TypeError(`${what} must be a Buffer or Uint8Array, not ${call.typeName(value)}`);
}

const keyStates = new WeakMap();

function freeKey(state) {
  if (state.handle !== null) {
    fn.tm_signing_key_free(state.handle);
    state.handle = null;
  }
}

const keyNet = safetyNet(freeKey);

/**
 * A built-in Ed25519 signing key (tm_signing_key) for Context.signProtocol. The library copies the
 * 32-byte seed and wipes its copy when the key is closed; wipe your own (seed.fill(0)).
 */
class SigningKey {
  /**
   * @param {Uint8Array} seed the 32-byte RFC 8032 private key
   * @param {string} keyId 1–64 bytes of UTF-8, as the context's trusted signers name the key
   * @param {string|null} [certificate] a certificate reference recorded in signatures
   */
  constructor(seed, keyId, certificate = null) {
    const secret = bytesOf(seed, 'seed');
    const id = call.cString(keyId, 'keyId');
    if (id === null) throw new TypeError('keyId must be a string');
    const cert = call.cString(certificate, 'certificate');
    const out = [null];
    call.check(fn.tm_signing_key_new(call.pointerArg(secret), secret.length, id, cert, out));
    const state = { handle: out[0] };
    keyStates.set(this, state);
    keyNet.register(this, state, this);
    /** The key id signatures carry. */
    this.keyId = id;
    /** The certificate reference signatures carry, or null. */
    this.certificate = cert;
  }

  /** The 32-byte Ed25519 public key, as the configuration "signers" lists it (base64). */
  get publicKey() {
    const buffer = Buffer.alloc(ED25519_BYTES);
    call.check(fn.tm_signing_key_public(keyHandle(this), buffer, buffer.length));
    return buffer;
  }

  /** Frees the key, wiping its secret (tm_signing_key_free). Idempotent; later use throws. */
  close() {
    keyNet.unregister(this);
    freeKey(keyStates.get(this));
  }

  /** True once close() ran. */
  get closed() {
    return keyStates.get(this).handle === null;
  }
}

/** The live handle of a key; throws when it is closed. */
function keyHandle(key) {
  const state = keyStates.get(key);
  if (state.handle === null) throw new Error('the telemed SigningKey is closed');
  return state.handle;
}

if (typeof Symbol.dispose === 'symbol') {
  SigningKey.prototype[Symbol.dispose] = SigningKey.prototype.close;
}

/**
 * tm_protocol_sign: the document {"protocol"} or {"state"} signed with a built-in key.
 * @returns {object} {"signature": {...}, ...}
 */
function signProtocol(context, key, document) {
  if (!(key instanceof SigningKey)) throw new TypeError(`key must be a telemed SigningKey, not ${call.typeName(key)}`);
  const data = call.encodeDocument(document);
  const { handle } = liveContext(context);
  return call.jsonCall(fn.tm_protocol_sign, [handle, call.pointerArg(data), data.length, keyHandle(key)]);
}

// The sign callback: never lets an exception reach C (koffi would return 0, a success); records
// it and reports a failure, which the library turns into TM_E_SIGNER.
function signCallback(signFn, failures) {
  return (userData, message, messageLength, signature, capacity, signatureLength) => {
    try {
      const length = Number(messageLength);
      const bytes = length > 0 ? Buffer.from(new Uint8Array(koffi.view(message, length))) : Buffer.alloc(0);
      const result = signFn(bytes);
      if (result && typeof result.then === 'function') {
        throw new TypeError('the signer returned a Promise; it must return the signature synchronously');
      }
      if (!(result instanceof Uint8Array)) {
        throw new TypeError(`the signer returned ${call.typeName(result)}, not a Buffer`);
      }
      const room = Number(capacity);
      if (result.length < 1 || result.length > room) {
        throw new RangeError(`the signer returned ${result.length} bytes; a signature holds 1 to ${room}`);
      }
      new Uint8Array(koffi.view(signature, room)).set(result);
      koffi.encode(signatureLength, 'size_t', result.length);
      return 0;
    } catch (error) {
      failures.push(error);
      return 1;
    }
  };
}

/**
 * tm_protocol_sign_external: the document signed by `signFn`, e.g. a certified ГОСТ provider.
 * @param {object} context
 * @param {(message: Buffer) => Uint8Array} signFn called once, synchronously, with the canonical bytes
 * @param {{algorithm: string, keyId: string, certificate?: string|null}} signer
 * @param {object|string|Buffer} document {"protocol"} or {"state"}
 * @returns {object}
 */
function signProtocolExternal(context, signFn, signer, document) {
  if (typeof signFn !== 'function') throw new TypeError(`signFn must be a function, not ${call.typeName(signFn)}`);
  if (signer === null || typeof signer !== 'object') throw new TypeError('signer must be {algorithm, keyId, certificate?}');
  const algorithm = call.cString(signer.algorithm, 'signer.algorithm');
  const keyId = call.cString(signer.keyId, 'signer.keyId');
  const certificate = call.cString(signer.certificate, 'signer.certificate');
  const data = call.encodeDocument(document);
  const { handle } = liveContext(context);
  const struct = {};
  call.check(fn.tm_external_signer_init(struct, native.VERSIONS.externalSigner));
  const failures = [];
  // Registered for this call only: the library calls back during it and keeps no pointer.
  const pointer = koffi.register(signCallback(signFn, failures), koffi.pointer(types.SignFn));
  try {
    Object.assign(struct, { algorithm, key_id: keyId, certificate, sign: pointer, user_data: null });
    const raw = call.invoke(fn.tm_protocol_sign_external, [handle, call.pointerArg(data), data.length, struct]);
    if (raw.status !== 0 && failures.length > 0) {
      throw call.errorOf(raw, { cause: failures[0] });
    }
    return call.settle(raw);
  } finally {
    koffi.unregister(pointer);
  }
}

/**
 * tm_identifier_pseudonym: keyed BLAKE2b pseudonyms of identifiers.
 * @param {object} context
 * @param {object|object[]|string|Buffer} document {"identifiers": [...]}, or the array itself
 * @param {Uint8Array|null} key the embedder's secret, 32–64 bytes (null sends NULL)
 * @returns {object}
 */
function pseudonyms(context, document, key) {
  const data = call.encodeDocument(Array.isArray(document) ? { identifiers: document } : document);
  const secret = key === null || key === undefined ? null : bytesOf(key, 'key');
  const { handle } = liveContext(context);
  return call.jsonCall(fn.tm_identifier_pseudonym, [handle, call.pointerArg(data), data.length,
    secret === null ? null : call.pointerArg(secret), secret === null ? 0 : secret.length]);
}

module.exports = {
  SIGNATURE_MAX_BYTES,
  SigningKey,
  signProtocol,
  signProtocolExternal,
  pseudonyms,
};
