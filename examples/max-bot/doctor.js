#!/usr/bin/env node
'use strict';

// The doctor's side from a terminal, over the bot's own store (the same BOT_STATE_DIR): what an
// MIS would call when the doctor finishes the video consultation.
//
//   node doctor.js list
//   node doctor.js start <consultation-id>
//   node doctor.js complete <consultation-id> [--recovery-confirmed] [--outcome KIND[=TEXT]]...
//                          [--complaints TEXT] [--anamnesis TEXT] [--findings TEXT] [--next-steps TEXT]
//
// complete runs start (if not yet), complete, sign_protocol (the doctor's Ed25519 key),
// deliver, and leaves the patient's message in the chat's outbox, sent at once when
// MAX_BOT_TOKEN is set (else by the running bot's next sweep). It prints a JSON summary: the
// status reached and the steps taken, never the patient's data.

const { parseArgs } = require('node:util');
const { Bot } = require('@maxhub/max-bot-api');
const { readConfig } = require('./src/config');
const { DoctorDesk } = require('./src/doctor');
const { Library } = require('./src/library');
const { createLog } = require('./src/log');
const { Outbox } = require('./src/outbox');
const { Register } = require('./src/register');
const { FileStore } = require('./src/store');
const { timedFetch } = require('./src/bot');

const USAGE = 'usage: node doctor.js list | start <id> | complete <id> [--recovery-confirmed] '
  + '[--outcome KIND[=TEXT]]... [--complaints TEXT] [--anamnesis TEXT] [--findings TEXT] [--next-steps TEXT]';

// An API that keeps everything in the outbox, for a CLI run without a token.
const OFFLINE_API = {
  sendMessageToChat: async () => {
    throw Object.assign(new Error('no MAX_BOT_TOKEN: left for the bot to send'), { name: 'Offline' });
  },
};

function desk(config, log) {
  const store = new FileStore(config.stateDir);
  const api = config.token
    ? new Bot(config.token, {
      clientOptions: {
        ...(config.apiUrl ? { baseUrl: config.apiUrl } : {}),
        fetch: timedFetch({ requestTimeoutMs: 15000, updatesTimeoutMs: 45000 }),
      },
    }).api
    : OFFLINE_API;
  const outbox = new Outbox({ api, store, log, retries: config.token ? 3 : 1 });
  const library = new Library({
    libraryPath: config.libraryPath,
    signingSeedHex: config.signingSeedHex,
    signingKeyId: config.signingKeyId,
  });
  const register = Register.load(config.registerFile);
  return { doctor: new DoctorDesk({ store, register, library, outbox, clock: config.clock, log }), outbox };
}

function completionOptions(values) {
  const options = {};
  if (values.outcome && values.outcome.length > 0) {
    options.outcomes = values.outcome.map((item) => {
      const [kind, ...text] = item.split('=');
      return text.length > 0 ? { kind, text: text.join('=') } : { kind };
    });
  }
  if (values['recovery-confirmed']) {
    options.closure = { recovery_confirmed: true };
  }
  const notes = {};
  for (const name of ['complaints', 'anamnesis', 'findings']) {
    if (values[name]) {
      notes[name] = values[name];
    }
  }
  if (Object.keys(notes).length > 0) {
    options.notes = notes;
  }
  if (values['next-steps']) {
    options.nextSteps = values['next-steps'];
  }
  return options;
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'recovery-confirmed': { type: 'boolean' },
      outcome: { type: 'string', multiple: true },
      complaints: { type: 'string' },
      anamnesis: { type: 'string' },
      findings: { type: 'string' },
      'next-steps': { type: 'string' },
    },
  });
  const [command, id] = positionals;
  if (!['list', 'start', 'complete'].includes(command) || (command !== 'list' && !id)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const log = createLog();
  const { doctor, outbox } = desk(readConfig(process.env, { requireToken: false }), log);
  try {
    let result;
    if (command === 'list') {
      result = await doctor.list();
    } else if (command === 'start') {
      result = await doctor.start(id);
    } else {
      result = await doctor.complete(id, completionOptions(values));
    }
    const printable = command === 'list' ? result : { consultation: id, status: result.status, steps: result.steps };
    process.stdout.write(`${JSON.stringify(printable, null, 1)}\n`);
    return 0;
  } catch (error) {
    // The library's refusal: its code, rule and Russian message (no personal data by design).
    const refusal = error.refusal || {};
    process.stdout.write(`${JSON.stringify({
      consultation: id, error: error.code || error.name, pointer: refusal.pointer, rule: refusal.ruleId, message: error.message,
    })}\n`);
    return 1;
  } finally {
    await outbox.stop();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
