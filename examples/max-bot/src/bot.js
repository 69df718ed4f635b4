'use strict';

// The bot on the official MAX framework (@maxhub/max-bot-api): long polling, /start, callback
// buttons, text messages. The framework keeps nothing across a restart, so each update is
// handled as: load the chat's record from the file store, skip it if its key was processed
// already (the platform redelivers updates it thinks were lost), run one conversation step,
// store the new record with the replies in its outbox, then send the outbox.

const { Bot } = require('@maxhub/max-bot-api');
const { newRecord, question, step } = require('./conversation');
const { DoctorDesk } = require('./doctor');
const { Library } = require('./library');
const { createLog } = require('./log');
const { Outbox, outboxEntries } = require('./outbox');
const { Register } = require('./register');
const { FileStore } = require('./store');
const texts = require('./texts');

const PROCESSED_KEPT = 500; // update keys remembered per chat
const BUTTON_PAYLOAD = /^(org|role|method|purpose|presence|consent|slot):/;

// fetch with a deadline: the framework's client has none, and a request the platform never
// answers would hold the polling loop forever. A timeout is reported as a TypeError, the error
// fetch gives for a network failure, which the framework's polling retries with its backoff.
function timedFetch({ requestTimeoutMs, updatesTimeoutMs, fetchImpl = globalThis.fetch }) {
  return async function fetchWithDeadline(url, init = {}) {
    const longPoll = new URL(url).pathname.endsWith('/updates');
    const ms = longPoll ? updatesTimeoutMs : requestTimeoutMs;
    const deadline = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetchImpl(url, { ...init, signal });
    } catch (error) {
      if (deadline.aborted && !(init.signal && init.signal.aborted)) {
        throw new TypeError(`MAX API request timed out after ${ms} ms`);
      }
      throw error;
    }
  };
}

// What the conversation needs of an update, and the key that makes its redelivery recognisable.
function inputOf(ctx, kind) {
  const update = ctx.update;
  const user = ctx.user || {};
  const base = { kind, at: update.timestamp, userId: user.user_id };
  if (update.update_type === 'message_callback') {
    return { ...base, key: `c:${update.callback.callback_id}`, payload: update.callback.payload || '' };
  }
  if (update.update_type === 'message_created') {
    return { ...base, key: `m:${update.message.body.mid}`, text: update.message.body.text || '' };
  }
  return { ...base, key: `s:${update.timestamp}:${user.user_id}` };
}

function safeQuestion(record, env) {
  try {
    return question(record.conversation, env);
  } catch {
    return null;
  }
}

function createBot(options) {
  const log = options.log || createLog();
  const clock = options.clock || (() => Date.now());
  const store = options.store || new FileStore(options.stateDir);
  const register = options.register || Register.load(options.registerFile);
  const library = options.library || new Library({
    libraryPath: options.libraryPath,
    signingSeedHex: options.signingSeedHex,
    signingKeyId: options.signingKeyId,
  });
  const bot = new Bot(options.token, {
    clientOptions: {
      ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}),
      fetch: timedFetch({
        requestTimeoutMs: options.requestTimeoutMs || 15000,
        updatesTimeoutMs: options.updatesTimeoutMs || 45000,
      }),
    },
  });
  const outbox = new Outbox({
    api: bot.api,
    store,
    log,
    retries: options.sendRetries || 3,
    retryBaseMs: options.sendRetryBaseMs || 300,
  });
  const doctor = new DoctorDesk({ store, register, library, outbox, clock, log });
  const inflight = new Set();

  // One update, start to end. A duplicate only gets the chat's pending messages sent.
  async function processUpdate(ctx, kind) {
    const chatId = ctx.chatId;
    if (chatId === undefined || chatId === null) {
      log('update_without_chat', { update: ctx.updateType });
      return;
    }
    const input = inputOf(ctx, kind);
    const outcome = await store.withChat(String(chatId), async (stored) => {
      const record = stored || newRecord(String(chatId));
      if (record.processed.includes(input.key)) {
        log('update_duplicate', { chat: chatId, update: ctx.updateType });
        return { duplicate: true };
      }
      const env = { register, library, now: clock() };
      let result;
      try {
        result = step(record, input, env);
      } catch (error) {
        // A bug or an unexpected library answer: the patient is told and asked again, the update
        // is not retried forever, and the log says what failed without saying about whom.
        log('step_failed', { chat: chatId, update: ctx.updateType, error: error.name, code: error.code });
        const again = safeQuestion(record, env);
        result = { record: structuredClone(record), replies: [{ text: texts.internalError }, ...(again ? [again] : [])] };
      }
      const next = result.record;
      next.user_id = input.userId;
      next.processed = [...next.processed, input.key].slice(-PROCESSED_KEPT);
      next.outbox.push(...outboxEntries(input.key, result.replies));
      if (next.consultation && (!record.consultation || record.consultation.id !== next.consultation.id)) {
        // The index first: if the chat's write is lost, the redelivered update books the same id.
        await store.indexConsultation(next.consultation.id, String(chatId));
        log('consultation_booked', { chat: chatId, consultation: next.consultation.id });
      }
      await store.save(next);
      return { duplicate: false };
    });
    await outbox.flush(String(chatId));
    if (kind === 'button' && !outcome.duplicate) {
      try {
        await ctx.answerOnCallback({ notification: texts.callbackAnswer });
      } catch (error) {
        log('answer_failed', { chat: chatId, status: error.status || error.name });
      }
    }
  }

  function handler(kind) {
    return (ctx) => {
      const running = processUpdate(ctx, kind);
      inflight.add(running);
      return running.finally(() => inflight.delete(running));
    };
  }

  bot.on('bot_started', handler('start'));
  bot.command('start', handler('start'));
  bot.action(BUTTON_PAYLOAD, handler('button'));
  bot.on('message_callback', handler('button')); // a payload of no question: answered as stale
  bot.on('message_created', handler('text'));
  bot.catch((error, ctx) => {
    // Store failures land here. Rethrowing stops this round of polling before the batch's marker
    // is acknowledged, so the platform hands the update over again once polling restarts.
    log('update_failed', { update: ctx.updateType, error: error.name, code: error.code });
    throw error;
  });

  let running = null;
  let sweeper = null;

  async function start() {
    try {
      await bot.api.setMyCommands([{ name: 'start', description: 'Записаться на телемедицинскую консультацию' }]);
    } catch (error) {
      log('commands_not_set', { status: error.status || error.name });
    }
    running = bot.start().catch((error) => {
      log('bot_stopped_with_error', { error: error.name, status: error.status });
      throw error;
    });
    running.catch(() => undefined);
    // Messages a previous run stored but could not send, then, now and then, those the doctor's
    // CLI (another process) stored without sending them.
    outbox.flushAll().catch((error) => log('flush_error', { error: error.name }));
    sweeper = setInterval(() => {
      outbox.flushAll().catch((error) => log('flush_error', { error: error.name }));
    }, options.sweepIntervalMs || 30000);
    sweeper.unref();
  }

  // Settles when polling ends: after stop(), or when the platform refused the start.
  function stopped() {
    return running || Promise.resolve();
  }

  async function stop() {
    clearInterval(sweeper);
    bot.stopPolling();
    await Promise.allSettled([...inflight]);
    await outbox.stop();
    if (running) {
      await running.catch(() => undefined);
    }
  }

  return { bot, start, stop, stopped, doctor, store, register, library, outbox, log };
}

module.exports = { createBot, timedFetch };
