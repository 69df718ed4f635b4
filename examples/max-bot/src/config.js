'use strict';

// The bot's settings from the environment.
//
//   MAX_BOT_TOKEN         the bot's token from the MAX platform (required)
//   MAX_API_URL           the Bot API's base URL (an origin); the framework's own default if unset
//   TELEMED_LIBRARY       path of libtelemed.so (the binding also looks in ../../build/*/capi)
//   BOT_STATE_DIR         where the chats' files live (default ./state)
//   DOCTOR_SIGNING_SEED   64 hex digits: the doctor's Ed25519 seed (default: the demo seed)
//   DOCTOR_KEY_ID         the key's id in the protocol's signature
//   BOT_REGISTER_FILE     the register (default data/register.json, the fictional demo register)
//   TELEMED_BOT_NOW       an RFC 3339 instant fixing the clock (tests and replays only)

const path = require('node:path');

function clockFrom(text) {
  if (!text) {
    return () => Date.now();
  }
  const fixed = Date.parse(text);
  if (Number.isNaN(fixed)) {
    throw new Error('TELEMED_BOT_NOW is not an RFC 3339 instant');
  }
  return () => fixed;
}

function readConfig(env = process.env, { requireToken = true } = {}) {
  if (requireToken && !env.MAX_BOT_TOKEN) {
    throw new Error('Set MAX_BOT_TOKEN to the bot token from the MAX platform (@MasterBot).');
  }
  return {
    token: env.MAX_BOT_TOKEN || '',
    apiUrl: env.MAX_API_URL || undefined,
    libraryPath: env.TELEMED_LIBRARY || undefined,
    stateDir: path.resolve(env.BOT_STATE_DIR || path.join(process.cwd(), 'state')),
    signingSeedHex: env.DOCTOR_SIGNING_SEED || undefined,
    signingKeyId: env.DOCTOR_KEY_ID || undefined,
    registerFile: env.BOT_REGISTER_FILE || undefined,
    clock: clockFrom(env.TELEMED_BOT_NOW),
  };
}

module.exports = { readConfig };
