'use strict';
// Context: one method per operation of the library's own list, call() by name, the fixed clock,
// close(), and the FinalizationRegistry safety net.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { telemed, NOW, PACKAGE_DIR, throwsA } = require('../testlib/helpers');

const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
test.after(() => ctx.close());

const operations = telemed.operations();

// What a call gave: its answer, or the status, code and pointer of its error.
function outcome(fn) {
  try {
    return { answer: fn() };
  } catch (error) {
    if (!(error instanceof telemed.TelemedError)) throw error;
    return { status: error.statusName, code: error.code, pointer: error.pointer };
  }
}

test('the library lists its operations; the names are the conformance names', () => {
  const names = operations.map((op) => op.name);
  for (const name of ['eligibility.evaluate', 'sick_leave.close', 'context.describe', 'readings.check']) {
    assert.ok(names.includes(name), name);
  }
  for (const op of operations) {
    assert.match(op.function, /^tm_[a-z_]+$/);
    assert.equal(typeof op.by_name, 'boolean');
    assert.match(op.since, /^\d+\.\d+\.\d+$/);
  }
  // A copy: changing it changes nothing in the binding.
  operations[0].name = 'changed';
  assert.notEqual(telemed.operations()[0].name, 'changed');
});

test('method names are the operation names in camelCase', () => {
  assert.equal(telemed.methodName('eligibility.evaluate'), 'eligibilityEvaluate');
  assert.equal(telemed.methodName('sick_leave.close'), 'sickLeaveClose');
  assert.equal(telemed.methodName('sick_leave.record_visit'), 'sickLeaveRecordVisit');
  assert.equal(telemed.methodName('context.describe'), 'contextDescribe');
  assert.equal(telemed.methodName('reading.decode_ble'), 'readingDecodeBle');
});

test('every by-name operation of tm_operation_list is a method that calls it through tm_call', () => {
  const byName = telemed.operations().filter((op) => op.by_name);
  assert.ok(byName.length >= 25);
  for (const op of byName) {
    const method = telemed.methodName(op.name);
    assert.equal(telemed.methodFor(op.name), method);
    assert.equal(typeof ctx[method], 'function', method);
    assert.equal(ctx[method].name, method);
    // The method and call(name) give the same outcome; an empty document reaches the operation
    // (never "unknown_operation" nor "operation_not_by_name").
    const viaMethod = op.input === 'none' ? outcome(() => ctx[method]()) : outcome(() => ctx[method]({}));
    const viaName = op.input === 'none' ? outcome(() => ctx.call(op.name)) : outcome(() => ctx.call(op.name, {}));
    assert.deepEqual(viaMethod, viaName, op.name);
    assert.ok(!['unknown_operation', 'operation_not_by_name'].includes(viaMethod.code), op.name);
    if (viaMethod.answer && op.input === 'document') {
      assert.ok(Array.isArray(viaMethod.answer.rule_sets) && Array.isArray(viaMethod.answer.trace), op.name);
    }
  }
});

test('every typed-only operation has its hand-written method', () => {
  const typedOnly = telemed.operations().filter((op) => !op.by_name);
  assert.deepEqual(typedOnly.map((op) => op.name).sort(), ['identifier.pseudonym', 'protocol.sign', 'protocol.sign_external',
    'reading.decode_ble_bytes', 'readings.check', 'readings.stream']);
  for (const op of typedOnly) {
    const method = telemed.methodFor(op.name);
    assert.equal(typeof ctx[method], 'function', `${op.name} → ${method}`);
    const refused = throwsA(() => ctx.call(op.name, {}), telemed.InvalidArgumentError);
    assert.equal(refused.code, 'operation_not_by_name');
  }
});

test('no table of JSON operations in the binding: a new one needs no change here', () => {
  // The code only: doc comments may show an example.
  const code = (file) => fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const sources = fs.readdirSync(path.join(PACKAGE_DIR, 'lib')).map((f) => code(path.join(PACKAGE_DIR, 'lib', f)))
    .concat(code(path.join(PACKAGE_DIR, 'index.js'))).join('\n');
  for (const op of telemed.operations().filter((o) => o.by_name && o.name !== 'context.describe')) {
    assert.ok(!sources.includes(`'${op.name}'`), `${op.name} is named in the binding's code`);
    assert.ok(!sources.includes(telemed.methodName(op.name)), `${telemed.methodName(op.name)} is written in the binding's code`);
  }
});

