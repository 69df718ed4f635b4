'use strict';

// Voronezh (seed 002): the patient identifies herself by the policy number and the date of birth,
// asks to close her sick-leave certificate, consents, gets the decision and a slot, and after the
// doctor's video consultation gets the protocol's summary with the return-to-work date.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked, assertPrivateFiles } = require('./privacy');

test('Voronezh: a sick-leave certificate closed remotely, end to end', { timeout: 60000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const patient = world.user(5001, 5001);
    for (const s of flows.VORONEZH_STEPS) {
      const got = s.act === 'start' ? await patient.start() : await patient[s.act](s.arg);
      assert.deepEqual(got, s.expect, `after «${s.arg || s.act}»`);
    }

    // Every button press was answered once, with a short notice.
    const presses = patient.updates.filter((u) => u.update_type === 'message_callback');
    assert.deepEqual(
      world.platform.answers.map((a) => a.callback_id),
      presses.map((u) => u.callback.callback_id),
    );
    assert.ok(world.platform.answers.every((a) => a.notification === 'Принято'));

    // The booking is the library's snapshot: four events, identified by ЕНП, consent recorded.
    const [booking] = await world.runtime.doctor.list();
    assert.equal(booking.status, 'consent_confirmed');
    assert.equal(booking.organisation, 'vrn-demo-1');
    const beforeDoctor = await world.runtime.store.load('5001');
    assert.equal(beforeDoctor.consultation.state.audit.length, 4);
    assert.equal(beforeDoctor.consultation.state.identification.method, 'enp_birth_date');
    assert.equal(beforeDoctor.consultation.state.schedule.slot.start, '2026-03-12T16:00:00+03:00');

    // The doctor's side, at 16:05: start, complete (recovery confirmed), sign, deliver.
    world.clock.set('2026-03-12T16:05:00+03:00');
    const result = await world.runtime.doctor.complete(booking.id, {
      closure: { recovery_confirmed: true },
      notes: { complaints: 'Жалоб нет' },
    });
    assert.equal(result.status, 'delivered');
    assert.deepEqual(result.steps, ['start', 'complete', 'sign_protocol', 'deliver']);
    assert.deepEqual(patient.all().at(-1), flows.VORONEZH_PROTOCOL);

    // The certificate as the library closed it: on the consultation's day, back to work the next.
    const done = await world.runtime.store.load('5001');
    const { state } = done.consultation;
    assert.equal(state.status, 'delivered');
    assert.equal(state.certificate.status, 'closed');
    assert.deepEqual(state.certificate.closed, { date: '2026-03-12', mode: 'telemedicine' });
    assert.equal(state.certificate.return_to_work, '2026-03-13');
    assert.equal(state.audit.length, 8);
    assert.deepEqual(state.delivery.deliveries.map((d) => d.channel), ['gosuslugi']);

    // The signature verifies against the protocol the snapshot gives, and the audit chain holds.
    await world.runtime.library.withContext(world.runtime.register.organisation('vrn-demo-1'), world.clock.now(), (lib) => {
      const { protocol } = lib.call('protocol.build', { state });
      assert.equal(lib.call('protocol.verify', { protocol, signature: state.signature }).result, 'valid');
      assert.equal(lib.call('audit.verify', { entries: state.audit }).valid, true);
    });

    // Calling complete again (the MIS retrying) changes nothing and tells the patient nothing new.
    const count = patient.all().length;
    const again = await world.runtime.doctor.complete(booking.id, { closure: { recovery_confirmed: true } });
    assert.deepEqual(again.steps, []);
    assert.equal(patient.all().length, count);

    // Afterwards /start begins a new conversation.
    const next = await patient.say('/start');
    assert.deepEqual(next, [{ text: flows.GREETING }, flows.ASK_ORGANISATION]);

    assertNothingLeaked(world);
    assertPrivateFiles(world.stateDir);
  } finally {
    await world.close();
  }
});

test('Voronezh: the same patient by СНИЛС; before the slot /start is a fresh start, after it a reminder', { timeout: 60000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const patient = world.user(5003, 5003);
    await patient.start();
    await patient.press('Демо-поликлиника № 1, Воронеж');
    assert.deepEqual(await patient.press('СНИЛС и дата рождения'), [flows.ASK_SNILS]);
    assert.deepEqual(await patient.say('147 258 369 88'), [{ text: 'СНИЛС 14*-***-*** 88 принят.' }, flows.ASK_BIRTH_DATE]);
    assert.deepEqual(await patient.say('5.9.1984'), [{ text: 'Вы идентифицированы.' }, flows.ASK_PURPOSE_VOR]);
    assert.deepEqual(await patient.say('/start'), [{ text: flows.GREETING }, flows.ASK_ORGANISATION]);
    await patient.press('Демо-поликлиника № 1, Воронеж');
    await patient.press('Полис ОМС (ЕНП) и дата рождения');
    await patient.say('3602154703918236');
    await patient.say('05.09.1984');
    await patient.press('Результаты анализов и обследований');
    assert.deepEqual(await patient.press('Даю согласие'), [flows.ALLOWED, flows.ASK_SLOT_VOR]);
    await patient.press(`13 марта 2026${flows.G}, 10:00 (Москва)`);
    assert.deepEqual(await patient.say('/start'), [{
      text: `У вас уже есть запись на телемедицинскую консультацию: 13 марта 2026${flows.G}, 10:00 (Москва). Дождитесь врача.`,
    }]);
    assert.deepEqual(await patient.say('Когда позвонит врач?'), [{
      text: `У вас уже есть запись на телемедицинскую консультацию: 13 марта 2026${flows.G}, 10:00 (Москва). Дождитесь врача.`,
    }]);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
