'use strict';
// A consultation end to end (docs/consultation.md): the Kirov lifecycle of
// tests/conformance/tools/consultation_vectors.py, its protocol, an Ed25519 signature checked by
// OpenSSL, an external (ГОСТ) signer through a koffi callback, the audit chain, deliveries.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { telemed, throwsA } = require('../testlib/helpers');

// RFC 8032 §7.1, TEST 1: the seed and its public key.
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const KEY_ID = 'doc-1-2026';
const CONFIG = { signers: { keys: [
  { key_id: KEY_ID, public_key: PUBLIC.toString('base64') },
  { key_id: 'org-1-gost', algorithm: 'GOST R 34.10-2012-256', certificate: '01d3a5f0c2b4e6a8' },
] } };
// Europe/Kirov is UTC+3 all year: every instant keeps its "+03:00" in the organisation's zone.
const NOW = new Date('2026-03-12T12:00:00+03:00');

const SNILS = '112-233-445 95';
const DOCTOR = { id: 'doc-1', role: 'doctor' };
const CERTIFICATE = {
  number: '910123456701', status: 'open', reason: 'own_illness',
  organisation: { id: 'kirov-kdc', time_zone: 'Europe/Kirov' },
  opened: { date: '2026-03-02', mode: 'in_person' },
  treating_doctor: DOCTOR,
  periods: [{ from: '2026-03-02', to: '2026-03-12', doctor: DOCTOR }],
  next_appearance: '2026-03-12',
};
const PATIENT = { name: { family: 'Примерова', given: 'Анна' }, birth_date: '1980-05-02', sex: 'female', snils: SNILS };
const REQUEST = {
  id: 'kir-2026-0001',
  organisation: { id: 'kirov-kdc', name: 'КОГБУЗ «Кировский клинический диагностический центр»', telemedicine_cabinet: true },
  doctor: { id: 'doc-1', name: 'Иванова Анна Петровна', role: 'treating_doctor', experience_years: 12 },
  patient: PATIENT, indication: 'incapacity_review', format: 'doctor_patient', mode: 'real_time_video', channel: 'max',
  present: ['patient'], planned_actions: ['close_sick_leave'], certificate: CERTIFICATE,
};
const event = (n, type, at, members = {}) => ({ id: `e${n}`, type, at, ...members });

// Each event with the status it leads to and the events that status allows (docs/consultation.md).
const STEPS = [
  [event(1, 'request', '2026-03-11T09:00:00+03:00', { consultation: REQUEST }), 'requested', ['schedule', 'cancel']],
  [event(2, 'schedule', '2026-03-11T09:05:00+03:00', {
    cabinet: { id: 'tm-1', name: 'Телемедицинский кабинет № 1' },
    slot: { id: 'slot-17', start: '2026-03-12T10:00:00+03:00', end: '2026-03-12T10:20:00+03:00', telemedicine: true },
  }), 'scheduled', ['schedule', 'verify_identity', 'cancel', 'no_show']],
  [event(3, 'verify_identity', '2026-03-12T09:55:00+03:00', { method: 'snils_birth_date', claim: { snils: '11223344595', birth_date: '1980-05-02' } }),
    'identity_verified', ['confirm_consent', 'cancel', 'no_show']],
  [event(4, 'confirm_consent', '2026-03-12T09:56:00+03:00', { consent: { id: 'c-1', type: 'telemedicine', date: '2026-03-12', given_by: 'patient' } }),
    'consent_confirmed', ['start', 'cancel', 'no_show']],
  [event(5, 'start', '2026-03-12T10:00:00+03:00'), 'in_progress', ['connection_lost', 'complete']],
  [event(6, 'complete', '2026-03-12T10:15:00+03:00', {
    notes: { complaints: 'Жалоб нет', findings: 'Температура 36,6 °C, состояние удовлетворительное' },
    outcomes: [{ kind: 'certificate_closed' }],
    sick_leave_closure: { recovery_confirmed: true },
  }), 'completed', ['sign_protocol']],
];

const ctx = new telemed.Context({ jurisdiction: 'RU-KIR', config: CONFIG, now: NOW });
test.after(() => ctx.close());

const states = [];
test.before(() => {
  let state;
  for (const [ev] of STEPS) {
    state = ctx.consultationApply(state ? { state, event: ev } : { event: ev }).state;
    states.push(state);
  }
});
const completed = () => states[states.length - 1];

