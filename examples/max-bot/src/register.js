'use strict';

// The organisation's register as the bot sees it: organisations, their social workers and their
// patients (library patient documents, with the open certificate and the facts the MIS would
// hold). The demo register is data/register.json; a real bot would query the MIS instead.

const fs = require('node:fs');
const path = require('node:path');
const { addDays } = require('./time');

const DEFAULT_FILE = path.join(__dirname, '..', 'data', 'register.json');
const RELATIVE_DATE = /^@today(?:([+-])(\d+))?$/;

// "@today-9" → the organisation's calendar date nine days back; anything else unchanged.
function resolveDates(value, today) {
  if (typeof value === 'string') {
    const match = RELATIVE_DATE.exec(value);
    if (!match) {
      return value;
    }
    const days = match[1] ? Number(match[2]) * (match[1] === '-' ? -1 : 1) : 0;
    return addDays(today, days);
  }
  if (Array.isArray(value)) {
    return value.map((item) => resolveDates(item, today));
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = resolveDates(item, today);
    }
    return out;
  }
  return value;
}

function digits(text) {
  return String(text || '').replace(/\D/g, '');
}

function sameName(a, b) {
  // Compared as the library's matching key does: case-folded, ё as е, white space folded.
  const key = (name) => [name.family, name.given, name.patronymic || '']
    .join(' ')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .trim();
  return Boolean(a && b) && key(a) === key(b);
}

class Register {
  constructor(data) {
    this.data = data;
  }

  static load(file = DEFAULT_FILE) {
    return new Register(JSON.parse(fs.readFileSync(file, 'utf8')));
  }

  organisations() {
    return this.data.organisations;
  }

  organisation(id) {
    return this.data.organisations.find((org) => org.id === id) || null;
  }

  // The social worker of the organisation who writes from this MAX account, if any.
  socialWorker(organisationId, maxUserId) {
    return (this.data.social_workers || []).find(
      (worker) => worker.organisation === organisationId && worker.max_user_id === maxUserId,
    ) || null;
  }

  // The register's entry, with its dates resolved to the organisation's `today`.
  record(recordId, today) {
    const entry = this.data.patients.find((p) => p.record === recordId);
    return entry ? resolveDates(entry, today) : null;
  }

  // Entries of the organisation whose identifier of this type has these digits. The caller
  // still runs patient.identify on each: the register lookup only narrows the candidates.
  candidates(organisationId, type, normalized, today) {
    return this.data.patients
      .filter((p) => p.organisation === organisationId && digits(p.patient[type]) === normalized)
      .map((p) => resolveDates(p, today));
  }

  // Whether the worker is on the patient's record as a proxy with this permission.
  proxyPermits(entry, worker, permission) {
    const proxies = entry.patient.proxies || [];
    return proxies.some((proxy) => sameName(proxy.name, worker.name) && (proxy.permissions || []).includes(permission));
  }

  allIdentifiers() {
    const out = [];
    for (const entry of this.data.patients) {
      for (const type of ['enp', 'snils']) {
        if (entry.patient[type]) {
          out.push({ record: entry.record, type, value: entry.patient[type] });
        }
      }
    }
    return out;
  }
}

module.exports = { Register, resolveDates };
