'use strict';
// The native layer: finds libtelemed, declares the C functions of capi/include/telemed.h through
// koffi, checks the struct layouts against the library, and reads the library's own list of
// operations (tm_operation_list). Nothing here knows what a JSON operation does: the Context
// methods are generated from that list (lib/context.js).

const path = require('node:path');
const koffi = require('koffi');

/** ABI major version this binding is written for (the SONAME, libtelemed.so.0). */
const ABI_MAJOR = 0;
/** The first library version with tm_operation_list and tm_call (0.4.0). */
const MIN_VERSION_NUMBER = 400;

// ---- Types (anonymous, so that two copies of this package sharing one koffi do not clash) ----

/** struct tm_error: owned by the library, read through tm_error_last(). */
const TmError = koffi.struct({
  status: 'int',
  code: 'const char *',
  message_en: 'const char *',
  message_ru: 'const char *',
  pointer: 'const char *',
  rule_id: 'const char *',
});

/** typedef int64_t (*tm_clock_fn)(void* user_data); */
const ClockFn = koffi.proto('int64_t', ['void *']);

/** typedef int (*tm_sign_fn)(void*, const unsigned char*, size_t, unsigned char*, size_t, size_t*);
 *  Pointers are declared void* so that the callback receives raw addresses (BigInt) to view. */
const SignFn = koffi.proto('int', ['void *', 'void *', 'size_t', 'void *', 'size_t', 'void *']);

/** struct tm_context_options, version 1 (TM_CONTEXT_OPTIONS_VERSION). */
const ContextOptions = koffi.struct({
  version: 'unsigned int',
  jurisdiction: 'const char *',
  time_zone: 'const char *',
  config_json: 'const void *',
  config_json_len: 'size_t',
  clock: koffi.pointer(ClockFn),
  clock_user_data: 'void *',
});

/** struct tm_external_signer, version 1 (TM_EXTERNAL_SIGNER_VERSION). The header offers no size
 *  function for it; the library reads `version` first and refuses any other, so writing version 1
 *  with this layout fails cleanly on a library with another one. */
const ExternalSigner = koffi.struct({
  version: 'unsigned int',
  algorithm: 'const char *',
  key_id: 'const char *',
  certificate: 'const char *',
  sign: koffi.pointer(SignFn),
  user_data: 'void *',
});

/** struct tm_reading: one reading held as numbers (the typed batch). */
const Reading = koffi.struct({
  kind: 'unsigned int',
  unit: 'unsigned int',
  measured_at_ms: 'int64_t',
  systolic: 'double',
  diastolic: 'double',
  mean: 'double',
  pulse: 'double',
  glucose: 'double',
  value: 'unsigned int',
  meal: 'unsigned int',
  flags: 'unsigned int',
  device_id: 'const char *',
});

/** struct tm_reading_result: what became of one tm_reading. */
const ReadingResult = koffi.struct({
  status: 'int',
  category: 'unsigned int',
  band: 'unsigned int',
  severity: 'unsigned int',
  alerts: 'unsigned int',
  reasons: 'unsigned int',
});

/** struct tm_readings_check_options, version 1. */
const ReadingsCheckOptions = koffi.struct({
  version: 'unsigned int',
  reading_size: 'size_t',
  result_size: 'size_t',
  patient_json: 'const void *',
  patient_json_len: 'size_t',
});

const VERSIONS = {
  contextOptions: 1, // TM_CONTEXT_OPTIONS_VERSION
  externalSigner: 1, // TM_EXTERNAL_SIGNER_VERSION
  readingsCheckOptions: 1, // TM_READINGS_CHECK_OPTIONS_VERSION
};

// Opaque handles travel as pointers (BigInt addresses in koffi 3).
const HANDLE = 'void *';
const OUT_PTR = koffi.out(koffi.pointer('void *'));
const OUT_SIZE = koffi.out(koffi.pointer('size_t'));
const BYTES = 'const void *';

