#!/usr/bin/env node
'use strict';

// Starts the bot with long polling, configured by the environment (src/config.js):
//   MAX_BOT_TOKEN=... TELEMED_LIBRARY=.../libtelemed.so node index.js

const { createBot } = require('./src/bot');
const { readConfig } = require('./src/config');

async function main() {
  const runtime = createBot(readConfig());
  let stopping = false;
  const shutdown = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    runtime.log('bot_stopping');
    await runtime.stop();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await runtime.start();
  runtime.log('bot_polling', { mode: 'polling' });
  await runtime.stopped();
}

main().catch((error) => {
  // No update content reaches here; the message is the platform's or the configuration's.
  process.stderr.write(`telemed-max-bot: ${error.message}\n`);
  process.exitCode = 1;
});
