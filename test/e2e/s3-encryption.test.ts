// Server-side encryption as real clients use it, against `scones serve --auth on`: SSE-S3 (AES256) on writes and
// reads, ranged reads of encrypted objects, bucket default encryption, SSE-KMS refused, SSE-C with the right,
// wrong and missing key on PUT/GET/HEAD/Copy/multipart. With the AWS SDK for JavaScript v3 and boto3.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../security/support/http-client.js';
import { signCall } from '../security/support/sign.js';
import { type AccessKey, type AuthServe, s3Outcome, startAuthServe } from '../support/auth-serve.js';
import { runPython } from '../support/python.js';

const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/s3/boto3_encryption.py');
const POLICIES = {
  alice: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  }),
};
const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);
const SSE_C = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: KEY };

let cwd: string;
let home: string;
let url: string;
let server: AuthServe<'alice'> | undefined;
let keys: Record<'alice', AccessKey>;
let alice: S3Client;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-sse-'));
  home = path.join(cwd, 'home');
  server = await startAuthServe(cwd, { SCONES_HOME: home }, POLICIES);
  ({ url, keys } = server);
  alice = server.s3.alice;
  await alice.send(new CreateBucketCommand({ Bucket: 'sse' }));
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await rm(cwd, { recursive: true, force: true });
});

/** Every stored file of the home's object store, concatenated: the plaintext must be in none of them. */
async function storedBytes(): Promise<Buffer> {
  const root = path.join(home, 'objects');
  const files = (await readdir(root, { recursive: true })).map((f) => path.join(root, f));
  const contents: Buffer[] = [];
  for (const file of files) if ((await stat(file)).isFile()) contents.push(await readFile(file));
  return Buffer.concat(contents);
}

async function bodyOf(out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }): Promise<Buffer> {
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
}

describe('SSE-S3', () => {
  it('encrypts at rest, says AES256 on PUT/GET/HEAD, keeps the MD5 ETag and serves ranges', async () => {
    const body = Buffer.from('plaintext-marker '.repeat(20_000));
    const put = await alice.send(
      new PutObjectCommand({ Bucket: 'sse', Key: 's3', Body: body, ServerSideEncryption: 'AES256' }),
    );
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const got = await alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 's3' }));
    expect(got.ServerSideEncryption).toBe('AES256');
    expect((await bodyOf(got)).equals(body)).toBe(true);
    const head = await alice.send(new HeadObjectCommand({ Bucket: 'sse', Key: 's3' }));
    expect(head).toMatchObject({ ServerSideEncryption: 'AES256', ContentLength: body.length });
    const ranged = await alice.send(
      new GetObjectCommand({ Bucket: 'sse', Key: 's3', Range: 'bytes=70000-140000' }),
    );
    expect((await bodyOf(ranged)).equals(body.subarray(70_000, 140_001))).toBe(true);
    expect(ranged.ContentRange).toBe(`bytes 70000-140000/${body.length}`);
    expect((await storedBytes()).includes(Buffer.from('plaintext-marker plaintext-marker'))).toBe(false);
    expect((await stat(path.join(home, 'storage.key'))).mode & 0o777).toBe(0o600);
  });

  it('refuses SSE-KMS with 501 NotImplemented instead of storing plaintext', async () => {
    expect(
      await s3Outcome(
        alice.send(
          new PutObjectCommand({ Bucket: 'sse', Key: 'kms', Body: 'x', ServerSideEncryption: 'aws:kms' }),
        ),
      ),
    ).toEqual({ name: 'NotImplemented', status: 501 });
    expect(await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'sse', Key: 'kms' })))).toMatchObject({
      status: 404,
    });
  });
});

describe('bucket default encryption', () => {
  it('Put/Get/DeleteBucketEncryption; objects written meanwhile are encrypted and say so', async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'by-default' }));
    const get = () => alice.send(new GetBucketEncryptionCommand({ Bucket: 'by-default' }));
    expect(await s3Outcome(get())).toEqual({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      status: 404,
    });
    const rule = (SSEAlgorithm: 'AES256' | 'aws:kms') => ({
      Bucket: 'by-default',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm } }],
      },
    });
    expect(await s3Outcome(alice.send(new PutBucketEncryptionCommand(rule('aws:kms'))))).toEqual({
      name: 'NotImplemented',
      status: 501,
    });
    await alice.send(new PutBucketEncryptionCommand(rule('AES256')));
    const config = await get();
    expect(config.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    const put = await alice.send(
      new PutObjectCommand({ Bucket: 'by-default', Key: 'd', Body: 'default-marker' }),
    );
    expect(put.ServerSideEncryption).toBe('AES256');
    const mpu = await alice.send(new CreateMultipartUploadCommand({ Bucket: 'by-default', Key: 'm' }));
    expect(mpu.ServerSideEncryption).toBe('AES256');
    expect((await storedBytes()).includes(Buffer.from('default-marker'))).toBe(false);
    await alice.send(new DeleteBucketEncryptionCommand({ Bucket: 'by-default' }));
    expect(await s3Outcome(get())).toMatchObject({ status: 404 });
    const plain = await alice.send(new PutObjectCommand({ Bucket: 'by-default', Key: 'p', Body: 'x' }));
    expect(plain.ServerSideEncryption).toBeUndefined();
  });
});

