// S3 as real clients use it, against `scones serve --auth on` with two users: stored headers, non-ASCII metadata,
// conditional writes and deletes, a repeated CompleteMultipartUpload, bucket owners and names, listing edge cases,
// 411 without Content-Length, an empty Content-Type and other Expect values. With the AWS SDK for JavaScript v3,
// raw signed requests (the SDK's signer) and boto3.
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../security/support/http-client.js';
import { signCall } from '../security/support/sign.js';
import { type AccessKey, type AuthServe, s3Outcome, startAuthServe } from '../support/auth-serve.js';
import { runPython } from '../support/python.js';

const ZURICH_MAIL_SAFE = `=?UTF-8?B?${Buffer.from('Zürich').toString('base64')}?=`;
const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/s3/boto3_real_clients.py');
const ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

let cwd: string;
let url: string;
let server: AuthServe<'alice' | 'bob'> | undefined;
let keys: Record<'alice' | 'bob', AccessKey>;
let alice: S3Client;
let bob: S3Client;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-clients-'));
  server = await startAuthServe(cwd, { SCONES_HOME: path.join(cwd, 'home') }, { alice: ALL, bob: ALL });
  ({ url, keys } = server);
  ({ alice, bob } = server.s3);
  await alice.send(new CreateBucketCommand({ Bucket: 'js-owned' }));
}, 180_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await rm(cwd, { recursive: true, force: true });
});

/** Bytes a loopback connection can hold unread: the sender's and the receiver's largest TCP buffers. */
async function socketBufferBytes(): Promise<number> {
  const max = async (file: string) =>
    Number((await readFile(file, 'utf8').catch(() => '0 0 16777216')).trim().split(/\s+/)[2]);
  return (await max('/proc/sys/net/ipv4/tcp_wmem')) + (await max('/proc/sys/net/ipv4/tcp_rmem'));
}

/**
 * A signed PUT (unsigned payload) whose body is held open: `sentPastBuffers` resolves once more bytes have left
 * than the socket buffers could hold, which proves the server is reading the body; `finish` sends the rest.
 */
async function startSlowPut(pathname: string, headers: Record<string, string>) {
  const threshold = (await socketBufferBytes()) + 1024 * 1024;
  const total = threshold + 1024 * 1024;
  const signed = await signCall(
    url,
    's3',
    {
      method: 'PUT',
      path: pathname,
      headers: { ...headers, 'content-length': String(total), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    keys.alice,
  );
  const request = http.request(new URL(pathname, url), {
    method: 'PUT',
    headers: signed.headers as http.OutgoingHttpHeaders,
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
    });
    request.on('error', reject);
  });
  const piece = Buffer.alloc(256 * 1024, 1);
  let sent = 0;
  const sentPastBuffers = (async () => {
    while (sent < threshold) {
      sent += piece.length;
      // true: the kernel took it all; false: 'drain' tells when it has.
      if (!request.write(piece)) await once(request, 'drain');
    }
  })();
  return {
    sentPastBuffers,
    finish: async () => {
      request.end(Buffer.alloc(total - sent, 1));
      return answer;
    },
  };
}

const STORED = {
  CacheControl: 'max-age=60',
  ContentDisposition: 'attachment; filename="a.txt"',
  ContentEncoding: 'gzip',
  ContentLanguage: 'fr',
};

describe('stored headers', () => {
  it('returns them on GET and HEAD, keeps them on COPY and replaces them on REPLACE', async () => {
    await alice.send(
      new PutObjectCommand({
        Bucket: 'js-owned',
        Key: 'a.txt',
        Body: 'stored',
        ...STORED,
        Expires: new Date('2030-01-02T03:04:05Z'),
      }),
    );
    const head = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'a.txt' }));
    expect(head).toMatchObject({ ...STORED, ExpiresString: 'Wed, 02 Jan 2030 03:04:05 GMT' });
    const got = await alice.send(new GetObjectCommand({ Bucket: 'js-owned', Key: 'a.txt' }));
    expect(got).toMatchObject(STORED);
    expect(Buffer.from(await (got.Body?.transformToByteArray() ?? [])).toString()).toBe('stored');
    const copySource = 'js-owned/a.txt';
    await alice.send(new CopyObjectCommand({ Bucket: 'js-owned', Key: 'copy.txt', CopySource: copySource }));
    expect(await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'copy.txt' }))).toMatchObject(
      STORED,
    );
    await alice.send(
      new CopyObjectCommand({
        Bucket: 'js-owned',
        Key: 'replaced.txt',
        CopySource: copySource,
        MetadataDirective: 'REPLACE',
        CacheControl: 'no-store',
      }),
    );
    const replaced = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'replaced.txt' }));
    expect(replaced.CacheControl).toBe('no-store');
    expect(replaced.ContentDisposition).toBeUndefined();
  });

  it('decodes an RFC 2047 metadata value and returns it mail-safe, as S3 does', async () => {
    const encoded = `=?UTF-8?B?${Buffer.from('Zürich').toString('base64')}?=`;
    await alice.send(
      new PutObjectCommand({ Bucket: 'js-owned', Key: 'meta.txt', Body: 'x', Metadata: { city: encoded } }),
    );
    const head = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'meta.txt' }));
    expect(head.Metadata).toEqual({ city: encoded });
  });
});

