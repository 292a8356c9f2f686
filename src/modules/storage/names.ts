// Validation of bucket names, object keys and user metadata, following S3's published rules.
import { isWellFormedUtf16 } from '../../kernel/utf8.js';
import { storageError } from './errors.js';

export const MAX_KEY_BYTES = 1024;
export const MAX_METADATA_BYTES = 2048;

const BUCKET_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Throws STORAGE_INVALID_BUCKET_NAME naming the rule the name breaks. */
export function assertBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem)
    throw storageError('INVALID_BUCKET_NAME', `invalid bucket name ${JSON.stringify(name)}: ${problem}`, {
      bucket: name,
    });
}

function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may hold only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not hold two adjacent dots';
  if (name.includes('.-') || name.includes('-.')) return 'must not hold a dot next to a hyphen';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  const prefix = BUCKET_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix "${prefix}"`;
  const suffix = BUCKET_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix "${suffix}"`;
  return undefined;
}

/** Throws STORAGE_INVALID_KEY for keys S3 refuses and keys that could escape the store's folder. */
export function assertKey(key: string): void {
  const problem = keyProblem(key);
  if (problem)
    throw storageError('INVALID_KEY', `invalid object key ${JSON.stringify(key)}: ${problem}`, { key });
}

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (!isWellFormedUtf16(key)) return 'must be valid UTF-8';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} bytes of UTF-8`;
  if (key.includes('\0')) return 'must not contain NUL';
  if (key.includes('\\')) return 'must not contain backslashes';
  if (key.startsWith('/')) return 'must not be an absolute path (leading "/")';
  if (key.split('/').includes('..')) return 'must not contain ".." segments';
  return undefined;
}

/**
 * Key prefixes for listing follow the key rules but may be empty, and may start with "/" (S3 lists such a prefix;
 * it matches no key the store takes).
 */
export function assertPrefix(prefix: string): void {
  const rest = prefix.replace(/^\/+/, '');
  if (rest !== '') assertKey(rest);
}

/** User metadata as S3 keeps it: lowercase names, total size at most 2 KB. */
export function normaliseMetadata(metadata: Readonly<Record<string, string>> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  let bytes = 0;
  for (const [rawName, value] of Object.entries(metadata)) {
    const name = rawName.toLowerCase();
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name)) {
      throw storageError(
        'INVALID_ARGUMENT',
        `invalid metadata name ${JSON.stringify(rawName)}: use letters, digits, - _ .`,
      );
    }
    if (typeof value !== 'string')
      throw storageError('INVALID_ARGUMENT', `metadata ${name} must be a string`);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    result[name] = value;
  }
  if (bytes > MAX_METADATA_BYTES) {
    throw storageError(
      'METADATA_TOO_LARGE',
      `user metadata is ${bytes} bytes; at most ${MAX_METADATA_BYTES} allowed`,
    );
  }
  return result;
}
