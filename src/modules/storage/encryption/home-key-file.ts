// The home's storage key: 32 random bytes in a 0600 file, made atomically on first use, never logged.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { storageError } from '../errors.js';

const KEY_BYTES = 32;

/** Reads the key file, creating it first if missing; two processes starting at once share one key. */
export function loadHomeKey(file: string): Buffer {
  createKeyFile(file);
  return readKeyFile(file);
}

function createKeyFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, (error as Error).message);
  }
  try {
    const mode = fstatSync(fd).mode;
    // Anyone who can read the key can read every SSE-S3 object: a group- or world-readable file is refused.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0)
      throw unreadable(file, `it is readable by other users; run chmod 600 ${file}`);
    const key = Buffer.from(readFileSync(fd, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw unreadable(file, `it does not hold a ${KEY_BYTES}-byte key`);
    return key;
  } finally {
    closeSync(fd);
  }
}

function unreadable(file: string, why: string) {
  return storageError('KEY_FILE_UNREADABLE', `cannot use the storage key file ${file}: ${why}`, { file });
}
