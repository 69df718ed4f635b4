'use strict';

// Calendar dates and instants in the medical organisation's IANA zone, with Intl only (Node's
// ICU carries the tz database). The library computes its own dates the same way; the bot needs
// these to lay out the demo schedule and to show a slot before any consultation exists.

const MS_PER_MINUTE = 60 * 1000;

function partsOf(instant, timeZone, options) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
  const parts = {};
  for (const part of format.formatToParts(instant)) {
    parts[part.type] = part.value;
  }
  return parts;
}

// The calendar date of an instant in a zone, YYYY-MM-DD.
function localDate(instant, timeZone) {
  const p = partsOf(new Date(instant), timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

// The zone's offset from UTC at an instant, in minutes (+180 for Moscow).
function offsetMinutes(instant, timeZone) {
  const p = partsOf(new Date(instant), timeZone, { timeZoneName: 'longOffset' });
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(p.timeZoneName || '');
  if (!match) {
    return 0; // "GMT" alone is UTC itself
  }
  const minutes = Number(match[2]) * 60 + Number(match[3] || 0);
  return match[1] === '-' ? -minutes : minutes;
}

// The instant at which the wall clock of the zone shows date and time. Two passes settle the
// offset even across a change of offset; Russia has none since 2014, other embedders may.
function zonedToInstant(date, time, timeZone) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - offsetMinutes(wall, timeZone) * MS_PER_MINUTE;
  guess = wall - offsetMinutes(guess, timeZone) * MS_PER_MINUTE;
  return new Date(guess);
}

// RFC 3339 with the zone's offset at that instant: 2026-03-12T16:00:00+03:00.
function rfc3339(instant, timeZone) {
  const at = new Date(Math.floor(new Date(instant).getTime() / 1000) * 1000);
  const offset = offsetMinutes(at, timeZone);
  const local = new Date(at.getTime() + offset * MS_PER_MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// The library's Russian dates follow CLDR 42+, which puts a narrow no-break space before «г.»
// («13 марта 2026 г.»); Node's ICU may still write a plain space. One spelling in one chat.
function cldrYearSpace(text) {
  return text.replace(/(\d) г\./g, '$1\u202fг.');
}

// «12 марта 2026 г., 16:00 (Москва)»: the style of the library's renderings, with the zone's
// exemplar city, so the patient sees the organisation's time and knows whose time it is.
function formatSlot(instant, timeZone) {
  const at = new Date(instant);
  const day = new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long', year: 'numeric' })
    .format(at);
  const clock = new Intl.DateTimeFormat('ru-RU', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(at);
  const city = new Intl.DateTimeFormat('ru-RU', { timeZone, timeZoneName: 'shortGeneric' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName');
  const suffix = city ? ` (${city.value})` : '';
  return cldrYearSpace(`${day}, ${clock}${suffix}`);
}

// «13 марта 2026 г.» for a calendar date YYYY-MM-DD.
function formatDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  const text = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)));
  return cldrYearSpace(text);
}

// The patient types ДД.ММ.ГГГГ (also with «/» or «-» or spaces around); the library then judges
// the calendar date itself. Returns YYYY-MM-DD, or null when the text is not of that shape.
function parseRussianDate(text) {
  const match = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(String(text || ''));
  if (!match) {
    return null;
  }
  return `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
}

module.exports = {
  addDays,
  formatDate,
  formatSlot,
  localDate,
  offsetMinutes,
  parseRussianDate,
  rfc3339,
  zonedToInstant,
};
