// Opaque continuation tokens for listings: where the last page ended and whether that was a common prefix.
import { storageError } from './errors.js';

export interface PagingPosition {
  readonly after: string;
  readonly isPrefix: boolean;
}

export function encodeToken(position: PagingPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, a: position.after, p: position.isPrefix ? 1 : 0 })).toString(
    'base64url',
  );
}

export function decodeToken(token: string): PagingPosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      a?: unknown;
      p?: unknown;
    };
    if (parsed.v === 1 && typeof parsed.a === 'string' && (parsed.p === 0 || parsed.p === 1)) {
      return { after: parsed.a, isPrefix: parsed.p === 1 };
    }
  } catch {
    // fall through to the error below
  }
  throw storageError(
    'INVALID_TOKEN',
    'the continuation token is not valid: pass back the token a listing returned',
  );
}
