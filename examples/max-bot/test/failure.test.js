'use strict';

// Something unexpected inside a step (here: the library's call throwing a plain error once): the
// patient is told, asked the same question again, nothing is half-stored, and the next try works.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { World, library } = require('./helpers');
const flows = require('./flows');
const { assertNothingLeaked } = require('./privacy');

// The shared library, with one call of `operation` failing.
function failingOnce(operation) {
  const real = library();
  let armed = true;
  return {
    timeZone: (org, now) => real.timeZone(org, now),
    withContext: (org, now, fn) => real.withContext(org, now, (lib) => fn({
      call: (op, doc) => {
        if (op === operation && armed) {
          armed = false;
          throw new Error('simulated failure');
        }
        return lib.call(op, doc);
      },
      attempt: (op, doc) => lib.attempt(op, doc),
      sign: (state) => lib.sign(state),
    })),
  };
}

test('an unexpected failure in a step: told, asked again, nothing half-stored', { timeout: 30000 }, async () => {
  const world = await new World({ botOptions: { library: failingOnce('eligibility.evaluate') } }).open();
  try {
    const p = world.user(5060, 5060);
    await flows.play(p, flows.VORONEZH_STEPS.slice(0, 6));
    const before = await world.runtime.store.load('5060');
    assert.deepEqual(await p.press('Даю согласие'), [
      { text: 'Не удалось обработать сообщение. Попробуйте ещё раз.' },
      flows.ASK_CONSENT,
    ]);
    const after = await world.runtime.store.load('5060');
    assert.deepEqual(after.conversation, before.conversation);
    assert.ok(world.logs.some((line) => line.includes('"event":"step_failed"')));
    assert.deepEqual(await p.press('Даю согласие'), [flows.ALLOWED, flows.ASK_SLOT_VOR]);
    assertNothingLeaked(world);
  } finally {
    await world.close();
  }
});
