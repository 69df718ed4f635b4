'use strict';
// The JSON model of the conformance runner (tests/conformance/runner.cpp reads vectors and outputs
// with Boost.JSON), so that this tool compares and sends exactly what the C runner does:
//
// - objects are Maps: member order is kept as written (a plain object would move "10" before "a");
// - an integer literal stays an integer, exact: a number when it is a safe integer, a BigInt up to
//   the 64-bit limits; a literal with a fraction or exponent (or beyond 64 bits) is a double, and a
//   double with an integral value (1.0, 1e21) is a Float, so that "1.0" is never taken for "1";
// - strings must be valid UTF-8 and escapes valid UTF-16 (no lone surrogates);
// - nesting deeper than 32 is an error (Boost's default max_depth);
// - duplicate keys are found, and the first is reported once the text has parsed;
// - serialize() writes what boost::json::serialize writes: doubles as Ryu does ("1.5E0", "1E2").

const MAX_DEPTH = 32;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** A double whose value is integral (or -0): kept apart from the integer of the same value. */
class Float {
  constructor(value) {
    this.value = value;
  }
}

class JsonSyntaxError extends Error {}

/** One RFC 6901 reference token. */
function pointerToken(key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Parses JSON text strictly.
 * @param {string} text
 * @returns {{value: any, duplicate: string|null}} the value and the pointer of the first
 *   duplicate key, if any
 */
function parse(text) {
  let pos = 0;
  let duplicate = null;
  const path = [];

  // Boost.JSON's messages: the end of the text is always "incomplete JSON".
  const fail = (what) => {
    throw new JsonSyntaxError(pos >= text.length ? 'incomplete JSON' : what);
  };
  const skipSpace = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos += 1;
    }
  };

  function value(depth) {
    skipSpace();
    const c = text[pos];
    if (c === '{') return object(depth + 1);
    if (c === '[') return array(depth + 1);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (text.startsWith('true', pos)) { pos += 4; return true; }
    if (text.startsWith('false', pos)) { pos += 5; return false; }
    if (text.startsWith('null', pos)) { pos += 4; return null; }
    return fail('syntax error');
  }

  function object(depth) {
    if (depth > MAX_DEPTH) fail('too deep');
    pos += 1;
    const map = new Map();
    skipSpace();
    if (text[pos] === '}') { pos += 1; return map; }
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') fail('syntax error');
      const key = string();
      if (map.has(key) && duplicate === null) {
        duplicate = path.map((p) => `/${typeof p === 'number' ? p : pointerToken(p)}`).join('') + `/${pointerToken(key)}`;
      }
      skipSpace();
      if (text[pos] !== ':') fail('syntax error');
      pos += 1;
      path.push(key);
      map.set(key, value(depth));
      path.pop();
      skipSpace();
      if (text[pos] === ',') { pos += 1; continue; }
      if (text[pos] === '}') { pos += 1; return map; }
      fail('syntax error');
    }
  }

  function array(depth) {
    if (depth > MAX_DEPTH) fail('too deep');
    pos += 1;
    const list = [];
    skipSpace();
    if (text[pos] === ']') { pos += 1; return list; }
    for (;;) {
      path.push(list.length);
      list.push(value(depth));
      path.pop();
      skipSpace();
      if (text[pos] === ',') { pos += 1; continue; }
      if (text[pos] === ']') { pos += 1; return list; }
      fail('syntax error');
    }
  }

  function hex4() {
    const digits = text.slice(pos, pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) fail('expected hex digit');
    pos += 4;
    return Number.parseInt(digits, 16);
  }

  function string() {
    pos += 1;
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('incomplete JSON');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos += 1;
        return out;
      }
      if (c < 0x20) fail('syntax error');
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw text came from a fatal UTF-8 decode, so only well-formed pairs reach here.
        pos += 2;
        continue;
      }
      if (c !== 0x5c) { pos += 1; continue; }
      out += text.slice(start, pos);
      pos += 1;
      const e = text[pos];
      pos += 1;
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) {
        out += simple;
      } else if (e === 'u') {
        const unit = hex4();
        if (unit >= 0xdc00 && unit <= 0xdfff) fail('illegal leading surrogate');
        if (unit >= 0xd800 && unit <= 0xdbff) {
          if (text[pos] !== '\\' || text[pos + 1] !== 'u') fail('expected utf16 escape');
          pos += 2;
          const low = hex4();
          if (low < 0xdc00 || low > 0xdfff) fail('illegal trailing surrogate');
          out += String.fromCharCode(unit, low);
        } else {
          out += String.fromCharCode(unit);
        }
      } else {
        fail('syntax error');
      }
      start = pos;
    }
  }

  function number() {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) fail('syntax error');
    const literal = match[0];
    pos += literal.length;
    if (match[2] === undefined && match[3] === undefined) {
      const big = BigInt(literal);
      if (big >= INT64_MIN && big <= UINT64_MAX) {
        return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
    }
    const double = Number(literal);
    return Number.isInteger(double) || Object.is(double, -0) || !Number.isFinite(double) ? new Float(double) : double;
  }

  const result = value(0);
  skipSpace();
  if (pos !== text.length) fail('extra data');
  return { value: result, duplicate };
}

