// `storage.*` read at start: which blob adapter holds the objects, its options checked before anything opens.
import type { Clock } from '../kernel/clock.js';
import { openFsBlobStore } from '../platform/blob/fs/fs-blob-store.js';
import type { BlobStore } from '../platform/blob/port.js';
import { openS3BlobStore } from '../platform/blob/s3/s3-blob-store.js';
import { S3_DEFAULTS, type S3BlobStoreOptions, type S3LayoutMode } from '../platform/blob/s3/s3-options.js';
import type { Config } from './config-schema.js';

type StorageSettings = Config['storage'];
/** `storage.s3` with `mode` typed (the schema's enum helper gives `never` statically). */
export type S3Settings = Omit<StorageSettings['s3'], 'mode'> & { readonly mode: S3LayoutMode };

/** One line per bad `storage.*` option, naming it, in the form of the other settings problems. */
export function storageProblems(storage: StorageSettings): string[] {
  return storage.backend === 's3' ? s3Problems(storage.s3) : [];
}

/** The problems of S3 settings, named as `storage.s3.*` options. */
export function s3Problems(s3: S3Settings): string[] {
  const problems: string[] = [];
  if (s3.bucket === '')
    problems.push('storage.s3.bucket: required when storage.backend is s3 (SCONES_S3_BUCKET)');
  if (s3.endpoint !== '' && !isHttpUrl(s3.endpoint))
    problems.push(
      `storage.s3.endpoint: must be an http:// or https:// URL (got ${JSON.stringify(s3.endpoint)})`,
    );
  if ((s3.accessKeyId === '') !== (s3.secretAccessKey === ''))
    problems.push(
      'storage.s3.accessKeyId / storage.s3.secretAccessKey: give both, or neither for the AWS default credential chain',
    );
  return problems;
}

export function s3Options(s3: S3Settings): S3BlobStoreOptions {
  return {
    ...S3_DEFAULTS,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    bucket: s3.bucket,
    prefix: s3.prefix,
    mode: s3.mode,
    bucketPrefix: s3.bucketPrefix,
    maxAttempts: s3.maxAttempts,
    ...(s3.endpoint === '' ? {} : { endpoint: s3.endpoint }),
    ...(s3.accessKeyId === ''
      ? {}
      : { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } }),
  };
}

/** Opens the configured store; an S3 backend that is unreachable, refuses the keys or lacks the bucket fails here. */
export async function openBlobStore(
  storage: StorageSettings,
  objectsFolder: string,
  clock: Clock,
): Promise<{ store: BlobStore; repairs: readonly Record<string, unknown>[] }> {
  if (storage.backend === 's3')
    return { store: await openS3BlobStore(s3Options(storage.s3), clock), repairs: [] };
  const store = await openFsBlobStore(objectsFolder, clock);
  return { store, repairs: store.repairs.map((repair) => ({ ...repair })) };
}

/** The settings as `scones config` prints them: the secret key hidden. */
export function shownStorage(storage: StorageSettings): StorageSettings {
  return {
    ...storage,
    s3: { ...storage.s3, secretAccessKey: storage.s3.secretAccessKey === '' ? '' : '(hidden)' },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
