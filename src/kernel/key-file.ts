// A secret key in a 0600 file (IAM's secret box, the storage home key): made atomically on first use, refused when
// other users can read it, never logged. Each owner words the refusal in its own error codes.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export type KeyFileProblem =
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'insecure'; readonly mode: number }
  | { readonly kind: 'wrong-size' };

/** Reads the key, creating the file first if missing: two processes starting at once share one key. */
export function loadKeyFile(file: string, bytes: number, refuse: (problem: KeyFileProblem) => Error): Buffer {
  createKeyFile(file, bytes);
  return readKeyFile(file, bytes, refuse);
}

function createKeyFile(file: string, bytes: number): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, `${randomBytes(bytes).toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(file: string, bytes: number, refuse: (problem: KeyFileProblem) => Error): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw refuse({ kind: 'unreadable', reason: (error as Error).message });
  }
  try {
    const mode = fstatSync(fd).mode;
    // Anyone who can read the key can read what it protects: a group- or world-readable file is refused.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw refuse({ kind: 'insecure', mode });
    const key = Buffer.from(readFileSync(fd, 'utf8').trim(), 'base64');
    if (key.length !== bytes) throw refuse({ kind: 'wrong-size' });
    return key;
  } finally {
    closeSync(fd);
  }
}