/**
 * Parses UTF-8 bytes strictly (invalid UTF-8 is an error, as in Boost.JSON).
 * @param {Uint8Array} bytes
 */
function parseBytes(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new JsonSyntaxError('syntax error');
  }
  return parse(text);
}

const isNumber = (v) => typeof v === 'number' || typeof v === 'bigint' || v instanceof Float;
const isInteger = (v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
const isObject = (v) => v instanceof Map;
const toDouble = (v) => (v instanceof Float ? v.value : Number(v));

/** True for an integer that fits int64 (Boost's is_int64: uint64 values above it are not). */
function isInt64(v) {
  return isInteger(v) && BigInt(v) <= 2n ** 63n - 1n;
}

/** numbers_equal of the runner: integers exactly, anything else as doubles. */
function numbersEqual(a, b) {
  if (isInteger(a) && isInteger(b)) return BigInt(a) === BigInt(b);
  return toDouble(a) === toDouble(b);
}

/** Ryu's d2s form, as Boost.JSON writes a double: shortest digits, "E", no "+". */
function formatDouble(d) {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? '1e99999' : '-1e99999';
  const sign = d < 0 || Object.is(d, -0) ? '-' : '';
  const [mantissa, exponent] = Math.abs(d).toExponential().split('e');
  return `${sign}${mantissa}E${exponent.replace('+', '')}`;
}

function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      out += { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' }[c] || `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** boost::json::serialize of a value of this model (compact). */
function serialize(v) {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Float) return formatDouble(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatDouble(v);
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  if (v instanceof Map) {
    return `{${[...v].map(([k, x]) => `${quote(k)}:${serialize(x)}`).join(',')}}`;
  }
  throw new TypeError(`not a JSON value: ${typeof v}`);
}

/** A deep copy (the runner copies values it inserts). */
function clone(v) {
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, clone(x)]));
  return v;
}

/** Structural equality (Boost's value ==), numbers by numbersEqual. */
function equal(a, b) {
  if (isNumber(a) && isNumber(b)) return numbersEqual(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a instanceof Map) {
    return b instanceof Map && a.size === b.size && [...a].every(([k, x]) => b.has(k) && equal(x, b.get(k)));
  }
  return a === b;
}

/**
 * RFC 6901: the value at `pointer`, or undefined when there is none.
 * @param {any} root
 * @param {string} pointer
 */
function findPointer(root, pointer) {
  if (pointer === '') return root;
  if (pointer[0] !== '/') return undefined;
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    if (/~[^01]|~$/.test(raw)) return undefined;
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node instanceof Map) {
      if (!node.has(token)) return undefined;
      node = node.get(token);
    } else if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length) return undefined;
      node = node[Number(token)];
    } else {
      return undefined;
    }
  }
  return node;
}

/** A plain JS value (objects, Numbers) of a model value, for the binding's public API. */
function toPlain(v) {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]));
  if (v instanceof Float) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

module.exports = {
  Float,
  JsonSyntaxError,
  parse,
  parseBytes,
  serialize,
  clone,
  equal,
  findPointer,
  isNumber,
  isInteger,
  isInt64,
  isObject,
  numbersEqual,
  pointerToken,
  toPlain,
  formatDouble,
};
