// The home's storage key: 32 random bytes in a 0600 file, made atomically on first use, never logged.
import { type KeyFileProblem, loadKeyFile } from '../../../kernel/key-file.js';
import { storageError } from '../errors.js';

const KEY_BYTES = 32;

/** Reads the key file, creating it first if missing; two processes starting at once share one key. */
export function loadHomeKey(file: string): Buffer {
  return loadKeyFile(file, KEY_BYTES, (problem) => unreadable(file, why(file, problem)));
}

function why(file: string, problem: KeyFileProblem): string {
  if (problem.kind === 'unreadable') return problem.reason;
  if (problem.kind === 'insecure') return `it is readable by other users; run chmod 600 ${file}`;
  return `it does not hold a ${KEY_BYTES}-byte key`;
}

function unreadable(file: string, why: string) {
  return storageError('KEY_FILE_UNREADABLE', `cannot use the storage key file ${file}: ${why}`, { file });
}
