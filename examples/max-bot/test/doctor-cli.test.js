'use strict';

// The doctor's CLI, another process over the same store, while the bot runs: it lists the
// booking, is refused by the library when the doctor has not confirmed recovery, then completes,
// signs and delivers, and the patient gets the summary from the CLI's own send.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');
const { World, LIBRARY_PATH, TOKEN } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

const { G } = flows;
const CLI = path.join(__dirname, '..', 'doctor.js');

function doctorCli(world, args, now) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], {
      timeout: 30000,
      env: {
        PATH: process.env.PATH,
        BOT_STATE_DIR: world.stateDir,
        MAX_BOT_TOKEN: TOKEN,
        MAX_API_URL: world.platform.url,
        TELEMED_LIBRARY: LIBRARY_PATH,
        TELEMED_BOT_NOW: now,
      },
    }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr, out: stdout.trim() ? JSON.parse(stdout) : null });
    });
  });
}

test('doctor CLI: list, a refusal, then complete → the patient gets the protocol', { timeout: 90000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5050, 5050);
    await p.start();
    await p.press('Демо-диагностический центр, Киров');
    await p.press('Я пациент');
    await p.say('159-357-486 15');
    await p.say('03.12.1990');
    await p.press('Закрыть больничный лист');
    await p.press('Даю согласие');
    await p.press(`12 марта 2026${G}, 15:00 (Киров)`);

    const listed = await doctorCli(world, ['list'], '2026-03-12T15:10:00+03:00');
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.out.length, 1);
    const [booking] = listed.out;
    assert.equal(booking.status, 'consent_confirmed');
    assert.equal(booking.slot, `12 марта 2026${G}, 15:00 (Киров)`);

    // Without the doctor's confirmation of recovery the library refuses the closure.
    const refused = await doctorCli(world, ['complete', booking.id], '2026-03-12T15:10:00+03:00');
    assert.equal(refused.code, 1);
    assert.equal(refused.out.consultation, booking.id);
    assert.equal(refused.out.error, 'missing_field');
    assert.equal(refused.out.pointer, '/event/sick_leave_closure');
    assert.equal(refused.out.message, 'Не заполнено обязательное поле.');
    const seen = p.all().length;

    const done = await doctorCli(world, ['complete', booking.id, '--recovery-confirmed', '--complaints', 'Жалоб нет'],
      '2026-03-12T15:12:00+03:00');
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(done.out, { consultation: booking.id, status: 'delivered', steps: ['complete', 'sign_protocol', 'deliver'] });
    assert.equal(p.all().length, seen + 1);
    // Started at 15:10 (the refused run started it), certificate 430000765432 closed on 12.03.
    assert.deepEqual(p.all().at(-1), {
      text: `Протокол телемедицинской консультации от 12 марта 2026${G}\n`
        + `Ваша телемедицинская консультация состоялась 12 марта 2026${G}, 15:10 (Киров). `
        + 'Медицинская организация: Демо-диагностический центр, Киров. '
        + 'Листок нетрудоспособности № 43********32 закрыт. '
        + `Приступить к работе 13 марта 2026${G} `
        + 'Протокол подписан электронной подписью и доступен в личном кабинете.',
    });
    const state = (await world.runtime.store.load('5050')).consultation.state;
    assert.deepEqual(state.delivery.deliveries.map((d) => d.channel), ['gosuslugi', 'sfr']);

    // Once more: nothing left to do, nothing sent.
    const again = await doctorCli(world, ['complete', booking.id, '--recovery-confirmed'], '2026-03-12T15:20:00+03:00');
    assert.deepEqual(again.out, { consultation: booking.id, status: 'delivered', steps: [] });
    assert.equal(p.all().length, seen + 1);
    assert.ok(!/Демидова|Сергеева|1990/.test(listed.stdout + refused.stdout + done.stdout + done.stderr));
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('doctor CLI: usage and an unknown consultation', { timeout: 30000 }, async () => {
  const world = await new World().open();
  try {
    const usage = await doctorCli(world, ['frobnicate'], '2026-03-12T15:10:00+03:00');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^usage: node doctor\.js/);
    const unknown = await doctorCli(world, ['complete', 'no-such-id'], '2026-03-12T15:10:00+03:00');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.out.error, 'unknown_consultation');
  } finally {
    await world.close();
  }
});
