'use strict';
// Identity (docs/identity.md): check numbers worked out by hand, masking, normalisation,
// identification, age in the organisation's zone, keyed pseudonyms.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { telemed, NOW, throwsA } = require('../testlib/helpers');

const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
test.after(() => ctx.close());

const snils = (value) => ctx.identifierValidate({ type: 'snils', value });

test('СНИЛС check numbers: S < 100, S = 100, S > 101', () => {
  // S = 1·9 + 1·8 + 2·7 + 2·6 + 3·5 + 3·4 + 4·3 + 4·2 + 5·1 = 95 < 100 → check number 95.
  const small = snils('112-233-445 95');
  assert.equal(small.valid, true);
  assert.equal(small.normalized, '11223344595');
  assert.equal(small.masked, '11*-***-*** 95');
  // S = 9·9 + 2·8 + 3·1 = 100 → check number 00.
  assert.equal(snils('920-000-003 00').valid, true);
  assert.equal(snils('920-000-003 100').valid, false);
  // S = 1·9 + 2·8 + 3·7 + 4·6 + 5·5 + 6·4 + 7·3 + 8·2 + 9·1 = 165 > 101 → 165 mod 101 = 64.
  assert.equal(snils('123-456-789 64').valid, true);
  // S = 9·9 + 8·8 + 7·7 + 6·6 + 5·5 + 4·4 + 3·3 + 2·2 + 1·1 = 285 → 285 mod 101 = 83; 84 is wrong.
  assert.equal(snils('98765432183').valid, true);
  const wrong = snils('987-654-321 84');
  assert.equal(wrong.valid, false);
  assert.equal(wrong.masked, '98*-***-*** 84');
  assert.deepEqual(wrong.problems.map((p) => [p.code, p.pointer, p.rule]), [['invalid_check_digit', '/value', 'identity.snils.checksum']]);
});

// Luhn over 16 digits, written here independently of the library.
function luhnValid(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

test('ЕНП: Luhn over all 16 digits, as an independent Luhn says', () => {
  for (const value of ['7700123456789013', '7700123456789014', '1234567890123452', '1234567890123456']) {
    const result = ctx.identifierValidate({ type: 'enp', value });
    assert.equal(result.valid, luhnValid(value), value);
  }
  assert.equal(ctx.identifierValidate({ type: 'enp', value: '7700123456789013' }).masked, '77** **** **** **13');
});

test('normalisation: СНИЛС grouped, names in NFC, a name key that ignores case and ё/е', () => {
  const patient = (family) => ({ snils: '11223344595', name: { family, given: 'Анна' }, birth_date: '1980-05-02', sex: 'female' });
  const lower = ctx.patientNormalize(patient('Сёмина'));
  const upper = ctx.patientNormalize(patient('СЕМИНА'));
  assert.equal(lower.patient.snils, '112-233-445 95');
  assert.equal(lower.name_key, upper.name_key);
  // «й» written as и + combining breve (U+0306) comes back composed (NFC).
  const decomposed = ctx.patientNormalize(patient('Кии\u0306ская'));
  assert.equal(decomposed.patient.name.family, 'Кийская');
});

test('identification by СНИЛС and date of birth: match, mismatch, invalid identifier', () => {
  const record = { snils: '112-233-445 95', name: { family: 'Примерова', given: 'Анна' }, birth_date: '1980-05-02', sex: 'female' };
  const identify = (claim) => ctx.patientIdentify({ patient: record, claim }).result;
  assert.equal(identify({ snils: '11223344595', birth_date: '1980-05-02' }), 'match');
  assert.equal(identify({ snils: '112-233-445 95', birth_date: '1980-05-03' }), 'mismatch');
  assert.equal(identify({ snils: '112-233-445 96', birth_date: '1980-05-02' }), 'invalid_identifier');
});

test('age on the calendar date of the organisation\'s zone', () => {
  // Born 2011-03-10: at 2026-03-09T17:30:00Z it is 20:30 on 9 March in Moscow (14 years) and 00:30
  // on 10 March in Novosibirsk (15 years) (docs/eligibility.md).
  const at = '2026-03-09T17:30:00Z';
  assert.equal(ctx.patientAge({ birth_date: '2011-03-10', at, time_zone: 'Europe/Moscow' }).years, 14);
  const nvs = ctx.patientAge({ birth_date: '2011-03-10', at });
  assert.deepEqual([nvs.years, nvs.on, nvs.time_zone], [15, '2026-03-10', 'Asia/Novosibirsk']);
  // Today by the context's clock: 2026-03-10 in Novosibirsk.
  assert.equal(ctx.patientAge({ birth_date: '2011-03-11' }).years, 14);
});

const KEY = Buffer.from([...Array(32).keys()]); // 00 01 … 1f

test('keyed pseudonyms: the value of docs/identity.md, spellings alike, invalid ones without one', () => {
  const out = ctx.pseudonyms({ identifiers: [
    { type: 'snils', value: '112-233-445 95' },
    { type: 'snils', value: '11223344595' },
    { type: 'snils', value: '112-233-445 96' },
  ] }, KEY);
  assert.equal(out.scheme, 'blake2b-256-keyed/v1');
  const expected = 'd94da737519211345d888bbb938dcd6865c162e0070151779d87c9ddb016d234';
  assert.equal(out.results[0].pseudonym, expected);
  assert.equal(out.results[1].pseudonym, expected);
  assert.equal(out.results[2].valid, false);
  assert.equal(out.results[2].pseudonym, undefined);
  assert.equal(out.results[2].masked, '11*-***-*** 96');
  // An array is taken as the identifiers.
  assert.deepEqual(ctx.pseudonyms([{ type: 'snils', value: '112-233-445 95' }], KEY).results[0].pseudonym, expected);
  const short = throwsA(() => ctx.pseudonyms([{ type: 'snils', value: '112-233-445 95' }], KEY.subarray(0, 31)),
    telemed.InvalidArgumentError);
  assert.deepEqual([short.code, short.pointer], ['invalid_key_length', '/key']);
  assert.throws(() => ctx.pseudonyms([], 'key'), TypeError);
});

test('the pseudonym agrees with an independent BLAKE2b (Python hashlib)', (t) => {
  const script = 'import hashlib,sys; print(hashlib.blake2b(b"telemed.pseudonym.v1\\0snils\\0" + b"11223344595", '
    + 'key=bytes(range(32)), digest_size=32).hexdigest())';
  const python = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  if (python.error || python.status !== 0) {
    t.skip('python3 is not available');
    return;
  }
  const out = ctx.pseudonyms([{ type: 'snils', value: '112-233-445 95' }], KEY);
  assert.equal(out.results[0].pseudonym, python.stdout.trim());
});
