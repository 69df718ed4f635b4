#!/usr/bin/env node
'use strict';
// Runs the conformance vectors (tests/conformance/vectors, docs/conformance.md) through the Node
// binding, with the semantics of the C runner (tests/conformance/runner.cpp): a context made from
// each case's setting, the expected status, the subset rule for the output and the error, the C
// API contract checks, "then" chains with their inserts, and the adapters of
// tests/robustness/conformance_cases.hpp for readings.stream, protocol.sign and
// identifier.pseudonym. Operations come from the library's own list (tm_operation_list).
//
// Usage: node tools/conformance.js [-v] FILE_OR_DIR...
// Output: one line per failing case, then "N passed, N failed". Exit 0 only when nothing failed
// and at least one case ran; 1 otherwise; 2 for a usage error.

const fs = require('node:fs');
const path = require('node:path');
const telemed = require('..');
const native = require('../lib/native');
const call = require('../lib/call');
const { liveContext } = require('../lib/handles');
const json = require('./json');

const { fn, koffi } = native;
const CONTEXT_NEW = 'context.new';
const TM_OK = 0;
const TM_E_VALIDATION = 6;
const TM_E_INVALID_ARGUMENT = 1;

/** A vector file or case that breaks the format. */
class FormatError extends Error {}

// ---- Small helpers (as in runner.cpp) ----

/** The JSON of a value, cut at 300 bytes. */
function show(v) {
  let text = json.serialize(v);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > 300) text = `${bytes.subarray(0, 300).toString('utf8')}...`;
  return text;
}

const jsonString = (s) => json.serialize(s);

/** The status names the library knows, asked from the library (tm_status_name). */
const knownStatusNames = (() => {
  const names = new Set();
  for (let i = 0; i < 256; i += 1) {
    const name = call.statusName(i);
    if (name === 'TM_E_UNKNOWN') break;
    names.add(name);
  }
  return names;
})();

/** "now": YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) → ms since the epoch; null when malformed. */
function parseInstantMs(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (h > 23 || mi > 59 || sec > 59) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const base = new Date(0);
  base.setUTCFullYear(y, mo - 1, d);
  if (base.getUTCFullYear() !== y || base.getUTCMonth() !== mo - 1 || base.getUTCDate() !== d) return null;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base.getTime() + ((h * 60 + mi) * 60 + sec) * 1000 + millis - offset * 60000;
}

// ---- Operations: the library's list, with the adapters for the typed-only ones ----

const ADAPTERS = new Map([
  ['readings.stream', readingsStream],
  ['protocol.sign', protocolSign],
  ['identifier.pseudonym', identifierPseudonym],
]);

const OPERATIONS = (() => {
  const table = new Map();
  for (const entry of telemed.operations()) {
    const adapter = ADAPTERS.get(entry.name) || null;
    if (!adapter && !entry.by_name) continue; // typed only, and no vector drives it
    table.set(entry.name, { name: entry.name, takesDocument: entry.input !== 'none', adapter });
  }
  return table;
})();

// ---- One call ----

/** tm_error_last() as the runner's error object; `result.contract` notes a NULL. */
function lastErrorObject(result) {
  const pointer = fn.tm_error_last();
  if (pointer === null) {
    result.contract = 'tm_error_last() returned NULL';
    return new Map();
  }
  const e = koffi.decode(pointer, native.types.TmError);
  const text = (name) => {
    if (e[name] === null && !result.contract) result.contract = `tm_error_last()->${name} is NULL`;
    return e[name] === null ? '' : e[name];
  };
  const error = new Map([['status', call.statusName(e.status)]]);
  for (const name of ['code', 'pointer', 'rule_id', 'message_en', 'message_ru']) error.set(name, text(name));
  return error;
}

function describeError(error) {
  const field = (key) => (error.has(key) ? show(error.get(key)) : '?');
  return `code=${field('code')} pointer=${field('pointer')} rule_id=${field('rule_id')}`;
}

const hasArray = (v, key) => v instanceof Map && Array.isArray(v.get(key));

