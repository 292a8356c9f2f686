// `scones store migrate`: a home's objects (internal buckets, SSE-S3, multipart, tags, metadata) copied to a second
// real Scones serving S3 over its fs home, resumed, switched to, and read back identical from the new backend.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScones } from '../support/cli.js';
import { runSconesInProcess } from '../support/cli-in-process.js';
import { type S3Backend, startSconesBackend } from '../support/s3-backends.js';

let root: string;
let backend: S3Backend;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-store-migrate-'));
  backend = await startSconesBackend();
}, 120_000);
afterAll(async () => {
  await backend?.stop();
  await rm(root, { recursive: true, force: true });
});

const client = (endpoint: string) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDHOME', secretAccessKey: 'any' },
  });

async function serve(cwd: string, env: Record<string, string>) {
  const started = await startScones(['serve', '--port', '0'], { cwd, env, ready: /(http:\/\/\S+)/ });
  const s3 = client(started.match[1] as string);
  return {
    s3,
    stop: async () => {
      s3.destroy();
      started.child.kill('SIGTERM');
      await started.exited;
    },
  };
}

async function seed(s3: S3Client): Promise<void> {
  for (const Bucket of ['photos', 'logs', 'models-x']) await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketTaggingCommand({ Bucket: 'photos', Tagging: { TagSet: [{ Key: 'team', Value: 'bikes' }] } }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: 'photos',
      Key: 'bike.png',
      Body: 'pixels',
      ContentType: 'image/png',
      Metadata: { camera: 'gate-3' },
      Tagging: 'label=bicycle',
      CacheControl: 'max-age=60',
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: 'photos',
      Key: 'secret.bin',
      Body: 'sealed',
      ServerSideEncryption: 'AES256',
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'empty', Body: '' }));
  await s3.send(new PutObjectCommand({ Bucket: 'models-x', Key: 'a/b/c.json', Body: '{"v":1}' }));
  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'logs', Key: 'big.bin' }));
  const parts = [Buffer.alloc(5 * 1024 * 1024, 7), Buffer.alloc(1024, 9)];
  const etags = [];
  for (const [index, Body] of parts.entries())
    etags.push(
      (
        await s3.send(
          new UploadPartCommand({
            Bucket: 'logs',
            Key: 'big.bin',
            UploadId: upload.UploadId,
            PartNumber: index + 1,
            Body,
          }),
        )
      ).ETag,
    );
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'logs',
      Key: 'big.bin',
      UploadId: upload.UploadId,
      MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
    }),
  );
}

/** Everything a client sees of the home's buckets and objects. */
async function snapshot(s3: S3Client) {
  const buckets = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name as string);
  const seen: Record<string, unknown> = {};
  for (const Bucket of buckets) {
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket })).then(
      (t) => t.TagSet,
      () => undefined,
    );
    seen[Bucket] = { tags };
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    for (const { Key } of listed.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
      const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket, Key }));
      seen[`${Bucket}/${Key}`] = {
        sha256: createHash('sha256').update(body).digest('hex'),
        size: got.ContentLength,
        etag: got.ETag,
        type: got.ContentType,
        cacheControl: got.CacheControl,
        metadata: got.Metadata,
        sse: got.ServerSideEncryption,
        lastModified: got.LastModified?.toISOString(),
        tags: tagging.TagSet,
      };
    }
  }
  return seen;
}

describe('scones store migrate', () => {
  it('copies a home to an S3 backend, resumes, switches, and the home reads back identical from there', async () => {
    const cwd = path.join(root, 'whole');
    await mkdir(cwd);
    const env = { SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' };
    const home = await serve(cwd, env);
    let before: Record<string, unknown>;
    try {
      await seed(home.s3);
      before = await snapshot(home.s3);
    } finally {
      await home.stop();
    }
    expect(before).toMatchObject({
      'photos/secret.bin': { sse: 'AES256', size: 6 },
      'logs/big.bin': { etag: expect.stringMatching(/-2"$/), size: 5 * 1024 * 1024 + 1024 },
    });

    const migrate = (...more: string[]) =>
      runSconesInProcess(
        [
          'store',
          'migrate',
          '--to',
          `s3://${backend.home}/moved`,
          '--endpoint',
          backend.endpoint,
          '--access-key-id',
          backend.credentials.accessKeyId,
          '--secret-access-key',
          backend.credentials.secretAccessKey,
          ...more,
        ],
        { cwd, env },
      );
    const first = await migrate('--every', '2');
    expect(first.code, first.stderr).toBe(0);
    const stderr = first.stderr.toString();
    expect(stderr).toMatch(/^store migrate: 2 objects, .*\(copied 2, already there 0\)/m);
    const stdout = first.stdout.toString();
    expect(stdout).toContain('copied and read back verified');
    expect(stdout).toContain('"backend": "s3"');
    expect(stdout).not.toContain(backend.credentials.secretAccessKey);

    const again = await migrate('--json', '--switch');
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout.toString());
    expect(report).toMatchObject({ copied: 0, vanished: 0, switched: path.join(cwd, 'scones.config.json') });
    expect(report.skipped).toBe(report.objects);
    // Internal buckets move too: the bucket settings (ownership, public access block, tags live there or in records).
    expect(report.buckets).toEqual(
      expect.arrayContaining(['photos', 'logs', 'models-x', 'scones-bucket-settings']),
    );
    const config = JSON.parse(await readFile(path.join(cwd, 'scones.config.json'), 'utf8'));
    expect(config.storage).toMatchObject({
      backend: 's3',
      s3: { endpoint: backend.endpoint, bucket: backend.home, prefix: 'moved/' },
    });

    // Without its objects folder, the home can only be answering from the backend.
    await rm(path.join(cwd, 'home', 'objects'), { recursive: true, force: true });
    const moved = await serve(cwd, env);
    try {
      expect(await snapshot(moved.s3)).toEqual(before);
    } finally {
      await moved.stop();
    }
  }, 240_000);

  it('names the backend when it refuses the target', async () => {
    const cwd = path.join(root, 'refused');
    await mkdir(cwd);
    const env = { SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' };
    const keys = ['--access-key-id', 'AKIDHOME', '--secret-access-key', 'any'];
    const missing = await runSconesInProcess(
      ['store', 'migrate', '--to', 's3://no-such-bucket', '--endpoint', backend.endpoint, ...keys],
      { cwd, env },
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.toString()).toContain(
      `S3 backend ${backend.endpoint} has no bucket "no-such-bucket"`,
    );
    const bad = await runSconesInProcess(['store', 'migrate', '--to', 'https://elsewhere/x'], { cwd, env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.toString()).toContain('--to must be s3://bucket[/prefix]');
  });
});
