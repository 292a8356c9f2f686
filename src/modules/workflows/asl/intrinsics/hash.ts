// States.Hash: hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
import { createHash } from 'node:crypto';
import { intrinsicError } from '../errors.js';
import { ANY, intrinsic, STRING } from './definition.js';

const ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const hash = intrinsic('States.Hash', [ANY, STRING], ([data, algorithm]) => {
  const node = ALGORITHMS[algorithm];
  if (node === undefined) {
    throw intrinsicError(
      `States.Hash does not support the algorithm '${algorithm}'; use one of ${Object.keys(ALGORITHMS).join(', ')}`,
    );
  }
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return createHash(node).update(text, 'utf8').digest('hex');
});
