// Data keys of encrypted objects: one per object written, derived from a root key and a random salt.
//
// SSE-S3 derives from the home key, SSE-C from the customer's key. The customer's key is never stored: the object
// keeps an HMAC of it, keyed by a secret derived from the home key and salted per object, which checks the next
// request's key without revealing it or linking objects written with the same key.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { storageError } from '../errors.js';
import { loadHomeKey } from './home-key-file.js';

const SALT_BYTES = 16;
const DATA_KEY_INFO = Buffer.from('scones object data key v1');
const CHECK_KEY_INFO = Buffer.from('scones sse-c key check v1');

/** The home's root key, loaded when first needed. */
export interface HomeKeys {
  readonly homeKey: () => Buffer;
}

/** Keys from a 0600 file (e.g. `$SCONES_HOME/storage.key`), made on first use. */
export function fileHomeKeys(file: string): HomeKeys {
  let key: Buffer | undefined;
  return {
    homeKey: () => {
      key ??= loadHomeKey(file);
      return key;
    },
  };
}

/** A store opened without a home (tests, tools) can read and write only unencrypted objects. */
export const NO_HOME_KEYS: HomeKeys = {
  homeKey: () => {
    throw storageError(
      'ENCRYPTION_UNAVAILABLE',
      'this object store was opened without a storage key: encrypted objects cannot be written or read',
    );
  },
};

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

export function dataKey(root: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', root, salt, DATA_KEY_INFO, 32));
}

export function customerKeyHmac(keys: HomeKeys, customerKey: Buffer, salt: Buffer): string {
  const checkKey = Buffer.from(hkdfSync('sha256', keys.homeKey(), Buffer.alloc(0), CHECK_KEY_INFO, 32));
  return createHmac('sha256', checkKey).update(salt).update(customerKey).digest('base64');
}

export function sameHmac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  return x.length === y.length && timingSafeEqual(x, y);
}
