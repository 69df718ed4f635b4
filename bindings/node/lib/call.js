'use strict';
// One way to call a C function that writes an output buffer (char** out_json, size_t* out_len):
// call, copy tm_error_last() at once when it failed, read the output, and release it with
// tm_string_free in a finally. Public methods settle the raw result (parse or throw); the
// conformance tool observes the raw results of the same calls (capture).

const native = require('./native');
const errors = require('./errors');

const { fn } = native;

// A one-byte buffer sent with length 0: koffi passes an empty Buffer as NULL, which the library
// would refuse as a NULL argument instead of reading an empty document.
const EMPTY = Buffer.alloc(1);

/**
 * A JSON document as the bytes to send: a Buffer or Uint8Array as is (so malformed bytes reach the
 * library), a string as UTF-8, an object or array through JSON.stringify.
 * @param {object|string|Uint8Array} document
 * @param {string} [what] name used in a TypeError
 * @returns {Buffer}
 */
function encodeDocument(document, what = 'document') {
  if (Buffer.isBuffer(document)) return document;
  if (document instanceof Uint8Array) return Buffer.from(document.buffer, document.byteOffset, document.byteLength);
  if (typeof document === 'string') return Buffer.from(document, 'utf8');
  if (document !== null && typeof document === 'object') {
    return Buffer.from(JSON.stringify(document), 'utf8');
  }
  throw new TypeError(`${what} must be an object, an array, a JSON string or a Buffer, not ${typeName(document)}`);
}

/** The pointer argument for `bytes` (never NULL for an empty buffer; see EMPTY). */
function pointerArg(bytes) {
  return bytes.length === 0 ? EMPTY : bytes;
}

/** What a value is, for a TypeError message ("null", "an array", "number"). */
function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * A string argument passed as const char*: a NUL inside would cut it silently in C.
 * @param {string|null|undefined} value
 * @param {string} what
 * @returns {string|null}
 */
function cString(value, what) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, not ${typeName(value)}`);
  if (value.includes('\0')) throw new TypeError(`${what} must not contain NUL characters`);
  return value;
}

// ---- Capture: lets the conformance tool see each call's raw result (status, bytes, error). ----

let capture = null;

/**
 * Runs `body` and returns what it returned or threw, plus the raw results of every telemed call
 * with an output buffer made meanwhile (for contract checks; see tools/conformance.js).
 * @param {() => any} body
 * @returns {{value: any, error: any, raws: object[]}}
 */
function captureRaw(body) {
  const previous = capture;
  const raws = [];
  capture = raws;
  try {
    return { value: body(), error: null, raws };
  } catch (error) {
    return { value: undefined, error, raws };
  } finally {
    capture = previous;
  }
}

/**
 * Calls `cFunction(...args, &out, &out_len)`. Returns {status, error, text, output, outLen,
 * stringLength, errorRaw}: `error` is a copy of tm_error_last() taken right after a failure (null
 * on success), `text` the output decoded from UTF-8 (null when there was none). Under capture, the
 * output's exact bytes (`output`), its strlen and the last error after a success are kept too.
 * @param {Function} cFunction a koffi function whose last two parameters are the outputs
 * @param {any[]} args the other arguments
 */
function invoke(cFunction, args) {
  const out = [null];
  const outLen = [0];
  const status = cFunction(...args, out, outLen);
  // Copied before anything else touches the thread's last error.
  const errorRaw = status !== 0 || capture !== null ? native.lastErrorRaw() : null;
  const length = Number(outLen[0]);
  let text = null;
  let output = null;
  let stringLength = null;
  try {
    if (out[0] !== null) {
      // Decoding in place is several times faster than copying the bytes out first.
      text = native.koffi.decode.string(out[0], length);
      if (capture !== null) {
        output = native.copyOut(out[0], length);
        stringLength = native.cStringLength(out[0]);
      }
    }
  } finally {
    fn.tm_string_free(out[0]);
  }
  const raw = { status, error: status !== 0 ? errorRaw : null, errorRaw, text, output, outLen: length, stringLength };
  if (capture !== null) capture.push(raw);
  return raw;
}

/** The error of a raw failed result; `report` is its parsed output when it had one. */
function errorOf(raw, options = undefined) {
  const report = raw.text !== null && raw.text !== undefined ? JSON.parse(raw.text) : null;
  return errors.fromRaw(raw.status, statusName(raw.status), raw.error, report, options);
}

/**
 * A raw result as the caller sees it: the parsed document, or the mapped TelemedError thrown.
 * @returns {object}
 */
function settle(raw) {
  if (raw.status !== 0) throw errorOf(raw);
  if (raw.text === null) {
    throw errors.fromRaw(11, statusName(11), { message_en: 'the call succeeded but returned no output' });
  }
  // JSON.parse: integers beyond 2^53 lose precision (see README, "Numbers").
  return JSON.parse(raw.text);
}

/** The NDJSON text of a stream call, or the mapped TelemedError thrown. */
function settleText(raw) {
  if (raw.status !== 0) throw errorOf(raw);
  return raw.text === null ? '' : raw.text;
}

/** @returns {object} the document of a JSON-out call, or throws its TelemedError. */
function jsonCall(cFunction, args) {
  return settle(invoke(cFunction, args));
}

const statusNames = new Map();

/** tm_status_name(status), cached: the names never change. */
function statusName(status) {
  let name = statusNames.get(status);
  if (name === undefined) {
    name = fn.tm_status_name(status);
    statusNames.set(status, name);
  }
  return name;
}

/** Throws the TelemedError of a failed call that has no output buffer (constructors, keys). */
function check(status) {
  if (status !== 0) throw errors.fromRaw(status, statusName(status), native.lastErrorRaw());
}

module.exports = {
  encodeDocument,
  pointerArg,
  cString,
  typeName,
  captureRaw,
  invoke,
  settle,
  settleText,
  errorOf,
  jsonCall,
  statusName,
  check,
};
