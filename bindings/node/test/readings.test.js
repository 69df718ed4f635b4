'use strict';
// Home-device readings (docs/readings.md): JSON readings, the typed batch over C structs, raw
// Bluetooth LE bytes, the NDJSON stream and the async iterator over a Readable.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const { telemed, NOW, throwsA } = require('../testlib/helpers');

const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
test.after(() => ctx.close());

const AT = '2026-03-10T08:00:00+07:00';

function bp(systolic, diastolic, extra = {}) {
  return { patient_ref: 'P-1', device: { id: 'tono-1' }, kind: 'blood_pressure', measured_at: AT,
    blood_pressure: { systolic, diastolic, unit: 'mmHg', ...extra } };
}

function glucose(value, unit, extra = {}) {
  return { patient_ref: 'P-1', device: { id: 'gluco-1' }, kind: 'glucose', measured_at: AT, glucose: { value, unit, ...extra } };
}

test('blood pressure: ESH category, urgent alert, the home threshold', () => {
  // 182/96: systolic ≥ 180 → grade 3 (the higher rank wins) and ≥ 180 → bp_urgent, urgent.
  const urgent = ctx.readingValidate({ reading: bp(182, 96) });
  assert.equal(urgent.accepted, true);
  assert.equal(urgent.classification.category, 'grade_3');
  assert.deepEqual(urgent.alerts.map((a) => [a.code, a.severity, a.rule]), [['bp_urgent', 'urgent', 'readings.bp.urgent']]);
  // 135/80 at home: at the home threshold 135 → above it; below 140/90 → no target alert; 130–139 → high normal.
  const home = ctx.readingValidate({ reading: bp(135, 80) });
  assert.deepEqual([home.classification.category, home.classification.above_home_threshold, home.alerts.length], ['high_normal', true, 0]);
});

test('glucose in mmol/L is compared in mg/dL without rounding: 3.0 is level 1, 2.9 level 2', () => {
  // 3.0 × 18.0156 = 54.0468 ≥ 54 and < 70 → level 1 (warning); 2.9 × 18.0156 = 52.245 < 54 → level 2 (urgent).
  const three = ctx.readingValidate({ reading: glucose(3.0, 'mmol/L', { meal: 'fasting' }) });
  assert.equal(three.classification.band, 'hypoglycaemia_level_1');
  assert.deepEqual(three.alerts.map((a) => [a.code, a.severity]), [['glucose_hypoglycaemia_level_1', 'warning']]);
  const twoNine = ctx.readingValidate({ reading: glucose(2.9, 'mmol/L', { meal: 'fasting' }) });
  assert.equal(twoNine.classification.band, 'hypoglycaemia_level_2');
});

test('an implausible reading: ValidationError whose report names every reason', () => {
  // Systolic 301 > 300 and diastolic 201 > 200 (readings.bp.plausible_range).
  const error = throwsA(() => ctx.readingValidate({ reading: bp(301, 201) }), telemed.ValidationError);
  assert.equal(error.report.accepted, false);
  assert.deepEqual(error.report.problems.map((p) => [p.code, p.pointer]), [
    ['implausible_value', '/reading/blood_pressure/systolic'],
    ['implausible_value', '/reading/blood_pressure/diastolic'],
  ]);
  assert.equal(error.ruleId, 'readings.bp.plausible_range');
});