// The rules of docs/c-api.md for every call with an output buffer.
function checkOutputContract(rc, isOperation, output, error) {
  const name = call.statusName(rc);
  const documentExpected = rc === TM_OK || (isOperation && rc === TM_E_VALIDATION);
  if (!documentExpected) return output !== undefined ? `an output document came with ${name}` : '';
  if (output === undefined) return `no output document with ${name}`;
  if (!(output instanceof Map)) return 'the output is not a JSON object';
  if (!isOperation) return '';
  for (const key of ['rule_sets', 'trace']) {
    if (!hasArray(output, key)) return `the output has no "${key}" array`;
  }
  if (rc !== TM_E_VALIDATION) return '';
  if (!hasArray(output, 'problems')) return 'the report has no "problems" array';
  for (const p of output.get('problems')) {
    const severity = p instanceof Map ? p.get('severity') : undefined;
    if (severity !== 'error') continue;
    const code = p.get('code');
    const pointer = p.get('pointer');
    if (code === undefined || pointer === undefined || !json.equal(code, error.get('code')) ||
        !json.equal(pointer, error.get('pointer'))) {
      return `tm_error_last() (${describeError(error)}) is not the report's first error ${show(p)}`;
    }
    return '';
  }
  return 'TM_E_VALIDATION with no problem of severity "error" in the report';
}

/**
 * Runs `body` (one binding call) and turns what it gave into the raw outcome of the C call: its
 * status, output bytes and length. A TelemedError is a status; anything else is a defect.
 */
function outcomeOf(body) {
  const { error, raws } = call.captureRaw(body);
  if (error !== null && !(error instanceof telemed.TelemedError)) throw error;
  const raw = raws[raws.length - 1];
  if (raw !== undefined) return { rc: raw.status, output: raw.output, outLen: raw.outLen, stringLength: raw.stringLength };
  // A failure before any output call (a key that could not be made): the status alone.
  return { rc: error ? error.status : TM_OK, output: null, outLen: 0, stringLength: null };
}

/** A document the adapter built, handed out as the C adapters do (malloc'd, NUL-terminated). */
function handOut(document) {
  const bytes = Buffer.from(json.serialize(document), 'utf8');
  return { rc: TM_OK, output: bytes, outLen: bytes.length, stringLength: bytes.length };
}

/** One operation on a context, with the contract checks (runner.cpp, call()). */
function runCall(context, op, input) {
  let outcome;
  if (op.adapter) {
    outcome = op.adapter(context, input);
  } else {
    outcome = outcomeOf(() => (op.takesDocument ? context.call(op.name, input) : context.call(op.name)));
  }
  const result = { rc: outcome.rc, error: null, output: undefined, contract: '' };
  result.error = lastErrorObject(result);
  if (outcome.output !== null) {
    if (outcome.stringLength !== outcome.outLen) {
      result.contract = `*out_len is ${outcome.outLen} but the output has ${outcome.stringLength} bytes`;
    } else {
      try {
        result.output = json.parseBytes(outcome.output).value;
      } catch (err) {
        result.contract = `the output is not valid JSON: ${err.message}`;
      }
    }
  } else if (outcome.outLen !== 0 && !result.contract) {
    result.contract = `no output but *out_len is ${outcome.outLen}`;
  }
  if (!result.contract) {
    result.contract = checkOutputContract(result.rc, op.takesDocument, result.output, result.error);
  }
  return result;
}

// ---- The adapters (tests/robustness/conformance_cases.hpp), over the binding's public API ----

