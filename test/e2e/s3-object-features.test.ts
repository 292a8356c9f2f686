// S3 object features as real clients use them, against `scones serve --auth on`: tagging (object and bucket tag
// sets, tags set with PutObject/CopyObject/CreateMultipartUpload, the tag count, S3's limits and errors, the
// s3:PutObjectTagging permission a tagged write needs), GET/HEAD by partNumber, GetObjectAttributes and stored
// checksums (x-amz-checksum-mode: ENABLED, BadDigest). With the AWS SDK for JavaScript v3, raw signed requests
// and boto3.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import {
  type ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  type Tag,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../security/support/http-client.js';
import { signCall } from '../security/support/sign.js';
import { type AccessKey, type AuthServe, s3Outcome, startAuthServe } from '../support/auth-serve.js';
import { runPython } from '../support/python.js';

const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/s3/boto3_object_features.py');
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const POLICIES = {
  alice: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  // May write objects, but not tag them.
  carol: policy([
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:PutObjectTagging', Resource: '*' },
  ]),
};

let cwd: string;
let url: string;
let server: AuthServe<'alice' | 'carol'> | undefined;
let keys: Record<'alice' | 'carol', AccessKey>;
let alice: S3Client;
let carol: S3Client;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-features-'));
  server = await startAuthServe(cwd, { SCONES_HOME: path.join(cwd, 'home') }, POLICIES);
  ({ url, keys } = server);
  ({ alice, carol } = server.s3);
  await alice.send(new CreateBucketCommand({ Bucket: 'tags' }));
}, 180_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await rm(cwd, { recursive: true, force: true });
});

const tagSet = (entries: [string, string][]): Tag[] => entries.map(([Key, Value]) => ({ Key, Value }));
const getTags = async (Key: string) =>
  (await alice.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key }))).TagSet;

