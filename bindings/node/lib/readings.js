'use strict';
// The readings operations that take binary data or structs rather than one JSON document
// (docs/readings.md): the typed batch (tm_readings_check), raw Bluetooth LE bytes
// (tm_reading_decode_ble_bytes) and the NDJSON stream (tm_reading_stream_*).

const native = require('./native');
const call = require('./call');
const { liveContext, safetyNet } = require('./handles');

const { fn, koffi, types } = native;

// ---- Constants of telemed.h, by name ----

/** tm_reading.kind */
const KINDS = { blood_pressure: 1, glucose: 2 };
/** tm_reading.unit, spelled as in the JSON readings */
const UNITS = { mmHg: 1, kPa: 2, 'mg/dL': 3, 'mmol/L': 4 };
/** tm_reading.value: a number, or the meter's LO / HI */
const VALUES = { measured: 0, LO: 1, HI: 2 };
/** tm_reading.meal */
const MEALS = { none: 0, preprandial: 1, postprandial: 2, fasting: 3, casual: 4, bedtime: 5 };
/** tm_reading.flags: bit i is the device flag i of docs/readings.md */
const FLAGS = [
  'body_movement', 'cuff_too_loose', 'irregular_pulse', 'pulse_above_range', 'pulse_below_range',
  'improper_position', 'battery_low', 'sensor_malfunction', 'sample_size_insufficient',
  'strip_insertion_error', 'strip_type_incorrect', 'result_above_device_range',
  'result_below_device_range', 'temperature_too_high', 'temperature_too_low', 'read_interrupted',
  'general_device_fault', 'time_fault',
];
/** tm_reading_result.category (index = TM_CATEGORY_*) */
const CATEGORIES = [null, 'optimal', 'normal', 'high_normal', 'grade_1', 'grade_2', 'grade_3'];
/** tm_reading_result.band (index = TM_BAND_*) */
const BANDS = [null, 'hypoglycaemia_level_2', 'hypoglycaemia_level_1', 'below_target', 'in_target',
  'above_target', 'no_target', 'below_device_range', 'above_device_range'];
/** tm_reading_result.severity (index = TM_SEVERITY_*) */
const SEVERITIES = [null, 'info', 'warning', 'urgent'];
/** tm_reading_result.alerts: bit i is the alert code i */
const ALERTS = ['bp_urgent', 'bp_low', 'bp_above_target', 'glucose_hypoglycaemia_level_2',
  'glucose_hypoglycaemia_level_1', 'glucose_ketone_check', 'glucose_outside_target'];
/** tm_reading_result.reasons: [bit, name] (TM_REASON_*) */
const REASONS = [
  [0, 'invalid_reading'], [1, 'implausible_value'], [2, 'pressure_order'], [3, 'measured_in_future'],
  [4, 'older_than_backfill_limit'], [5, 'device_fault'], [6, 'device_doubt'], [7, 'control_solution'],
  [8, 'duplicate'], [9, 'number_too_precise'], [10, 'targets_not_applicable'], [31, 'other'],
];
/** The Bluetooth LE characteristics tm_reading_decode_ble_bytes decodes (TM_BLE_*). */
const BLE = {
  BLOOD_PRESSURE_MEASUREMENT: 0x2a35,
  GLUCOSE_MEASUREMENT: 0x2a18,
  GLUCOSE_MEASUREMENT_CONTEXT: 0x2a34,
};

// A name or the number itself (so every value of the header can be sent, even a wrong one).
function code(table, value, what, fallback) {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new TypeError(`${what} is required`);
  }
  if (typeof value === 'number') return value;
  if (Object.prototype.hasOwnProperty.call(table, value)) return table[value];
  throw new TypeError(`unknown ${what} ${JSON.stringify(value)}; expected one of ${Object.keys(table).join(', ')} or a number`);
}

function flagBits(flags) {
  if (flags === undefined || flags === null) return 0;
  if (typeof flags === 'number') return flags >>> 0;
  if (!Array.isArray(flags)) throw new TypeError('flags must be a number or an array of flag names');
  let bits = 0;
  for (const name of flags) {
    const bit = FLAGS.indexOf(name);
    if (bit < 0) throw new TypeError(`unknown device flag ${JSON.stringify(name)}`);
    bits |= 1 << bit;
  }
  return bits >>> 0;
}

function instantMs(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Math.trunc(value);
  throw new TypeError('measuredAt must be a Date or milliseconds since 1970-01-01T00:00:00Z');
}

// An absent number is NaN, as the header asks for the mean and pulse.
function number(value) {
  return value === undefined || value === null ? NaN : Number(value);
}

