'use strict';

// The bot is stopped and a new one started on the same state directory, in the middle of a
// conversation: the conversation goes on where it was, as the store holds it.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

const steps = flows.VORONEZH_STEPS;

test('a restart in the middle of the conversation loses nothing', { timeout: 60000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5030, 5030);
    for (const s of await flows.play(p, steps.slice(0, 5))) {
      assert.deepEqual(s.got, s.expect, `before the restart, after «${s.step}»`);
    }
    await world.stopBot();
    await world.startBot();
    for (const s of await flows.play(p, steps.slice(5))) {
      assert.deepEqual(s.got, s.expect, `after the restart, after «${s.step}»`);
    }
    // Another restart between the booking and the doctor: the new instance's doctor desk finds it.
    await world.stopBot();
    await world.startBot();
    world.clock.set('2026-03-12T16:05:00+03:00');
    const [booking] = await world.runtime.doctor.list();
    await world.runtime.doctor.complete(booking.id, { closure: { recovery_confirmed: true } });
    assert.deepEqual(p.all(), [...steps.flatMap((s) => s.expect), flows.VORONEZH_PROTOCOL]);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('replies stored but not sent before the stop are sent by the next instance', { timeout: 60000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5031, 5031);
    await flows.play(p, steps.slice(0, 4));
    // Every send fails: the step's replies stay in the chat's outbox.
    world.platform.fail({ method: 'POST', path: '/messages', times: 1000 });
    assert.deepEqual(await p.say('05.09.1984'), []);
    assert.equal((await world.runtime.store.load('5031')).outbox.length, 2);
    await world.stopBot();
    world.platform.faults = [];
    await world.startBot();
    await world.platform.waitFor(() => p.all().length === 8, 5000, 'the pending replies');
    assert.deepEqual(p.all().slice(6), steps[4].expect);
    for (const s of await flows.play(p, steps.slice(5))) {
      assert.deepEqual(s.got, s.expect, `after «${s.step}»`);
    }
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});

test('an update handled but not acknowledged before the stop is handed over again, and skipped', { timeout: 60000 }, async () => {
  const world = await new World().open();
  try {
    const p = world.user(5032, 5032);
    await flows.play(p, steps.slice(0, 4));
    // The poll that would acknowledge the next update never reaches the platform.
    world.platform.hang({ method: 'GET', path: '/updates', times: 1, ms: 1500 });
    const { update } = world.platform.text(p.profile, p.chatId, '05.09.1984');
    p.updates.push(update);
    await world.platform.waitFor(() => p.all().length === 8
      && world.platform.requests.some((r) => r.path === '/updates' && r.status === 'hung'), 5000, 'handling without ack');
    await world.stopBot();
    const acked = world.platform.acked;
    await world.startBot();
    // The new instance gets the same update again, recognises it, and sends nothing.
    await world.platform.waitFor(() => world.platform.acked > acked, 5000, 'the redelivered update to be acknowledged');
    assert.equal(p.all().length, 8);
    assert.deepEqual(p.all().slice(6), steps[4].expect);
    assert.ok(world.logs.some((line) => line.includes('update_duplicate')));
    for (const s of await flows.play(p, steps.slice(5))) {
      assert.deepEqual(s.got, s.expect, `after «${s.step}»`);
    }
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
