// `scones serve` as a user runs it, reached with @aws-sdk/client-s3: the S3 API lives on the server's one port.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveScones } from '../support/cli.js';
import { s3ClientOf } from '../support/s3-client.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-serve-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

it('serves S3 to the SDK next to the REST API, and the REST API sees the same objects', async () => {
  const { child, url, exited } = await serveScones({ cwd, env: { SCONES_HOME: path.join(cwd, 'home') } });
  const s3 = s3ClientOf(url, { accessKeyId: 'AKIDSERVE', secretAccessKey: 'any' });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'served' }));
    await s3.send(new PutObjectCommand({ Bucket: 'served', Key: 'a/b.txt', Body: 'over the wire' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'served', Key: 'a/b.txt', Range: 'bytes=5-' }));
    expect(await got.Body?.transformToString()).toBe('the wire');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'served', Delimiter: '/' }));
    expect(listed.CommonPrefixes).toEqual([{ Prefix: 'a/' }]);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'served', Key: 'missing' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const rest = (await (await fetch(`${url}/api/v1/buckets/served/objects`)).json()) as {
      objects: Array<{ key: string }>;
    };
    expect(rest.objects.map((o) => o.key)).toEqual(['a/b.txt']);
    expect(((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status).toBe('ok');
  } finally {
    s3.destroy();
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
