// Real S3-compatible servers for the S3 blob adapter's tests: a second `scones serve` on an fs home, and Ceph's
// RADOS Gateway where it is installed. Each gives an endpoint, keys, and a home bucket the adapter keeps its data in.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../src/kernel/clock.js';
import { openS3BlobStore, type S3BlobStore } from '../../src/platform/blob/s3/s3-blob-store.js';
import { S3_DEFAULTS, type S3BlobStoreOptions } from '../../src/platform/blob/s3/s3-options.js';
import { startScones } from './cli.js';
import { startRadosGateway } from './radosgw-server.js';

export interface S3Backend {
  readonly name: string;
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** A bucket made on the backend for the adapter's records and objects. */
  readonly home: string;
  stop(): Promise<void>;
}

/** `scones serve` (auth off on loopback) over a fresh fs home. */
export async function startSconesBackend(): Promise<S3Backend> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-backend-'));
  const { child, match, exited } = await startScones(['serve', '--port', '0'], {
    cwd,
    env: { SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' },
    ready: /(http:\/\/\S+)/,
  });
  const backend = {
    name: 'scones',
    endpoint: match[1] as string,
    credentials: { accessKeyId: 'AKIDBACKEND', secretAccessKey: 'any' },
    home: 'scones-home',
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(cwd, { recursive: true, force: true });
    },
  };
  await makeBucket(backend, backend.home);
  return backend;
}

export async function startRadosBackend(): Promise<S3Backend> {
  const gateway = await startRadosGateway();
  const backend = { name: 'radosgw', ...gateway, home: 'scones-home' };
  await makeBucket(backend, backend.home);
  return backend;
}

export function backendOptions(
  backend: S3Backend,
  overrides: Partial<S3BlobStoreOptions>,
): S3BlobStoreOptions {
  return {
    ...S3_DEFAULTS,
    endpoint: backend.endpoint,
    credentials: backend.credentials,
    bucket: backend.home,
    ...overrides,
  };
}

export function openOn(backend: S3Backend, overrides: Partial<S3BlobStoreOptions>): Promise<S3BlobStore> {
  return openS3BlobStore(backendOptions(backend, overrides), systemClock);
}

/** Runs `use` with a path-style S3 client of the backend, destroyed after. */
async function withClient<T>(backend: S3Backend, use: (client: S3Client) => Promise<T>): Promise<T> {
  const client = new S3Client({
    endpoint: backend.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: backend.credentials,
  });
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

export function makeBucket(backend: S3Backend, bucket: string): Promise<void> {
  return withClient(backend, async (client) => {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
}

/** Every key under `prefix` in the backend's home bucket, as stored (prefix included), page after page. */
export function homeKeys(backend: S3Backend, prefix: string): Promise<string[]> {
  return withClient(backend, async (client) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: backend.home, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  });
}
