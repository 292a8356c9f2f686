// `scones store migrate --to s3://bucket[/prefix]`: the home's objects copied to an S3-compatible backend. Picks the
// adapters and checks the inputs; the copying itself is `platform/blob/copy`.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock } from '../kernel/clock.js';
import { parseS3Uri } from '../modules/storage/index.js';
import { type BlobCopyProgress, type BlobCopyReport, copyBlobs } from '../platform/blob/copy/copy-blobs.js';
import { blobError } from '../platform/blob/errors.js';
import { openS3BlobStore } from '../platform/blob/s3/s3-blob-store.js';
import type { ResolvedConfig } from './config.js';
import { openBlobStore, type S3Settings, s3Options, s3Problems } from './storage-target.js';

export type { BlobCopyProgress };

export interface StoreMigrateRequest {
  /** `--to`: s3://bucket[/prefix]; the bucket must exist on the backend. */
  readonly to: string;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly pathStyle: boolean;
  readonly mode?: S3Settings['mode'] | undefined;
  readonly bucketPrefix?: string | undefined;
  /** Without them: the AWS SDK's default credential chain (AWS_ACCESS_KEY_ID, profiles, ...). */
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  readonly concurrency?: number | undefined;
  readonly every?: number | undefined;
  /** Write the target's settings into the config file once every object is copied and verified. */
  readonly switch: boolean;
  /** Where a new scones.config.json goes when there is none yet. */
  readonly cwd: string;
  readonly onProgress?: (progress: BlobCopyProgress) => void;
}

export interface StoreMigrateReport extends BlobCopyReport {
  readonly source: string;
  readonly target: string;
  /** The settings that put the home on the target (the secret key shown as given only in `switched`'s file). */
  readonly settings: { readonly storage: { readonly backend: 's3'; readonly s3: Partial<S3Settings> } };
  /** The config file `--switch` wrote. */
  readonly switched?: string;
}

export async function migrateHomeObjects(
  config: ResolvedConfig,
  request: StoreMigrateRequest,
): Promise<StoreMigrateReport> {
  const s3 = targetSettings(config, request);
  const source = (await openBlobStore(config.storage, config.paths.objects, systemClock)).store;
  try {
    const target = await openS3BlobStore(s3Options(s3), systemClock);
    try {
      const report = await copyBlobs({
        source,
        target,
        ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
        ...(request.every === undefined ? {} : { every: request.every }),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      });
      const settings = { storage: { backend: 's3' as const, s3: changedSettings(s3) } };
      const switched = request.switch ? await switchConfig(config, request.cwd, settings) : undefined;
      return {
        ...report,
        source: source.location,
        target: target.location,
        settings: hideSecret(settings),
        ...(switched ? { switched } : {}),
      };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** The target as `storage.s3` settings, checked like any start checks them; never the store being copied. */
function targetSettings(config: ResolvedConfig, request: StoreMigrateRequest): S3Settings {
  if (!request.to.startsWith('s3://'))
    throw blobError(
      'COPY_INVALID_TARGET',
      `--to must be s3://bucket[/prefix] (got ${JSON.stringify(request.to)})`,
    );
  const { bucket, key } = parseS3Uri(request.to);
  const s3: S3Settings = {
    endpoint: request.endpoint ?? '',
    region: request.region ?? 'us-east-1',
    bucket,
    prefix: key === '' || key.endsWith('/') ? key : `${key}/`,
    mode: request.mode ?? 'prefix',
    bucketPrefix: request.bucketPrefix ?? '',
    forcePathStyle: request.pathStyle,
    accessKeyId: request.accessKeyId ?? '',
    secretAccessKey: request.secretAccessKey ?? '',
    maxAttempts: config.storage.s3.maxAttempts,
  };
  const problems = s3Problems(s3).map((line) =>
    line.replace(/storage\.s3\.(\w+)/g, (setting, name: string) => FLAGS[name] ?? setting),
  );
  if (problems.length > 0) throw blobError('COPY_INVALID_TARGET', problems.join('; '));
  if (config.storage.backend === 's3' && sameLocation(config.storage.s3, s3))
    throw blobError('COPY_INVALID_TARGET', `--to ${request.to} is where the home's objects already are`);
  return s3;
}

/** The `store migrate` flag that gives each `storage.s3` setting. */
const FLAGS: Readonly<Record<string, string>> = {
  endpoint: '--endpoint',
  accessKeyId: '--access-key-id',
  secretAccessKey: '--secret-access-key',
  bucket: '--to',
};

function sameLocation(a: S3Settings, b: S3Settings): boolean {
  return a.endpoint === b.endpoint && a.bucket === b.bucket && a.prefix === b.prefix && a.mode === b.mode;
}

/** Only what differs from the defaults, so the printed settings stay short. */
function changedSettings(s3: S3Settings): Partial<S3Settings> {
  const defaults: Partial<S3Settings> = {
    endpoint: '',
    region: 'us-east-1',
    prefix: '',
    mode: 'prefix',
    bucketPrefix: '',
    forcePathStyle: true,
    accessKeyId: '',
    secretAccessKey: '',
    maxAttempts: 4,
  };
  return Object.fromEntries(
    Object.entries(s3).filter(([name, value]) => defaults[name as keyof S3Settings] !== value),
  ) as Partial<S3Settings>;
}

function hideSecret(settings: StoreMigrateReport['settings']): StoreMigrateReport['settings'] {
  const { secretAccessKey, ...rest } = settings.storage.s3;
  return {
    storage: {
      backend: 's3',
      s3: secretAccessKey === undefined ? rest : { ...rest, secretAccessKey: '(hidden)' },
    },
  };
}

/** Merges `storage` into the config file in force (or a new scones.config.json), replaced in one rename. */
async function switchConfig(
  config: ResolvedConfig,
  cwd: string,
  settings: StoreMigrateReport['settings'],
): Promise<string> {
  const file = config.configFile ?? path.join(cwd, 'scones.config.json');
  const current = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
    : {};
  const next = { ...current, storage: settings.storage };
  const partial = `${file}.${process.pid}.tmp`;
  // The file may now hold the backend's secret key: readable by its owner only.
  await writeFile(partial, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
  return file;
}