// Every C function the binding calls: [name, result, arguments].
const DECLARATIONS = [
  ['tm_error_last', koffi.pointer(TmError), []],
  ['tm_error_clear', 'void', []],
  ['tm_status_name', 'const char *', ['int']],
  ['tm_status_describe', 'const char *', ['int']],
  ['tm_version_number', 'int', []],
  ['tm_version_string', 'const char *', []],
  ['tm_string_free', 'void', ['void *']],
  ['tm_context_options_init', 'int', [koffi.out(koffi.pointer(ContextOptions)), 'unsigned int']],
  ['tm_context_options_size', 'size_t', []],
  ['tm_context_options_version', 'unsigned int', []],
  ['tm_context_new', 'int', [OUT_PTR, koffi.pointer(ContextOptions)]],
  ['tm_context_free', 'void', [HANDLE]],
  ['tm_operation_list', 'int', [OUT_PTR, OUT_SIZE]],
  ['tm_call', 'int', [HANDLE, 'const char *', BYTES, 'size_t', OUT_PTR, OUT_SIZE]],
  ['tm_reading_decode_ble_bytes', 'int', [HANDLE, 'unsigned int', BYTES, 'size_t', OUT_PTR, OUT_SIZE]],
  ['tm_readings_check_options_init', 'int', [koffi.out(koffi.pointer(ReadingsCheckOptions)), 'unsigned int']],
  ['tm_readings_check_options_size', 'size_t', []],
  ['tm_readings_check_options_version', 'unsigned int', []],
  ['tm_reading_size', 'size_t', []],
  ['tm_reading_result_size', 'size_t', []],
  ['tm_readings_check', 'int', [HANDLE, koffi.pointer(ReadingsCheckOptions), koffi.pointer(Reading), 'size_t', 'void *']],
  ['tm_reading_stream_open', 'int', [HANDLE, BYTES, 'size_t', OUT_PTR]],
  ['tm_reading_stream_feed', 'int', [HANDLE, BYTES, 'size_t', OUT_PTR, OUT_SIZE]],
  ['tm_reading_stream_finish', 'int', [HANDLE, OUT_PTR, OUT_SIZE]],
  ['tm_reading_stream_free', 'void', [HANDLE]],
  ['tm_signing_key_new', 'int', [BYTES, 'size_t', 'const char *', 'const char *', OUT_PTR]],
  ['tm_signing_key_public', 'int', [HANDLE, 'void *', 'size_t']],
  ['tm_signing_key_free', 'void', [HANDLE]],
  ['tm_external_signer_init', 'int', [koffi.out(koffi.pointer(ExternalSigner)), 'unsigned int']],
  ['tm_protocol_sign', 'int', [HANDLE, BYTES, 'size_t', HANDLE, OUT_PTR, OUT_SIZE]],
  ['tm_protocol_sign_external', 'int', [HANDLE, BYTES, 'size_t', koffi.pointer(ExternalSigner), OUT_PTR, OUT_SIZE]],
  ['tm_identifier_pseudonym', 'int', [HANDLE, BYTES, 'size_t', BYTES, 'size_t', OUT_PTR, OUT_SIZE]],
];

// The struct layouts this binding writes, each against the size the library was built with.
const LAYOUTS = [
  ['tm_context_options', ContextOptions, 'tm_context_options_size'],
  ['tm_reading', Reading, 'tm_reading_size'],
  ['tm_reading_result', ReadingResult, 'tm_reading_result_size'],
  ['tm_readings_check_options', ReadingsCheckOptions, 'tm_readings_check_options_size'],
];

/**
 * The paths to try, in order: the environment variable TELEMED_LIBRARY, libtelemed.so in this
 * package's own directory, then the system's library path (the SONAME first). An explicit
 * TELEMED_LIBRARY is the only candidate: a choice that fails must fail, not quietly load another
 * library. A build tree is never guessed: an embedder names it with TELEMED_LIBRARY.
 * @returns {string[]}
 */
function candidates() {
  const env = process.env.TELEMED_LIBRARY;
  if (env) return [env];
  return [path.join(__dirname, '..', 'libtelemed.so'), 'libtelemed.so.0', 'libtelemed.so'];
}

