'use strict';

// Outgoing messages go through the chat's stored outbox: a step stores its replies together with
// the new conversation state, and only then are they sent, in order, each removed once the
// platform accepted it. A crash, a 502 or a timeout leaves the rest in the outbox for the next
// flush (the next update of the chat, the retry timer, or the bot's next start), so nothing the
// state promises is lost. A message whose request reached the platform but whose answer was lost
// may be sent twice: POST /messages has no idempotency key (see README).

const { Keyboard } = require('@maxhub/max-bot-api');

function keyboardOf(buttons) {
  return Keyboard.inlineKeyboard(
    buttons.map((row) => row.map((b) => Keyboard.button.callback(b.text, b.payload))),
  );
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Outbox entries made from replies; keys say which update (or doctor's step) made them.
function outboxEntries(key, replies) {
  return replies.map((reply, index) => ({
    key: `${key}#${index}`,
    text: reply.text,
    ...(reply.buttons ? { buttons: reply.buttons } : {}),
  }));
}

class Outbox {
  constructor({ api, store, log, retries = 3, retryBaseMs = 300, backgroundMaxMs = 60000 }) {
    this.api = api;
    this.store = store;
    this.log = log;
    this.retries = retries;
    this.retryBaseMs = retryBaseMs;
    this.backgroundMaxMs = backgroundMaxMs;
    this.timers = new Map();
    this.inflight = new Set();
    this.stopped = false;
  }

  async send(chatId, entry) {
    const extra = entry.buttons ? { attachments: [keyboardOf(entry.buttons)] } : {};
    await this.api.sendMessageToChat(Number(chatId), entry.text, extra);
  }

  // One message, a few attempts with a growing pause between them.
  async sendWithRetries(chatId, entry) {
    let lastError;
    for (let attempt = 0; attempt < this.retries; attempt += 1) {
      if (this.stopped) {
        break;
      }
      try {
        await this.send(chatId, entry);
        return true;
      } catch (error) {
        lastError = error;
        this.log('send_failed', { chat: chatId, attempt: attempt + 1, status: error.status || error.name });
        if (attempt + 1 < this.retries) {
          await sleep(this.retryBaseMs * 2 ** attempt);
        }
      }
    }
    if (lastError) {
      this.log('send_postponed', { chat: chatId });
    }
    return false;
  }

  // Sends the chat's pending messages in order, under the chat's lock (so the bot and the doctor's
  // CLI never send the same entry twice). Returns true when the outbox is empty; otherwise the
  // rest is tried again in the background after `retryDelay`.
  async flush(chatId, retryDelay = this.retryBaseMs * 4) {
    const running = this.flushOnce(chatId);
    this.inflight.add(running);
    try {
      const done = await running;
      if (!done) {
        this.retryLater(chatId, retryDelay);
      }
      return done;
    } finally {
      this.inflight.delete(running);
    }
  }

  flushOnce(chatId) {
    return this.store.withChat(chatId, async (record) => {
      if (!record) {
        return true;
      }
      while (record.outbox.length > 0) {
        const sent = await this.sendWithRetries(chatId, record.outbox[0]);
        if (!sent) {
          return false;
        }
        record.outbox.shift();
        await this.store.save(record);
      }
      return true;
    });
  }

  // A flush that failed is tried again in the background, with a backoff up to a minute.
  retryLater(chatId, delay) {
    if (this.stopped || this.timers.has(chatId)) {
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(chatId);
      this.flush(chatId, Math.min(delay * 2, this.backgroundMaxMs)).catch((error) => {
        this.log('flush_error', { chat: chatId, error: error.name });
        this.retryLater(chatId, Math.min(delay * 2, this.backgroundMaxMs));
      });
    }, delay);
    timer.unref();
    this.timers.set(chatId, timer);
  }

  // Every chat with pending messages, e.g. after a restart.
  async flushAll() {
    for (const chatId of await this.store.chatIds()) {
      const record = await this.store.load(chatId);
      if (record && record.outbox.length > 0) {
        await this.flush(chatId);
      }
    }
  }

  // Stops the background retries and waits for the flushes under way.
  async stop() {
    this.stopped = true;
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
  }
}

module.exports = { Outbox, outboxEntries };