describe('object tagging', () => {
  it('sets tags with PutObject, replaces and deletes them alone, and counts them on GET and HEAD', async () => {
    const put = await alice.send(
      new PutObjectCommand({ Bucket: 'tags', Key: 'a', Body: 'body', Tagging: 'team=ml&note=a%20b' }),
    );
    expect(await getTags('a')).toEqual(
      tagSet([
        ['team', 'ml'],
        ['note', 'a b'],
      ]),
    );
    const got = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key: 'a' }));
    expect(got.TagCount).toBe(2);
    await got.Body?.transformToByteArray();
    const head = await send(url, await signCall(url, 's3', { method: 'HEAD', path: '/tags/a' }, keys.alice));
    expect(head.headers['x-amz-tagging-count']).toBe('2');

    await alice.send(
      new PutObjectTaggingCommand({ Bucket: 'tags', Key: 'a', Tagging: { TagSet: tagSet([['k', 'v']]) } }),
    );
    expect(await getTags('a')).toEqual(tagSet([['k', 'v']]));
    const after = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key: 'a' }));
    expect(after.ETag).toBe(put.ETag);
    expect(await after.Body?.transformToString()).toBe('body');

    await alice.send(new DeleteObjectTaggingCommand({ Bucket: 'tags', Key: 'a' }));
    expect(await getTags('a')).toEqual([]);
    const untagged = await send(
      url,
      await signCall(url, 's3', { method: 'HEAD', path: '/tags/a' }, keys.alice),
    );
    expect(untagged.headers['x-amz-tagging-count']).toBeUndefined();
  });

  it('copies the source tags by default and takes the request tags with REPLACE', async () => {
    await alice.send(new PutObjectCommand({ Bucket: 'tags', Key: 'src', Body: 's', Tagging: 'from=src' }));
    await alice.send(new CopyObjectCommand({ Bucket: 'tags', Key: 'c1', CopySource: 'tags/src' }));
    expect(await getTags('c1')).toEqual(tagSet([['from', 'src']]));
    await alice.send(
      new CopyObjectCommand({
        Bucket: 'tags',
        Key: 'c2',
        CopySource: 'tags/src',
        Tagging: 'new=1',
        TaggingDirective: 'REPLACE',
      }),
    );
    expect(await getTags('c2')).toEqual(tagSet([['new', '1']]));
  });

  it("refuses tag sets past S3's limits with InvalidTag, and a missing key with NoSuchKey", async () => {
    const put = (tags: [string, string][]) =>
      s3Outcome(
        alice.send(
          new PutObjectTaggingCommand({ Bucket: 'tags', Key: 'src', Tagging: { TagSet: tagSet(tags) } }),
        ),
      );
    const invalid = { name: 'InvalidTag', status: 400 };
    expect(await put(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))).toEqual(invalid);
    expect(await put([['k'.repeat(129), 'v']])).toEqual(invalid);
    expect(await put([['k', 'v'.repeat(257)]])).toEqual(invalid);
    expect(await put([['aws:reserved', 'v']])).toEqual(invalid);
    expect(
      await put([
        ['same', '1'],
        ['same', '2'],
      ]),
    ).toEqual(invalid);
    expect(await put(Array.from({ length: 10 }, (_, i) => [`k${i}`.padEnd(128, 'x'), 'v'.repeat(256)]))).toBe(
      'ok',
    );
    expect(
      await s3Outcome(
        alice.send(new PutObjectCommand({ Bucket: 'tags', Key: 'bad', Body: 'x', Tagging: 'aws:x=1' })),
      ),
    ).toEqual(invalid);
    expect(
      await s3Outcome(alice.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'missing' }))),
    ).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('needs s3:PutObjectTagging to tag a write, as AWS does, and leaves nothing behind when refused', async () => {
    expect(
      await s3Outcome(carol.send(new PutObjectCommand({ Bucket: 'tags', Key: 'carol', Body: 'x' }))),
    ).toBe('ok');
    const denied = { name: 'AccessDenied', status: 403 };
    expect(
      await s3Outcome(
        carol.send(new PutObjectCommand({ Bucket: 'tags', Key: 'carol2', Body: 'x', Tagging: 'a=1' })),
      ),
    ).toEqual(denied);
    expect(
      await s3Outcome(alice.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'carol2' }))),
    ).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(
      await s3Outcome(
        carol.send(
          new PutObjectTaggingCommand({
            Bucket: 'tags',
            Key: 'carol',
            Tagging: { TagSet: tagSet([['a', '1']]) },
          }),
        ),
      ),
    ).toEqual(denied);
  });
});

