// `storage.backend = s3` end to end: settings checked at start, `scones config` hiding the secret, a `scones serve`
// whose objects live in a second real Scones (its S3 API on an fs home), and what users see when that backend fails.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Outcome } from '../support/auth-serve.js';
import { runScones, startScones } from '../support/cli.js';
import { type S3Backend, startSconesBackend } from '../support/s3-backends.js';

let cwd: string;
let backend: S3Backend;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-storage-'));
  backend = await startSconesBackend();
});
afterAll(async () => {
  await backend.stop();
  await rm(cwd, { recursive: true, force: true });
});

const s3Env = (over: Record<string, string> = {}) => ({
  SCONES_HOME: path.join(cwd, 'home'),
  SCONES_LOG_LEVEL: 'warn',
  SCONES_STORAGE_BACKEND: 's3',
  SCONES_S3_ENDPOINT: backend.endpoint,
  SCONES_S3_BUCKET: backend.home,
  SCONES_S3_PREFIX: 'front/',
  SCONES_S3_ACCESS_KEY_ID: backend.credentials.accessKeyId,
  SCONES_S3_SECRET_ACCESS_KEY: backend.credentials.secretAccessKey,
  ...over,
});

const client = (endpoint: string) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDFRONT', secretAccessKey: 'any' },
    maxAttempts: 1,
  });

describe('storage.backend settings', () => {
  it('names the bad option when s3 settings are incomplete or malformed', async () => {
    const noBucket = await runScones(['config'], { cwd, env: s3Env({ SCONES_S3_BUCKET: '' }) });
    expect(noBucket.code).not.toBe(0);
    expect(noBucket.stderr).toContain('storage.s3.bucket');
    const badUrl = await runScones(['config'], { cwd, env: s3Env({ SCONES_S3_ENDPOINT: 'ftp://x' }) });
    expect(badUrl.stderr).toContain('storage.s3.endpoint');
    const badMode = await runScones(['config'], { cwd, env: s3Env({ SCONES_S3_MODE: 'sideways' }) });
    expect(badMode.stderr).toContain('storage.s3.mode');
  });

  it('shows the backend in scones config with the secret key hidden', async () => {
    const shown = await runScones(['config'], { cwd, env: s3Env() });
    expect(shown.code, shown.stderr).toBe(0);
    const config = JSON.parse(shown.stdout.toString());
    expect(config.storage).toMatchObject({
      backend: 's3',
      s3: { bucket: backend.home, endpoint: backend.endpoint, secretAccessKey: '(hidden)' },
    });
    expect(shown.stdout.toString()).not.toContain(backend.credentials.secretAccessKey);
  });
});

async function serveFront(env: Record<string, string>) {
  const started = await startScones(['serve', '--port', '0'], { cwd, env, ready: /(http:\/\/\S+)/ });
  const url = started.match[1] as string;
  return {
    url,
    s3: client(url),
    stop: async () => {
      started.child.kill('SIGTERM');
      await started.exited;
    },
  };
}

/** S3's ETag of an object made of these parts. */
function partsEtag(parts: readonly Buffer[]): string {
  const digest = createHash('md5');
  for (const part of parts) digest.update(createHash('md5').update(part).digest());
  return `${digest.digest('hex')}-${parts.length}`;
}