describe('conditional writes and deletes', () => {
  it('honours If-None-Match: * and If-Match on PutObject', async () => {
    const put = (extra: object) =>
      alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key: 'cond.txt', Body: 'v', ...extra }));
    expect(await s3Outcome(put({ IfNoneMatch: '*' }))).toBe('ok');
    expect(await s3Outcome(put({ IfNoneMatch: '*' }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    const { ETag } = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'cond.txt' }));
    expect(await s3Outcome(put({ IfMatch: '"00000000000000000000000000000000"' }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await s3Outcome(put({ IfMatch: ETag }))).toBe('ok');
    expect(
      await s3Outcome(
        alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key: 'absent.txt', Body: 'v', IfMatch: ETag })),
      ),
    ).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await s3Outcome(put({ IfNoneMatch: ETag }))).toEqual({ name: 'NotImplemented', status: 501 });
  });

  it('answers 409 ConditionalRequestConflict to a conditional write whose key was deleted while it ran', async () => {
    for (const condition of ['if-none-match', 'if-match'] as const) {
      await alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key: 'raced.txt', Body: 'there' }));
      const { ETag } = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'raced.txt' }));
      const write = await startSlowPut('/js-owned/raced.txt', {
        [condition]: condition === 'if-match' ? (ETag as string) : '*',
      });
      // The server has read past what the kernel's socket buffers can hold: the write's request has begun.
      await write.sentPastBuffers;
      await alice.send(new DeleteObjectCommand({ Bucket: 'js-owned', Key: 'raced.txt' }));
      const answer = await write.finish();
      expect(answer.status, condition).toBe(409);
      expect(answer.text).toContain('<Code>ConditionalRequestConflict</Code>');
      expect(
        await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'raced.txt' }))),
      ).toEqual({ name: 'NotFound', status: 404 });
    }
  });

  it('deletes only when If-Match, size and last-modified hold, and keeps the object otherwise', async () => {
    await alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key: 'del.txt', Body: 'four' }));
    const head = await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'del.txt' }));
    const del = (extra: object) =>
      alice.send(new DeleteObjectCommand({ Bucket: 'js-owned', Key: 'del.txt', ...extra }));
    const failed = { name: 'PreconditionFailed', status: 412 };
    expect(await s3Outcome(del({ IfMatch: '"00000000000000000000000000000000"' }))).toEqual(failed);
    expect(await s3Outcome(del({ IfMatchSize: 5 }))).toEqual(failed);
    expect(await s3Outcome(del({ IfMatchLastModifiedTime: new Date('2001-01-01T00:00:00Z') }))).toEqual(
      failed,
    );
    expect(
      (await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'del.txt' }))).ContentLength,
    ).toBe(4);
    expect(
      await s3Outcome(
        del({ IfMatch: head.ETag, IfMatchSize: 4, IfMatchLastModifiedTime: head.LastModified }),
      ),
    ).toBe('ok');
    expect(
      await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'del.txt' }))),
    ).toEqual({
      name: 'NotFound',
      status: 404,
    });
    expect(await s3Outcome(del({ IfMatch: head.ETag }))).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await s3Outcome(del({ IfMatchSize: 4 }))).toBe('ok');
  });

  it('reports a DeleteObjects ETag mismatch on its key and deletes the others', async () => {
    for (const Key of ['x1', 'x2'])
      await alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key, Body: Key }));
    const out = await alice.send(
      new DeleteObjectsCommand({
        Bucket: 'js-owned',
        Delete: { Objects: [{ Key: 'x1', ETag: '"00000000000000000000000000000000"' }, { Key: 'x2' }] },
      }),
    );
    expect(out.Errors).toEqual([expect.objectContaining({ Key: 'x1', Code: 'PreconditionFailed' })]);
    expect(out.Deleted).toEqual([expect.objectContaining({ Key: 'x2' })]);
  });

  it('refuses a create-only CompleteMultipartUpload over an object; a repeated Complete answers 200', async () => {
    const start = () =>
      alice.send(
        new CreateMultipartUploadCommand({ Bucket: 'js-owned', Key: 'mp.bin', CacheControl: 'max-age=9' }),
      );
    const finish = async (UploadId: string | undefined, extra: object = {}) => {
      const part = await alice.send(
        new UploadPartCommand({ Bucket: 'js-owned', Key: 'mp.bin', UploadId, PartNumber: 1, Body: 'part' }),
      );
      const MultipartUpload = { Parts: [{ PartNumber: 1, ETag: part.ETag }] };
      return () =>
        alice.send(
          new CompleteMultipartUploadCommand({
            Bucket: 'js-owned',
            Key: 'mp.bin',
            UploadId,
            MultipartUpload,
            ...extra,
          }),
        );
    };
    const first = await (await finish((await start()).UploadId))();
    const again = await finish((await start()).UploadId, { IfNoneMatch: '*' });
    expect(await s3Outcome(again())).toEqual({ name: 'PreconditionFailed', status: 412 });
    const upload = (await start()).UploadId;
    const complete = await finish(upload);
    const done = await complete();
    expect(done.ETag).toMatch(/-1"$/);
    expect((await complete()).ETag).toBe(done.ETag);
    expect(first.ETag).toBe(done.ETag);
    expect(
      (await alice.send(new HeadObjectCommand({ Bucket: 'js-owned', Key: 'mp.bin' }))).CacheControl,
    ).toBe('max-age=9');
  });
});