// Binds every declaration and checks the version and layouts; throws an Error naming what is
// wrong, so that the loader can try the next candidate.
function bind(lib) {
  const fns = {};
  for (const [name, result, args] of DECLARATIONS) {
    try {
      fns[name] = lib.func(name, result, args);
    } catch (err) {
      throw new Error(`lacks ${name} (this binding needs libtelemed ${ABI_MAJOR}.4.0 or later)`);
    }
  }
  const number = fns.tm_version_number();
  const text = fns.tm_version_string();
  if (Math.floor(number / 10000) !== ABI_MAJOR || number < MIN_VERSION_NUMBER) {
    throw new Error(`is version ${text}; this binding needs ${ABI_MAJOR}.x from ${ABI_MAJOR}.4.0`);
  }
  for (const [name, type, sizeFn] of LAYOUTS) {
    const theirs = Number(fns[sizeFn]());
    if (theirs !== koffi.sizeof(type)) {
      throw new Error(`${name} is ${theirs} bytes in the library but ${koffi.sizeof(type)} in this binding`);
    }
  }
  if (fns.tm_context_options_version() !== VERSIONS.contextOptions ||
      fns.tm_readings_check_options_version() !== VERSIONS.readingsCheckOptions) {
    throw new Error('has option struct versions this binding does not write');
  }
  return fns;
}

// Tries each candidate; the first that loads and binds wins. Every failure is kept for the error.
function load() {
  const tried = [];
  for (const candidate of candidates()) {
    let lib;
    try {
      lib = koffi.load(candidate);
    } catch (err) {
      tried.push(`${candidate}: ${err.message}`);
      continue;
    }
    try {
      const fns = bind(lib);
      return { fns, path: candidate, tried };
    } catch (err) {
      tried.push(`${candidate}: ${err.message}`);
      try { lib.unload(); } catch { /* the handle may be shared; nothing to release */ }
    }
  }
  const error = new Error('cannot load libtelemed (set TELEMED_LIBRARY to the full path of libtelemed.so); tried:\n' +
    tried.map((line) => `  ${line}`).join('\n'));
  error.code = 'TELEMED_LIBRARY_NOT_FOUND';
  error.tried = tried;
  throw error;
}

const loaded = load();

/** The C functions, by their C names. */
const fn = loaded.fns;

/** tm_error_last() copied into a plain object; strings stay null when the library gave NULL (the
 *  conformance tool checks that they never are). */
function lastErrorRaw() {
  return koffi.decode(fn.tm_error_last(), TmError);
}

/** The bytes of an output buffer (a copy: the buffer is freed right after). */
function copyOut(pointer, length) {
  if (length === 0) return Buffer.alloc(0);
  // Buffer.from(ArrayBuffer) would share the memory that tm_string_free is about to release.
  return Buffer.from(new Uint8Array(koffi.view(pointer, length)));
}

/** Byte length of a NUL-terminated buffer, as strlen() would count it (for contract checks). */
function cStringLength(pointer) {
  return Buffer.byteLength(koffi.decode.string(pointer), 'utf8');
}

// The library's operations, read once: {"operations": [{"name", "function", "input", "by_name",
// "since"}]}.
function readOperations() {
  const out = [null];
  const len = [0];
  const status = fn.tm_operation_list(out, len);
  let text = null;
  try {
    if (out[0] !== null) text = copyOut(out[0], Number(len[0])).toString('utf8');
  } finally {
    fn.tm_string_free(out[0]);
  }
  if (status !== 0 || text === null) {
    throw new Error(`tm_operation_list failed with status ${status}`);
  }
  const list = JSON.parse(text).operations;
  if (!Array.isArray(list)) throw new Error('tm_operation_list returned no "operations" array');
  return Object.freeze(list.map((op) => Object.freeze({ ...op })));
}

const operations = readOperations();

module.exports = {
  koffi,
  fn,
  libraryPath: loaded.path,
  candidates,
  operations,
  lastErrorRaw,
  copyOut,
  cStringLength,
  types: { TmError, ClockFn, SignFn, ContextOptions, ExternalSigner, Reading, ReadingResult, ReadingsCheckOptions },
  VERSIONS,
};
