'use strict';

// The telemed library, through its Node binding. Only the generic part of the binding is used
// (Context, ctx.call(operation, document), SigningKey, ctx.signProtocol, TelemedError), so the bot
// follows the C API's operation names one for one (docs/conformance.md lists them).

const crypto = require('node:crypto');
const path = require('node:path');

const BINDING_PATH = path.join(__dirname, '..', '..', '..', 'bindings', 'node');

// The demo doctor's Ed25519 seed (32 bytes, hex). A real deployment signs with the MIS's
// certified provider (УКЭП, docs/consultation.md); this key only makes the demo's protocol signed.
const DEMO_SEED_HEX = '4d41582d626f742d64656d6f2d646f63746f722d7365656400000000000000aa';
const DEMO_KEY_ID = 'max-bot-demo-doctor';

function loadBinding(libraryPath) {
  if (libraryPath) {
    // The binding finds the shared library by this variable (as the Python binding does).
    process.env.TELEMED_LIBRARY = libraryPath;
  }
  return require(BINDING_PATH);
}

// The raw 32-byte Ed25519 public key of a seed, base64, as the configuration's `signers` wants it.
function ed25519PublicKey(seed) {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const jwk = crypto.createPublicKey(key).export({ format: 'jwk' });
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

// A refusal as the conversation reads it: the library's code, pointer, rule and Russian text.
function refusal(error) {
  return {
    code: error.code || '',
    pointer: error.pointer || '',
    ruleId: error.ruleId || '',
    messageRu: error.messageRu || '',
    report: error.report || null,
  };
}

class Library {
  constructor({ libraryPath, signingSeedHex, signingKeyId } = {}) {
    this.telemed = loadBinding(libraryPath);
    this.seed = Buffer.from(signingSeedHex || DEMO_SEED_HEX, 'hex');
    if (this.seed.length !== 32) {
      throw new Error('The signing seed must be 32 bytes (64 hex digits)');
    }
    this.keyId = signingKeyId || DEMO_KEY_ID;
    this.publicKey = ed25519PublicKey(this.seed);
    this.zones = new Map();
  }

  // The context configuration: the demo doctor's key is a trusted signer, so that the
  // consultation accepts the protocol's signature (sign_protocol checks it).
  config() {
    return { signers: { keys: [{ key_id: this.keyId, public_key: this.publicKey }] } };
  }

  // Runs fn with a context of the organisation's jurisdiction whose clock reads `now`. A context
  // is immutable, so a fresh one per update keeps every decision on the update's own instant.
  withContext(organisation, now, fn) {
    const ctx = new this.telemed.Context({
      jurisdiction: organisation.jurisdiction,
      config: this.config(),
      now: new Date(now),
    });
    try {
      return fn(new Session(this, ctx));
    } finally {
      if (typeof ctx.close === 'function') {
        ctx.close();
      }
    }
  }

  // The organisation's IANA zone, as the library's regions rule set gives it.
  timeZone(organisation, now) {
    if (!this.zones.has(organisation.jurisdiction)) {
      const zone = this.withContext(organisation, now, (lib) => lib.call('context.describe').time_zone);
      this.zones.set(organisation.jurisdiction, zone);
    }
    return this.zones.get(organisation.jurisdiction);
  }

  isTelemedError(error) {
    return error instanceof this.telemed.TelemedError;
  }
}

// One context's calls.
class Session {
  constructor(library, ctx) {
    this.library = library;
    this.ctx = ctx;
  }

  call(operation, document) {
    return document === undefined ? this.ctx.call(operation) : this.ctx.call(operation, document);
  }

  // {ok: true, output} or {ok: false, refusal}; only the library's own refusals are caught.
  attempt(operation, document) {
    try {
      return { ok: true, output: this.call(operation, document) };
    } catch (error) {
      if (!this.library.isTelemedError(error)) {
        throw error;
      }
      return { ok: false, refusal: refusal(error) };
    }
  }

  // The protocol of a completed consultation, signed with the demo doctor's key.
  sign(state) {
    const { SigningKey } = this.library.telemed;
    const key = new SigningKey(Buffer.from(this.library.seed), this.library.keyId);
    try {
      return this.ctx.signProtocol(key, { state }).signature;
    } finally {
      if (typeof key.close === 'function') {
        key.close();
      }
    }
  }
}

module.exports = { Library, ed25519PublicKey, DEMO_KEY_ID };
