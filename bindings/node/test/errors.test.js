'use strict';
// Errors: one class per pinned status, every field of tm_error_last(), the report of a
// validation failure, and no personal data in messages.

const test = require('node:test');
const assert = require('node:assert/strict');
const { telemed, NOW, throwsA } = require('../testlib/helpers');

const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
test.after(() => ctx.close());

// The classes of the pinned statuses of telemed.h, named as in the Python binding.
const CLASSES = [
  [1, 'InvalidArgumentError', 'TM_E_INVALID_ARGUMENT'],
  [2, 'StructVersionError', 'TM_E_STRUCT_VERSION'],
  [3, 'JsonSyntaxError', 'TM_E_JSON_SYNTAX'],
  [4, 'InvalidUtf8Error', 'TM_E_INVALID_UTF8'],
  [5, 'LimitError', 'TM_E_LIMIT'],
  [6, 'ValidationError', 'TM_E_VALIDATION'],
  [7, 'RulesError', 'TM_E_RULES'],
  [8, 'NotFoundError', 'TM_E_NOT_FOUND'],
  [9, 'TimeZoneError', 'TM_E_TIME_ZONE'],
  [10, 'OutOfMemoryError', 'TM_E_NO_MEMORY'],
  [11, 'InternalError', 'TM_E_INTERNAL'],
  [12, 'SignerError', 'TM_E_SIGNER'],
];

test('every pinned status has its exported class, a TelemedError', () => {
  for (const [status, name, statusName] of CLASSES) {
    const Class = telemed[name];
    assert.equal(typeof Class, 'function', name);
    const error = new Class(status, statusName, { code: 'x' });
    assert.ok(error instanceof telemed.TelemedError && error instanceof Error, name);
    assert.equal(error.name, name);
    assert.equal(telemed.statusName(status), statusName);
  }
});

// Patient with СНИЛС 112-233-445 96: S = 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95 < 100, so the check
// number is 95, not 96 (docs/identity.md); and a field the model does not have, "nickname".
const BAD_PATIENT = {
  snils: '112-233-445 96',
  name: { family: 'Примерова', given: 'Анна' },
  birth_date: '1968-04-12',
  sex: 'female',
  nickname: 'Аня',
};

test('a bad document: ValidationError with code, pointer, rule id, messages and the full report', () => {
  const error = throwsA(() => ctx.patientValidate(BAD_PATIENT), telemed.ValidationError);
  assert.equal(error.status, 6);
  assert.equal(error.statusName, 'TM_E_VALIDATION');
  // The first error of the report, in document order: the check number at /snils.
  assert.equal(error.code, 'invalid_check_digit');
  assert.equal(error.pointer, '/snils');
  assert.equal(error.ruleId, 'identity.snils.checksum');
  assert.match(error.messageEn, /check digits/);
  assert.match(error.messageRu, /Контрольное число/);
  // The report lists every problem: the unknown field is structural, so it names no rule.
  assert.deepEqual(error.report.problems.map((p) => [p.code, p.pointer, p.rule, p.severity]), [
    ['invalid_check_digit', '/snils', 'identity.snils.checksum', 'error'],
    ['unknown_field', '/nickname', '', 'error'],
  ]);
  assert.equal(error.report.valid, false);
  assert.ok(Array.isArray(error.report.rule_sets) && Array.isArray(error.report.trace));
  assert.match(error.message, /^TM_E_VALIDATION: .*code=invalid_check_digit, pointer=\/snils, rule=identity\.snils\.checksum/);
});

test('messages carry no personal data: the СНИЛС masked, no name, no date of birth', () => {
  const error = throwsA(() => ctx.patientValidate(BAD_PATIENT), telemed.ValidationError);
  // Masked: every digit but the first two and the last two is a star, grouping kept.
  for (const text of [error.message, error.messageEn, error.messageRu]) {
    assert.ok(text.includes('11*-***-*** 96'), text);
    for (const secret of ['112-233-445', '11223344596', 'Примерова', 'Анна', '1968-04-12', 'Аня']) {
      assert.ok(!text.includes(secret), `${secret} in ${text}`);
    }
  }
});