describe('owners, names and listings', () => {
  it('lists only the caller’s buckets and tells another user’s name from your own', async () => {
    const names = async (client: S3Client) =>
      ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    await bob.send(new CreateBucketCommand({ Bucket: 'bobs-bucket' }));
    expect(await names(alice)).toContain('js-owned');
    expect(await names(alice)).not.toContain('bobs-bucket');
    expect(await names(bob)).toEqual(expect.not.arrayContaining(['js-owned']));
    expect(await s3Outcome(bob.send(new CreateBucketCommand({ Bucket: 'js-owned' })))).toEqual({
      name: 'BucketAlreadyExists',
      status: 409,
    });
    // us-east-1's legacy answer to re-creating your own bucket.
    expect(await s3Outcome(alice.send(new CreateBucketCommand({ Bucket: 'js-owned' })))).toBe('ok');
    expect(await s3Outcome(alice.send(new CreateBucketCommand({ Bucket: 'a.-b' })))).toEqual({
      name: 'InvalidBucketName',
      status: 400,
    });
  });

  it('answers MaxKeys=0 untruncated, a prefix starting with "/", and echoes Prefix raw under encoding-type=url', async () => {
    await alice.send(new PutObjectCommand({ Bucket: 'js-owned', Key: 'a+b c/k 1', Body: 'x' }));
    const none = await alice.send(new ListObjectsV2Command({ Bucket: 'js-owned', MaxKeys: 0 }));
    expect(none).toMatchObject({ IsTruncated: false, KeyCount: 0 });
    const slash = await alice.send(new ListObjectsV2Command({ Bucket: 'js-owned', Prefix: '/a' }));
    expect(slash).toMatchObject({ KeyCount: 0, Prefix: '/a' });
    const encoded = await alice.send(
      new ListObjectsV2Command({ Bucket: 'js-owned', Prefix: 'a+b c/', EncodingType: 'url', Delimiter: '/' }),
    );
    expect(encoded.Prefix).toBe('a+b c/');
    expect(encoded.Delimiter).toBe('/');
    expect(encoded.Contents?.map((c) => c.Key)).toEqual(['a%2Bb+c/k+1']);
  });
});

describe('request framing', () => {
  const signedPut = (key: string, headers: Record<string, string>) =>
    signCall(url, 's3', { method: 'PUT', path: `/js-owned/${key}`, headers, body: 'body' }, keys.alice);

  it('refuses a PUT without Content-Length with 411 MissingContentLength', async () => {
    const reply = await send(url, await signedPut('chunked', { 'transfer-encoding': 'chunked' }));
    expect(reply.status).toBe(411);
    expect(reply.text).toContain('<Code>MissingContentLength</Code>');
  });

  it('accepts an empty Content-Type and an Expect value other than 100-continue', async () => {
    expect((await send(url, await signedPut('empty-type', { 'content-type': '' }))).status).toBe(200);
    expect((await send(url, await signedPut('expect', { expect: 'something-else' }))).status).toBe(200);
  });
});

it('serves boto3 the same', async () => {
  const result = await runPython(
    SCRIPT,
    [url, keys.alice.accessKeyId, keys.alice.secretAccessKey, keys.bob.accessKeyId, keys.bob.secretAccessKey],
    { HOME: cwd },
  );
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    stored: {
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="doc.txt"',
      ContentLanguage: 'de',
      Expires: 'Wed, 02 Jan 2030 03:04:05 GMT',
      Metadata: { city: ZURICH_MAIL_SAFE },
    },
    replaced: 'no-store',
    createOnlyExisting: [412, 'PreconditionFailed'],
    createOnlyNew: [200, null],
    ifMatchWrong: [412, 'PreconditionFailed'],
    deleteWrongEtag: [412, 'PreconditionFailed'],
    deleteWrongSize: [412, 'PreconditionFailed'],
    stillThere: 5,
    deleteRightEtag: 204,
    batchErrors: ['PreconditionFailed'],
    completeAgain: [200, true],
    multipartCacheControl: 'max-age=5',
    bobBuckets: expect.not.arrayContaining(['boto-owned']),
    bobTakesName: [409, 'BucketAlreadyExists'],
    aliceAgain: [200, null],
    badName: [400, 'InvalidBucketName'],
  });
}, 120_000);