test('operations without a document take no argument; describe() is context.describe', () => {
  assert.throws(() => ctx.indicationList({}), TypeError);
  assert.throws(() => ctx.call('indication.list', {}), TypeError);
  assert.throws(() => ctx.identifierValidate(), TypeError);
  assert.deepEqual(ctx.describe(), ctx.contextDescribe());
  assert.deepEqual(ctx.call('context.describe'), ctx.describe());
  // Six indications in Novosibirsk from 2026-03-06; the order's numbers 1 to 6.
  assert.deepEqual(ctx.indicationList().indications.map((i) => i.number), [1, 2, 3, 4, 5, 6]);
});

test('the fixed clock: now as a Date or as milliseconds, today in the organisation\'s zone', () => {
  // 2026-03-09T20:00:00Z is 2026-03-10 03:00 in Novosibirsk (UTC+7) and 2026-03-09 23:00 in
  // Moscow (UTC+3).
  const instant = Date.parse('2026-03-09T20:00:00Z');
  const nvs = new telemed.Context({ jurisdiction: 'RU-NVS', now: new Date(instant) });
  const msk = new telemed.Context({ jurisdiction: 'RU', timeZone: 'Europe/Moscow', now: instant });
  try {
    assert.equal(nvs.describe().today, '2026-03-10');
    assert.equal(nvs.describe().time_zone, 'Asia/Novosibirsk');
    assert.equal(msk.describe().today, '2026-03-09');
    assert.equal(msk.describe().jurisdiction, 'RU');
  } finally {
    nvs.close();
    msk.close();
  }
});

test('config as an object or as JSON text', () => {
  const config = { switches: { 'identity.age.leap_day_feb28': true } };
  // Born 2008-02-29: in 2026 (common year) 18 on 1 March, or on 28 February with the switch.
  const age = { birth_date: '2008-02-29', on: '2026-02-28' };
  const plain = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
  const fromObject = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW, config });
  const fromText = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW, config: JSON.stringify(config) });
  try {
    assert.equal(plain.patientAge(age).years, 17);
    assert.equal(fromObject.patientAge(age).years, 18);
    assert.equal(fromText.patientAge(age).years, 18);
  } finally {
    plain.close();
    fromObject.close();
    fromText.close();
  }
});

test('close() is idempotent and every later call throws', () => {
  const local = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
  assert.equal(local.closed, false);
  local.close();
  local.close();
  assert.equal(local.closed, true);
  assert.throws(() => local.describe(), /closed/);
  assert.throws(() => local.identifierValidate({ type: 'snils', value: '112-233-445 95' }), /closed/);
  assert.throws(() => local.readingsCheck([]), /closed/);
  assert.throws(() => local.openReadingStream(), /closed/);
});

test('a forgotten context is freed, and its clock callback released, by the safety net', () => {
  // 9 000 contexts with a fixed clock, never closed: koffi holds at most 8192 registered callbacks
  // at once, so this passes only if garbage-collected contexts free theirs.
  const script = `
    const t = require(${JSON.stringify(PACKAGE_DIR)});
    const koffi = require('koffi');
    (async () => {
      for (let batch = 0; batch < 9; batch += 1) {
        for (let i = 0; i < 1000; i += 1) new t.Context({ jurisdiction: 'RU-NVS', now: ${NOW.getTime()} });
        global.gc();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      global.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const kept = new t.Context({ jurisdiction: 'RU-NVS', now: ${NOW.getTime()} });
      console.log(JSON.stringify({ callbacks: koffi.stats().callbacks, today: kept.describe().today }));
    })();`;
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout.trim());
  assert.equal(result.today, '2026-03-10');
  assert.ok(result.callbacks < 1000, `${result.callbacks} clock callbacks still registered`);
});
