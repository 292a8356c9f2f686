// Signatures of aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): each chunk chains on the previous one.
import { timingSafeEqual } from 'node:crypto';
import { iamError } from '../errors.js';
import { EMPTY_SHA256, hmacHex, sha256Hex } from './canonical-request.js';
import type { ChunkVerifier } from './sigv4-types.js';

export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Starts from the request's (seed) signature; each verified chunk becomes the next one's previous signature. */
export function createChunkVerifier(
  key: Buffer,
  amzDate: string,
  scope: string,
  seed: string,
): ChunkVerifier {
  let previous = seed;
  let index = 0;
  const check = (expected: string, given: string, what: string) => {
    if (!signaturesEqual(expected, given.toLowerCase()))
      throw iamError('SIGNATURE_MISMATCH', `the signature of ${what} does not match`, { chunk: index });
    previous = expected;
    index++;
  };
  return {
    verifyChunk(data, signature) {
      const text = `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${sha256Hex(data)}`;
      check(hmacHex(key, text), signature, `chunk ${index}`);
    },
    verifyTrailer(trailerText, signature) {
      const text = `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${sha256Hex(trailerText)}`;
      check(hmacHex(key, text), signature, 'the trailer');
    },
  };
}
