'use strict';
/**
 * telemed: the Node.js binding of the telemed C API (Russian doctor–patient telemedicine rules).
 *
 * A thin layer over capi/include/telemed.h through koffi: documents go in as objects (or JSON
 * text, or Buffers sent byte for byte), results come back as plain objects, and a failed call
 * throws a TelemedError subclass chosen by its status. Context gets one camelCase method per
 * operation the library lists (tm_operation_list): "eligibility.evaluate" → eligibilityEvaluate.
 *
 *   const telemed = require('telemed');
 *   const ctx = new telemed.Context({ jurisdiction: 'RU-NVS' });
 *   ctx.identifierValidate({ type: 'snils', value: '112-233-445 95' }).valid; // true
 *   ctx.close();
 */

const native = require('./lib/native');
const call = require('./lib/call');
const errors = require('./lib/errors');
const readings = require('./lib/readings');
const signing = require('./lib/signing');
const { Context, methodName, methodFor } = require('./lib/context');

/** The run-time library version, "MAJOR.MINOR.PATCH". */
function version() {
  return native.fn.tm_version_string();
}

/** The run-time library version as MAJOR * 10000 + MINOR * 100 + PATCH. */
function versionNumber() {
  return native.fn.tm_version_number();
}

/**
 * The library's operations as tm_operation_list gives them: [{name, function, input, by_name,
 * since}]. A copy: changing it changes nothing.
 * @returns {object[]}
 */
function operations() {
  return native.operations.map((op) => ({ ...op }));
}

/** The symbolic name of a status ("TM_E_VALIDATION"); "TM_E_UNKNOWN" for an unknown value. */
function statusName(status) {
  return call.statusName(status);
}

module.exports = {
  Context,
  SigningKey: signing.SigningKey,
  ReadingStream: readings.ReadingStream,
  TelemedError: errors.TelemedError,
  InvalidArgumentError: errors.InvalidArgumentError,
  StructVersionError: errors.StructVersionError,
  JsonSyntaxError: errors.JsonSyntaxError,
  InvalidUtf8Error: errors.InvalidUtf8Error,
  LimitError: errors.LimitError,
  ValidationError: errors.ValidationError,
  RulesError: errors.RulesError,
  NotFoundError: errors.NotFoundError,
  TimeZoneError: errors.TimeZoneError,
  OutOfMemoryError: errors.OutOfMemoryError,
  InternalError: errors.InternalError,
  SignerError: errors.SignerError,
  version,
  versionNumber,
  operations,
  methodName,
  methodFor,
  statusName,
  /** The path of the library that was loaded. */
  libraryPath: native.libraryPath,
  /** The Bluetooth LE characteristics decodeBleBytes takes. */
  BLE: Object.freeze({ ...readings.BLE }),
  /** TM_SIGNATURE_MAX_BYTES */
  SIGNATURE_MAX_BYTES: signing.SIGNATURE_MAX_BYTES,
  /** The names the typed batch (readingsCheck) reads and writes, in the header's order. */
  typed: Object.freeze({
    kinds: readings.KINDS,
    units: readings.UNITS,
    values: readings.VALUES,
    meals: readings.MEALS,
    flags: readings.FLAGS,
    categories: readings.CATEGORIES,
    bands: readings.BANDS,
    severities: readings.SEVERITIES,
    alerts: readings.ALERTS,
    reasons: readings.REASONS.map(([, name]) => name),
  }),
};
