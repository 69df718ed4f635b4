'use strict';
// Context: one tm_context. Its JSON methods are not written here: one method per operation the
// library lists with "by_name": true is generated at load from tm_operation_list and calls
// tm_call, so an operation added to the C library reaches Node with no change in this file. The
// operations that take binary data or callbacks are written by hand (readings.js, signing.js).

const native = require('./native');
const call = require('./call');
const readings = require('./readings');
const signing = require('./signing');
const { ClockRef, contextStates, liveContext, safetyNet } = require('./handles');

const { fn } = native;

function freeContext(state) {
  if (state.handle !== null) {
    fn.tm_context_free(state.handle);
    state.handle = null;
    if (state.clock) state.clock.release();
  }
}

const contextNet = safetyNet(freeContext);

/** Milliseconds since the epoch of a `now` option (Date or number). */
function clockMs(now) {
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError('now must be a Date or a finite number of milliseconds since 1970-01-01T00:00:00Z');
  }
  return Math.trunc(ms);
}

// The operations by name, for call() and the generated methods.
const byName = new Map(native.operations.map((op) => [op.name, op]));

/**
 * An immutable set of rule sets, time zone and clock for one medical organisation's setting
 * (tm_context). Close it with close(); a forgotten context is freed when it is garbage-collected.
 */
class Context {
  /**
   * @param {object} [options]
   * @param {string} [options.jurisdiction="RU"] "RU" or an ISO 3166-2 region such as "RU-NVS"
   * @param {string} [options.timeZone] IANA zone of the organisation; default: the region's
   * @param {object|string|Buffer} [options.config] configuration document (docs/rules.md)
   * @param {Date|number} [options.now] fixes the context's clock (tests, replays)
   */
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const { jurisdiction = 'RU', timeZone = null, config = null, now = null } = options;
    const opts = {};
    call.check(fn.tm_context_options_init(opts, native.VERSIONS.contextOptions));
    opts.jurisdiction = call.cString(jurisdiction, 'jurisdiction');
    opts.time_zone = call.cString(timeZone, 'timeZone');
    if (config !== null && config !== undefined) {
      const bytes = call.encodeDocument(config, 'config');
      opts.config_json = call.pointerArg(bytes);
      opts.config_json_len = bytes.length;
    }
    const clock = now === null || now === undefined ? null : new ClockRef(clockMs(now));
    if (clock) opts.clock = clock.pointer;
    const out = [null];
    const status = fn.tm_context_new(out, opts);
    if (status !== 0) {
      const error = call.errorOf({ status, error: native.lastErrorRaw(), text: null });
      if (clock) clock.release();
      throw error;
    }
    const state = { handle: out[0], clock };
    contextStates.set(this, state);
    contextNet.register(this, state, this);
  }

  /** Releases the context (tm_context_free). Idempotent; later calls throw. Open streams go on. */
  close() {
    const state = contextStates.get(this);
    contextNet.unregister(this);
    freeContext(state);
  }

  /** True once close() ran. */
  get closed() {
    return contextStates.get(this).handle === null;
  }

  /**
   * Calls the operation `name` by name (tm_call) with a document.
   * @param {string} name e.g. "eligibility.evaluate"
   * @param {object|string|Buffer} [document] omitted for the operations whose input is "none"
   * @returns {object} the output document; throws a TelemedError subclass on failure
   */
  call(name, document) {
    const operation = call.cString(name, 'name');
    if (operation === null) throw new TypeError('name must be a string');
    const known = byName.get(operation);
    let data = null;
    if (document !== undefined) {
      if (known && known.input === 'none') throw new TypeError(`${operation} takes no document`);
      data = call.encodeDocument(document);
    }
    const { handle } = liveContext(this);
    return call.jsonCall(fn.tm_call, [handle, operation, data === null ? null : call.pointerArg(data),
      data === null ? 0 : data.length]);
  }

  /** The context's settings and every rule set it holds (context.describe). */
  describe() {
    return this.call('context.describe');
  }

  /**
   * The typed batch (tm_readings_check): readings held as numbers; one result per reading.
   * @param {object[]} readingsList
   * @param {{patient?: object|string|Buffer}} [options]
   */
  readingsCheck(readingsList, options) {
    return readings.readingsCheck(this, readingsList, options);
  }

  /**
   * Decodes raw Bluetooth LE characteristic bytes (tm_reading_decode_ble_bytes).
   * @param {number|string} characteristic 0x2A35, 0x2A18, 0x2A34 (or "2A35")
   * @param {Uint8Array} bytes
   */
  decodeBleBytes(characteristic, bytes) {
    return readings.decodeBleBytes(this, characteristic, bytes);
  }

  /**
   * Opens an NDJSON stream of readings on this context.
   * @param {object|string|Buffer} [options] {"patient"?, "max_line_bytes"?, "duplicate_window"?}
   * @returns {readings.ReadingStream}
   */
  openReadingStream(options) {
    return new readings.ReadingStream(this, options);
  }

  /**
   * One result per line of an NDJSON source, as an async iterator.
   * @param {AsyncIterable|Iterable} source chunks (Buffer, Uint8Array, string), e.g. a Readable
   * @param {object|string|Buffer} [options] the stream's options
   */
  streamReadings(source, options) {
    return readings.streamReadings(this, source, options);
  }

  /**
   * Signs a protocol with a built-in Ed25519 key (tm_protocol_sign).
   * @param {signing.SigningKey} key
   * @param {object|string|Buffer} document {"protocol"} or {"state"}
   */
  signProtocol(key, document) {
    return signing.signProtocol(this, key, document);
  }

  /**
   * Signs a protocol by an external signer (tm_protocol_sign_external).
   * @param {(message: Buffer) => Uint8Array} signFn
   * @param {{algorithm: string, keyId: string, certificate?: string|null}} signer
   * @param {object|string|Buffer} document {"protocol"} or {"state"}
   */
  signProtocolExternal(signFn, signer, document) {
    return signing.signProtocolExternal(this, signFn, signer, document);
  }

  /**
   * Keyed pseudonyms of identifiers (tm_identifier_pseudonym).
   * @param {object|object[]|string|Buffer} document {"identifiers": [...]} or the array
   * @param {Uint8Array|null} key 32–64 bytes
   */
  pseudonyms(document, key) {
    return signing.pseudonyms(this, document, key);
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Context.prototype[Symbol.dispose] = Context.prototype.close;
}

