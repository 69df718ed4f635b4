'use strict';

// The Voronezh network «работает неустойчиво» (seed 002): the platform answers 502 now and then,
// holds requests past the client's deadline and drops them, fails the polling itself. The bot
// retries (its outbox for messages, the framework's polling backoff for updates, a deadline on
// every request) and the patient sees the same conversation as on a good day, each message once.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

test('a flaky platform (502s, hung requests, failed polls) still ends the conversation correctly', { timeout: 90000 }, async () => {
  const world = await new World().open();
  try {
    const { platform } = world;
    const p = world.user(5040, 5040);
    // The first send is held past the bot's 800 ms deadline and dropped; then every third send
    // gets a 502; two callback answers fail; one poll gets a 502 and one is held past its
    // deadline (2 s), each followed by the framework's own 5 s pause.
    platform.hang({ method: 'POST', path: '/messages', times: 1, ms: 1500 });
    platform.flaky({ method: 'POST', path: '/messages', every: 3, times: 6 });
    platform.fail({ method: 'POST', path: '/answers', times: 2 });
    platform.fail({ method: 'GET', path: '/updates', times: 1 });

    const slow = { timeoutMs: 20000 };
    for (const [index, s] of flows.VORONEZH_STEPS.entries()) {
      if (index === 4) {
        platform.hang({ method: 'GET', path: '/updates', times: 1, ms: 3000 });
      }
      const got = s.act === 'start' ? await p.start(slow) : await p[s.act](s.arg, slow);
      assert.deepEqual(got, s.expect, `after «${s.arg || s.act}»`);
    }

    world.clock.set('2026-03-12T16:05:00+03:00');
    platform.fail({ method: 'POST', path: '/messages', times: 1 });
    const [booking] = await world.runtime.doctor.list();
    await world.runtime.doctor.complete(booking.id, { closure: { recovery_confirmed: true } });
    await platform.waitFor(() => p.all().length === flows.VORONEZH_STEPS.flatMap((s) => s.expect).length + 1, 10000, 'the protocol');
    assert.deepEqual(p.all(), [...flows.VORONEZH_STEPS.flatMap((s) => s.expect), flows.VORONEZH_PROTOCOL]);

    // The faults did happen.
    const statuses = (method, path) => platform.requests.filter((r) => r.method === method && r.path === path).map((r) => r.status);
    assert.ok(statuses('POST', '/messages').filter((s) => s === 502).length >= 5);
    assert.ok(statuses('POST', '/messages').includes('hung'));
    assert.ok(statuses('GET', '/updates').includes(502));
    assert.ok(statuses('GET', '/updates').includes('hung'));
    assert.deepEqual(statuses('POST', '/answers').slice(0, 2), [502, 502]);
    const stored = await world.runtime.store.load('5040');
    assert.equal(stored.outbox.length, 0);
    assert.equal(stored.consultation.state.audit.length, 8);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