test('the typed batch over tm_reading structs agrees with the JSON operation', () => {
  const measuredAt = new Date(AT);
  const results = ctx.readingsCheck([
    { kind: 'blood_pressure', unit: 'mmHg', measuredAt, systolic: 182, diastolic: 96, deviceId: 'tono-1' },
    { kind: 'glucose', unit: 'mmol/L', measuredAt: measuredAt.getTime(), glucose: 3.0, meal: 'fasting', deviceId: 'gluco-1' },
    { kind: 'glucose', unit: 'mmol/L', measuredAt, glucose: 3.0, meal: 'fasting', deviceId: 'gluco-1' },
    { kind: 'blood_pressure', unit: 'kPa', measuredAt, systolic: 6.6, diastolic: 4.0, deviceId: 'tono-1' },
    { kind: 9, unit: 'mmHg', measuredAt, systolic: 120, diastolic: 80 },
    { kind: 'glucose', unit: 'mg/dL', measuredAt, value: 'LO', flags: ['strip_insertion_error'], deviceId: 'gluco-2' },
  ]);
  assert.deepEqual(results.map((r) => r.index), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([results[0].accepted, results[0].category, results[0].severity, results[0].alerts], [true, 'grade_3', 'urgent', ['bp_urgent']]);
  assert.deepEqual([results[1].band, results[1].severity], ['hypoglycaemia_level_1', 'warning']);
  // The same device, instant, kind and value again: a duplicate of the first.
  assert.deepEqual([results[2].accepted, results[2].statusName, results[2].reasons], [false, 'TM_E_VALIDATION', ['duplicate']]);
  // 6.6 kPa × 7.500617 = 49.504 mmHg < 50 → implausible.
  assert.deepEqual([results[3].accepted, results[3].reasons], [false, ['implausible_value']]);
  // Kind 9 is no kind of the header.
  assert.deepEqual(results[4].reasons, ['invalid_reading']);
  // Strip insertion error is on the reject list (readings.device.faults).
  assert.deepEqual(results[5].reasons, ['device_fault']);
  assert.equal(results[5].bits.reasons, 1 << 5);
  assert.deepEqual(ctx.readingsCheck([]), []);
  assert.throws(() => ctx.readingsCheck([{ kind: 'pressure', unit: 'mmHg', measuredAt }]), TypeError);
  assert.throws(() => ctx.readingsCheck([{ kind: 'glucose', unit: 'mmol/L', measuredAt, flags: ['no_such_flag'] }]), TypeError);
});

test('the typed batch reads the patient: a zone that does not exist is refused', () => {
  const error = throwsA(() => ctx.readingsCheck([{ kind: 'glucose', unit: 'mmol/L', measuredAt: new Date(AT), glucose: 5 }],
    { patient: { zone: 'Mars/Olympus' } }), telemed.ValidationError);
  assert.equal(error.code, 'unknown_time_zone');
});

test('raw Bluetooth LE bytes, decoded by hand', () => {
  // 2A35, flags 0x00 (mmHg): SFLOAT 78 00 = 0x0078 → 120, 0x0050 → 80, 14 F0 = 0xF014: exponent −1,
  // mantissa 20 → 2.0.
  const bytes = Buffer.from([0x00, 0x78, 0x00, 0x50, 0x00, 0x14, 0xf0]);
  const decoded = ctx.decodeBleBytes(telemed.BLE.BLOOD_PRESSURE_MEASUREMENT, bytes);
  assert.deepEqual([decoded.characteristic, decoded.unit, decoded.systolic, decoded.diastolic, decoded.mean_arterial_pressure],
    ['2A35', 'mmHg', { value: 120 }, { value: 80 }, { value: 2 }]);
  assert.deepEqual(ctx.decodeBleBytes('2A35', new Uint8Array(bytes)), decoded);
  // The same bytes as hex through the JSON operation.
  assert.deepEqual(ctx.readingDecodeBle({ characteristic: '2A35', value: '00 7800 5000 14F0' }).systolic, { value: 120 });
  // Flags 0x1E announce a time stamp that is not there: truncated at byte 7.
  const truncated = throwsA(() => ctx.decodeBleBytes(0x2a35, Buffer.from('1E7800500060001B', 'hex')), telemed.ValidationError);
  assert.equal(truncated.code, 'ble_truncated');
  const unknown = throwsA(() => ctx.decodeBleBytes(0x2a00, bytes), telemed.InvalidArgumentError);
  assert.ok(unknown.code.length > 0);
  assert.throws(() => ctx.decodeBleBytes(0x2a35, 'hex text'), TypeError);
});

const LINE = JSON.stringify(bp(120, 80));
const LINE2 = JSON.stringify({ ...bp(125, 80), measured_at: '2026-03-10T09:00:00+07:00' });

test('the stream: chunks split inside a line and inside a UTF-8 character; one result per line', () => {
  const text = `${LINE}\n{"note": "жж"}\n\n${LINE2}`;
  const bytes = Buffer.from(text, 'utf8');
  // Cut inside the first line and between the two bytes of "ж".
  const cut1 = 10;
  const cut2 = bytes.indexOf(Buffer.from('ж', 'utf8')) + 1;
  const stream = ctx.openReadingStream();
  const results = [
    ...stream.feed(bytes.subarray(0, cut1)),
    ...stream.feed(bytes.subarray(cut1, cut2)),
    ...stream.feed(bytes.subarray(cut2)),
    ...stream.finish(),
  ];
  stream.close();
  assert.deepEqual(results.map((r) => [r.index, r.accepted]), [[0, true], [1, false], [2, false], [3, true]]);
  assert.deepEqual(results[2].problems.map((p) => p.code), ['empty_line']);
  assert.throws(() => stream.feed('x'), /closed/);
});

test('the stream outlives its context; bad options are a ValidationError', () => {
  const local = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
  const stream = local.openReadingStream({ max_line_bytes: 4096 });
  local.close();
  // The stream still judges readings, with the context's clock: "now" is 2026-03-10 12:00 +07:00.
  const [result] = stream.feed(`${LINE}\n`);
  assert.equal(result.accepted, true);
  assert.equal(stream.finishNdjson(), '');
  assert.throws(() => stream.finish(), telemed.InvalidArgumentError);
  stream.close();
  stream.close();
  const bad = throwsA(() => ctx.openReadingStream({ max_line_bytes: 0 }), telemed.ValidationError);
  assert.equal(bad.pointer, '/max_line_bytes');
});

test('streamReadings: an async iterator over a Readable, results in order', async () => {
  const source = Readable.from([LINE.slice(0, 7), `${LINE.slice(7)}\n`, Buffer.from(`${LINE2}\n`), 'not json\n', LINE]);
  const seen = [];
  for await (const result of ctx.streamReadings(source)) seen.push([result.index, result.accepted]);
  // The last line has no newline and the second repeats nothing (another instant); the last is a
  // duplicate of the first.
  assert.deepEqual(seen, [[0, true], [1, true], [2, false], [3, false]]);
});

test('streamReadings over a file of 2000 lines read in 1 KiB chunks; break closes the stream', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-')), 'readings.ndjson');
  const lines = [];
  for (let i = 0; i < 2000; i += 1) {
    const at = new Date(Date.parse('2026-03-09T00:00:00+07:00') + i * 60000).toISOString();
    lines.push(JSON.stringify({ ...bp(110 + (i % 60), 70), measured_at: at }));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  let count = 0;
  let accepted = 0;
  let urgent = 0;
  for await (const result of ctx.streamReadings(fs.createReadStream(file, { highWaterMark: 1024 }))) {
    assert.equal(result.index, count);
    count += 1;
    accepted += result.accepted ? 1 : 0;
    if ((result.alerts || []).some((a) => a.severity === 'urgent')) urgent += 1;
  }
  assert.equal(count, 2000);
  // Every minute from 9 March 00:00 to 10 March 09:19 (+07:00): within 30 days, before "now".
  assert.equal(accepted, 2000);
  // Systolic 110 + (i mod 60) reaches 180 or more for i mod 60 ≥ 70: never, so no urgent alert.
  assert.equal(urgent, 0);
  let taken = 0;
  for await (const result of ctx.streamReadings(fs.createReadStream(file, { highWaterMark: 1024 }))) {
    taken += result.accepted ? 1 : 0;
    if (taken === 3) break;
  }
  assert.equal(taken, 3);
  assert.throws(() => ctx.streamReadings('a path is not a source'), TypeError);
  await assert.rejects(async () => {
    for await (const result of ctx.streamReadings([LINE], { max_line_bytes: 0 })) assert.fail(result);
  }, telemed.ValidationError);
});
