'use strict';
// Loading the library: the lookup order, the error that lists every path tried, the version.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const { telemed, PACKAGE_DIR } = require('../testlib/helpers');

// Loads the package in a fresh process with the given environment; returns what happened.
function loadIn(env) {
  const script = `
    try {
      const t = require(${JSON.stringify(PACKAGE_DIR)});
      console.log(JSON.stringify({ loaded: t.libraryPath }));
    } catch (e) {
      console.log(JSON.stringify({ code: e.code, message: e.message, tried: e.tried }));
    }`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), env, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop()), stderr: child.stderr };
}

test('the library named by TELEMED_LIBRARY is the one loaded, and it is 0.4.0', () => {
  if (process.env.TELEMED_LIBRARY) assert.equal(telemed.libraryPath, process.env.TELEMED_LIBRARY);
  // 0.4.0 added tm_operation_list and tm_call: MAJOR·10000 + MINOR·100 + PATCH = 400.
  assert.equal(telemed.version(), '0.4.0');
  assert.equal(telemed.versionNumber(), 400);
  assert.equal(telemed.statusName(6), 'TM_E_VALIDATION');
  assert.equal(telemed.statusName(999), 'TM_E_UNKNOWN');
});

test('an explicit TELEMED_LIBRARY that does not load is an error naming it, with no fallback', () => {
  const missing = path.join(os.tmpdir(), 'telemed-no-such-dir', 'libtelemed.so');
  const env = { ...process.env, TELEMED_LIBRARY: missing };
  const result = loadIn(env);
  assert.equal(result.loaded, undefined);
  assert.equal(result.code, 'TELEMED_LIBRARY_NOT_FOUND');
  assert.deepEqual(result.tried.map((line) => line.slice(0, line.indexOf(': '))), [missing]);
  assert.match(result.tried[0], /: .*(No such file|cannot open|not found)/i);
  assert.ok(result.message.includes(missing));
});

test('without TELEMED_LIBRARY: the package directory, then the system path; each tried is listed', () => {
  const env = { ...process.env };
  delete env.TELEMED_LIBRARY;
  delete env.LD_LIBRARY_PATH;
  const result = loadIn(env);
  if (result.loaded) {
    // A libtelemed is installed system-wide (or beside the package): that is where it came from.
    assert.ok([path.join(PACKAGE_DIR, 'libtelemed.so'), 'libtelemed.so.0', 'libtelemed.so'].includes(result.loaded));
    return;
  }
  assert.equal(result.code, 'TELEMED_LIBRARY_NOT_FOUND');
  const tried = [path.join(PACKAGE_DIR, 'libtelemed.so'), 'libtelemed.so.0', 'libtelemed.so'];
  assert.deepEqual(result.tried.map((line) => line.slice(0, line.indexOf(': '))), tried);
  for (const line of result.tried) assert.match(line, /: .*(No such file|cannot open|not found)/i);
  for (const candidate of tried) assert.ok(result.message.includes(candidate), candidate);
  assert.match(result.message, /set TELEMED_LIBRARY/);
  // The build tree is never guessed.
  assert.ok(!result.message.includes(path.join('build', 'default')));
});

test('a library too old for this binding is refused with its reason, not used', () => {
  const old = path.join(PACKAGE_DIR, '..', '..', 'build', 'default', 'capi', 'libtelemed.so.0.2.0');
  if (!require('node:fs').existsSync(old)) {
    // No old build at hand: the refusal is then checked on a file that is not a library at all.
    const result = loadIn({ ...process.env, TELEMED_LIBRARY: __filename });
    assert.equal(result.loaded, undefined);
    assert.ok(result.tried[0].startsWith(__filename));
    return;
  }
  const result = loadIn({ ...process.env, TELEMED_LIBRARY: old });
  assert.equal(result.loaded, undefined);
  assert.match(result.tried[0], /lacks tm_operation_list|lacks tm_call|needs libtelemed 0\.4\.0/);
});
