'use strict';

// A loopback stand-in for the MAX Bot API platform, with the endpoints @maxhub/max-bot-api 0.3.1
// really calls (read in node_modules/@maxhub/max-bot-api/dist):
//
//   GET    /me                       Bot.start → api.getMyInfo (bots/api.js)
//   PATCH  /me/commands              api.setMyCommands
//   GET    /subscriptions            Bot.start (polling) → Webhook.clearSubscriptions
//   DELETE /subscriptions?url=       the same, for each webhook found
//   GET    /updates?marker&limit&timeout&types   Polling.loop → api.getUpdates
//   POST   /messages?chat_id|user_id ctx.reply / api.sendMessageToChat / sendMessageToUser
//   PUT    /messages?message_id      api.editMessage
//   DELETE /messages?message_id      api.deleteMessage
//   POST   /answers?callback_id      ctx.answerOnCallback
//
// The token travels raw in the Authorization header (core/network/api/client.js); a wrong one is
// 401. Updates are queued with sequence numbers; GET /updates returns those after the last
// acknowledged marker, and a request carrying `marker` acknowledges everything up to it, as
// the long-polling loop does by sending the marker of the previous batch. An update handed out
// but never acknowledged (the bot died first) is handed out again to the next poll.
//
// Tests play the user (text, button presses, bot_started), read what the bot sent (text and
// inline buttons), and inject faults: a status (502) for the next requests of a route, every n-th
// request of a route, a request held past the client's deadline and then dropped, and the
// redelivery of an update already delivered (the platform retrying). Listens on 127.0.0.1 only.

const { EventEmitter } = require('node:events');
const http = require('node:http');

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function matches(rule, method, path) {
  return (!rule.method || rule.method === method) && (!rule.path || rule.path === path);
}

