'use strict';

// The fake platform answers the framework's own client as the Bot API does: the same routes,
// the token check, long polling with markers, redelivery of what was not acknowledged, faults.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { Bot, Keyboard, MaxError } = require('@maxhub/max-bot-api');
const { FakePlatform } = require('./fake-platform');
const { timedFetch } = require('../src/bot');

async function withPlatform(fn) {
  const platform = new FakePlatform({ token: 'secret', holdMs: 200 });
  await platform.start();
  try {
    assert.match(platform.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const api = (token) => new Bot(token, {
      clientOptions: { baseUrl: platform.url, fetch: timedFetch({ requestTimeoutMs: 500, updatesTimeoutMs: 1000 }) },
    }).api;
    await fn(platform, api);
  } finally {
    await platform.stop();
  }
}

test('the framework\'s client against the fake: token, /me, messages with buttons, answers', { timeout: 20000 }, async () => {
  await withPlatform(async (platform, api) => {
    await assert.rejects(api('wrong').getMyInfo(), (e) => e instanceof MaxError && e.status === 401);
    const client = api('secret');
    assert.equal((await client.getMyInfo()).is_bot, true);
    await client.setMyCommands([{ name: 'start', description: 'Начать' }]);
    assert.deepEqual(platform.commands, [{ name: 'start', description: 'Начать' }]);
    const keyboard = Keyboard.inlineKeyboard([[Keyboard.button.callback('Да', 'consent:yes')]]);
    const sent = await client.sendMessageToChat(77, 'Вопрос', { attachments: [keyboard] });
    assert.equal(sent.recipient.chat_id, 77);
    assert.deepEqual(platform.messagesTo(77).map((m) => [m.text, m.buttons]), [['Вопрос', [[{ type: 'callback', text: 'Да', payload: 'consent:yes' }]]]]);
    const user = platform.user(1);
    const { update } = platform.press(user, 77, 'consent:yes');
    await client.answerOnCallback(update.callback.callback_id, { notification: 'Принято' });
    assert.deepEqual(platform.answers, [{ callback_id: update.callback.callback_id, notification: 'Принято' }]);
    await assert.rejects(client.answerOnCallback('nope', {}), (e) => e.status === 404);
  });
});

test('long polling: a batch, its acknowledgement by marker, and redelivery of what was not acknowledged', { timeout: 20000 }, async () => {
  await withPlatform(async (platform, api) => {
    const client = api('secret');
    const user = platform.user(2);
    platform.text(user, 2, 'раз');
    platform.text(user, 2, 'два');
    const first = await client.getUpdates([], {});
    assert.deepEqual(first.updates.map((u) => u.message.body.text), ['раз', 'два']);
    // Not acknowledged yet: a poll without the marker gets them again.
    const again = await client.getUpdates([], {});
    assert.equal(again.updates.length, 2);
    // The marker acknowledges; an empty poll is held, then answered empty.
    const started = Date.now();
    const empty = await client.getUpdates([], { marker: first.marker });
    assert.deepEqual(empty.updates, []);
    assert.ok(Date.now() - started >= 150);
    assert.equal(platform.acked, first.marker);
    // A held poll is answered as soon as an update arrives; a redelivered update comes again.
    const waiting = client.getUpdates([], { marker: first.marker });
    setTimeout(() => platform.redeliver(first.updates[0]), 50);
    const woke = await waiting;
    assert.deepEqual(woke.updates.map((u) => u.message.body.mid), [first.updates[0].message.body.mid]);
  });
});

test('faults: a status, every n-th request, a request held past the deadline and dropped', { timeout: 20000 }, async () => {
  await withPlatform(async (platform, api) => {
    const client = api('secret');
    platform.fail({ method: 'POST', path: '/messages', times: 1 });
    await assert.rejects(client.sendMessageToChat(5, 'a'), (e) => e instanceof MaxError && e.status === 502);
    await client.sendMessageToChat(5, 'b');
    platform.flaky({ method: 'GET', path: '/me', every: 2, times: 1 });
    await client.getMyInfo();
    await assert.rejects(client.getMyInfo(), (e) => e.status === 502);
    await client.getMyInfo();
    platform.hang({ method: 'POST', path: '/messages', times: 1, ms: 800 });
    const started = Date.now();
    await assert.rejects(client.sendMessageToChat(5, 'c'), (e) => e instanceof TypeError && /timed out/.test(e.message));
    assert.ok(Date.now() - started < 800, 'the client gave up at its own deadline');
    assert.deepEqual(platform.messagesTo(5).map((m) => m.text), ['b']);
  });
});
