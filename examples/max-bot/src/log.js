'use strict';

// The bot's log: one JSON line per event, with only what helps operate the bot (the event, a chat
// id, an update type, a status or a library error code). Callers pass no names, identifiers,
// dates of birth or message texts, and this module drops any field it does not know, so a careless
// call cannot leak them either.

const ALLOWED_FIELDS = new Set([
  'chat', 'update', 'key', 'status', 'code', 'rule', 'error', 'attempt', 'consultation', 'step', 'mode', 'port',
]);

function safeValue(value) {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  // Short machine words only (codes, statuses, hashed keys).
  const text = String(value);
  return /^[A-Za-z0-9_.:#-]{0,80}$/.test(text) ? text : '[dropped]';
}

function createLog(sink = (line) => process.stderr.write(`${line}\n`)) {
  return function log(event, fields = {}) {
    const entry = { t: new Date().toISOString(), event: safeValue(event) };
    for (const [name, value] of Object.entries(fields)) {
      if (ALLOWED_FIELDS.has(name) && value !== undefined && value !== null) {
        entry[name] = safeValue(value);
      }
    }
    sink(JSON.stringify(entry));
  };
}

module.exports = { createLog };
