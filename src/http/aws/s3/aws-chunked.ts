// Streaming decoder for `Content-Encoding: aws-chunked` bodies (signed or unsigned chunks, optional trailers).
//
// Wire format: `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` repeated, then `0[;...]\r\n`, then trailer
// lines `name:value\r\n` and a closing `\r\n`. The SDK for JavaScript omits the closing `\r\n` when it sends no
// trailer, so the body may end right after the final chunk. With a chunk verifier (the server authenticates and the
// request is STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) every chunk's signature and the trailer's are checked in
// order; data is passed on as it arrives (a chunk is held only until its signature is checked), never whole.
import type { ChunkVerifier } from '../../../modules/iam/index.js';
import { s3Error } from './s3-errors.js';

const MAX_LINE_BYTES = 8 * 1024;
const CRLF = Buffer.from('\r\n');

type State =
  | { readonly name: 'size' }
  | { readonly name: 'data'; readonly remaining: number; readonly signature: string | undefined }
  | { readonly name: 'data-end'; readonly signature: string | undefined }
  | { readonly name: 'trailer' }
  | { readonly name: 'done' };

/** Yields the decoded payload; fills `trailers` (lower-case names) once the final chunk is read. */
export async function* decodeAwsChunked(
  source: AsyncIterable<Uint8Array>,
  trailers: Map<string, string>,
  verifier?: ChunkVerifier,
): AsyncGenerator<Uint8Array> {
  let pending: Buffer = Buffer.alloc(0);
  let state: State = { name: 'size' };
  const signatures = verifier ? new SignatureChain(verifier) : undefined;
  for await (const chunk of source) {
    pending =
      pending.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.concat([pending, chunk]);
    for (;;) {
      const step = advance(state, pending, trailers);
      if (!step) break;
      if (step.data) {
        signatures?.hold(step.data);
        yield step.data;
      }
      signatures?.observe(step);
      pending = pending.subarray(step.consumed);
      state = step.state;
    }
  }
  signatures?.finish();
  const cleanEnd = state.name === 'done' || (state.name === 'trailer' && pending.length === 0);
  if (!cleanEnd) throw s3Error('INCOMPLETE_BODY', 'the aws-chunked body ended before its final chunk');
}

interface Step {
  readonly state: State;
  readonly consumed: number;
  readonly data?: Buffer;
  /** A chunk ended (the final, empty one included): its signature from the size line. */
  readonly chunkEnd?: { readonly signature: string | undefined };
  /** A trailer line as sent, without its CRLF. */
  readonly trailerLine?: string;
}

/** Checks chunk signatures as chunks complete, then the trailer's (signed over the trailer lines before it). */
class SignatureChain {
  private held: Buffer[] = [];
  private trailerText = '';
  private trailerSigned = false;
  private finalSeen = false;

  constructor(private readonly verifier: ChunkVerifier) {}

  hold(data: Buffer): void {
    this.held.push(Buffer.from(data));
  }

  observe(step: Step): void {
    if (step.chunkEnd) {
      if (step.chunkEnd.signature === undefined)
        throw invalidChunk('a chunk of a signed streaming upload has no chunk-signature');
      this.verifier.verifyChunk(Buffer.concat(this.held), step.chunkEnd.signature);
      this.held = [];
      if (step.state.name === 'trailer') this.finalSeen = true;
    }
    if (step.trailerLine === undefined || step.trailerLine === '') return;
    const colon = step.trailerLine.indexOf(':');
    const name = step.trailerLine.slice(0, colon).trim().toLowerCase();
    if (name === 'x-amz-trailer-signature') {
      this.verifier.verifyTrailer(this.trailerText, step.trailerLine.slice(colon + 1).trim());
      this.trailerSigned = true;
    } else this.trailerText += `${step.trailerLine}\n`;
  }

  finish(): void {
    if (!this.finalSeen) return;
    if (this.trailerText !== '' && !this.trailerSigned)
      throw invalidChunk('the trailer of a signed streaming upload has no x-amz-trailer-signature');
  }
}

/** One parsing step on the buffered bytes, or undefined when more bytes are needed. */
function advance(state: State, pending: Buffer, trailers: Map<string, string>): Step | undefined {
  switch (state.name) {
    case 'size': {
      const line = readLine(pending);
      if (line === undefined) return undefined;
      const size = parseChunkSize(line.text);
      const signature = chunkSignature(line.text);
      if (size === 0) return { state: { name: 'trailer' }, consumed: line.consumed, chunkEnd: { signature } };
      return { state: { name: 'data', remaining: size, signature }, consumed: line.consumed };
    }
    case 'data': {
      if (pending.length === 0) return undefined;
      const take = Math.min(state.remaining, pending.length);
      const remaining = state.remaining - take;
      const next: State =
        remaining === 0
          ? { name: 'data-end', signature: state.signature }
          : { name: 'data', remaining, signature: state.signature };
      return { state: next, consumed: take, data: pending.subarray(0, take) };
    }
    case 'data-end': {
      if (pending.length < 2) return undefined;
      if (!pending.subarray(0, 2).equals(CRLF))
        throw invalidChunk('a chunk is longer than its declared size');
      return { state: { name: 'size' }, consumed: 2, chunkEnd: { signature: state.signature } };
    }
    case 'trailer': {
      const line = readLine(pending);
      if (line === undefined) return undefined;
      if (line.text === '') return { state: { name: 'done' }, consumed: line.consumed };
      const colon = line.text.indexOf(':');
      if (colon <= 0) throw invalidChunk(`malformed trailer line ${JSON.stringify(line.text)}`);
      trailers.set(line.text.slice(0, colon).trim().toLowerCase(), line.text.slice(colon + 1).trim());
      return { state, consumed: line.consumed, trailerLine: line.text };
    }
    case 'done':
      if (pending.length > 0) throw invalidChunk('bytes follow the final chunk and its trailers');
      return undefined;
  }
}

function readLine(pending: Buffer): { text: string; consumed: number } | undefined {
  const end = pending.indexOf(CRLF);
  if (end < 0) {
    if (pending.length > MAX_LINE_BYTES) throw invalidChunk('a chunk header line is too long');
    return undefined;
  }
  return { text: pending.toString('latin1', 0, end), consumed: end + 2 };
}

function parseChunkSize(line: string): number {
  const hex = line.split(';', 1)[0] ?? '';
  if (!/^[0-9a-fA-F]{1,12}$/.test(hex))
    throw invalidChunk(`malformed chunk size line ${JSON.stringify(line.slice(0, 80))}`);
  return Number.parseInt(hex, 16);
}

/** `<hex size>;chunk-signature=<sig>`: the signature, if the line has one. */
function chunkSignature(line: string): string | undefined {
  return /;\s*chunk-signature=([0-9a-fA-F]+)/.exec(line)?.[1];
}

function invalidChunk(why: string) {
  return s3Error('INVALID_CHUNK', `invalid aws-chunked body: ${why}`);
}
