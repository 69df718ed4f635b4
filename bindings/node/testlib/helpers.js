'use strict';
// Shared by the tests: the binding, the repository's paths and a few fixed clocks.

const path = require('node:path');
const fs = require('node:fs');

const telemed = require('..');

/** bindings/node */
const PACKAGE_DIR = path.join(__dirname, '..');
/** the repository root */
const REPO = path.join(PACKAGE_DIR, '..', '..');
/** tests/conformance/vectors */
const VECTORS = path.join(REPO, 'tests', 'conformance', 'vectors');

/** 2026-03-10T12:00:00+07:00: 10 March 2026 in every Russian zone (docs/conformance.md). */
const NOW = new Date('2026-03-10T12:00:00+07:00');

/** The cases of one vector file. */
function vectors(file) {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8'));
}

/** The case of a vector file with this id. */
function vector(file, id) {
  const found = vectors(file).find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id} in ${file}`);
  return found;
}

/** A context for a case's setting, as the conformance runner makes it. */
function contextFor(c) {
  return new telemed.Context({ jurisdiction: c.jurisdiction, timeZone: c.time_zone, config: c.config, now: new Date(c.now) });
}

/** Runs `fn`, expecting it to throw `Class`; returns the error. */
function throwsA(fn, Class) {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof Class)) throw error;
    return error;
  }
  throw new Error(`expected ${Class.name}, nothing was thrown`);
}

module.exports = { telemed, PACKAGE_DIR, REPO, VECTORS, NOW, vectors, vector, contextFor, throwsA };
