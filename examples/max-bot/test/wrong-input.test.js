'use strict';

// Wrong input gets a clear Russian reply and then the very same question again (same text, same
// buttons). The identifier and date checks are the library's (identifier.validate, patient.age,
// patient.identify); what the bot says about a date's shape or a button is its own.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

function reasks(got, notice, question) {
  assert.deepEqual(got, [{ text: notice }, question]);
}

const CHOOSE = 'Пожалуйста, выберите один из вариантов кнопкой под сообщением.';

test('wrong input: every question is asked again after a clear reply', { timeout: 60000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const p = world.user(5010, 5010);

    // Before /start anything gets the hint.
    assert.deepEqual(await p.say('Здравствуйте'), [{ text: 'Чтобы записаться на телемедицинскую консультацию, отправьте /start.' }]);
    await p.start();

    // Free text where a button is asked.
    reasks(await p.say('Воронеж'), CHOOSE, flows.ASK_ORGANISATION);
    await p.press('Демо-поликлиника № 1, Воронеж');
    reasks(await p.say('полис'), CHOOSE, flows.ASK_METHOD);
    await p.press('Полис ОМС (ЕНП) и дата рождения');

    // A button where text is asked (an old keyboard).
    reasks(await p.press('Демо-поликлиника № 1, Воронеж'), 'Сейчас нужен ответ текстом.', flows.ASK_ENP);

    // The policy number: 15 digits; a wrong check digit (Luhn); letters.
    reasks(await p.say('360215470391823'), 'Полис ОМС (ЕНП) не принят: Не ЕНП: 16 цифр.', flows.ASK_ENP);
    reasks(await p.say('3602 1547 0391 8237'),
      'Полис ОМС (ЕНП) не принят: Контрольное число ЕНП 36** **** **** **37 не сходится.', flows.ASK_ENP);
    reasks(await p.say('мой полис 3602'), 'Полис ОМС (ЕНП) не принят: Не ЕНП: 16 цифр.', flows.ASK_ENP);

    // A valid number that is not in the organisation's register: the pair is asked again.
    assert.deepEqual(await p.say('3609998887776668'), [{ text: 'Полис ОМС (ЕНП) 36** **** **** **68 принят.' }, flows.ASK_BIRTH_DATE]);
    const notFound = 'Пациент с такими данными не найден в регистре организации. Проверьте номер полиса и дату рождения и введите их ещё раз.';
    reasks(await p.say('05.09.1984'), notFound, flows.ASK_ENP);

    // A Kirov patient's policy number at the Voronezh organisation: not in its register either.
    await p.say('4301782549630177');
    reasks(await p.say('03.12.1990'), notFound, flows.ASK_ENP);

    // The right number with another date of birth: the same answer (never which part differed).
    await p.say('3602154703918236');
    // Dates: not of the shape ДД.ММ.ГГГГ, not in the calendar, in the future.
    reasks(await p.say('пятое сентября'), 'Дата рождения не распознана: нужен формат ДД.ММ.ГГГГ.', flows.ASK_BIRTH_DATE);
    reasks(await p.say('31.02.1984'), 'Дата рождения не принята: такой даты нет в календаре.', flows.ASK_BIRTH_DATE);
    reasks(await p.say('13.03.2026'), 'Дата рождения не принята: Дата в будущем.', flows.ASK_BIRTH_DATE);
    reasks(await p.say('06.09.1984'), notFound, flows.ASK_ENP);

    await p.say('3602154703918236');
    assert.deepEqual(await p.say('05.09.1984'), [{ text: 'Вы идентифицированы.' }, flows.ASK_PURPOSE_VOR]);

    // Free text and a forged payload at the purpose question.
    reasks(await p.say('больничный'), CHOOSE, flows.ASK_PURPOSE_VOR);
    reasks(await p.pressPayload('purpose:chronic_follow_up'), 'Эта кнопка относится к прошлому вопросу.', flows.ASK_PURPOSE_VOR);
    await p.press('Закрыть больничный лист');

    // No consent: the library's decision names what is missing; the question stays.
    reasks(await p.say('да'), CHOOSE, flows.ASK_CONSENT);
    reasks(await p.press('Не даю согласие'),
      'Решение: дистанционная консультация невозможна. Причины:\n— Согласие на дистанционный формат не оформлено.',
      flows.ASK_CONSENT);
    assert.deepEqual(await p.press('Даю согласие'), [flows.ALLOWED, flows.ASK_SLOT_VOR]);

    // Text at the slot question; a slot button of an older keyboard is still a slot offered.
    reasks(await p.say('в 16'), CHOOSE, flows.ASK_SLOT_VOR);
    reasks(await p.pressPayload('slot:20260312-0900'), 'Эта кнопка относится к прошлому вопросу.', flows.ASK_SLOT_VOR);
    assert.deepEqual(await p.press(`12 марта 2026${flows.G}, 16:00 (Москва)`), [
      flows.booked('Демо-поликлиника № 1, Воронеж', `12 марта 2026${flows.G}, 16:00 (Москва)`),
    ]);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('wrong input: a СНИЛС with a bad check number, then a slot gone by while the patient waited', { timeout: 60000 }, async () => {
  const world = await new World({ now: '2026-03-12T09:00:00+03:00' }).open();
  try {
    const p = world.user(5011, 5011);
    await p.start();
    await p.press('Демо-диагностический центр, Киров');
    await p.press('Я пациент');
    reasks(await p.say('159-357-486 16'), 'СНИЛС не принят: Контрольное число СНИЛС 15*-***-*** 16 не сходится.', flows.ASK_SNILS);
    reasks(await p.say('159-357-486'), 'СНИЛС не принят: Не СНИЛС: 11 цифр, XXX-XXX-XXX YY.', flows.ASK_SNILS);
    await p.say('159 357 486 15');
    await p.say('03.12.1990');
    await p.press('Вопросы о назначенном лечении');
    assert.deepEqual(await p.press('Даю согласие'), [flows.ALLOWED, flows.ASK_SLOT_KIR]);

    // The patient answers at 10:30: the 10:00 slot has begun. The library refuses it
    // (slot_in_past) and the bot offers the slots still ahead.
    world.clock.set('2026-03-12T10:30:00+03:00');
    const got = await p.press(`12 марта 2026${flows.G}, 10:00 (Киров)`);
    assert.equal(got.length, 2);
    assert.deepEqual(got[0], { text: 'Так нельзя по правилам:\n— Слот начинается раньше события, которое его назначает.' });
    assert.deepEqual(got[1], {
      text: flows.ASK_SLOT_KIR.text,
      buttons: [[`12 марта 2026${flows.G}, 15:00 (Киров)`], [`13 марта 2026${flows.G}, 10:00 (Киров)`], [`13 марта 2026${flows.G}, 15:00 (Киров)`]],
    });
    assert.equal((await world.runtime.store.load('5011')).consultation, null);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
