'use strict';
// Eligibility of remote consultations in Novosibirsk (docs/eligibility.md), and the bridge from a
// readings summary to the decision.

const test = require('node:test');
const assert = require('node:assert/strict');
const { telemed, NOW, throwsA } = require('../testlib/helpers');

const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
test.after(() => ctx.close());

const PATIENT = {
  name: { family: 'Примерова', given: 'Анна' },
  birth_date: '1960-05-01',
  sex: 'female',
  consents: [{ type: 'telemedicine', date: '2026-03-01', given_by: 'patient' }],
  visits: [{ date: '2026-03-03', kind: 'in_person' }],
  conditions: [{ icd10: 'I10', established: 'in_person', date: '2020-01-10' }],
};

function request(overrides) {
  return {
    patient: PATIENT,
    organisation: { telemedicine_cabinet: true },
    slot: { start: '2026-03-10T15:00:00+07:00', telemedicine: true },
    doctor: { role: 'treating_doctor', experience_years: 12 },
    format: 'doctor_patient',
    mode: 'real_time_video',
    channel: 'max',
    present: ['patient'],
    identification: 'esia',
    ...overrides,
  };
}

test('indication 1 in Novosibirsk: studies prescribed in person, results in → allowed', () => {
  // Consent 2026-03-01 ≤ visit 2026-03-10, ЕСИА accepted (193н), an adult alone, cabinet and slot,
  // doctor–patient: no gate. The visit date is the slot's date in Asia/Novosibirsk.
  const decision = ctx.eligibilityEvaluate(request({
    indication: 'repeat_after_studies',
    planned_actions: ['interpret_results', 'decide_in_person_visit'],
    facts: { referrals: [{ prescribed_at: 'in_person', results_available: true, date: '2026-02-25' }] },
  }));
  assert.equal(decision.verdict, 'allowed');
  assert.equal(decision.visit_date, '2026-03-10');
  assert.deepEqual(decision.permitted_actions, ['interpret_results', 'decide_in_person_visit']);
  assert.deepEqual(decision.refused_actions, []);
  assert.deepEqual(decision.reasons, []);
  // The federal documentation rule and the NVS protocol rule: the consent and one protocol.
  assert.deepEqual(decision.required_documents, ['consent_telemedicine', 'electronic_protocol']);
  assert.deepEqual(decision.missing_facts, []);
  assert.ok(decision.rule_sets.some((r) => r.id === 'ru-nvs.telemedicine'));
});

test('a slot in UTC is dated in the organisation\'s zone', () => {
  // 2026-03-09T17:30:00Z is 2026-03-10 00:30 in Novosibirsk.
  const decision = ctx.eligibilityEvaluate(request({
    slot: { start: '2026-03-09T17:30:00Z', telemedicine: true },
    indication: 'repeat_after_studies',
    planned_actions: ['interpret_results'],
    facts: { referrals: [{ prescribed_at: 'in_person', results_available: true }] },
  }));
  assert.equal(decision.visit_date, '2026-03-10');
});

test('missing facts never allow: not_allowed naming what is missing', () => {
  const decision = ctx.eligibilityEvaluate(request({ indication: 'repeat_after_studies', planned_actions: ['interpret_results'] }));
  assert.equal(decision.verdict, 'not_allowed');
  assert.deepEqual(decision.missing_facts, ['/facts/referrals']);
  assert.deepEqual(decision.reasons.map((r) => r.code), ['facts_missing']);
});

test('readings.summary → facts.alerts → eligibility.evaluate: an urgent reading two days before', () => {
  // 185/100 on 8 March 08:00 is urgent (≥ 180 systolic, readings.bp.urgent); 125/80 after it is not.
  const times = ['2026-03-08T08:00', '2026-03-08T20:00', '2026-03-09T08:00', '2026-03-09T20:00', '2026-03-10T08:00'];
  const readings = times.map((t, i) => ({
    patient_ref: 'P-0042',
    device: { id: 'tono-17' },
    kind: 'blood_pressure',
    measured_at: `${t}:00+07:00`,
    blood_pressure: i === 0 ? { systolic: 185, diastolic: 100, unit: 'mmHg' } : { systolic: 125, diastolic: 80, unit: 'mmHg' },
  }));
  const summary = ctx.readingsSummary({ window: { from: '2026-03-08', to: '2026-03-10' }, readings });
  assert.deepEqual(summary.facts.alerts, [{ date: '2026-03-08', severity: 'urgent' }]);
  // Home protocol: 3 days < 7, the first (8 March) dropped: 9 March twice and 10 March morning.
  const home = summary.blood_pressure.home_protocol;
  assert.deepEqual([home.readings, home.systolic_mean, home.diastolic_mean, home.complete], [3, 125, 80, false]);
  const decision = ctx.eligibilityEvaluate(request({
    indication: 'chronic_stable',
    planned_actions: ['issue_subsidised_prescription'],
    facts: { last_assessment: { date: '2026-02-20', course: 'stable' }, alerts: summary.facts.alerts },
  }));
  // 10 − 8 = 2 days: Russian plural "few" → «прошло 2 дня»; the alert also breaks the stable course.
  assert.equal(decision.verdict, 'in_person_required');
  assert.deepEqual(decision.reasons.map((r) => [r.code, r.rule]), [
    ['urgent_alert', 'eligibility.federal.urgent'],
    ['alert_since_assessment', 'eligibility.federal.stable_course'],
  ]);
  assert.equal(decision.reasons[0].message.ru, 'Срочная тревога по показаниям прибора (прошло 2 дня): нужен очный приём.');
  assert.deepEqual(decision.permitted_actions, ['decide_in_person_visit']);
});

test('a malformed request: ValidationError at the field', () => {
  const error = throwsA(() => ctx.eligibilityEvaluate(request({ planned_actions: ['fly_to_the_moon'] })), telemed.ValidationError);
  assert.deepEqual([error.code, error.pointer], ['invalid_value', '/planned_actions/0']);
});

test('rule.explain: the rule, its confidence and the sets holding it', () => {
  const explained = ctx.ruleExplain({ rule: 'sick_leave.close.remote' });
  assert.equal(explained.rule.id, 'sick_leave.close.remote');
  assert.equal(explained.rule.confidence, 'CONFIRMED');
  assert.ok(explained.held_by.some((s) => s.id === 'ru.sick_leave.remote-closure-2026'));
});