class FakePlatform extends EventEmitter {
  constructor({ token = 'test-token', holdMs = 300, clock = () => Date.now(), botUserId = 900001 } = {}) {
    super();
    this.token = token;
    this.holdMs = holdMs;
    this.clock = clock;
    this.botInfo = {
      user_id: botUserId,
      name: 'Телемедицина (демо)',
      first_name: 'Телемедицина (демо)',
      username: 'telemed_demo_bot',
      is_bot: true,
      last_activity_time: 0,
    };
    this.queue = []; // {seq, update}
    this.seq = 0;
    this.acked = 0;
    this.messages = []; // what the bot sent, in order
    this.edits = [];
    this.answers = [];
    this.requests = []; // {method, path, status}
    this.commands = [];
    this.faults = [];
    this.waiters = new Set(); // long polls waiting for updates
    this.timers = new Set();
    this.sockets = new Set();
    this.nextMid = 1;
    this.nextCallback = 1;
    this.setMaxListeners(100);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  start() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.address();
        this.url = `http://127.0.0.1:${port}`;
        resolve(this.url);
      });
    });
  }

  async stop() {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const waiter of this.waiters) {
      waiter.finish();
    }
    for (const socket of this.sockets) {
      socket.destroy();
    }
    if (this.server) {
      await new Promise((resolve) => this.server.close(() => resolve()));
    }
  }

  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  // ---- the user's side ----------------------------------------------------------------------------

  user(userId, firstName = 'Пользователь') {
    return {
      user_id: userId,
      name: firstName,
      first_name: firstName,
      username: null,
      is_bot: false,
      last_activity_time: this.clock(),
    };
  }

  enqueue(update) {
    this.seq += 1;
    this.queue.push({ seq: this.seq, update });
    this.wakePollers();
    return this.seq;
  }

  // The same update once more, as the platform does when it believes a delivery failed.
  redeliver(update) {
    return this.enqueue(structuredClone(update));
  }

  botStarted(user, chatId, payload = null) {
    const update = { update_type: 'bot_started', timestamp: this.clock(), chat_id: chatId, user, payload, user_locale: 'ru' };
    return { seq: this.enqueue(update), update };
  }

  text(user, chatId, text) {
    const timestamp = this.clock();
    const update = {
      update_type: 'message_created',
      timestamp,
      message: {
        sender: user,
        recipient: { chat_id: chatId, chat_type: 'dialog', user_id: this.botInfo.user_id, post_id: null },
        timestamp,
        body: { mid: `mid.user.${this.nextMid++}`, seq: this.nextMid, text, attachments: null, markup: null },
      },
      user_locale: 'ru',
    };
    return { seq: this.enqueue(update), update };
  }

  // Presses a button the bot showed in this chat (the latest message carrying that payload),
  // or, with `message: null`, sends a payload no message showed (a stale or forged press).
  press(user, chatId, payload, { message } = {}) {
    const shown = message === undefined ? this.lastMessageWithPayload(chatId, payload) : message;
    if (message === undefined && !shown) {
      throw new Error(`No button with payload ${payload} was shown in chat ${chatId}`);
    }
    const timestamp = this.clock();
    const update = {
      update_type: 'message_callback',
      timestamp,
      callback: { timestamp, callback_id: `cb.${this.nextCallback++}`, payload, user },
      message: shown ? shown.raw : {
        sender: this.botInfo,
        recipient: { chat_id: chatId, chat_type: 'dialog', user_id: user.user_id, post_id: null },
        timestamp,
        body: { mid: 'mid.bot.unknown', seq: 0, text: '', attachments: null },
      },
      user_locale: 'ru',
    };
    return { seq: this.enqueue(update), update };
  }

  lastMessageWithPayload(chatId, payload) {
    for (let i = this.messages.length - 1; i >= 0; i -= 1) {
      const m = this.messages[i];
      if (m.chat_id === chatId && m.buttons.flat().some((b) => b.payload === payload)) {
        return m;
      }
    }
    return null;
  }

  messagesTo(chatId) {
    return this.messages.filter((m) => m.chat_id === chatId);
  }

  // ---- faults -------------------------------------------------------------------------------------

  // The next `times` requests of the route get `status` (a 502 from a proxy, by default).
  fail({ method, path, times = 1, status = 502 }) {
    this.faults.push({ kind: 'status', method, path, times, status });
  }

  // Every `every`-th request of the route gets `status`, `times` times at most.
  flaky({ method, path, every = 2, times = Infinity, status = 502 }) {
    this.faults.push({ kind: 'flaky', method, path, every, times, status, seen: 0 });
  }

  // The next `times` requests of the route are held `ms` (past the client's deadline) and then
  // dropped without an answer; the platform does not act on them.
  hang({ method, path, times = 1, ms = 2000 }) {
    this.faults.push({ kind: 'hang', method, path, times, ms });
  }

  takeFault(method, path) {
    for (const rule of this.faults) {
      if (rule.times <= 0 || !matches(rule, method, path)) {
        continue;
      }
      if (rule.kind === 'flaky') {
        rule.seen += 1;
        if (rule.seen % rule.every !== 0) {
          continue;
        }
      }
      rule.times -= 1;
      return rule;
    }
    return null;
  }

  // ---- waiting ------------------------------------------------------------------------------------

  // Resolves once `predicate()` holds, checked after every request the platform handles.
  waitFor(predicate, timeoutMs = 5000, what = 'condition') {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('activity', check);
      };
      this.on('activity', check);
    });
  }

  // The bot acknowledged the update `seq`: it finished handling it and polled again.
  waitForAck(seq, timeoutMs = 5000) {
    return this.waitFor(() => this.acked >= seq, timeoutMs, `acknowledgement of update ${seq}`);
  }

  // ---- HTTP -----------------------------------------------------------------------------------------

  async handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname;
    const body = await this.readBody(req);
    const entry = { method: req.method, path, status: 0 };
    this.requests.push(entry);
    const reply = (status, data) => {
      entry.status = status;
      if (!res.writableEnded && !res.destroyed) {
        res.writeHead(status, JSON_TYPE);
        res.end(JSON.stringify(data));
      }
      this.emit('activity');
    };
    if (req.headers.authorization !== this.token) {
      reply(401, { code: 'verify.token', message: 'Invalid access_token' });
      return;
    }
    const fault = this.takeFault(req.method, path);
    if (fault && fault.kind === 'hang') {
      entry.status = 'hung';
      this.later(fault.ms, () => {
        req.socket.destroy();
        this.emit('activity');
      });
      return;
    }
    if (fault) {
      reply(fault.status, { code: 'internal.error', message: 'Bad Gateway' });
      return;
    }
    this.route(req.method, path, url.searchParams, body, reply, res);
  }

  readBody(req) {
    return new Promise((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        try {
          resolve(text ? JSON.parse(text) : null);
        } catch {
          resolve({ invalid_json: true });
        }
      });
      req.on('error', () => resolve(null));
    });
  }

  route(method, path, query, body, reply, res) {
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /me':
        return reply(200, this.botInfo);
      case 'PATCH /me/commands':
        this.commands = (body && body.commands) || [];
        return reply(200, { ...this.botInfo, commands: this.commands });
      case 'GET /subscriptions':
        return reply(200, { subscriptions: [] });
      case 'DELETE /subscriptions':
        return reply(200, { success: true });
      case 'GET /updates':
        return this.longPoll(query, reply, res);
      case 'POST /messages':
        return reply(200, { message: this.recordMessage(query, body) });
      case 'PUT /messages':
        this.edits.push({ message_id: query.get('message_id'), body });
        return reply(200, { success: true });
      case 'DELETE /messages':
        return reply(200, { success: true });
      case 'POST /answers':
        return this.recordAnswer(query, body, reply);
      default:
        return reply(404, { code: 'not.found', message: `No route ${key}` });
    }
  }

  recordMessage(query, body) {
    const chatId = query.get('chat_id') ? Number(query.get('chat_id')) : null;
    const userId = query.get('user_id') ? Number(query.get('user_id')) : null;
    const attachments = (body && body.attachments) || [];
    const keyboard = attachments.find((a) => a.type === 'inline_keyboard');
    const buttons = keyboard ? keyboard.payload.buttons.map((row) => row.map((b) => ({ type: b.type, text: b.text, payload: b.payload }))) : [];
    const timestamp = this.clock();
    const raw = {
      sender: this.botInfo,
      recipient: { chat_id: chatId, chat_type: 'dialog', user_id: userId, post_id: null },
      timestamp,
      body: { mid: `mid.bot.${this.nextMid++}`, seq: this.nextMid, text: body ? body.text : null, attachments },
    };
    this.messages.push({ chat_id: chatId, user_id: userId, text: body ? body.text : null, buttons, raw });
    return raw;
  }

  recordAnswer(query, body, reply) {
    const callbackId = query.get('callback_id');
    const known = this.queue.some((e) => e.update.callback && e.update.callback.callback_id === callbackId);
    if (!known) {
      return reply(404, { code: 'not.found', message: 'Unknown callback' });
    }
    this.answers.push({ callback_id: callbackId, ...(body || {}) });
    return reply(200, { success: true });
  }

  // Long polling: answer at once when updates wait, else hold the request until one arrives or
  // `holdMs` (or the request's own `timeout`, if shorter) has passed.
  longPoll(query, reply, res) {
    if (query.get('marker')) {
      this.acked = Math.max(this.acked, Number(query.get('marker')));
    }
    const limit = Number(query.get('limit')) || 100;
    const holdMs = query.get('timeout') ? Math.min(Number(query.get('timeout')) * 1000, this.holdMs) : this.holdMs;
    const pending = () => this.queue.filter((e) => e.seq > this.acked).slice(0, limit);
    const answer = (list) => reply(200, {
      updates: list.map((e) => e.update),
      marker: list.length > 0 ? list[list.length - 1].seq : this.acked,
    });
    if (pending().length > 0) {
      answer(pending());
      return;
    }
    this.emit('activity'); // the acknowledgement itself is news for waitForAck
    const waiter = {
      finish: () => {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        this.timers.delete(waiter.timer);
        answer(pending());
      },
    };
    waiter.timer = this.later(holdMs, () => waiter.finish());
    res.on('close', () => {
      if (this.waiters.has(waiter)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        this.timers.delete(waiter.timer);
      }
    });
    this.waiters.add(waiter);
  }

  wakePollers() {
    for (const waiter of [...this.waiters]) {
      waiter.finish();
    }
  }
}

module.exports = { FakePlatform };
