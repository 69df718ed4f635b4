'use strict';

// A crash-safe store of one JSON file per chat, with no native module. A write goes to a temporary
// file in the same directory, is fsynced, renamed over the old file (atomic on POSIX) and the
// directory is fsynced, so after a crash a chat's file is either the old one or the new one,
// never a torn one. A per-chat lock file keeps the bot and the doctor's CLI (another process) from
// interleaving their read-modify-write cycles; inside one process a queue per chat does the same
// for updates the framework hands over concurrently.
//
// The files hold personal data (the consultation's snapshot carries the patient's record): the
// directory is created 0700 and the files 0600.

const crypto = require('node:crypto');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

const LOCK_STALE_MS = 30 * 1000;
const LOCK_WAIT_MS = 15 * 1000;
const LOCK_RETRY_MS = 15;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function fsyncDirectory(dir) {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAtomic(file, text) {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

async function readJson(file) {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}

// Tasks with the same key run one after another; other keys are not held up.
class KeyedQueue {
  constructor() {
    this.tails = new Map();
  }

  run(key, task) {
    const previous = this.tails.get(key) || Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    });
    return current;
  }
}

function safeName(id) {
  const text = String(id);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(text)) {
    throw new Error('Unsafe store key');
  }
  return text;
}

class FileStore {
  constructor(dir) {
    this.dir = path.resolve(dir);
    this.chatsDir = path.join(this.dir, 'chats');
    this.indexDir = path.join(this.dir, 'consultations');
    fs.mkdirSync(this.chatsDir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.indexDir, { recursive: true, mode: 0o700 });
    this.queue = new KeyedQueue();
    this.removeLeftovers();
  }

  // Temporary files of writes a crash interrupted: the renamed file is the truth.
  removeLeftovers() {
    for (const dir of [this.chatsDir, this.indexDir]) {
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith('.tmp')) {
          fs.rmSync(path.join(dir, name), { force: true });
        }
      }
    }
  }

  chatFile(chatId) {
    return path.join(this.chatsDir, `${safeName(chatId)}.json`);
  }

  async load(chatId) {
    return readJson(this.chatFile(chatId));
  }

  async save(record) {
    await writeAtomic(this.chatFile(record.chat_id), `${JSON.stringify(record, null, 1)}\n`);
  }

  // fn(record or null) under the chat's lock; the record is read afresh every time.
  withChat(chatId, fn) {
    const key = safeName(chatId);
    return this.queue.run(key, async () => {
      const release = await this.lock(key);
      try {
        return await fn(await this.load(chatId));
      } finally {
        await release();
      }
    });
  }

  async lock(key) {
    const file = path.join(this.chatsDir, `${key}.lock`);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await fsp.open(file, 'wx', 0o600);
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        return () => fsp.rm(file, { force: true });
      } catch (error) {
        if (error.code !== 'EEXIST') {
          throw error;
        }
      }
      await this.breakStaleLock(file);
      if (Date.now() > deadline) {
        throw new Error(`The chat is locked by another process: ${file}`);
      }
      await sleep(LOCK_RETRY_MS);
    }
  }

  // A lock left by a process that died holding it.
  async breakStaleLock(file) {
    try {
      const info = await fsp.stat(file);
      if (Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await fsp.rm(file, { force: true });
      }
    } catch (error) {
      if (error.code !== 'ENOENT') {
        throw error;
      }
    }
  }

  async indexConsultation(consultationId, chatId) {
    const file = path.join(this.indexDir, `${safeName(consultationId)}.json`);
    await writeAtomic(file, `${JSON.stringify({ consultation: consultationId, chat_id: chatId })}\n`);
  }

  async chatOfConsultation(consultationId) {
    const entry = await readJson(path.join(this.indexDir, `${safeName(consultationId)}.json`));
    return entry ? entry.chat_id : null;
  }

  async chatIds() {
    const names = await fsp.readdir(this.chatsDir);
    return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5));
  }
}

module.exports = { FileStore, KeyedQueue, writeAtomic };
