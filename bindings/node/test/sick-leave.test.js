'use strict';
// The electronic sick-leave certificate (docs/sick-leave.md): opening, a late visit, a remote
// closure and the Social Fund record, with dates worked out by hand.

const test = require('node:test');
const assert = require('node:assert/strict');
const { telemed, throwsA } = require('../testlib/helpers');

// Thursday 12 March 2026, 09:00 in Moscow: "today" for a certificate of a Moscow organisation.
const ctx = new telemed.Context({ jurisdiction: 'RU', timeZone: 'Europe/Moscow', now: new Date('2026-03-12T09:00:00+03:00') });
test.after(() => ctx.close());

const DOCTOR = { id: 'DOC-1', role: 'doctor' };

// Opened in person on Monday 2 March; released 2–6 March (5 days, both ends counted); due on the 6th.
function certificate(overrides = {}) {
  return {
    number: '912345678901',
    reason: 'own_illness',
    organisation: { id: 'MO-77-001', time_zone: 'Europe/Moscow' },
    opened: { date: '2026-03-02', mode: 'in_person' },
    treating_doctor: DOCTOR,
    periods: [{ from: '2026-03-02', to: '2026-03-06', doctor: DOCTOR }],
    next_appearance: '2026-03-06',
    ...overrides,
  };
}

test('open, then a late visit: violation 24 dated the appointed day', () => {
  const opened = ctx.sickLeaveOpen({ certificate: certificate() }).certificate;
  assert.equal(opened.status, 'open');
  // Seen on 9 March, three days after the appointed 6 March.
  const visited = ctx.sickLeaveRecordVisit({ certificate: opened, visit: { date: '2026-03-09', next_appearance: '2026-03-12' } });
  assert.equal(visited.late, true);
  assert.deepEqual(visited.certificate.violations, [{ code: '24', date: '2026-03-06' }]);
  assert.equal(visited.certificate.next_appearance, '2026-03-12');
});

test('remote closure by the treating doctor: the last period ends on the closing date, work the day after', () => {
  // Released 2–12 March (11 days ≤ a doctor's 15); closed by video on Tuesday 10 March, which
  // shortens the period to 2–10 March; return to work Wednesday 11 March (sick_leave.return_date).
  const opened = ctx.sickLeaveOpen({ certificate: certificate({ periods: [{ from: '2026-03-02', to: '2026-03-12', doctor: DOCTOR }], next_appearance: '2026-03-10' }) }).certificate;
  const closed = ctx.sickLeaveClose({
    certificate: opened,
    closure: {
      date: '2026-03-10',
      mode: 'telemedicine',
      doctor: DOCTOR,
      consultation: { indication: 'incapacity_review', recovery_confirmed: true, consent_recorded: true, mode: 'real_time_video', channel: 'max' },
    },
  }).certificate;
  assert.equal(closed.status, 'closed');
  assert.deepEqual(closed.closed, { date: '2026-03-10', mode: 'telemedicine' });
  assert.deepEqual(closed.periods.map((p) => [p.from, p.to]), [['2026-03-02', '2026-03-10']]);
  assert.equal(closed.return_to_work, '2026-03-11');
  assert.equal(closed.next_appearance, undefined);

  const record = ctx.sickLeaveRecord({ certificate: closed });
  assert.equal(record.record.LN_CODE, '912345678901');
  assert.deepEqual(record.record.TREAT_PERIODS.map((p) => [p.TREAT_DT1, p.TREAT_DT2]), [['2026-03-02', '2026-03-10']]);
  assert.equal(record.record.RETURN_DATE_LPU, '2026-03-11');
  // The number masked: 91 + eight stars + 01.
  assert.equal(record.message.en, 'Sick-leave certificate No. 91********01 is closed. Return to work on March 11, 2026.');
  assert.equal(record.message.ru, 'Листок нетрудоспособности № 91********01 закрыт. Приступить к работе 11 марта 2026\u202fг.');
});

test('a remote closure by another doctor is refused, and the certificate stays as it was', () => {
  const opened = ctx.sickLeaveOpen({ certificate: certificate() }).certificate;
  const before = JSON.stringify(opened);
  const error = throwsA(() => ctx.sickLeaveClose({
    certificate: opened,
    closure: {
      date: '2026-03-06',
      mode: 'telemedicine',
      doctor: { id: 'DOC-2', role: 'doctor' },
      consultation: { indication: 'incapacity_review', recovery_confirmed: true, consent_recorded: true },
    },
  }), telemed.ValidationError);
  assert.deepEqual([error.code, error.pointer, error.ruleId], ['not_treating_doctor', '/closure/doctor/id', 'sick_leave.close.remote']);
  assert.equal(JSON.stringify(opened), before);
});

test('a feldsher alone gives at most 10 days in total', () => {
  const opened = ctx.sickLeaveOpen({ certificate: certificate() }).certificate;
  // 2–6 March is 5 days; extending to 12 March makes 11 > 10 for a feldsher.
  const error = throwsA(() => ctx.sickLeaveExtend({
    certificate: opened,
    period: { from: '2026-03-07', to: '2026-03-12', doctor: { id: 'FEL-1', role: 'feldsher' } },
    mode: 'in_person',
  }), telemed.ValidationError);
  assert.deepEqual([error.code, error.pointer], ['commission_required', '/period/to']);
});