function fromHex(hex) {
  return /^([0-9a-fA-F]{2})*$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

function parsedObject(input) {
  try {
    const { value } = json.parseBytes(input);
    return value instanceof Map ? value : null;
  } catch {
    return null;
  }
}

/** The status of an invalid adapter input, set through the C API itself as the C adapters do. */
function invalidArgument(cFunction, args) {
  return { rc: cFunction(...args), output: null, outLen: 0, stringLength: null };
}

// "readings.stream": {"options"?, "ndjson", "chunk_sizes"?} → open, feed in chunks, finish.
function readingsStream(context, input) {
  const handle = liveContext(context).handle;
  const invalid = () => invalidArgument(fn.tm_reading_stream_open, [handle, null, 0, null]);
  const o = parsedObject(input);
  if (o === null) return invalid();
  for (const key of o.keys()) {
    if (!['options', 'ndjson', 'chunk_sizes'].includes(key)) return invalid();
  }
  const ndjson = o.get('ndjson');
  if (typeof ndjson !== 'string') return invalid();
  const options = o.has('options') ? Buffer.from(json.serialize(o.get('options')), 'utf8') : undefined;
  const sizes = [];
  if (o.has('chunk_sizes')) {
    const list = o.get('chunk_sizes');
    if (!Array.isArray(list) || list.length === 0) return invalid();
    for (const n of list) {
      if (!json.isInt64(n) || n < 1) return invalid();
      sizes.push(Number(n));
    }
  }
  let stream;
  try {
    stream = context.openReadingStream(options);
  } catch (error) {
    if (!(error instanceof telemed.TelemedError)) throw error;
    if (error.status !== TM_E_VALIDATION) return { rc: error.status, output: null, outLen: 0, stringLength: null };
    // The report of a bad option, built from the error.
    const e = native.lastErrorRaw();
    const problem = new Map([['code', e.code], ['severity', 'error'], ['pointer', e.pointer], ['rule', e.rule_id],
      ['message', new Map([['en', e.message_en], ['ru', e.message_ru]])]]);
    const report = handOut(new Map([['problems', [problem]], ['rule_sets', []], ['trace', []]]));
    return { ...report, rc: error.status };
  }
  let lines = '';
  try {
    const bytes = Buffer.from(ndjson, 'utf8');
    for (let k = 0, pos = 0; pos < bytes.length; k += 1) {
      const size = sizes.length ? sizes[k % sizes.length] : bytes.length;
      const n = Math.min(size, bytes.length - pos);
      lines += stream.feedNdjson(bytes.subarray(pos, pos + n));
      pos += n;
    }
    lines += stream.finishNdjson();
  } catch (error) {
    if (!(error instanceof telemed.TelemedError)) throw error;
    return { rc: error.status, output: null, outLen: 0, stringLength: null };
  } finally {
    stream.close();
  }
  const results = [];
  for (let start = 0; start < lines.length;) {
    let end = lines.indexOf('\n', start);
    if (end < 0) end = lines.length;
    const line = lines.slice(start, end);
    try {
      results.push(json.parse(line).value);
    } catch {
      results.push(line);
    }
    start = end + 1;
  }
  return handOut(new Map([['results', results], ['rule_sets', []], ['trace', []]]));
}

// "protocol.sign": the document plus "key": {"seed", "key_id", "certificate"?} (a built-in key) or
// "external": {"algorithm", "key_id", "certificate"?, "signature_hex", "result"?} (a signer that
// returns fixed bytes, or fails).
function protocolSign(context, input) {
  const invalid = () => invalidArgument(fn.tm_signing_key_new, [null, 0, null, null, null]);
  const o = parsedObject(input);
  if (o === null) return invalid();
  const text = (from, key) => (typeof from.get(key) === 'string' ? from.get(key) : null);
  const keySpec = o.get('key');
  if (keySpec instanceof Map) {
    const seedHex = text(keySpec, 'seed');
    const keyId = text(keySpec, 'key_id');
    const seed = seedHex === null ? null : fromHex(seedHex);
    if (seed === null || keyId === null) return invalid();
    o.delete('key');
    const document = Buffer.from(json.serialize(o), 'utf8');
    let key;
    try {
      key = new telemed.SigningKey(seed, keyId, text(keySpec, 'certificate'));
    } catch (error) {
      if (!(error instanceof telemed.TelemedError)) throw error;
      return { rc: error.status, output: null, outLen: 0, stringLength: null };
    }
    try {
      return outcomeOf(() => context.signProtocol(key, document));
    } finally {
      key.close();
    }
  }
  const external = o.get('external');
  if (!(external instanceof Map)) return invalid();
  const algorithm = text(external, 'algorithm');
  const keyId = text(external, 'key_id');
  const signatureHex = text(external, 'signature_hex');
  const signature = signatureHex === null ? null : fromHex(signatureHex);
  if (algorithm === null || keyId === null || signature === null) return invalid();
  let result = 0;
  if (external.has('result')) {
    if (!json.isInt64(external.get('result'))) return invalid();
    result = Number(external.get('result'));
  }
  o.delete('external');
  const document = Buffer.from(json.serialize(o), 'utf8');
  // The signer "signs" by returning fixed bytes, as a ГОСТ provider returns its signature, or fails.
  const signFn = () => {
    if (result !== 0) throw new Error(`the fixed signer fails with ${result}`);
    return signature;
  };
  const signer = { algorithm, keyId, certificate: text(external, 'certificate') };
  return outcomeOf(() => context.signProtocolExternal(signFn, signer, document));
}

// "identifier.pseudonym": the key as "key_hex", taken out of the document; without it, NULL.
function identifierPseudonym(context, input) {
  const o = parsedObject(input);
  const keyHex = o === null ? undefined : o.get('key_hex');
  const key = typeof keyHex === 'string' ? fromHex(keyHex) : null;
  if (key === null) return outcomeOf(() => context.pseudonyms(input, null));
  o.delete('key_hex');
  const document = Buffer.from(json.serialize(o), 'utf8');
  return outcomeOf(() => context.pseudonyms(document, key));
}

// ---- The subset rule ----

function matchSubset(expected, actual, pointer) {
  const differ = () => ({ pointer, expected: show(expected), actual: show(actual) });
  if (expected instanceof Map) {
    if (!(actual instanceof Map)) return differ();
    for (const [key, value] of expected) {
      const at = `${pointer}/${json.pointerToken(key)}`;
      if (!actual.has(key)) return { pointer: at, expected: show(value), actual: '(absent)' };
      const m = matchSubset(value, actual.get(key), at);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return differ();
    if (expected.length !== actual.length) {
      return { pointer, expected: `an array of ${expected.length}: ${show(expected)}`, actual: `an array of ${actual.length}: ${show(actual)}` };
    }
    for (let i = 0; i < expected.length; i += 1) {
      const m = matchSubset(expected[i], actual[i], `${pointer}/${i}`);
      if (m) return m;
    }
    return null;
  }
  if (json.isNumber(expected) && json.isNumber(actual)) {
    return json.numbersEqual(expected, actual) ? null : differ();
  }
  return json.equal(expected, actual) ? null : differ();
}

// ---- Reading a case strictly ----

const CASE_KEYS = new Set(['id', 'description', 'operation', 'now', 'jurisdiction', 'time_zone', 'config', 'input',
  'input_text', 'expect', 'then']);
const THEN_KEYS = new Set(['operation', 'input', 'insert', 'expect']);
const EXPECT_KEYS = new Set(['status', 'output', 'error']);

function requiredString(o, key, where) {
  if (!o.has(key)) throw new FormatError(`${where}: "${key}" is missing`);
  if (typeof o.get(key) !== 'string') throw new FormatError(`${where}: "${key}" must be a string`);
  return o.get(key);
}

function optionalString(o, key, where) {
  return o.has(key) ? requiredString(o, key, where) : null;
}

function rejectUnknownKeys(o, allowed, where) {
  for (const key of o.keys()) {
    if (!allowed.has(key)) throw new FormatError(`${where}: unknown key "${key}"`);
  }
}

function readExpectation(e, contextNewCase) {
  rejectUnknownKeys(e, EXPECT_KEYS, 'expect');
  const x = { status: requiredString(e, 'status', 'expect'), output: undefined, error: undefined };
  if (!knownStatusNames.has(x.status)) throw new FormatError(`expect: unknown status ${jsonString(x.status)}`);
  if (e.has('output')) {
    if (contextNewCase) throw new FormatError('expect: context.new has no output');
    x.output = e.get('output');
  }
  if (e.has('error')) {
    if (!(e.get('error') instanceof Map)) throw new FormatError('expect: "error" must be an object');
    x.error = e.get('error');
  }
  return x;
}

function readThen(v, index) {
  if (!(v instanceof Map)) throw new FormatError('case: "then" must be an object or an array of objects');
  rejectUnknownKeys(v, THEN_KEYS, 'then');
  const operation = requiredString(v, 'operation', 'then');
  const op = OPERATIONS.get(operation);
  if (!op || !op.takesDocument) throw new FormatError(`then: ${jsonString(operation)} is not an operation on a document`);
  if (!(v.get('input') instanceof Map)) throw new FormatError('then: "input" must be an object');
  const inserts = v.get('insert');
  if (!Array.isArray(inserts) || inserts.length === 0) throw new FormatError('then: "insert" must be a non-empty array');
  const list = inserts.map((item) => {
    if (!(item instanceof Map)) throw new FormatError('then: an insert must be an object');
    rejectUnknownKeys(item, new Set(['from', 'to', 'step']), 'then.insert');
    const insert = { from: requiredString(item, 'from', 'then.insert'), to: requiredString(item, 'to', 'then.insert'), step: null };
    if (item.has('step')) {
      const step = item.get('step');
      if (!json.isInt64(step) || step < 0 || Number(step) >= index) {
        throw new FormatError('then.insert: "step" must name an earlier call');
      }
      insert.step = Number(step);
    }
    return insert;
  });
  const expect = v.get('expect');
  if (!(expect instanceof Map)) throw new FormatError('then: "expect" must be an object');
  return { operation: op, input: v.get('input'), inserts: list, expect: readExpectation(expect, false) };
}

function readCase(o) {
  rejectUnknownKeys(o, CASE_KEYS, 'case');
  const c = { id: requiredString(o, 'id', 'case') };
  if (c.id === '') throw new FormatError('case: "id" is empty');
  optionalString(o, 'description', 'case');
  c.operation = requiredString(o, 'operation', 'case');
  const op = OPERATIONS.get(c.operation) || null;
  if (op === null && c.operation !== CONTEXT_NEW) throw new FormatError(`case: unknown operation ${jsonString(c.operation)}`);
  c.op = op;
  const now = requiredString(o, 'now', 'case');
  c.nowMs = parseInstantMs(now);
  if (c.nowMs === null) throw new FormatError(`case: "now" is not an RFC 3339 instant with an offset: ${jsonString(now)}`);
  c.jurisdiction = requiredString(o, 'jurisdiction', 'case');
  c.timeZone = optionalString(o, 'time_zone', 'case');
  if (c.jurisdiction === 'RU' && c.timeZone === null && c.operation !== CONTEXT_NEW) {
    throw new FormatError('case: a federal ("RU") case needs "time_zone"');
  }
  c.config = null;
  if (o.has('config')) {
    if (!(o.get('config') instanceof Map)) throw new FormatError('case: "config" must be an object');
    c.config = Buffer.from(json.serialize(o.get('config')), 'utf8');
  }
  const takesDocument = op !== null && op.takesDocument;
  if (o.has('input') && o.has('input_text')) throw new FormatError('case: give "input" or "input_text", not both');
  c.input = null;
  if (o.has('input') || o.has('input_text')) {
    if (!takesDocument) throw new FormatError(`case: ${c.operation} takes no input`);
    c.input = Buffer.from(o.has('input') ? json.serialize(o.get('input')) : requiredString(o, 'input_text', 'case'), 'utf8');
  } else if (takesDocument) {
    throw new FormatError(`case: ${c.operation} needs "input" or "input_text"`);
  }
  if (!(o.get('expect') instanceof Map)) throw new FormatError('case: "expect" must be an object');
  c.expect = readExpectation(o.get('expect'), c.operation === CONTEXT_NEW);
  c.then = [];
  if (o.has('then')) {
    if (!takesDocument) throw new FormatError('case: "then" follows an operation on a document only');
    const then = o.get('then');
    if (Array.isArray(then)) {
      if (then.length === 0) throw new FormatError('case: "then" must not be empty');
      for (const step of then) c.then.push(readThen(step, c.then.length + 1));
    } else {
      c.then.push(readThen(then, 1));
    }
  }
  return c;
}

// ---- Running a case ----

function checkResult(expect, r) {
  const status = call.statusName(r.rc);
  if (status !== expect.status) {
    let what = `status: expected ${expect.status}, got ${status}`;
    if (r.rc !== TM_OK && !r.contract) what += ` (${describeError(r.error)})`;
    return what;
  }
  if (r.contract) return `contract: ${r.contract}`;
  if (r.error.get('status') !== status) {
    return `contract: tm_error_last()->status is ${show(r.error.get('status'))} after a call that returned ${status}`;
  }
  if (expect.output !== undefined) {
    if (r.output === undefined) return 'output: expected a document, got none';
    const m = matchSubset(expect.output, r.output, '');
    if (m) return `output at "${m.pointer}": expected ${m.expected}, got ${m.actual}`;
  }
  if (expect.error !== undefined) {
    const m = matchSubset(expect.error, r.error, '');
    if (m) return `error at "${m.pointer}": expected ${m.expected}, got ${m.actual}`;
  }
  return '';
}

/** The context of a case's setting, made through the binding's Context with a fixed clock. */
function makeContext(c) {
  const created = { rc: TM_OK, error: null, output: undefined, contract: '' };
  let context = null;
  try {
    context = new telemed.Context({ jurisdiction: c.jurisdiction, timeZone: c.timeZone, config: c.config, now: c.nowMs });
  } catch (error) {
    if (!(error instanceof telemed.TelemedError)) throw error;
    created.rc = error.status;
  }
  created.error = lastErrorObject(created);
  return { context, created };
}

function runCase(c) {
  const { context, created } = makeContext(c);
  try {
    if (c.operation === CONTEXT_NEW) return checkResult(c.expect, created);
    if (created.rc !== TM_OK || context === null) {
      return `context creation failed: ${call.statusName(created.rc)} (${describeError(created.error)})`;
    }
    const results = [runCall(context, c.op, c.input)];
    const failure = checkResult(c.expect, results[0]);
    if (failure) return failure;
    for (let k = 0; k < c.then.length; k += 1) {
      const step = c.then[k];
      const where = c.then.length === 1 ? 'then: ' : `then[${k}]: `;
      const input = json.clone(step.input);
      for (const insert of step.inserts) {
        const source = results[insert.step === null ? results.length - 1 : insert.step];
        const value = source.output === undefined ? undefined : json.findPointer(source.output, insert.from);
        const slash = insert.to.lastIndexOf('/');
        const parent = slash < 0 ? undefined : json.findPointer(input, insert.to.slice(0, slash));
        if (value === undefined || !(parent instanceof Map)) {
          return `${where}cannot insert ${jsonString(insert.from)} at ${jsonString(insert.to)}`;
        }
        parent.set(insert.to.slice(slash + 1), json.clone(value));
      }
      results.push(runCall(context, step.operation, Buffer.from(json.serialize(input), 'utf8')));
      const stepFailure = checkResult(step.expect, results[results.length - 1]);
      if (stepFailure) return where + stepFailure;
    }
    return '';
  } finally {
    if (context) context.close();
  }
}

// ---- Files ----

function expand(args, totals, print) {
  const files = [];
  for (const arg of args) {
    let stat = null;
    try {
      stat = fs.statSync(arg);
    } catch {
      stat = null;
    }
    if (stat && stat.isDirectory()) {
      let found;
      try {
        found = fs.readdirSync(arg, { withFileTypes: true })
          .filter((e) => e.name.endsWith('.json') && fs.statSync(path.join(arg, e.name)).isFile())
          .map((e) => path.join(arg, e.name));
      } catch (err) {
        print(`ERROR ${arg}: cannot list the directory: ${err.message}`);
        totals.failed += 1;
        continue;
      }
      files.push(...found.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))));
    } else if (stat && stat.isFile()) {
      files.push(arg);
    } else {
      print(`ERROR ${arg}: no such file or directory`);
      totals.failed += 1;
    }
  }
  return files;
}