// RFC 8785 written here without the library: for keys all ASCII and integer numbers, sorted keys,
// no white space and raw UTF-8 are the canonical form.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('the Kirov lifecycle: each event leads to its status and allows exactly the table\'s events', () => {
  let state;
  for (const [ev, status, allowed] of STEPS) {
    const out = ctx.consultationApply(state ? { state, event: ev } : { event: ev });
    assert.equal(out.applied, true, ev.type);
    assert.equal(out.status, status);
    assert.deepEqual(out.allowed_events, allowed);
    assert.equal(out.state.audit.length, Number(ev.id.slice(1)));
    if (ev.type === 'start') {
      // The decision is computed from the consultation's own facts: the certificate opened in
      // person, the treating doctor, video; Kirov adds the protocol to Госуслуги and the СФР record.
      assert.equal(out.decision.verdict, 'allowed');
      assert.equal(out.decision.visit_date, '2026-03-12');
      assert.deepEqual(out.decision.required_documents,
        ['consent_telemedicine', 'electronic_protocol', 'protocol_to_gosuslugi', 'sick_leave_record_sfr']);
    }
    state = out.state;
  }
  assert.deepEqual(state, completed());
  // Closed at the completion, 12 March in Europe/Kirov; back to work the next day.
  assert.equal(state.certificate.status, 'closed');
  assert.deepEqual(state.certificate.closed, { date: '2026-03-12', mode: 'telemedicine' });
  assert.equal(state.certificate.return_to_work, '2026-03-13');
  // A retry of e5 is not applied again; a start while only requested is refused.
  const retry = ctx.consultationApply({ state: states[4], event: STEPS[4][0] });
  assert.deepEqual([retry.applied, retry.status], [false, 'in_progress']);
  const refused = throwsA(() => ctx.consultationApply({ state: states[0], event: event(9, 'start', '2026-03-11T10:00:00+03:00') }),
    telemed.ValidationError);
  assert.deepEqual([refused.code, refused.pointer], ['event_not_allowed', '/event/type']);
  assert.deepEqual(refused.report.allowed_events, ['schedule', 'cancel']);
});

test('the protocol: content_hash is the SHA-256 of its canonical bytes, made independently', () => {
  const built = ctx.protocolBuild({ state: completed() });
  assert.equal(built.protocol.consultation_id, 'kir-2026-0001');
  assert.deepEqual(built.protocol.outcomes, [{ kind: 'certificate_closed', number: '910123456701', status: 'closed',
    closed_date: '2026-03-12', return_to_work: '2026-03-13' }]);
  const bytes = Buffer.from(canonical(built.protocol), 'utf8');
  assert.equal(built.content_hash, crypto.createHash('sha256').update(bytes).digest('hex'));
  assert.equal(ctx.protocolCanonicalize({ document: built.protocol }).canonical, bytes.toString('utf8'));
});

test('SigningKey: the RFC 8032 public key; close() is idempotent', () => {
  const key = new telemed.SigningKey(SEED, KEY_ID);
  assert.deepEqual(key.publicKey, PUBLIC);
  assert.equal(key.keyId, KEY_ID);
  assert.equal(key.certificate, null);
  key.close();
  key.close();
  assert.throws(() => key.publicKey, /closed/);
  assert.throws(() => ctx.signProtocol(key, { state: completed() }), /closed/);
  assert.throws(() => new telemed.SigningKey(SEED.subarray(0, 31), KEY_ID), telemed.InvalidArgumentError);
  assert.throws(() => new telemed.SigningKey('seed', KEY_ID), TypeError);
});

test('an Ed25519 signature that OpenSSL verifies, and refuses over a flipped byte', (t) => {
  const { protocol } = ctx.protocolBuild({ state: completed() });
  const key = new telemed.SigningKey(SEED, KEY_ID);
  let signature;
  try {
    signature = ctx.signProtocol(key, { protocol }).signature;
    // Ed25519 is deterministic: from the state, the same protocol is built and signed alike.
    assert.deepEqual(ctx.signProtocol(key, { state: completed() }).signature, signature);
  } finally {
    key.close();
  }
  const message = Buffer.from(canonical(protocol), 'utf8');
  assert.equal(signature.algorithm, 'Ed25519');
  assert.equal(signature.key_id, KEY_ID);
  assert.deepEqual(signature.content_hash, { algorithm: 'sha-256', value: crypto.createHash('sha256').update(message).digest('hex') });
  const raw = Buffer.from(signature.value, 'base64');
  assert.equal(raw.length, 64);
  // Node's own Ed25519 agrees (another independent verifier).
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), PUBLIC]);
  const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
  assert.equal(crypto.verify(null, message, publicKey, raw), true);
  // The library's own verification with the trusted signer; a changed letter is caught.
  assert.deepEqual(ctx.protocolVerify({ protocol, signature }).result, 'valid');
  const changed = { ...protocol, findings: protocol.findings.replace('36,6', '36,7') };
  assert.deepEqual(ctx.protocolVerify({ protocol: changed, signature }).result, 'content_changed');

  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (openssl.error || openssl.status !== 0) {
    t.skip('the openssl binary is not installed (Debian package openssl)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-sig-'));
  const file = (name, data) => {
    fs.writeFileSync(path.join(dir, name), data);
    return path.join(dir, name);
  };
  const pem = file('pub.pem', `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`);
  const sig = file('sig.bin', raw);
  const verify = (msg) => spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', msg, '-sigfile', sig],
    { encoding: 'utf8' });
  const good = verify(file('msg.bin', message));
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /Signature Verified Successfully/);
  // "{" (0x7b) with its lowest bit flipped is "z" (0x7a).
  const flipped = Buffer.from(message);
  flipped[0] ^= 1;
  const bad = verify(file('flipped.bin', flipped));
  assert.notEqual(bad.status, 0);
  assert.doesNotMatch(bad.stdout, /Signature Verified Successfully/);
});

