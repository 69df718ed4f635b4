'use strict';

// The demo register is fictional, and every identifier in it has valid check digits by the rules
// of docs/identity.md: computed here by hand and confirmed by the library (identifier.validate).
// Every patient is a valid patient document and every certificate a valid open certificate.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { library } = require('./helpers');
const { Register } = require('../src/register');

// ЕНП: Luhn over all 16 digits (identity.enp.luhn).
function luhnValid(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// СНИЛС: S = Σ dᵢ·(10−i) over the first nine digits; S < 100 ⇒ S; 100, 101 ⇒ 00; else S mod 101,
// 100 ⇒ 00 (identity.snils.checksum).
function snilsCheck(digits) {
  let s = 0;
  for (let i = 1; i <= 9; i += 1) {
    s += Number(digits[i - 1]) * (10 - i);
  }
  let check = s < 100 ? s : s === 100 || s === 101 ? 0 : s % 101;
  if (check === 100) {
    check = 0;
  }
  return String(check).padStart(2, '0');
}

test('every identifier of the demo register has valid check digits', { timeout: 20000 }, () => {
  const register = Register.load();
  const lib = library();
  const org = register.organisation('vrn-demo-1');
  lib.withContext(org, Date.parse('2026-03-12T09:00:00+03:00'), (ctx) => {
    for (const { record, type, value } of register.allIdentifiers()) {
      const digits = value.replace(/\D/g, '');
      if (type === 'enp') {
        assert.equal(digits.length, 16, record);
        assert.ok(luhnValid(digits), `${record}: ЕНП Luhn`);
      } else {
        assert.equal(digits.length, 11, record);
        assert.equal(digits.slice(9), snilsCheck(digits), `${record}: СНИЛС check number`);
      }
      const checked = ctx.call('identifier.validate', { type, value });
      assert.equal(checked.valid, true, `${record} ${type}`);
    }
  });
  // One by hand, for the record: СНИЛС 147-258-369 → 1·9+4·8+7·7+2·6+5·5+8·4+3·3+6·2+9·1 = 189;
  // 189 mod 101 = 88.
  assert.equal(snilsCheck('14725836988'), '88');
});

test('every patient and certificate of the register is valid for the library', { timeout: 20000 }, () => {
  const register = Register.load();
  const lib = library();
  for (const org of register.organisations()) {
    lib.withContext(org, Date.parse('2026-03-12T09:00:00+03:00'), (ctx) => {
      for (const raw of register.data.patients.filter((p) => p.organisation === org.id)) {
        const entry = register.record(raw.record, '2026-03-12');
        assert.equal(ctx.call('patient.validate', entry.patient).valid, true, entry.record);
        if (entry.certificate) {
          assert.equal(entry.certificate.status, 'open');
          assert.equal(entry.certificate.opened.mode, 'in_person');
          assert.equal(entry.certificate.treating_doctor.id, org.doctor.id);
          assert.equal(entry.certificate.periods.at(-1).to, '2026-03-12');
          ctx.call('sick_leave.record', { certificate: entry.certificate });
        }
      }
    });
  }
  // The long-term-care patients are over 65 (patient.age), and the social worker is the ward's proxy.
  lib.withContext(register.organisation('kir-demo-kdc'), Date.parse('2026-03-12T09:00:00+03:00'), (ctx) => {
    for (const raw of register.data.patients.filter((p) => p.long_term_care)) {
      assert.ok(ctx.call('patient.age', { birth_date: raw.patient.birth_date }).years > 65, raw.record);
    }
  });
  const ward = register.record('kir-0002', '2026-03-12');
  const worker = register.socialWorker('kir-demo-kdc', 7001);
  assert.ok(register.proxyPermits(ward, worker, 'book'));
  assert.ok(!register.proxyPermits(register.record('kir-0003', '2026-03-12'), worker, 'book'));
});

test('register dates written @today±N follow the organisation\'s calendar', () => {
  const register = Register.load();
  const entry = register.record('vrn-0001', '2026-03-01');
  assert.equal(entry.certificate.opened.date, '2026-02-20');
  assert.deepEqual([entry.certificate.periods[0].from, entry.certificate.periods[0].to], ['2026-02-20', '2026-03-01']);
  assert.equal(entry.patient.birth_date, '1984-09-05');
});

test('Voronezh and Kirov have no regional indication list: the purposes are the federal ones', { timeout: 20000 }, () => {
  // indication.list is the Novosibirsk order's six indications (docs/eligibility.md); elsewhere it
  // is empty, so the bot offers purposes named by their planned actions (src/purposes.js).
  const register = Register.load();
  for (const org of register.organisations()) {
    library().withContext(org, Date.parse('2026-03-12T09:00:00+03:00'), (ctx) => {
      assert.deepEqual(ctx.call('indication.list').indications, [], org.id);
    });
  }
});