/** One JS reading as a tm_reading. */
function toStruct(reading, index) {
  if (reading === null || typeof reading !== 'object') {
    throw new TypeError(`readings[${index}] must be an object`);
  }
  return {
    kind: code(KINDS, reading.kind, `readings[${index}].kind`),
    unit: code(UNITS, reading.unit, `readings[${index}].unit`),
    measured_at_ms: instantMs(reading.measuredAt),
    systolic: number(reading.systolic),
    diastolic: number(reading.diastolic),
    mean: number(reading.mean),
    pulse: number(reading.pulse),
    glucose: number(reading.glucose),
    value: code(VALUES, reading.value, `readings[${index}].value`, 0),
    meal: code(MEALS, reading.meal, `readings[${index}].meal`, 0),
    flags: flagBits(reading.flags),
    device_id: call.cString(reading.deviceId, `readings[${index}].deviceId`),
  };
}

function bitNames(bits, names) {
  return names.filter((name, bit) => (bits >>> bit) & 1);
}

/** One tm_reading_result as a JS result. */
function fromStruct(result, index) {
  const reasons = REASONS.filter(([bit]) => (result.reasons >>> bit) & 1).map(([, name]) => name);
  return {
    index,
    accepted: result.status === 0,
    status: result.status,
    statusName: call.statusName(result.status),
    category: CATEGORIES[result.category] ?? null,
    band: BANDS[result.band] ?? null,
    severity: SEVERITIES[result.severity] ?? null,
    alerts: bitNames(result.alerts, ALERTS),
    reasons,
    bits: {
      category: result.category,
      band: result.band,
      severity: result.severity,
      alerts: result.alerts,
      reasons: result.reasons,
    },
  };
}

/**
 * The typed batch (tm_readings_check): readings held as numbers in, one result per reading out.
 * @param {object} context a Context
 * @param {object[]} readings see index.d.ts, TypedReading
 * @param {{patient?: object|string|Buffer}} [options]
 * @returns {object[]}
 */
function readingsCheck(context, readings, options = {}) {
  if (!Array.isArray(readings)) throw new TypeError('readings must be an array');
  const structs = readings.map(toStruct);
  const opts = {};
  call.check(fn.tm_readings_check_options_init(opts, native.VERSIONS.readingsCheckOptions));
  if (options && options.patient !== undefined && options.patient !== null) {
    const patient = call.encodeDocument(options.patient, 'options.patient');
    opts.patient_json = call.pointerArg(patient);
    opts.patient_json_len = patient.length;
  }
  const resultSize = koffi.sizeof(types.ReadingResult);
  const results = Buffer.alloc(Math.max(1, structs.length * resultSize));
  const { handle } = liveContext(context);
  const status = fn.tm_readings_check(handle, opts, structs.length ? structs : null, structs.length,
    structs.length ? results : null);
  call.check(status);
  const decoded = structs.length ? koffi.decode(results, types.ReadingResult, structs.length) : [];
  return decoded.map(fromStruct);
}

/**
 * tm_reading_decode_ble_bytes: every field of a Bluetooth LE characteristic value.
 * @param {object} context
 * @param {number|string} characteristic 0x2A35, 0x2A18, 0x2A34 or their hex text ("2A35")
 * @param {Uint8Array} bytes
 * @returns {object}
 */
