'use strict';

// Kirov (seed 001), long-term care: a social worker books her ward, a patient over 65, as the
// proxy on the ward's record. The library refuses what a proxy may not do: take part alone for the
// patient (eligibility.federal.proxy) and give the consent (identity.proxy.no_consent). The
// certificate is then closed with the patient present, and Kirov's rule sends the protocol to
// Госуслуги and the record to the Social Fund.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

const { G } = flows;
const SOCIAL_WORKER = 7001; // the register's social worker of the Kirov centre

test('Kirov: a social worker books her ward; the proxy is refused alone and for the consent', { timeout: 60000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const worker = world.user(SOCIAL_WORKER, 7001);
    assert.deepEqual(await worker.start(), [{ text: flows.GREETING }, flows.ASK_ORGANISATION]);
    assert.deepEqual(await worker.press('Демо-диагностический центр, Киров'), [flows.ASK_ROLE]);
    // Kirov accepts СНИЛС and the date of birth, not the policy number (rule.explain of
    // eligibility.federal.identification lists esia and snils_birth_date): no method question.
    assert.deepEqual(await worker.press('Я социальный работник, записываю подопечного'), [flows.ASK_WARD_SNILS]);

    // A patient of the centre whose record does not name her as a proxy.
    assert.deepEqual(await worker.say('182-736-455 94'), [{ text: 'СНИЛС 18*-***-*** 94 принят.' }, flows.ASK_WARD_BIRTH_DATE]);
    assert.deepEqual(await worker.say('20.01.1945'), [
      { text: 'В записи этого пациента вы не указаны доверенным лицом с правом записи на приём, поэтому записать его вы не можете.' },
      flows.ASK_WARD_SNILS,
    ]);

    // Her ward, born 15.06.1948 (77 on the visit date): proxy with book and receive_notifications.
    assert.deepEqual(await worker.say('173-628-495 98'), [{ text: 'СНИЛС 17*-***-*** 98 принят.' }, flows.ASK_WARD_BIRTH_DATE]);
    assert.deepEqual(await worker.say('15.06.1948'), [{ text: 'Подопечный идентифицирован.' }, flows.ASK_WARD_PURPOSE]);
    assert.deepEqual(await worker.press('Закрыть больничный лист'), [flows.ASK_PRESENCE]);

    // The proxy alone, closing someone else's certificate: not allowed, in the library's words.
    assert.deepEqual(await worker.press('Только я, без подопечного'), [
      {
        text: 'Решение: дистанционная консультация невозможна. Причины:\n'
          + '— Согласие на дистанционный формат не оформлено.\n'
          + '— Доверенное лицо может записать, но не участвует за пациента одно.',
      },
      flows.ASK_PRESENCE,
    ]);
    assert.deepEqual(await worker.press('Подопечный вместе со мной'), [flows.ASK_PROXY_CONSENT]);

    // The consent on the patient's behalf: refused by identity.proxy.no_consent.
    assert.deepEqual(await worker.press('Даю согласие за подопечного'), [
      { text: 'Так нельзя по правилам:\n— Доверенное лицо может записать на приём, но не даёт согласие.' },
      flows.ASK_PROXY_CONSENT,
    ]);
    assert.deepEqual(await worker.press('Подопечный рядом и даёт согласие сам'), [flows.ALLOWED, flows.ASK_SLOT_KIR]);
    assert.deepEqual(await worker.press(`12 марта 2026${G}, 15:00 (Киров)`), [
      flows.booked('Демо-диагностический центр, Киров', `12 марта 2026${G}, 15:00 (Киров)`),
    ]);

    const record = await world.runtime.store.load('7001');
    const { state } = record.consultation;
    assert.equal(record.consultation.booked_by, 'proxy');
    assert.deepEqual(state.consultation.present, ['patient', 'proxy']);
    assert.equal(state.consent.given_by, 'patient');
    assert.equal(state.identification.method, 'snils_birth_date');

    // The doctor closes the certificate at 15:10 Kirov time; Kirov wants Госуслуги and the СФР.
    world.clock.set('2026-03-12T15:10:00+03:00');
    const result = await world.runtime.doctor.complete(record.consultation.id, { closure: { recovery_confirmed: true } });
    assert.equal(result.status, 'delivered');
    assert.equal(result.deliveries.sfr.LN_CODE, '430000112233');
    assert.equal(result.deliveries.sfr.RETURN_DATE_LPU, '2026-03-13');
    const done = (await world.runtime.store.load('7001')).consultation.state;
    assert.deepEqual(done.eligibility.required_documents,
      ['consent_telemedicine', 'electronic_protocol', 'protocol_to_gosuslugi', 'sick_leave_record_sfr']);
    assert.deepEqual(done.delivery.deliveries.map((d) => d.channel), ['gosuslugi', 'sfr']);

    // The worker may receive notifications (her permission on the record): the summary reaches her.
    // Certificate 430000112233 (opened @today-5 = 07.03, last period to 12.03) closed on 12.03:
    // return to work on 13.03.2026.
    assert.deepEqual(worker.all().at(-1), {
      text: `Протокол телемедицинской консультации от 12 марта 2026${G}\n`
        + `Ваша телемедицинская консультация состоялась 12 марта 2026${G}, 15:10 (Киров). `
        + 'Медицинская организация: Демо-диагностический центр, Киров. '
        + 'Листок нетрудоспособности № 43********33 закрыт. '
        + `Приступить к работе 13 марта 2026${G} `
        + 'Протокол подписан электронной подписью и доступен в личном кабинете.',
    });
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('Kirov: an account that is not a social worker cannot book for someone else', { timeout: 30000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const stranger = world.user(5002, 5002);
    await stranger.start();
    await stranger.press('Демо-диагностический центр, Киров');
    assert.deepEqual(await stranger.press('Я социальный работник, записываю подопечного'), [
      { text: 'Ваш аккаунт MAX не зарегистрирован в организации как аккаунт социального работника, поэтому записать подопечного из него нельзя.' },
      flows.ASK_ROLE,
    ]);
    // As a patient, the Kirov patient closes her own certificate by СНИЛС.
    assert.deepEqual(await stranger.press('Я пациент'), [flows.ASK_SNILS]);
    await stranger.say('159-357-486 15');
    assert.deepEqual(await stranger.say('03.12.1990'), [{ text: 'Вы идентифицированы.' }, flows.ASK_PURPOSE_KIR]);
    await stranger.press('Закрыть больничный лист');
    assert.deepEqual(await stranger.press('Даю согласие'), [flows.ALLOWED, flows.ASK_SLOT_KIR]);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
