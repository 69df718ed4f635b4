'use strict';

// A world for one test: the fake platform, a clock the test moves, a fresh state directory and
// the bot (which can be stopped and started again on the same directory), plus users who type
// and press buttons and get back exactly what the bot sent them.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FakePlatform } = require('./fake-platform');
const { createBot } = require('../src/bot');
const { Library } = require('../src/library');
const { createLog } = require('../src/log');
const { Register } = require('../src/register');

const LIBRARY_PATH = process.env.TELEMED_LIBRARY
  || path.join(__dirname, '..', '..', '..', 'build', 'default', 'capi', 'libtelemed.so');
const TOKEN = 'test-token-123';

// One library for the whole test process: loading the binding is the slow part.
let sharedLibrary = null;
function library() {
  sharedLibrary = sharedLibrary || new Library({ libraryPath: LIBRARY_PATH });
  return sharedLibrary;
}

class Clock {
  constructor(iso) {
    this.ms = Date.parse(iso);
  }

  now() {
    return this.ms;
  }

  set(iso) {
    this.ms = Date.parse(iso);
  }

  advance(minutes) {
    this.ms += minutes * 60 * 1000;
  }
}

class World {
  constructor({ now = '2026-03-12T09:00:00+03:00', holdMs = 300, botOptions = {} } = {}) {
    this.clock = new Clock(now);
    this.platform = new FakePlatform({ token: TOKEN, holdMs, clock: () => this.clock.now() });
    this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'max-bot-test-'));
    this.logs = [];
    this.botOptions = botOptions;
    this.runtime = null;
  }

  async open() {
    try {
      await this.platform.start();
      await this.startBot();
    } catch (error) {
      await this.close(); // no server, timer or directory left behind by a failed start
      throw error;
    }
    return this;
  }

  async startBot() {
    const polls = () => this.platform.requests.filter((r) => r.path === '/updates').length;
    const before = polls();
    this.runtime = createBot({
      token: TOKEN,
      apiUrl: this.platform.url,
      stateDir: this.stateDir,
      register: Register.load(),
      library: library(),
      clock: () => this.clock.now(),
      // The production log filter, writing into the test's list.
      log: createLog((line) => this.logs.push(line)),
      requestTimeoutMs: 800,
      updatesTimeoutMs: 2000,
      sendRetries: 3,
      sendRetryBaseMs: 40,
      ...this.botOptions,
    });
    await this.runtime.start();
    await this.platform.waitFor(() => polls() > before, 5000, 'the bot to poll');
  }

  async stopBot() {
    if (this.runtime) {
      await this.runtime.stop();
      this.runtime = null;
    }
  }

  async close() {
    await this.stopBot();
    await this.platform.stop();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }

  user(userId, chatId) {
    return new TestUser(this, userId, chatId);
  }
}

// What a user sees: the bot's messages as {text, buttons: [[text…]…]}.
function view(message) {
  const out = { text: message.text };
  if (message.buttons.length > 0) {
    out.buttons = message.buttons.map((row) => row.map((b) => b.text));
  }
  return out;
}

class TestUser {
  constructor(world, userId, chatId) {
    this.world = world;
    this.platform = world.platform;
    this.profile = this.platform.user(userId);
    this.chatId = chatId;
    this.updates = [];
  }

  seen() {
    return this.platform.messagesTo(this.chatId).length;
  }

  // Injects an update and waits until the bot acknowledged it (handled, replies sent); returns
  // the messages the user received meanwhile.
  async act(inject, { timeoutMs = 5000 } = {}) {
    const before = this.seen();
    const { seq, update } = inject();
    this.updates.push(update);
    await this.platform.waitForAck(seq, timeoutMs);
    return this.platform.messagesTo(this.chatId).slice(before).map(view);
  }

  start(options) {
    return this.act(() => this.platform.botStarted(this.profile, this.chatId), options);
  }

  say(text, options) {
    return this.act(() => this.platform.text(this.profile, this.chatId, text), options);
  }

  // Presses the button with this text on the latest message that shows it.
  press(buttonText, options) {
    const payload = this.payloadOf(buttonText);
    return this.act(() => this.platform.press(this.profile, this.chatId, payload), options);
  }

  pressPayload(payload, options) {
    return this.act(() => this.platform.press(this.profile, this.chatId, payload, { message: null }), options);
  }

  payloadOf(buttonText) {
    const messages = this.platform.messagesTo(this.chatId);
    for (let i = messages.length - 1; i >= 0; i -= 1) {
      const found = messages[i].buttons.flat().find((b) => b.text === buttonText);
      if (found) {
        return found.payload;
      }
    }
    throw new Error(`No button «${buttonText}» was shown to chat ${this.chatId}`);
  }

  // The update this user sent last, delivered once more by the platform.
  async redeliverLast(options) {
    const update = this.updates[this.updates.length - 1];
    return this.act(() => ({ seq: this.platform.redeliver(update), update }), options);
  }

  all() {
    return this.platform.messagesTo(this.chatId).map(view);
  }
}

// A test's deadline: fails instead of hanging.
function within(ms, promise, what = 'the test step') {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

module.exports = { World, TestUser, view, within, library, LIBRARY_PATH, TOKEN };
