// The body of an S3 request as a verified stream: aws-chunked decoded, lengths and client checksums checked.
//
// Checks run as the bytes stream through; a mismatch throws after the last byte, before the store commits,
// so a refused upload leaves nothing behind.
import type { IncomingMessage } from 'node:http';
import { S3_MAX_SINGLE_PUT_BYTES, storageError } from '../../../modules/storage/index.js';
import { decodeAwsChunked } from './aws-chunked.js';
import {
  type ChecksumAlgorithm,
  createDigest,
  DIGEST_BYTES,
  type Digest,
  isChecksumAlgorithm,
} from './checksums.js';
import { chunkVerifierOf } from './s3-authorization.js';
import { s3Error } from './s3-errors.js';

/** S3's limit for one PutObject or UploadPart body: a longer declared length is refused before any byte is read. */
export const MAX_UPLOAD_BYTES = S3_MAX_SINGLE_PUT_BYTES;

export interface RequestBody {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Once the body is read: the client checksum that was verified, to echo as S3 does. */
  verifiedChecksum(): { readonly header: string; readonly value: string } | undefined;
}

interface Expectation {
  readonly label: string;
  readonly digest: Digest;
  /** The expected digest, known up front (headers) or once the trailers arrive. */
  readonly expected: () => Buffer | undefined;
  readonly onMismatch: () => Error;
}

export interface ReadOptions {
  /**
   * Compute S3's default checksum (a full-object CRC64NVME) when the client sends none: it then stands as the
   * verified checksum, stored with the object and echoed. For the bodies that become objects.
   */
  readonly defaultChecksum?: boolean;
}

export function readRequestBody(raw: IncomingMessage, options: ReadOptions = {}): RequestBody {
  const headers = raw.headers;
  const trailers = new Map<string, string>();
  const contentSha256 = header(raw, 'x-amz-content-sha256') ?? '';
  const chunked =
    /(^|,)\s*aws-chunked\s*(,|$)/i.test(header(raw, 'content-encoding') ?? '') ||
    contentSha256.startsWith('STREAMING-');
  const source = rawChunks(raw);
  const decoded = chunked ? decodeAwsChunked(source, trailers, chunkVerifierOf(raw)) : source;
  const expectations = [...contentMd5(raw), ...contentSha256Hash(contentSha256)];
  const checksum = clientChecksum(raw, trailers) ?? (options.defaultChecksum ? defaultChecksum() : undefined);
  if (checksum) expectations.push(checksum.expectation);
  const decodedLength = chunked ? declaredLength(headers['x-amz-decoded-content-length']) : undefined;
  const objectLength = chunked ? decodedLength : Number(header(raw, 'content-length') ?? Number.NaN);
  if (objectLength !== undefined && objectLength > MAX_UPLOAD_BYTES)
    throw storageError(
      'ENTITY_TOO_LARGE',
      `Your proposed upload of ${objectLength} bytes exceeds the maximum allowed object size of ${MAX_UPLOAD_BYTES} bytes`,
    );
  let verified = false;
  return {
    chunks: verify(decoded, expectations, decodedLength, () => {
      verified = true;
    }),
    verifiedChecksum: () => {
      const value = checksum?.expectation.expected();
      return verified && checksum && value
        ? { header: checksum.header, value: value.toString('base64') }
        : undefined;
    },
  };
}

/** Reading through `iterator` keeps the socket alive if we stop early, so the error response can be sent. */
async function* rawChunks(raw: IncomingMessage): AsyncGenerator<Uint8Array> {
  try {
    yield* raw.iterator({ destroyOnReturn: false });
  } catch (error) {
    // The client went away mid-body: its fault, not a server error worth a stack trace in the log.
    throw s3Error('INCOMPLETE_BODY', 'the connection closed before the whole body arrived', {}, error);
  }
}

async function* verify(
  source: AsyncIterable<Uint8Array>,
  expectations: readonly Expectation[],
  decodedLength: number | undefined,
  onVerified: () => void,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (decodedLength !== undefined && size > decodedLength)
      throw s3Error('INVALID_CHUNK', 'the body is longer than x-amz-decoded-content-length');
    for (const e of expectations) e.digest.update(chunk);
    yield chunk;
  }
  if (decodedLength !== undefined && size < decodedLength)
    throw s3Error(
      'INCOMPLETE_BODY',
      `the body has ${size} bytes; x-amz-decoded-content-length says ${decodedLength}`,
    );
  for (const e of expectations) {
    const actual = await e.digest.digest();
    const expected = e.expected();
    if (expected === undefined)
      throw s3Error('INVALID_REQUEST', `the ${e.label} trailer announced in x-amz-trailer is missing`);
    if (!actual.equals(expected)) throw e.onMismatch();
  }
  onVerified();
}

