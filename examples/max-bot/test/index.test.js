'use strict';

// index.js as it runs for real: a process configured by the environment only, talking to the
// platform at MAX_API_URL, stopped by SIGTERM.

const assert = require('node:assert/strict');
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { FakePlatform } = require('./fake-platform');
const { LIBRARY_PATH } = require('./helpers');
const flows = require('./flows');

const INDEX = path.join(__dirname, '..', 'index.js');
const NOW = '2026-03-12T09:00:00+03:00';

test('index.js: configured by the environment, answers /start, stops on SIGTERM', { timeout: 30000 }, async () => {
  const platform = new FakePlatform({ token: 'env-token', holdMs: 300, clock: () => Date.parse(NOW) });
  await platform.start();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'max-bot-index-'));
  const child = spawn(process.execPath, [INDEX], {
    env: {
      PATH: process.env.PATH,
      MAX_BOT_TOKEN: 'env-token',
      MAX_API_URL: platform.url,
      TELEMED_LIBRARY: LIBRARY_PATH,
      BOT_STATE_DIR: stateDir,
      TELEMED_BOT_NOW: NOW,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    await platform.waitFor(() => platform.requests.some((r) => r.path === '/updates'), 10000, 'the bot to poll');
    assert.deepEqual(platform.commands, [{ name: 'start', description: 'Записаться на телемедицинскую консультацию' }]);
    const user = platform.user(6001);
    const { seq } = platform.text(user, 6001, '/start');
    await platform.waitForAck(seq, 10000);
    assert.deepEqual(platform.messagesTo(6001).map((m) => m.text), [flows.GREETING, flows.ASK_ORGANISATION.text]);
    assert.ok(fs.existsSync(path.join(stateDir, 'chats', '6001.json')));
    child.kill('SIGTERM');
    const { code } = await exited;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /"event":"bot_stopping"/);
  } finally {
    child.kill('SIGKILL');
    await platform.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

test('index.js: without MAX_BOT_TOKEN it says what to set and exits 1', { timeout: 15000 }, async () => {
  const result = await new Promise((resolve) => {
    execFile(process.execPath, [INDEX], { env: { PATH: process.env.PATH }, timeout: 10000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stderr });
    });
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /MAX_BOT_TOKEN/);
});
