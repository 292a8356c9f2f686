// AES-256-GCM over fixed-size chunks, so a range decrypts only the chunks it touches.
//
// Each chunk of CHUNK_BYTES plaintext is stored as its ciphertext followed by its 16-byte tag. The data key is new
// for every object written (derived from a random salt, see object-keys.ts), so the nonce need not be random: it is
// the chunk's index, with a flag on the last chunk. That binds every chunk to its place: chunks swapped, dropped
// or cut off at the end fail authentication instead of decrypting to other bytes.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { storageError } from '../errors.js';

export const CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;

/** Stored bytes of `plainSize` bytes of plaintext (an empty object still has one, empty, authenticated chunk). */
export function sealedSize(plainSize: number, chunkBytes = CHUNK_BYTES): number {
  return plainSize + TAG_BYTES * chunkCount(plainSize, chunkBytes);
}

function chunkCount(plainSize: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(plainSize / chunkBytes));
}

function nonce(index: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  iv[0] = last ? 1 : 0;
  iv.writeBigUInt64BE(BigInt(index), 4);
  return iv;
}

/** Encrypts a plaintext stream; `onPlain` sees every plaintext piece (for the ETag). */
export async function* sealChunks(
  source: AsyncIterable<Uint8Array>,
  key: Buffer,
  onPlain: (piece: Uint8Array) => void,
): AsyncGenerator<Uint8Array> {
  // A full chunk is held until more bytes arrive: only then is it known not to be the last one.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let index = 0;
  for await (const piece of source) {
    onPlain(piece);
    pending.push(piece);
    pendingBytes += piece.byteLength;
    while (pendingBytes > CHUNK_BYTES) {
      const [chunk, rest] = split(pending, CHUNK_BYTES);
      yield* sealChunk(chunk, key, index++, false);
      pending = rest;
      pendingBytes -= CHUNK_BYTES;
    }
  }
  yield* sealChunk(pending, key, index, true);
}

/** The chunk's ciphertext pieces and then its tag, as they come: joining them would copy every byte once more. */
function sealChunk(pieces: readonly Uint8Array[], key: Buffer, index: number, last: boolean): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index, last));
  const out = pieces.map((piece) => cipher.update(piece));
  // GCM is a stream mode: final() only computes the tag and returns no bytes.
  cipher.final();
  out.push(cipher.getAuthTag());
  return out;
}

/** The first `bytes` of the pieces, and the pieces after them (views, no copy). */
function split(pieces: readonly Uint8Array[], bytes: number): [Uint8Array[], Uint8Array[]] {
  const head: Uint8Array[] = [];
  let left = bytes;
  let i = 0;
  for (; left > 0; i++) {
    const piece = pieces[i] as Uint8Array;
    if (piece.byteLength <= left) {
      head.push(piece);
      left -= piece.byteLength;
      continue;
    }
    head.push(piece.subarray(0, left));
    return [head, [piece.subarray(left), ...pieces.slice(i + 1)]];
  }
  return [head, pieces.slice(i)];
}

/** Plaintext bytes [start, end] (inclusive) of an object of `plainSize` bytes: which stored bytes hold them. */
export interface SealedRange {
  readonly firstChunk: number;
  /** Inclusive range of stored bytes to read. */
  readonly stored: { readonly start: number; readonly end: number };
}

export function sealedRange(start: number, end: number, plainSize: number, chunkBytes: number): SealedRange {
  const firstChunk = Math.floor(start / chunkBytes);
  const lastChunk = Math.floor(end / chunkBytes);
  const sealedChunk = chunkBytes + TAG_BYTES;
  return {
    firstChunk,
    stored: {
      start: firstChunk * sealedChunk,
      end: Math.min((lastChunk + 1) * sealedChunk, sealedSize(plainSize, chunkBytes)) - 1,
    },
  };
}

export interface OpenChunksInput {
  readonly key: Buffer;
  readonly chunkBytes: number;
  readonly plainSize: number;
  /** Index of the first chunk in `source`. */
  readonly firstChunk: number;
  /** Plaintext bytes wanted, inclusive; end < start for none (an empty object). */
  readonly start: number;
  readonly end: number;
}

/** Decrypts whole stored chunks and yields only the plaintext bytes asked for. */
export async function* openChunks(
  source: AsyncIterable<Uint8Array>,
  input: OpenChunksInput,
): AsyncGenerator<Uint8Array> {
  const sealedChunk = input.chunkBytes + TAG_BYTES;
  const lastIndex = chunkCount(input.plainSize, input.chunkBytes) - 1;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let index = input.firstChunk;
  const emit = (sealed: readonly Uint8Array[]) => {
    // A piece that holds the whole chunk is used as it is (no copy).
    const whole =
      sealed.length === 1
        ? Buffer.from(
            (sealed[0] as Uint8Array).buffer,
            (sealed[0] as Uint8Array).byteOffset,
            (sealed[0] as Uint8Array).byteLength,
          )
        : Buffer.concat(sealed);
    const plain = openChunk(whole, input.key, index, index === lastIndex);
    const offset = index * input.chunkBytes;
    index++;
    return plain.subarray(
      Math.max(0, input.start - offset),
      Math.max(0, Math.min(plain.length, input.end - offset + 1)),
    );
  };
  for await (const piece of source) {
    pending.push(piece);
    pendingBytes += piece.byteLength;
    while (pendingBytes >= sealedChunk) {
      const [chunk, rest] = split(pending, sealedChunk);
      const plain = emit(chunk);
      if (plain.length > 0) yield plain;
      pending = rest;
      pendingBytes -= sealedChunk;
    }
  }
  if (pendingBytes > 0 || index === input.firstChunk) {
    const plain = emit(pending);
    if (plain.length > 0) yield plain;
  }
}

function openChunk(sealed: Buffer, key: Buffer, index: number, last: boolean): Buffer {
  if (sealed.length < TAG_BYTES) throw damaged(index);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(index, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    // Checks the tag; GCM's final() returns no bytes.
    decipher.final();
    return plain;
  } catch (error) {
    throw damaged(index, error);
  }
}

function damaged(index: number, cause?: unknown) {
  return storageError(
    'OBJECT_DAMAGED',
    `an encrypted object failed authentication at chunk ${index}: its stored bytes were changed`,
    { chunk: index },
    cause,
  );
}
