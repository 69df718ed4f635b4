'use strict';

// The file store: one JSON file per chat, written by temp file + fsync + rename + directory fsync,
// locked per chat against the bot's other handlers and against another process (the doctor's CLI).

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');
const { FileStore } = require('../src/store');

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'max-bot-store-'));
}

test('a record is written whole, private to its owner, and read back', { timeout: 10000 }, async () => {
  const dir = tempDir();
  try {
    const store = new FileStore(dir);
    await store.save({ chat_id: '42', n: 1, text: 'тест' });
    assert.deepEqual(await store.load('42'), { chat_id: '42', n: 1, text: 'тест' });
    assert.equal(await store.load('43'), null);
    assert.equal(fs.statSync(path.join(dir, 'chats', '42.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(dir, 'chats')).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'chats')), ['42.json']);
    await store.indexConsultation('c-1', '42');
    assert.equal(await store.chatOfConsultation('c-1'), '42');
    assert.equal(await store.chatOfConsultation('c-2'), null);
    assert.throws(() => store.chatFile('../etc/passwd'), /Unsafe store key/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a write cut short by a crash leaves the previous record, and its temp file is cleared', { timeout: 10000 }, async () => {
  const dir = tempDir();
  try {
    const store = new FileStore(dir);
    await store.save({ chat_id: '7', step: 'before' });
    // What a crash between the temp file's write and the rename leaves behind.
    const leftover = path.join(dir, 'chats', '.7.json.999.abcdef.tmp');
    fs.writeFileSync(leftover, '{"chat_id": "7", "step": "aft');
    assert.deepEqual(await store.load('7'), { chat_id: '7', step: 'before' });
    const reopened = new FileStore(dir);
    assert.equal(fs.existsSync(leftover), false);
    assert.deepEqual(await reopened.load('7'), { chat_id: '7', step: 'before' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent updates of one chat in one process are applied one after another', { timeout: 20000 }, async () => {
  const dir = tempDir();
  try {
    const store = new FileStore(dir);
    const increment = () => store.withChat('1', async (record) => {
      const next = record || { chat_id: '1', n: 0 };
      await new Promise((resolve) => setImmediate(resolve));
      next.n += 1;
      await store.save(next);
    });
    await Promise.all(Array.from({ length: 50 }, increment));
    assert.equal((await store.load('1')).n, 50);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('another process (the doctor CLI) and the bot never interleave on one chat', { timeout: 30000 }, async () => {
  const dir = tempDir();
  try {
    const store = new FileStore(dir);
    await store.save({ chat_id: '1', n: 0 });
    const script = `
      const { FileStore } = require(${JSON.stringify(path.join(__dirname, '..', 'src', 'store.js'))});
      const store = new FileStore(${JSON.stringify(dir)});
      (async () => {
        for (let i = 0; i < 40; i += 1) {
          await store.withChat('1', async (r) => { r.n += 1; await store.save(r); });
        }
      })();`;
    const child = new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { timeout: 20000 }, (error) => (error ? reject(error) : resolve()));
    });
    const here = (async () => {
      for (let i = 0; i < 40; i += 1) {
        await store.withChat('1', async (r) => {
          r.n += 1;
          await store.save(r);
        });
      }
    })();
    await Promise.all([child, here]);
    assert.equal((await store.load('1')).n, 80);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a process that died is broken after a while', { timeout: 10000 }, async () => {
  const dir = tempDir();
  try {
    const store = new FileStore(dir);
    const lock = path.join(dir, 'chats', '5.lock');
    fs.writeFileSync(lock, '99999\n');
    const old = new Date(Date.now() - 60 * 1000);
    fs.utimesSync(lock, old, old);
    await store.withChat('5', async () => store.save({ chat_id: '5', ok: true }));
    assert.deepEqual(await store.load('5'), { chat_id: '5', ok: true });
    assert.equal(fs.existsSync(lock), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
