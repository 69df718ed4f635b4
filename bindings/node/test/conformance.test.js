'use strict';
// The conformance vectors through the Node binding (tools/conformance.js): every case passes, as
// many as the C runner counts, and a broken vector does fail.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { PACKAGE_DIR, REPO, VECTORS } = require('../testlib/helpers');

const TOOL = path.join(PACKAGE_DIR, 'tools', 'conformance.js');
// The vendor harness of the same build, on the library this test loads.
const C_RUNNER = path.join(REPO, 'build', 'default', 'bin', 'telemed-conformance');

function run(command, args) {
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(child.error, undefined);
  const last = child.stdout.trim().split('\n').pop();
  const m = /^(\d+) passed, (\d+) failed$/.exec(last);
  assert.ok(m, `no closing line in: ${child.stdout.slice(-500)}${child.stderr}`);
  return { status: child.status, passed: Number(m[1]), failed: Number(m[2]), stdout: child.stdout };
}

// The number of cases in the vector files, counted here without either runner.
function countCases() {
  return fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json'))
    .reduce((n, f) => n + JSON.parse(fs.readFileSync(path.join(VECTORS, f), 'utf8')).length, 0);
}

test('every vector passes through the binding, as many cases as the C runner runs', (t) => {
  const node = run(process.execPath, [TOOL, VECTORS]);
  assert.equal(node.failed, 0, node.stdout.split('\n').filter((l) => l.startsWith('FAIL') || l.startsWith('ERROR')).slice(0, 10).join('\n'));
  assert.equal(node.status, 0);
  assert.equal(node.passed, countCases());
  if (fs.existsSync(C_RUNNER) && process.env.TELEMED_LIBRARY) {
    const c = run(C_RUNNER, ['--library', process.env.TELEMED_LIBRARY, VECTORS]);
    assert.equal(c.failed, 0);
    assert.equal(node.passed, c.passed);
  } else {
    t.diagnostic(`${C_RUNNER} is not built: compared with the count of the vector files only`);
  }
});

test('a case that is wrong fails, with the first difference; exit 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-vectors-'));
  // 112-233-445 95 is valid (S = 95): expecting it invalid must fail at /valid.
  const base = { description: 'S = 95 → 95', operation: 'identifier.validate', now: '2026-03-10T12:00:00+07:00', jurisdiction: 'RU-NVS',
    input: { type: 'snils', value: '112-233-445 95' } };
  fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify([
    { id: 'x.right', ...base, expect: { status: 'TM_OK', output: { valid: true, masked: '11*-***-*** 95' } } },
    { id: 'x.wrong', ...base, expect: { status: 'TM_OK', output: { valid: false } } },
    { id: 'x.status', ...base, expect: { status: 'TM_E_VALIDATION' } },
  ]));
  fs.writeFileSync(path.join(dir, 'b.json'), '[{"id": "y", "id": "z"}]');
  const result = run(process.execPath, [TOOL, dir]);
  assert.equal(result.status, 1);
  assert.deepEqual([result.passed, result.failed], [1, 3]);
  const lines = result.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, 3), [
    'FAIL x.wrong: output at "/valid": expected false, got true',
    'FAIL x.status: status: expected TM_E_VALIDATION, got TM_OK',
    `ERROR ${path.join(dir, 'b.json')}: duplicate key at /0/id`,
  ]);
});

test('no case at all is a failure; no argument is a usage error', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-empty-'));
  const none = run(process.execPath, [TOOL, empty]);
  assert.deepEqual([none.status, none.passed, none.failed], [1, 0, 0]);
  const usage = spawnSync(process.execPath, [TOOL], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage/);
});