describe('bucket tagging', () => {
  it('answers NoSuchTagSet until tagged, keeps up to 50 tags, and deletes them', async () => {
    const noSet = { name: 'NoSuchTagSet', status: 404 };
    expect(await s3Outcome(alice.send(new GetBucketTaggingCommand({ Bucket: 'tags' })))).toEqual(noSet);
    const fifty = tagSet(Array.from({ length: 50 }, (_, i) => [`b${i}`, `v${i}`]));
    await alice.send(new PutBucketTaggingCommand({ Bucket: 'tags', Tagging: { TagSet: fifty } }));
    expect((await alice.send(new GetBucketTaggingCommand({ Bucket: 'tags' }))).TagSet).toEqual(fifty);
    expect(
      await s3Outcome(
        alice.send(
          new PutBucketTaggingCommand({
            Bucket: 'tags',
            Tagging: { TagSet: [...fifty, { Key: 'x', Value: '' }] },
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidTag', status: 400 });
    await alice.send(new DeleteBucketTaggingCommand({ Bucket: 'tags' }));
    expect(await s3Outcome(alice.send(new GetBucketTaggingCommand({ Bucket: 'tags' })))).toEqual(noSet);
    expect(
      await s3Outcome(alice.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-here' }))),
    ).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
  });
});

describe('parts and attributes', () => {
  const FIRST = Buffer.alloc(5 * 1024 * 1024, 1);
  let multipartEtag: string | undefined;

  beforeAll(async () => {
    const { UploadId } = await alice.send(new CreateMultipartUploadCommand({ Bucket: 'tags', Key: 'mp' }));
    const etags: string[] = [];
    for (const [index, body] of [FIRST, Buffer.from('end')].entries()) {
      const part = await alice.send(
        new UploadPartCommand({ Bucket: 'tags', Key: 'mp', UploadId, PartNumber: index + 1, Body: body }),
      );
      etags.push(part.ETag ?? '');
    }
    const done = await alice.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'tags',
        Key: 'mp',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    multipartEtag = done.ETag;
    await alice.send(new PutObjectCommand({ Bucket: 'tags', Key: 'single', Body: 'one piece' }));
  }, 120_000);

  it('serves each part of a multipart object by partNumber on GET and HEAD, with the parts count', async () => {
    const second = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key: 'mp', PartNumber: 2 }));
    expect(second).toMatchObject({
      PartsCount: 2,
      ContentLength: 3,
      ContentRange: `bytes ${FIRST.length}-${FIRST.length + 2}/${FIRST.length + 3}`,
      ETag: multipartEtag,
    });
    expect(await second.Body?.transformToString()).toBe('end');
    const first = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key: 'mp', PartNumber: 1 }));
    expect(Buffer.from((await first.Body?.transformToByteArray()) ?? []).equals(FIRST)).toBe(true);
    const head = await alice.send(new HeadObjectCommand({ Bucket: 'tags', Key: 'mp', PartNumber: 1 }));
    expect(head).toMatchObject({ PartsCount: 2, ContentLength: FIRST.length });
    const single = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key: 'single', PartNumber: 1 }));
    expect(await single.Body?.transformToString()).toBe('one piece');
    expect(single.PartsCount).toBeUndefined();
  });

  it('refuses a part past the last with 416 InvalidPartNumber, and a bad number or a Range beside it', async () => {
    const get = (Key: string, PartNumber: number, Range?: string) =>
      s3Outcome(
        alice.send(new GetObjectCommand({ Bucket: 'tags', Key, PartNumber, ...(Range ? { Range } : {}) })),
      );
    expect(await get('mp', 3)).toEqual({ name: 'InvalidPartNumber', status: 416 });
    expect(await get('single', 2)).toEqual({ name: 'InvalidPartNumber', status: 416 });
    expect(await get('mp', 0)).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await get('mp', 10_001)).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await get('mp', 1, 'bytes=0-1')).toEqual({ name: 'InvalidRequest', status: 400 });
    const head = await s3Outcome(
      alice.send(new HeadObjectCommand({ Bucket: 'tags', Key: 'mp', PartNumber: 3 })),
    );
    expect(head).toMatchObject({ status: 416 });
  });

  it('answers GetObjectAttributes with the attributes asked for, paging the parts', async () => {
    const all = await alice.send(
      new GetObjectAttributesCommand({
        Bucket: 'tags',
        Key: 'mp',
        ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'ObjectParts'],
      }),
    );
    expect(all).toMatchObject({
      ETag: multipartEtag?.replaceAll('"', ''),
      ObjectSize: FIRST.length + 3,
      StorageClass: 'STANDARD',
      ObjectParts: {
        TotalPartsCount: 2,
        IsTruncated: false,
        Parts: [
          { PartNumber: 1, Size: FIRST.length },
          { PartNumber: 2, Size: 3 },
        ],
      },
    });
    expect(all.LastModified).toBeInstanceOf(Date);
    const paged = await alice.send(
      new GetObjectAttributesCommand({
        Bucket: 'tags',
        Key: 'mp',
        ObjectAttributes: ['ObjectParts'],
        MaxParts: 1,
      }),
    );
    expect(paged.ObjectParts).toMatchObject({
      IsTruncated: true,
      NextPartNumberMarker: '1',
      Parts: [{ PartNumber: 1 }],
    });
    expect(paged.ETag).toBeUndefined();
    const single = await alice.send(
      new GetObjectAttributesCommand({
        Bucket: 'tags',
        Key: 'single',
        ObjectAttributes: ['ObjectSize', 'ObjectParts'],
      }),
    );
    expect(single).toMatchObject({ ObjectSize: 9 });
    expect(single.ObjectParts).toBeUndefined();
    const attributes = (Key: string, names: string[]) =>
      s3Outcome(
        alice.send(
          new GetObjectAttributesCommand({ Bucket: 'tags', Key, ObjectAttributes: names as ['ETag'] }),
        ),
      );
    expect(await attributes('mp', ['Colour'])).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await attributes('missing', ['ETag'])).toEqual({ name: 'NoSuchKey', status: 404 });
  });
});