test('malformed bytes reach the library as they are: JSON syntax, UTF-8, limits', () => {
  const truncated = throwsA(() => ctx.identifierValidate('{"type": "snils", "value": '), telemed.JsonSyntaxError);
  assert.equal(truncated.code, 'truncated_json');
  assert.equal(truncated.report, null);
  const empty = throwsA(() => ctx.identifierValidate(Buffer.alloc(0)), telemed.JsonSyntaxError);
  assert.equal(empty.code, 'empty_document');
  const duplicate = throwsA(() => ctx.identifierValidate('{"type":"snils","type":"enp","value":"1"}'), telemed.JsonSyntaxError);
  assert.deepEqual([duplicate.code, duplicate.pointer], ['duplicate_key', '/type']);
  // {"type":"<0xFF>"}: a byte that is never UTF-8, at the string of /type.
  const bytes = Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xff]), Buffer.from('"}')]);
  const utf8 = throwsA(() => ctx.identifierValidate(bytes), telemed.InvalidUtf8Error);
  assert.deepEqual([utf8.status, utf8.code, utf8.pointer], [4, 'invalid_utf8', '/type']);
  // 65 nested arrays: one more than the depth limit of 64.
  const deep = throwsA(() => ctx.identifierValidate(`${'['.repeat(65)}${']'.repeat(65)}`), telemed.LimitError);
  assert.deepEqual([deep.status, deep.code], [5, 'nesting_too_deep']);
});

test('context errors: zone, jurisdiction, configuration', () => {
  const zone = throwsA(() => new telemed.Context({ jurisdiction: 'RU' }), telemed.TimeZoneError);
  assert.deepEqual([zone.status, zone.code, zone.pointer], [9, 'time_zone_required', '/time_zone']);
  const jurisdiction = throwsA(() => new telemed.Context({ jurisdiction: 'ru-nvs' }), telemed.InvalidArgumentError);
  assert.deepEqual([jurisdiction.code, jurisdiction.pointer], ['invalid_jurisdiction', '/jurisdiction']);
  const rules = throwsA(() => new telemed.Context({ jurisdiction: 'RU-NVS', config: { switches: { 'no.such.rule': true } } }),
    telemed.RulesError);
  assert.deepEqual([rules.status, rules.code, rules.pointer], [7, 'unknown_rule', '/switches/no.such.rule']);
  const unknownZone = throwsA(() => new telemed.Context({ jurisdiction: 'RU', timeZone: 'Mars/Olympus' }), telemed.TimeZoneError);
  assert.equal(unknownZone.code, 'unknown_time_zone');
});

test('not found: an unknown rule, an unknown operation; a typed-only operation by name', () => {
  const rule = throwsA(() => ctx.ruleExplain({ rule: 'identity.no_such_rule' }), telemed.NotFoundError);
  assert.deepEqual([rule.status, rule.code, rule.pointer], [8, 'unknown_rule', '/rule']);
  const operation = throwsA(() => ctx.call('no.such_operation', {}), telemed.NotFoundError);
  assert.equal(operation.code, 'unknown_operation');
  const typed = throwsA(() => ctx.call('readings.check', {}), telemed.InvalidArgumentError);
  assert.equal(typed.code, 'operation_not_by_name');
});

test('arguments the binding refuses before C: TypeError, not a TelemedError', () => {
  assert.throws(() => ctx.identifierValidate(42), TypeError);
  assert.throws(() => ctx.identifierValidate(), TypeError);
  assert.throws(() => ctx.call('identifier.validate\0x', {}), TypeError);
  assert.throws(() => new telemed.Context({ jurisdiction: 'RU-NVS\0' }), TypeError);
  assert.throws(() => new telemed.Context({ jurisdiction: 'RU-NVS', now: 'today' }), TypeError);
});