function runFile(file, ids, verbose, totals, print) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    print(`ERROR ${file}: cannot be read`);
    totals.failed += 1;
    return;
  }
  let doc;
  try {
    const parsed = json.parseBytes(bytes);
    if (parsed.duplicate !== null) throw new FormatError(`duplicate key at ${parsed.duplicate}`);
    doc = parsed.value;
  } catch (err) {
    print(`ERROR ${file}: ${err instanceof FormatError ? err.message : `not valid JSON: ${err.message}`}`);
    totals.failed += 1;
    return;
  }
  if (!Array.isArray(doc)) {
    print(`ERROR ${file}: a vector file is a JSON array of cases`);
    totals.failed += 1;
    return;
  }
  doc.forEach((item, i) => {
    const where = `${path.basename(file)}#${i}`;
    let label = where;
    let failure;
    try {
      if (!(item instanceof Map)) throw new FormatError('a case is a JSON object');
      const c = readCase(item);
      label = c.id;
      if (ids.has(c.id)) throw new FormatError(`duplicate id ${jsonString(c.id)}`);
      ids.add(c.id);
      failure = runCase(c);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      failure = `invalid case (${where}): ${err.message}`;
    }
    if (!failure) {
      totals.passed += 1;
      if (verbose) print(`PASS ${label}`);
    } else {
      totals.failed += 1;
      print(`FAIL ${label}: ${failure}`);
    }
  });
}

/**
 * Runs vector files and directories; prints as the C runner does.
 * @param {string[]} args files or directories
 * @param {{verbose?: boolean, print?: (line: string) => void}} [options]
 * @returns {{passed: number, failed: number}}
 */
function run(args, options = {}) {
  const print = options.print || ((line) => process.stdout.write(`${line}\n`));
  const totals = { passed: 0, failed: 0 };
  const ids = new Set();
  try {
    for (const file of expand(args, totals, print)) runFile(file, ids, Boolean(options.verbose), totals, print);
  } catch (err) {
    print(`ERROR: ${err && err.stack ? err.stack.split('\n')[0] : err}`);
    totals.failed += 1;
  }
  print(`${totals.passed} passed, ${totals.failed} failed`);
  return totals;
}

function main(argv) {
  const args = [];
  let verbose = false;
  for (const arg of argv) {
    if (arg === '-v' || arg === '--verbose') verbose = true;
    else args.push(arg);
  }
  if (args.length === 0) {
    process.stderr.write('usage: node tools/conformance.js [-v] FILE_OR_DIR...\n');
    return 2;
  }
  const totals = run(args, { verbose });
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

module.exports = { run, parseInstantMs };