describe('checksums', () => {
  const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

  it('stores the checksum of each algorithm and returns it with ChecksumMode ENABLED', async () => {
    for (const algorithm of ALGORITHMS) {
      const Key = `sum-${algorithm}`;
      const field = `Checksum${algorithm}` as 'ChecksumCRC32';
      const put = await alice.send(
        new PutObjectCommand({
          Bucket: 'tags',
          Key,
          Body: `body for ${algorithm}`,
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(put[field], algorithm).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const head = await alice.send(new HeadObjectCommand({ Bucket: 'tags', Key, ChecksumMode: 'ENABLED' }));
      expect(head[field], algorithm).toBe(put[field]);
      // The SDK checks the body against the returned checksum and would throw on a mismatch.
      const got = await alice.send(new GetObjectCommand({ Bucket: 'tags', Key, ChecksumMode: 'ENABLED' }));
      expect(got[field], algorithm).toBe(put[field]);
      expect(await got.Body?.transformToString()).toBe(`body for ${algorithm}`);
      const attributes = await alice.send(
        new GetObjectAttributesCommand({ Bucket: 'tags', Key, ObjectAttributes: ['Checksum'] }),
      );
      expect(attributes.Checksum, algorithm).toMatchObject({
        [field]: put[field],
        ChecksumType: 'FULL_OBJECT',
      });
    }
    const plain = await alice.send(new HeadObjectCommand({ Bucket: 'tags', Key: 'sum-CRC32' }));
    expect(plain.ChecksumCRC32).toBeUndefined();
    const ranged = await alice.send(
      new GetObjectCommand({ Bucket: 'tags', Key: 'sum-CRC32', Range: 'bytes=0-3', ChecksumMode: 'ENABLED' }),
    );
    expect(ranged.ChecksumCRC32).toBeUndefined();
    await ranged.Body?.transformToString();
    const copied = await alice.send(
      new CopyObjectCommand({ Bucket: 'tags', Key: 'sum-copy', CopySource: 'tags/sum-SHA256' }),
    );
    expect(copied.CopyObjectResult?.ETag).toBeDefined();
    const copyHead = await alice.send(
      new HeadObjectCommand({ Bucket: 'tags', Key: 'sum-copy', ChecksumMode: 'ENABLED' }),
    );
    expect(copyHead.ChecksumSHA256).toBeDefined();
  });

  it("adds S3's default full-object CRC64NVME to an object written without a checksum", async () => {
    const body = 'no checksum sent with this body';
    const reference = new Crc64NvmeJs();
    reference.update(Buffer.from(body));
    const crc = Buffer.from(await reference.digest()).toString('base64');
    const put = await send(
      url,
      await signCall(url, 's3', { method: 'PUT', path: '/tags/default-sum', body }, keys.alice),
    );
    expect(put.status).toBe(200);
    expect(put.headers).toMatchObject({
      'x-amz-checksum-crc64nvme': crc,
      'x-amz-checksum-type': 'FULL_OBJECT',
    });
    const head = await alice.send(
      new HeadObjectCommand({ Bucket: 'tags', Key: 'default-sum', ChecksumMode: 'ENABLED' }),
    );
    expect(head).toMatchObject({ ChecksumCRC64NVME: crc, ChecksumType: 'FULL_OBJECT' });
    const got = await alice.send(
      new GetObjectCommand({ Bucket: 'tags', Key: 'default-sum', ChecksumMode: 'ENABLED' }),
    );
    expect(got).toMatchObject({ ChecksumCRC64NVME: crc, ChecksumType: 'FULL_OBJECT' });
    expect(await got.Body?.transformToString()).toBe(body);
    // Without ChecksumMode no checksum is returned, as S3 does.
    expect(
      (await alice.send(new HeadObjectCommand({ Bucket: 'tags', Key: 'default-sum' }))).ChecksumCRC64NVME,
    ).toBe(undefined);
    const copied = await alice.send(
      new CopyObjectCommand({ Bucket: 'tags', Key: 'default-copy', CopySource: 'tags/default-sum' }),
    );
    expect(copied.CopyObjectResult?.ETag).toBeDefined();
    const copyHead = await alice.send(
      new HeadObjectCommand({ Bucket: 'tags', Key: 'default-copy', ChecksumMode: 'ENABLED' }),
    );
    expect(copyHead.ChecksumCRC64NVME).toBe(crc);
  });

  it('refuses a wrong checksum with BadDigest and a malformed one with InvalidRequest, storing nothing', async () => {
    const put = async (Key: string, value: string) => {
      const headers = { 'x-amz-checksum-crc32': value };
      return send(
        url,
        await signCall(url, 's3', { method: 'PUT', path: `/tags/${Key}`, headers, body: 'body' }, keys.alice),
      );
    };
    const wrong = await put('bad-sum', Buffer.from([1, 2, 3, 4]).toString('base64'));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<Code>BadDigest</Code>');
    const malformed = await put('bad-sum', 'not-base64!');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('<Code>InvalidRequest</Code>');
    expect(await s3Outcome(alice.send(new HeadObjectCommand({ Bucket: 'tags', Key: 'bad-sum' })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
  });

  it('echoes the ChecksumAlgorithm of a multipart upload, and refuses one S3 does not know', async () => {
    const created = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: 'tags', Key: 'mp-sum', ChecksumAlgorithm: 'SHA256' }),
    );
    expect(created.ChecksumAlgorithm).toBe('SHA256');
    const headers = { 'x-amz-checksum-algorithm': 'MD5' };
    const refused = await send(
      url,
      await signCall(url, 's3', { method: 'POST', path: '/tags/mp-bad?uploads', headers }, keys.alice),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<Code>InvalidRequest</Code>');
  });
});

it('serves boto3 tagging, partNumber and GetObjectAttributes calls, limits and errors included', async () => {
  const result = await runPython(SCRIPT, [url, keys.alice.accessKeyId, keys.alice.secretAccessKey], {
    HOME: cwd,
  });
  expect(result.code, result.stderr).toBe(0);
  const kv = (entries: [string, string][]) => entries.map(([Key, Value]) => ({ Key, Value }));
  expect(JSON.parse(result.stdout)).toEqual({
    onPut: kv([
      ['team', 'ml'],
      ['note', 'a b'],
    ]),
    count: 2,
    replaced: kv([['k', 'v']]),
    copied: kv([['k', 'v']]),
    copyReplaced: kv([['r', '1']]),
    multipart: kv([['part', 'yes']]),
    deleted: [],
    tooMany: [400, 'InvalidTag'],
    longKey: [400, 'InvalidTag'],
    missingKey: [404, 'NoSuchKey'],
    noBucketTags: [404, 'NoSuchTagSet'],
    bucketTags: 50,
    bucketTooMany: [400, 'InvalidTag'],
    bucketDeleted: [404, 'NoSuchTagSet'],
    partsCount: 1,
    partBody: 'p',
    partPastEnd: [416, 'InvalidPartNumber'],
    checksum: { head: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/), matches: true, attributes: true },
    defaultChecksum: { put: true, head: true, type: 'FULL_OBJECT', sha256: false },
    attributes: {
      ETag: expect.stringMatching(/^[0-9a-f]{32}-1$/),
      ObjectSize: 1,
      StorageClass: 'STANDARD',
      parts: 1,
    },
  });
});