describe('scones serve on an S3 backend', () => {
  it('keeps buckets and objects in the backend bucket under the prefix', async () => {
    const front = await serveFront(s3Env());
    const direct = client(backend.endpoint);
    try {
      await front.s3.send(new CreateBucketCommand({ Bucket: 'photos' }));
      await front.s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'bike.png', Body: 'pixels' }));
      const got = await front.s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'bike.png' }));
      expect(await got.Body?.transformToString()).toBe('pixels');
      const listed = await direct.send(new ListObjectsV2Command({ Bucket: backend.home, Prefix: 'front/' }));
      // The bucket's records, its object, and its settings (new buckets block public access, as on AWS).
      const keys = listed.Contents?.map((o) => o.Key ?? '') ?? [];
      // Scones's own objects (the SDK layer every home publishes) are in its internal bucket, beside the users'.
      expect(keys.some((key) => key.startsWith('front/scones-internal/code/layers/sagemaker-sdk/'))).toBe(
        true,
      );
      expect(keys.filter((key) => !key.startsWith('front/scones-internal/'))).toEqual([
        'front/.scones/buckets/photos',
        'front/.scones/buckets/scones-bucket-settings',
        'front/.scones/buckets/scones-internal',
        'front/photos/bike.png',
        'front/scones-bucket-settings/photos/ownership',
        'front/scones-bucket-settings/photos/public-access-block',
      ]);
    } finally {
      front.s3.destroy();
      direct.destroy();
      await front.stop();
    }
  });

  it('completes a multipart upload in the backend itself: no staged copy, the parts ETag, nothing left over', async () => {
    const front = await serveFront(s3Env({ SCONES_S3_PREFIX: 'mp/' }));
    const direct = client(backend.endpoint);
    const first = Buffer.alloc(5 * 1024 * 1024, 7);
    const last = Buffer.from('the end');
    try {
      await front.s3.send(new CreateBucketCommand({ Bucket: 'parts' }));
      const at = { Bucket: 'parts', Key: 'model.bin' };
      const { UploadId } = await front.s3.send(
        new CreateMultipartUploadCommand({ ...at, ChecksumAlgorithm: 'CRC32' }),
      );
      const etags: string[] = [];
      const sums: string[] = [];
      for (const [index, Body] of [first, last].entries()) {
        const sent = await front.s3.send(
          new UploadPartCommand({ ...at, UploadId, PartNumber: index + 1, Body, ChecksumAlgorithm: 'CRC32' }),
        );
        etags.push(sent.ETag ?? '');
        sums.push(sent.ChecksumCRC32 ?? '');
      }
      // The parts wait in the backend's own multipart upload, not as objects.
      const pending = await direct.send(
        new ListMultipartUploadsCommand({ Bucket: backend.home, Prefix: 'mp/' }),
      );
      expect(pending.Uploads?.map((u) => u.Key)).toEqual(['mp/parts/model.bin']);
      const done = await front.s3.send(
        new CompleteMultipartUploadCommand({
          ...at,
          UploadId,
          MultipartUpload: {
            Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1, ChecksumCRC32: sums[i] })),
          },
        }),
      );
      expect(done.ETag).toBe(`"${partsEtag([first, last])}"`);
      const got = await front.s3.send(new GetObjectCommand(at));
      expect(got.ETag).toBe(done.ETag);
      // The parts' CRC32s, kept beside the upload's record while the backend held the bytes.
      expect(done).toMatchObject({ ChecksumCRC32: expect.stringMatching(/-2$/), ChecksumType: 'COMPOSITE' });
      expect(
        Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(Buffer.concat([first, last])),
      ).toBe(true);
      const after = await direct.send(
        new ListMultipartUploadsCommand({ Bucket: backend.home, Prefix: 'mp/' }),
      );
      expect(after.Uploads ?? []).toEqual([]);
      const objects = await direct.send(
        new ListObjectsV2Command({ Bucket: backend.home, Prefix: 'mp/parts/' }),
      );
      expect(objects.Contents?.map((o) => o.Key)).toEqual(['mp/parts/model.bin']);
      // An aborted upload leaves nothing in the backend.
      const aborted = await front.s3.send(new CreateMultipartUploadCommand({ ...at, Key: 'gone' }));
      await front.s3.send(
        new UploadPartCommand({ ...at, Key: 'gone', UploadId: aborted.UploadId, PartNumber: 1, Body: last }),
      );
      await front.s3.send(
        new AbortMultipartUploadCommand({ ...at, Key: 'gone', UploadId: aborted.UploadId }),
      );
      const none = await direct.send(
        new ListMultipartUploadsCommand({ Bucket: backend.home, Prefix: 'mp/' }),
      );
      expect(none.Uploads ?? []).toEqual([]);
    } finally {
      front.s3.destroy();
      direct.destroy();
      await front.stop();
    }
  });

  it('refuses to start on an unreachable backend or a missing bucket, naming what is wrong', async () => {
    const missing = await runScones(['serve', '--port', '0'], {
      cwd,
      env: s3Env({ SCONES_S3_BUCKET: 'nope' }),
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('has no bucket "nope"');
    // Port 9 (discard) on loopback: nothing listens there on these machines.
    const down = await runScones(['serve', '--port', '0'], {
      cwd,
      env: s3Env({ SCONES_S3_ENDPOINT: 'http://127.0.0.1:9' }),
    });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain('S3 backend http://127.0.0.1:9 cannot be reached');
  });

  it('answers 503 while the backend is down, and keeps serving', async () => {
    const own = await startSconesBackend();
    const front = await serveFront(
      s3Env({
        SCONES_S3_ENDPOINT: own.endpoint,
        SCONES_S3_BUCKET: own.home,
        SCONES_HOME: path.join(cwd, 'down'),
      }),
    );
    try {
      await front.s3.send(new CreateBucketCommand({ Bucket: 'bikes' }));
      await front.s3.send(new PutObjectCommand({ Bucket: 'bikes', Key: 'k', Body: 'x' }));
      await own.stop();
      for (let i = 0; i < 2; i++)
        expect(await s3Outcome(front.s3.send(new GetObjectCommand({ Bucket: 'bikes', Key: 'k' })))).toEqual({
          name: 'ServiceUnavailable',
          status: 503,
        });
      expect((await fetch(`${front.url}/healthz`)).status).toBe(200);
    } finally {
      front.s3.destroy();
      await front.stop();
    }
  });
});