function decodeBleBytes(context, characteristic, bytes) {
  let uuid = characteristic;
  if (typeof uuid === 'string') {
    if (!/^(0x)?[0-9a-f]{1,4}$/i.test(uuid)) throw new TypeError(`characteristic ${JSON.stringify(uuid)} is not a 16-bit hex UUID`);
    uuid = Number.parseInt(uuid.replace(/^0x/i, ''), 16);
  }
  if (!Number.isInteger(uuid) || uuid < 0) throw new TypeError('characteristic must be a 16-bit UUID number or its hex text');
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes must be a Buffer or Uint8Array, not ${call.typeName(bytes)}`);
  const data = call.encodeDocument(bytes);
  const { handle } = liveContext(context);
  // NULL is allowed when there are no bytes: the library then reports the truncation itself.
  return call.jsonCall(fn.tm_reading_decode_ble_bytes, [handle, uuid, data.length ? data : null, data.length]);
}

// ---- The NDJSON stream ----

const streamStates = new WeakMap();

function freeStream(state) {
  if (state.handle !== null) {
    fn.tm_reading_stream_free(state.handle);
    state.handle = null;
    if (state.clock) state.clock.release();
  }
}

const streamNet = safetyNet(freeStream);

/** Parsed result lines of NDJSON text (each line one result). */
function parseLines(text) {
  const results = [];
  for (const line of text.split('\n')) {
    if (line.length > 0) results.push(JSON.parse(line));
  }
  return results;
}

function chunkBytes(chunk) {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return call.encodeDocument(chunk);
  throw new TypeError(`a chunk must be a Buffer, Uint8Array or string, not ${call.typeName(chunk)}`);
}

/**
 * An NDJSON stream of readings (tm_reading_stream_*): one JSON reading per line, fed in chunks
 * of any size (a chunk may end inside a line or a UTF-8 character). Every input line gets exactly
 * one result. The stream keeps what it needs of the context, so it may outlive Context.close().
 * One stream is used by one caller at a time. Create it with Context.openReadingStream().
 */
class ReadingStream {
  /** @param {object} context @param {object|string|Buffer} [options] */
  constructor(context, options) {
    const contextState = liveContext(context);
    const data = options === undefined || options === null ? null : call.encodeDocument(options, 'options');
    const out = [null];
    const status = fn.tm_reading_stream_open(contextState.handle, data === null ? null : call.pointerArg(data),
      data === null ? 0 : data.length, out);
    if (status !== 0) {
      // A bad option is TM_E_VALIDATION with no report from the C call: the error names it.
      call.check(status);
    }
    // The library calls the context's clock while the stream runs, also after the Context is
    // closed: keep the callback registered as long as the stream.
    const state = { handle: out[0], clock: contextState.clock ? contextState.clock.retain() : null };
    streamStates.set(this, state);
    streamNet.register(this, state, this);
  }

  #live() {
    const state = streamStates.get(this);
    if (state.handle === null) throw new Error('the telemed ReadingStream is closed');
    return state;
  }

  /**
   * Feeds a chunk; returns the NDJSON result lines it completed (possibly "").
   * @param {Buffer|Uint8Array|string} chunk
   * @returns {string}
   */
  feedNdjson(chunk) {
    const data = chunkBytes(chunk);
    const { handle } = this.#live();
    return call.settleText(call.invoke(fn.tm_reading_stream_feed, [handle, call.pointerArg(data), data.length]));
  }

  /** Ends the stream; returns the result line of a last line without a final newline, or "". */
  finishNdjson() {
    const { handle } = this.#live();
    return call.settleText(call.invoke(fn.tm_reading_stream_finish, [handle]));
  }

  /**
   * Feeds a chunk; returns the results of the lines it completed (possibly none).
   * @param {Buffer|Uint8Array|string} chunk
   * @returns {object[]}
   */
  feed(chunk) {
    return parseLines(this.feedNdjson(chunk));
  }

  /** Ends the stream; returns the result of a last line without a final newline ([] if none). */
  finish() {
    return parseLines(this.finishNdjson());
  }

  /** Releases the stream (tm_reading_stream_free). Idempotent; later calls throw. */
  close() {
    const state = streamStates.get(this);
    streamNet.unregister(this);
    freeStream(state);
  }

  /** True once close() ran. */
  get closed() {
    return streamStates.get(this).handle === null;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  ReadingStream.prototype[Symbol.dispose] = ReadingStream.prototype.close;
}

// An async iterable or a sync iterable of chunks (a Node Readable is async iterable).
function chunkSource(source) {
  if (source === null || source === undefined || typeof source === 'string' || source instanceof Uint8Array) {
    throw new TypeError('source must be an async iterable (e.g. fs.createReadStream(path)) or an iterable of chunks');
  }
  if (typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function') {
    return source;
  }
  throw new TypeError(`source must be an async iterable or an iterable of chunks, not ${call.typeName(source)}`);
}

/**
 * Results of an NDJSON source of any size, one per line, in order, as an async iterator; the
 * source is read chunk by chunk and never held whole. The stream is opened at the first next()
 * (bad options reject it) and closed when the iteration ends, completes or is abandoned by break.
 * @param {object} context
 * @param {AsyncIterable|Iterable} source chunks: Buffer, Uint8Array or string
 * @param {object} [options] the stream's options
 * @returns {AsyncGenerator<object>}
 */
function streamReadings(context, source, options) {
  const chunks = chunkSource(source);
  liveContext(context);
  return (async function* results() {
    const stream = new ReadingStream(context, options);
    try {
      for await (const chunk of chunks) {
        yield* stream.feed(chunk);
      }
      yield* stream.finish();
    } finally {
      stream.close();
    }
  }());
}

module.exports = {
  KINDS,
  UNITS,
  VALUES,
  MEALS,
  FLAGS,
  CATEGORIES,
  BANDS,
  SEVERITIES,
  ALERTS,
  REASONS,
  BLE,
  readingsCheck,
  decodeBleBytes,
  ReadingStream,
  streamReadings,
};
