'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const time = require('../src/time');

test('slots are shown in the organisation\'s zone with its city', () => {
  const at = Date.parse('2026-03-10T09:00:00Z');
  assert.equal(time.formatSlot(at, 'Asia/Novosibirsk'), '10 марта 2026\u202fг., 16:00 (Новосибирск)');
  assert.equal(time.formatSlot(at, 'Europe/Moscow'), '10 марта 2026\u202fг., 12:00 (Москва)');
  assert.equal(time.formatSlot(at, 'Europe/Kirov'), '10 марта 2026\u202fг., 12:00 (Киров)');
  assert.equal(time.formatDate('2026-03-13'), '13 марта 2026\u202fг.');
});

test('wall-clock times of a zone become instants, and back', () => {
  const start = time.zonedToInstant('2026-03-12', '16:00', 'Europe/Moscow');
  assert.equal(start.toISOString(), '2026-03-12T13:00:00.000Z');
  assert.equal(time.rfc3339(start, 'Europe/Moscow'), '2026-03-12T16:00:00+03:00');
  assert.equal(time.rfc3339(start, 'Asia/Novosibirsk'), '2026-03-12T20:00:00+07:00');
  // 23:30 in Novosibirsk is already the next day in Kamchatka, and still the same day in Moscow.
  const late = time.zonedToInstant('2026-03-12', '23:30', 'Asia/Novosibirsk');
  assert.equal(time.localDate(late, 'Asia/Kamchatka'), '2026-03-13');
  assert.equal(time.localDate(late, 'Europe/Moscow'), '2026-03-12');
});

test('dates typed by people', () => {
  assert.equal(time.parseRussianDate('05.09.1984'), '1984-09-05');
  assert.equal(time.parseRussianDate(' 5.9.1984 '), '1984-09-05');
  assert.equal(time.parseRussianDate('05/09/1984'), '1984-09-05');
  assert.equal(time.parseRussianDate('1984-09-05'), null);
  assert.equal(time.parseRussianDate('пятое сентября'), null);
  assert.equal(time.parseRussianDate('31.02.1984'), '1984-02-31'); // the library judges the calendar
  assert.equal(time.addDays('2028-02-28', 1), '2028-02-29');
});