function contentMd5(raw: IncomingMessage): Expectation[] {
  const value = header(raw, 'content-md5');
  if (value === undefined) return [];
  const expected = decodeBase64(value, 16);
  if (!expected) throw s3Error('INVALID_DIGEST', 'the Content-MD5 you specified is not valid');
  return [
    {
      label: 'Content-MD5',
      digest: createDigest('md5'),
      expected: () => expected,
      onMismatch: () => s3Error('BAD_DIGEST', 'the Content-MD5 you specified did not match what we received'),
    },
  ];
}

function contentSha256Hash(value: string): Expectation[] {
  if (!/^[0-9a-f]{64}$/i.test(value)) return [];
  const expected = Buffer.from(value, 'hex');
  return [
    {
      label: 'x-amz-content-sha256',
      digest: createDigest('sha256'),
      expected: () => expected,
      onMismatch: () =>
        s3Error(
          'CONTENT_SHA256_MISMATCH',
          "the provided 'x-amz-content-sha256' header does not match what was computed",
        ),
    },
  ];
}

/** The x-amz-checksum-<algorithm> header, or the trailer that x-amz-trailer announces. */
function clientChecksum(
  raw: IncomingMessage,
  trailers: ReadonlyMap<string, string>,
): { header: string; expectation: Expectation } | undefined {
  const announced = header(raw, 'x-amz-trailer')?.trim().toLowerCase();
  const name =
    announced ??
    Object.keys(raw.headers).find((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-type');
  if (!name?.startsWith('x-amz-checksum-')) return undefined;
  const algorithm = name.slice('x-amz-checksum-'.length);
  // Unknown algorithms are accepted without verification (S3 refuses them; clients send only the known ones).
  if (!isChecksumAlgorithm(algorithm)) return undefined;
  const fromHeader = announced === undefined ? header(raw, name) : undefined;
  const expected = () => {
    const text = fromHeader ?? trailers.get(name);
    return text === undefined ? undefined : checksumValue(algorithm, text);
  };
  if (fromHeader !== undefined) expected();
  return {
    header: name,
    expectation: {
      label: name,
      digest: createDigest(algorithm),
      expected,
      onMismatch: () =>
        s3Error(
          'BAD_DIGEST',
          `the ${algorithm.toUpperCase()} you specified did not match the calculated checksum`,
        ),
    },
  };
}

/** S3's default checksum: computed as the body streams, expected to be what it computed (it has no other source). */
function defaultChecksum(): { header: string; expectation: Expectation } {
  const crc = createDigest('crc64nvme');
  let value: Buffer | undefined;
  return {
    header: 'x-amz-checksum-crc64nvme',
    expectation: {
      label: 'default CRC64NVME',
      digest: {
        update: (data) => crc.update(data),
        digest: async () => {
          value = await crc.digest();
          return value;
        },
      },
      expected: () => value,
      onMismatch: () => s3Error('BAD_DIGEST', 'the default CRC64NVME did not match itself'),
    },
  };
}

function checksumValue(algorithm: ChecksumAlgorithm, text: string): Buffer {
  const value = decodeBase64(text, DIGEST_BYTES[algorithm]);
  if (!value) throw s3Error('INVALID_REQUEST', `value for x-amz-checksum-${algorithm} header is invalid`);
  return value;
}

function decodeBase64(text: string, bytes: number): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const value = Buffer.from(trimmed, 'base64');
  return value.length === bytes ? value : undefined;
}

function declaredLength(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d+$/.test(value))
    throw s3Error('INVALID_ARGUMENT', 'x-amz-decoded-content-length must be a number');
  return Number(value);
}

function header(raw: IncomingMessage, name: string): string | undefined {
  const value = raw.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** PutObject and UploadPart need the body's length up front (Content-Length, or the decoded length of aws-chunked). */
export function requireContentLength(raw: IncomingMessage): void {
  if (
    header(raw, 'content-length') === undefined &&
    header(raw, 'x-amz-decoded-content-length') === undefined
  )
    throw s3Error('MISSING_CONTENT_LENGTH', 'You must provide the Content-Length HTTP header.');
}