test('an external signer: called once with the canonical bytes, its signature recorded', () => {
  const { protocol } = ctx.protocolBuild({ state: completed() });
  const calls = [];
  const gost = Buffer.alloc(64, 0xab);
  const signed = ctx.signProtocolExternal((message) => {
    calls.push(message);
    return gost;
  }, { algorithm: 'GOST R 34.10-2012-256', keyId: 'org-1-gost', certificate: '01d3a5f0c2b4e6a8' }, { protocol });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].toString('utf8'), canonical(protocol));
  assert.equal(signed.signature.algorithm, 'GOST R 34.10-2012-256');
  assert.equal(signed.signature.certificate, '01d3a5f0c2b4e6a8');
  assert.equal(signed.signature.value, gost.toString('base64'));
  // A ГОСТ signature is checked for its content hash only: the provider verifies the signature.
  assert.equal(ctx.protocolVerify({ protocol, signature: signed.signature }).result, 'algorithm_not_verifiable');
});

test('a failing external signer: SignerError, with what the JS signer threw as its cause', () => {
  const signer = { algorithm: 'GOST R 34.10-2012-256', keyId: 'org-1-gost' };
  const document = { state: completed() };
  const thrown = new Error('the token is not inserted');
  const failed = throwsA(() => ctx.signProtocolExternal(() => { throw thrown; }, signer, document), telemed.SignerError);
  assert.deepEqual([failed.status, failed.code, failed.pointer], [12, 'signer_failed', '/signer']);
  assert.equal(failed.cause, thrown);
  const notBytes = throwsA(() => ctx.signProtocolExternal(() => 'signature', signer, document), telemed.SignerError);
  assert.ok(notBytes.cause instanceof TypeError);
  const tooLong = throwsA(() => ctx.signProtocolExternal(() => Buffer.alloc(telemed.SIGNATURE_MAX_BYTES + 1), signer, document),
    telemed.SignerError);
  assert.ok(tooLong.cause instanceof RangeError);
  const unlisted = throwsA(() => ctx.signProtocolExternal(() => Buffer.alloc(64), { algorithm: 'RSA', keyId: 'x' }, document),
    telemed.InvalidArgumentError);
  assert.equal(unlisted.code, 'invalid_signer');
});

test('signed, audited, delivered: the audit chain holds and a cut tail shows against the head', () => {
  const key = new telemed.SigningKey(SEED, KEY_ID);
  let signed;
  try {
    const { signature } = ctx.signProtocol(key, { state: completed() });
    signed = ctx.consultationApply({ state: completed(), event: event(7, 'sign_protocol', '2026-03-12T10:20:00+03:00', { signature }) }).state;
  } finally {
    key.close();
  }
  assert.equal(signed.status, 'protocol_signed');
  const audit = ctx.auditVerify({ entries: signed.audit });
  assert.deepEqual([audit.valid, audit.entries, audit.head], [true, 7, signed.audit[6].hash]);
  const cut = ctx.auditVerify({ entries: signed.audit.slice(0, 6), head: { hash: audit.head, count: audit.entries } });
  assert.deepEqual([cut.valid, cut.first_bad.reason], [false, 'head_mismatch']);
  const deliveries = ctx.protocolDeliveries({ state: signed, document_ref: 'gu-2026-0001' });
  assert.equal(deliveries.gosuslugi.document.ref, 'gu-2026-0001');
  assert.equal(deliveries.sfr.LN_CODE, '910123456701');
  // The patient's notification names no one: no name, no СНИЛС.
  const text = JSON.stringify(deliveries.gosuslugi);
  for (const secret of ['Примерова', SNILS, '11223344595', '1980-05-02']) assert.ok(!text.includes(secret), secret);
  const rendered = ctx.protocolRender({ state: signed, format: 'text', language: 'ru' });
  assert.ok(rendered.content.includes('11*-***-*** 95'));
  assert.ok(!rendered.content.includes(SNILS));
});
