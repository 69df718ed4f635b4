'use strict';
// Error classes, one per pinned tm_status value (capi/include/telemed.h), named as in the Python
// binding. An error is always built from tm_error_last() right after the failing call, before any
// other telemed call on the thread can overwrite it.

/**
 * A telemed call failed. The fields copy tm_error_last() at the time of the failure.
 * Messages carry no personal data: the library masks identifiers and never names a person.
 */
class TelemedError extends Error {
  /**
   * @param {number} status tm_status value
   * @param {string} statusName e.g. "TM_E_VALIDATION"
   * @param {object} [details] {code, pointer, ruleId, messageEn, messageRu, report}
   * @param {object} [options] Error options ({cause})
   */
  constructor(status, statusName, details = {}, options = undefined) {
    const { code = '', pointer = '', ruleId = '', messageEn = '', messageRu = '', report = null } = details;
    super(describe(statusName, messageEn, code, pointer, ruleId), options);
    /** @type {number} */
    this.status = status;
    /** @type {string} */
    this.statusName = statusName;
    /** Stable problem code, e.g. "unknown_field". */
    this.code = code;
    /** RFC 6901 pointer of the offending field; "" for the whole document. */
    this.pointer = pointer;
    /** The rule concerned, e.g. "identity.snils.checksum"; "" when structural. */
    this.ruleId = ruleId;
    this.messageEn = messageEn;
    this.messageRu = messageRu;
    /** The parsed output document when the failed call returned one (a validation report), else null. */
    this.report = report;
  }

  get name() {
    return this.constructor.name;
  }
}

// "TM_E_VALIDATION: Unknown field. (code=unknown_field, pointer=/nickname)".
function describe(statusName, messageEn, code, pointer, ruleId) {
  const details = [['code', code], ['pointer', pointer], ['rule', ruleId]]
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const text = messageEn ? `${statusName}: ${messageEn}` : statusName;
  return details ? `${text} (${details})` : text;
}

/** TM_E_INVALID_ARGUMENT: a NULL pointer, or an option with a malformed value. */
class InvalidArgumentError extends TelemedError {}
/** TM_E_STRUCT_VERSION: an option struct's version is not one the library knows. */
class StructVersionError extends TelemedError {}
/** TM_E_JSON_SYNTAX: not well-formed JSON (truncated, trailing garbage, empty, a duplicate key). */
class JsonSyntaxError extends TelemedError {}
/** TM_E_INVALID_UTF8: a string in the input is not valid UTF-8; `pointer` names it. */
class InvalidUtf8Error extends TelemedError {}
/** TM_E_LIMIT: the input exceeds a limit (document size, nesting depth, string length). */
class LimitError extends TelemedError {}
/** TM_E_VALIDATION: well-formed JSON that breaks the model or a rule; `report` lists every problem. */
class ValidationError extends TelemedError {}
/** TM_E_RULES: an invalid configuration or rule set, or no rule set / rule in force. */
class RulesError extends TelemedError {}
/** TM_E_NOT_FOUND: an unknown id (rule, operation). */
class NotFoundError extends TelemedError {}
/** TM_E_TIME_ZONE: the context's zone is unknown, or none is known for its jurisdiction. */
class TimeZoneError extends TelemedError {}
/** TM_E_NO_MEMORY: memory could not be allocated. */
class OutOfMemoryError extends TelemedError {}
/** TM_E_INTERNAL: a defect in telemed. */
class InternalError extends TelemedError {}
/** TM_E_SIGNER: an external signer failed (code "signer_failed"); `cause` holds what the JS signer threw. */
class SignerError extends TelemedError {}

// tm_status value → class. The numbers are pinned forever by the C header.
const BY_STATUS = new Map([
  [1, InvalidArgumentError],
  [2, StructVersionError],
  [3, JsonSyntaxError],
  [4, InvalidUtf8Error],
  [5, LimitError],
  [6, ValidationError],
  [7, RulesError],
  [8, NotFoundError],
  [9, TimeZoneError],
  [10, OutOfMemoryError],
  [11, InternalError],
  [12, SignerError],
]);

/**
 * The error of a failed call from a copy of tm_error_last() (see native.lastErrorRaw).
 * @param {number} status the status the call returned
 * @param {string} statusName tm_status_name(status)
 * @param {object} raw {code, message_en, message_ru, pointer, rule_id}
 * @param {object|null} [report] the parsed output, when the call returned one
 * @param {object} [options] Error options ({cause})
 * @returns {TelemedError}
 */
function fromRaw(status, statusName, raw, report = null, options = undefined) {
  const Class = BY_STATUS.get(status) || TelemedError;
  return new Class(status, statusName, {
    code: raw.code || '',
    pointer: raw.pointer || '',
    ruleId: raw.rule_id || '',
    messageEn: raw.message_en || '',
    messageRu: raw.message_ru || '',
    report,
  }, options);
}

module.exports = {
  TelemedError,
  InvalidArgumentError,
  StructVersionError,
  JsonSyntaxError,
  InvalidUtf8Error,
  LimitError,
  ValidationError,
  RulesError,
  NotFoundError,
  TimeZoneError,
  OutOfMemoryError,
  InternalError,
  SignerError,
  fromRaw,
  BY_STATUS,
};