/**
 * The method name of an operation: its words in camelCase ("sick_leave.close" → "sickLeaveClose").
 * @param {string} name
 * @returns {string}
 */
function methodName(name) {
  return name.split(/[._]/).filter(Boolean)
    .map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1)))
    .join('');
}

// One method on Context.prototype per by-name operation. A name that is not plain lower-case
// words, or that would shadow a hand-written member, stays reachable through call() only.
function generateMethods() {
  const generated = new Map();
  for (const op of native.operations) {
    if (!op.by_name || !/^[a-z][a-z0-9]*([._][a-z0-9]+)*$/.test(op.name)) continue;
    const method = methodName(op.name);
    if (method in Context.prototype) continue;
    const name = op.name;
    const body = op.input === 'none'
      ? function noDocument() {
        if (arguments.length > 0) throw new TypeError(`${method}() takes no document`);
        return this.call(name);
      }
      : function withDocument(document) {
        if (document === undefined) throw new TypeError(`${method}() needs a document`);
        return this.call(name, document);
      };
    Object.defineProperty(body, 'name', { value: method });
    Object.defineProperty(Context.prototype, method, { value: body, writable: true, configurable: true });
    generated.set(name, method);
  }
  return generated;
}

const generatedMethods = generateMethods();

/** The method names of the operations that take binary data or callbacks (by_name: false). */
const HAND_WRITTEN = new Map([
  ['readings.check', 'readingsCheck'],
  ['reading.decode_ble_bytes', 'decodeBleBytes'],
  ['readings.stream', 'openReadingStream'],
  ['protocol.sign', 'signProtocol'],
  ['protocol.sign_external', 'signProtocolExternal'],
  ['identifier.pseudonym', 'pseudonyms'],
]);

/**
 * The Context method that reaches an operation of the library's list, or null when it is
 * reachable through call() only.
 * @param {string} name
 * @returns {string|null}
 */
function methodFor(name) {
  return generatedMethods.get(name) || HAND_WRITTEN.get(name) || null;
}

module.exports = { Context, methodName, methodFor };
