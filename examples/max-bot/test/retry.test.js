'use strict';

// The platform retries: an update it believes lost comes again, with the same message id or the
// same callback id. The bot remembers the keys of the updates it handled (in the chat's file),
// so a redelivered update changes nothing and sends nothing; and the booking's events carry ids
// and instants derived from the update, so even a redelivery after a crash that lost the store's
// write rebuilds the same events, which consultation.apply recognises as retries.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');
const { bookingEvents, step } = require('../src/conversation');

function chatFile(world, chatId) {
  return path.join(world.stateDir, 'chats', `${chatId}.json`);
}

test('a retried message and a retried callback change nothing and send nothing twice', { timeout: 60000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5020, 5020);
    const steps = flows.VORONEZH_STEPS;
    await flows.play(p, steps.slice(0, 5));

    // The date of birth, delivered again.
    const before = fs.readFileSync(chatFile(world, 5020), 'utf8');
    assert.deepEqual(await p.redeliverLast(), []);
    assert.equal(fs.readFileSync(chatFile(world, 5020), 'utf8'), before);

    await flows.play(p, steps.slice(5, 8));
    const booked = await world.runtime.store.load('5020');
    assert.equal(booked.consultation.state.audit.length, 4);
    const answers = world.platform.answers.length;
    const seen = p.all().length;

    // The slot's callback, delivered again (same callback id), twice.
    assert.deepEqual(await p.redeliverLast(), []);
    assert.deepEqual(await p.redeliverLast(), []);
    const after = await world.runtime.store.load('5020');
    assert.equal(p.all().length, seen, 'no message sent twice');
    assert.equal(world.platform.answers.length, answers, 'the callback is not answered again');
    assert.deepEqual(after.consultation, booked.consultation, 'no event applied twice');
    assert.equal(fs.readdirSync(path.join(world.stateDir, 'consultations')).length, 1);
    assert.ok(world.logs.filter((line) => line.includes('update_duplicate')).length >= 3);

    // The whole conversation as the patient saw it: each step's messages once.
    assert.deepEqual(p.all(), steps.flatMap((s) => s.expect));
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('a redelivery after a lost write rebuilds the same booking; the library ignores its events', { timeout: 60000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5021, 5021);
    await flows.play(p, flows.VORONEZH_STEPS.slice(0, 7));
    const beforeSlot = await world.runtime.store.load('5021');
    await flows.play(p, flows.VORONEZH_STEPS.slice(7, 8));
    const afterSlot = await world.runtime.store.load('5021');
    const update = p.updates.at(-1);
    const input = {
      kind: 'button',
      payload: update.callback.payload,
      key: `c:${update.callback.callback_id}`,
      at: update.timestamp,
      userId: p.profile.user_id,
    };
    const env = { register: world.runtime.register, library: world.runtime.library, now: world.clock.now() };

    // As if the first handling's write had been lost in a crash: the same record, the same update.
    const replay = step(beforeSlot, input, env);
    assert.deepEqual(replay.record.consultation, afterSlot.consultation);

    // The events themselves, applied again to the stored snapshot: each one is a retry.
    const { events } = bookingEvents(beforeSlot, input, env);
    assert.deepEqual(events.map((e) => e.type), ['request', 'schedule', 'verify_identity', 'confirm_consent']);
    const org = world.runtime.register.organisation('vrn-demo-1');
    world.runtime.library.withContext(org, world.clock.now(), (lib) => {
      for (const event of events.slice(1)) {
        const out = lib.call('consultation.apply', { state: afterSlot.consultation.state, event });
        assert.equal(out.applied, false, `${event.type} is recognised as a retry`);
        assert.equal(out.state.audit.length, 4);
      }
    });
  } finally {
    await world.close();
  }
});
