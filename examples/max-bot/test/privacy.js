'use strict';

// What must never leave the bot: a register identifier (ЕНП, СНИЛС, the certificate's number)
// unmasked, in any spacing, or a date of birth in any spelling, in a message the bot sent or in
// its log; nor a patient's name in the log.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Register } = require('../src/register');

const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября',
  'ноября', 'декабря'];

function secrets() {
  const register = Register.load();
  const identifiers = [];
  const birthDates = [];
  const names = [];
  for (const entry of register.data.patients) {
    for (const value of [entry.patient.enp, entry.patient.snils, entry.certificate && entry.certificate.number]) {
      if (value) {
        identifiers.push(value.replace(/\D/g, ''));
      }
    }
    birthDates.push(entry.patient.birth_date);
    names.push(entry.patient.name.family);
  }
  return { identifiers, birthDates, names };
}

// The digits in order with any spaces, dashes or dots between them.
function identifierPattern(digits) {
  return new RegExp(digits.split('').join('[\\s.\\-]*'));
}

function birthDatePatterns(date) {
  const [y, m, d] = date.split('-');
  const day = String(Number(d));
  return [
    `${d}.${m}.${y}`,
    `${day}.${Number(m)}.${y}`,
    date,
    `${day} ${MONTHS[Number(m) - 1]} ${y}`,
  ];
}

function assertClean(texts, where, { checkNames = false } = {}) {
  const { identifiers, birthDates, names } = secrets();
  for (const text of texts) {
    for (const digits of identifiers) {
      assert.doesNotMatch(text, identifierPattern(digits), `${where} holds an unmasked identifier`);
    }
    for (const date of birthDates) {
      for (const spelling of birthDatePatterns(date)) {
        assert.ok(!text.includes(spelling), `${where} holds a date of birth (${spelling})`);
      }
    }
    if (checkNames) {
      for (const name of names) {
        assert.ok(!text.includes(name), `${where} holds a patient's name`);
      }
    }
  }
}

// Every message the bot sent (texts and button labels), every answer, and every log line.
function assertNothingLeaked(world) {
  const sent = world.platform.messages.map((m) => [m.text || '', ...m.buttons.flat().map((b) => b.text)].join('\n'));
  assertClean(sent, 'a message the bot sent');
  assertClean(world.platform.answers.map((a) => JSON.stringify(a)), 'a callback answer');
  assertClean(world.logs, 'the log', { checkNames: true });
}

// The state files hold personal data: only their owner may read them.
function assertPrivateFiles(stateDir) {
  for (const sub of ['chats', 'consultations']) {
    const dir = path.join(stateDir, sub);
    assert.equal(fs.statSync(dir).mode & 0o077, 0, `${sub}/ is readable by others`);
    for (const name of fs.readdirSync(dir)) {
      assert.equal(fs.statSync(path.join(dir, name)).mode & 0o077, 0, `${sub}/${name} is readable by others`);
    }
  }
}

module.exports = { assertNothingLeaked, assertPrivateFiles, assertClean, secrets };