describe('SSE-C', () => {
  it('reads, HEADs and copies only with the same key; wrong key 403, missing key 400, bad MD5 400', async () => {
    const body = randomBytes(200_000);
    const put = await alice.send(new PutObjectCommand({ Bucket: 'sse', Key: 'c', Body: body, ...SSE_C }));
    expect(put.SSECustomerAlgorithm).toBe('AES256');
    expect(put.SSECustomerKeyMD5).toBe(createHash('md5').update(KEY).digest('base64'));
    const got = await alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c', ...SSE_C }));
    expect((await bodyOf(got)).equals(body)).toBe(true);
    const ranged = await alice.send(
      new GetObjectCommand({ Bucket: 'sse', Key: 'c', Range: 'bytes=5-9', ...SSE_C }),
    );
    expect((await bodyOf(ranged)).equals(body.subarray(5, 10))).toBe(true);
    expect(await s3Outcome(alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c' })))).toEqual({
      name: 'InvalidRequest',
      status: 400,
    });
    const wrong = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: OTHER_KEY };
    expect(await s3Outcome(alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c', ...wrong })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(
      await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'sse', Key: 'c', ...wrong }))),
    ).toMatchObject({
      status: 403,
    });
    expect(await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'sse', Key: 'c' })))).toMatchObject({
      status: 400,
    });
    // The SDK computes the key's MD5 itself: a wrong one is sent by hand.
    const badMd5 = await send(
      url,
      await signCall(
        url,
        's3',
        {
          method: 'GET',
          path: '/sse/c',
          headers: {
            'x-amz-server-side-encryption-customer-algorithm': 'AES256',
            'x-amz-server-side-encryption-customer-key': Buffer.from(KEY).toString('base64'),
            'x-amz-server-side-encryption-customer-key-md5': createHash('md5')
              .update(OTHER_KEY)
              .digest('base64'),
          },
        },
        keys.alice,
      ),
    );
    expect(badMd5.status).toBe(400);
    expect(badMd5.text).toContain('<Code>InvalidArgument</Code>');
    const copy = { Bucket: 'sse', Key: 'copied', CopySource: 'sse/c' };
    expect(await s3Outcome(alice.send(new CopyObjectCommand(copy)))).toMatchObject({ status: 400 });
    const copied = await alice.send(
      new CopyObjectCommand({
        ...copy,
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: KEY,
        ServerSideEncryption: 'AES256',
      }),
    );
    expect(copied.ServerSideEncryption).toBe('AES256');
    expect(
      (await bodyOf(await alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'copied' })))).equals(body),
    ).toBe(true);
  });

  it('multipart: every part and Complete need the key the upload was created with', async () => {
    const { UploadId } = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: 'sse', Key: 'mp', ...SSE_C }),
    );
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a');
    const part2 = Buffer.from('tail');
    const upload = (PartNumber: number, Body: Buffer, sse: object) =>
      alice.send(new UploadPartCommand({ Bucket: 'sse', Key: 'mp', UploadId, PartNumber, Body, ...sse }));
    expect(await s3Outcome(upload(2, part2, {}))).toMatchObject({ status: 400 });
    expect(
      await s3Outcome(upload(2, part2, { SSECustomerAlgorithm: 'AES256', SSECustomerKey: OTHER_KEY })),
    ).toMatchObject({ status: 403 });
    const p1 = await upload(1, part1, SSE_C);
    expect(p1.SSECustomerAlgorithm).toBe('AES256');
    const p2 = await upload(2, part2, SSE_C);
    const done = await alice.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'sse',
        Key: 'mp',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
        ...SSE_C,
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const got = await alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'mp', ...SSE_C }));
    expect((await bodyOf(got)).equals(Buffer.concat([part1, part2]))).toBe(true);
    expect(await s3Outcome(alice.send(new GetObjectCommand({ Bucket: 'sse', Key: 'mp' })))).toMatchObject({
      status: 400,
    });
  }, 60_000);
});

describe('boto3', () => {
  it('uses SSE-S3, SSE-C and bucket encryption, and gets S3 errors for the wrong key and KMS', async () => {
    const result = await runPython(SCRIPT, [url, keys.alice.accessKeyId, keys.alice.secretAccessKey]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      putSse: 'AES256',
      getSse: 'AES256',
      body: 'boto secret',
      sseCBody: 'boto customer',
      sseCHead: 'AES256',
      missingKey: [400, 'InvalidRequest'],
      wrongKey: [403, 'AccessDenied'],
      kms: [501, 'NotImplemented'],
      bucketDefault: 'AES256',
      bucketKms: [501, 'NotImplemented'],
    });
  }, 60_000);
});
