// Large streamed uploads and multipart uploads (create, parts, copy, list, complete, abort) through the SDK.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGING_BUCKET } from '../../../src/modules/storage/index.js';
import { failure, type S3TestServer, startS3TestServer } from './s3-server.js';

let server: S3TestServer;
let s3: S3Client;
const MiB = 1024 * 1024;

beforeAll(async () => {
  server = await startS3TestServer();
  s3 = server.client();
  await s3.send(new CreateBucketCommand({ Bucket: 'big' }));
});
afterAll(() => server.close());

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

async function bodyMd5(bucket: string, key: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('md5');
  for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

describe('S3 large and multipart uploads', () => {
  it('streams a 12 MB PutObject body (aws-chunked with a CRC32 trailer) and reads it back', async () => {
    const data = randomBytes(12 * MiB);
    const chunks = Array.from({ length: 12 }, (_, i) => data.subarray(i * MiB, (i + 1) * MiB));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'big',
        Key: 'stream.bin',
        Body: Readable.from(chunks),
        ContentLength: data.length,
      }),
    );
    expect(put.ETag).toBe(`"${md5(data)}"`);
    expect(await bodyMd5('big', 'stream.bin')).toBe(md5(data));
  });

  it('stores plain bodies when checksums are only sent when required', async () => {
    const plain = server.client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const data = randomBytes(3 * MiB);
    await plain.send(
      new PutObjectCommand({
        Bucket: 'big',
        Key: 'plain.bin',
        Body: Readable.from([data]),
        ContentLength: data.length,
      }),
    );
    expect(await bodyMd5('big', 'plain.bin')).toBe(md5(data));
  });

  it('completes a multipart upload atomically with the S3 multipart ETag', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1000)];
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: 'big',
        Key: 'multi/object.bin',
        ContentType: 'application/x-test',
        Metadata: { origin: 'parts' },
      }),
    );
    const uploadId = created.UploadId as string;
    expect(uploadId).toMatch(/^[A-Za-z0-9_-]+$/);
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const body = index === 1 ? Readable.from([part]) : part;
      const uploaded = await s3.send(
        new UploadPartCommand({
          Bucket: 'big',
          Key: 'multi/object.bin',
          UploadId: uploadId,
          PartNumber: index + 1,
          Body: body,
          ContentLength: part.length,
        }),
      );
      expect(uploaded.ETag).toBe(`"${md5(part)}"`);
      etags.push(uploaded.ETag as string);
    }
    expect(
      await failure(s3.send(new HeadObjectCommand({ Bucket: 'big', Key: 'multi/object.bin' }))),
    ).toMatchObject({ status: 404 });
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'big',
        Key: 'multi/object.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
      .digest('hex')}-3"`;
    expect(completed.ETag).toBe(expectedEtag);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'big', Key: 'multi/object.bin' }));
    expect(head).toMatchObject({
      ETag: expectedEtag,
      ContentLength: 10 * MiB + 1000,
      ContentType: 'application/x-test',
      Metadata: { origin: 'parts' },
    });
    expect(await bodyMd5('big', 'multi/object.bin')).toBe(md5(Buffer.concat(parts)));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'big', Prefix: 'multi/' }));
    expect(listed.Contents?.[0]?.ETag).toBe(expectedEtag);
    // The parts are gone; only the completed upload's record stays, so a repeated Complete answers 200.
    const staged = await server.store.listObjects(STAGING_BUCKET, { prefix: 'big/' });
    expect(staged.contents.map((o) => o.key.replace(/^big\/[^/]+\//, ''))).toEqual(['upload.json']);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['big']);
  });

  it('refuses bad part lists and leaves the upload open', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'big', Key: 'bad.bin' }));
    const small = await s3.send(
      new UploadPartCommand({ Bucket: 'big', Key: 'bad.bin', UploadId, PartNumber: 1, Body: 'tiny' }),
    );
    const last = await s3.send(
      new UploadPartCommand({ Bucket: 'big', Key: 'bad.bin', UploadId, PartNumber: 2, Body: 'end' }),
    );
    const complete = (Parts: { ETag?: string | undefined; PartNumber: number }[]) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'big',
          Key: 'bad.bin',
          UploadId,
          MultipartUpload: { Parts },
        }),
      );
    const refused = [
      { name: 'InvalidPart', parts: [{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }] },
      {
        name: 'InvalidPartOrder',
        parts: [
          { ETag: last.ETag, PartNumber: 2 },
          { ETag: small.ETag, PartNumber: 1 },
        ],
      },
      {
        name: 'EntityTooSmall',
        parts: [
          { ETag: small.ETag, PartNumber: 1 },
          { ETag: last.ETag, PartNumber: 2 },
        ],
      },
    ];
    for (const { name, parts } of refused)
      expect(await failure(complete(parts))).toEqual({ name, status: 400 });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'big', Key: 'bad.bin' })))).toMatchObject({
      status: 404,
    });
    const single = await complete([{ ETag: small.ETag, PartNumber: 1 }]);
    expect(single.ETag).toMatch(/-1"$/);
    // As S3: completing a completed upload again answers 200 with the object it made.
    expect((await complete([{ ETag: small.ETag, PartNumber: 1 }])).ETag).toBe(single.ETag);
  });

  it('aborts uploads; parts for an aborted or unknown upload get NoSuchUpload', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'big', Key: 'aborted.bin' }),
    );
    await s3.send(
      new UploadPartCommand({ Bucket: 'big', Key: 'aborted.bin', UploadId, PartNumber: 1, Body: 'x' }),
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'big', Key: 'aborted.bin', UploadId }));
    expect(
      await failure(
        s3.send(
          new UploadPartCommand({ Bucket: 'big', Key: 'aborted.bin', UploadId, PartNumber: 2, Body: 'y' }),
        ),
      ),
    ).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(
      await failure(
        s3.send(
          new UploadPartCommand({
            Bucket: 'big',
            Key: 'other.bin',
            UploadId: 'nonsense',
            PartNumber: 1,
            Body: 'y',
          }),
        ),
      ),
    ).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect((await server.store.listObjects(STAGING_BUCKET, { prefix: `big/${UploadId}/` })).contents).toEqual(
      [],
    );
  });

  it('lists pending uploads and their parts, page by page', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'pending' }));
    const ids: string[] = [];
    for (const key of ['b/second', 'a/first', 'b/second']) {
      const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'pending', Key: key }));
      ids.push(created.UploadId as string);
    }
    for (const PartNumber of [3, 1, 2])
      await s3.send(
        new UploadPartCommand({
          Bucket: 'pending',
          Key: 'a/first',
          UploadId: ids[1],
          PartNumber,
          Body: `part ${PartNumber}`,
        }),
      );
    const parts = await s3.send(
      new ListPartsCommand({ Bucket: 'pending', Key: 'a/first', UploadId: ids[1], MaxParts: 2 }),
    );
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 6, `"${md5(Buffer.from('part 1'))}"`],
      [2, 6, `"${md5(Buffer.from('part 2'))}"`],
    ]);
    expect([parts.IsTruncated, parts.NextPartNumberMarker]).toEqual([true, '2']);
    const rest = await s3.send(
      new ListPartsCommand({ Bucket: 'pending', Key: 'a/first', UploadId: ids[1], PartNumberMarker: '2' }),
    );
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([3]);
    const first = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'pending', MaxUploads: 2 }));
    expect(first.Uploads?.map((u) => u.Key)).toEqual(['a/first', 'b/second']);
    expect(first.Uploads?.[0]?.UploadId).toBe(ids[1]);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListMultipartUploadsCommand({
        Bucket: 'pending',
        KeyMarker: first.NextKeyMarker,
        UploadIdMarker: first.NextUploadIdMarker,
      }),
    );
    expect(second.IsTruncated).toBe(false);
    const secondKeyIds = [first.Uploads?.[1]?.UploadId, ...(second.Uploads ?? []).map((u) => u.UploadId)];
    expect(secondKeyIds.sort()).toEqual([ids[0], ids[2]].sort());
    const prefixed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'pending', Prefix: 'b/' }));
    expect(prefixed.Uploads?.map((u) => u.Key)).toEqual(['b/second', 'b/second']);
  });

  it('copies byte ranges of an object into parts with UploadPartCopy', async () => {
    const source = randomBytes(6 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'copy-src.bin', Body: source }));
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'big', Key: 'copy-dst.bin' }),
    );
    const first = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'big',
        Key: 'copy-dst.bin',
        UploadId,
        PartNumber: 1,
        CopySource: 'big/copy-src.bin',
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    const second = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'big',
        Key: 'copy-dst.bin',
        UploadId,
        PartNumber: 2,
        CopySource: 'big/copy-src.bin',
        CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}`,
      }),
    );
    expect(first.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, 5 * MiB))}"`);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'big',
        Key: 'copy-dst.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { ETag: first.CopyPartResult?.ETag, PartNumber: 1 },
            { ETag: second.CopyPartResult?.ETag, PartNumber: 2 },
          ],
        },
      }),
    );
    expect(await bodyMd5('big', 'copy-dst.bin')).toBe(md5(source));
  });
});

// Last: its bucket would show in the listings the tests above check.
describe('S3 multipart checksums', () => {
  it('gives a multipart object the COMPOSITE checksum of its parts (base64(sha256 of part sha256s)-N)', async () => {
    // A bucket of its own: the completed upload's record stays, and other tests count the records of theirs.
    await s3.send(new CreateBucketCommand({ Bucket: 'sums' }));
    const at = { Bucket: 'sums', Key: 'composite.bin' };
    const created = await s3.send(new CreateMultipartUploadCommand({ ...at, ChecksumAlgorithm: 'SHA256' }));
    expect(created).toMatchObject({ ChecksumAlgorithm: 'SHA256', ChecksumType: 'COMPOSITE' });
    const bodies = [randomBytes(5 * MiB), randomBytes(1000)];
    const parts = [];
    for (const [index, Body] of bodies.entries()) {
      const sent = await s3.send(
        new UploadPartCommand({
          ...at,
          UploadId: created.UploadId,
          PartNumber: index + 1,
          Body,
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      expect(sent.ChecksumSHA256).toBe(createHash('sha256').update(Body).digest('base64'));
      parts.push({ PartNumber: index + 1, ETag: sent.ETag, ChecksumSHA256: sent.ChecksumSHA256 });
    }
    const partDigests = bodies.map((b) => createHash('sha256').update(b).digest());
    const expected = `${createHash('sha256').update(Buffer.concat(partDigests)).digest('base64')}-2`;
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        ...at,
        UploadId: created.UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect(done).toMatchObject({ ChecksumSHA256: expected, ChecksumType: 'COMPOSITE' });
    const head = await s3.send(new HeadObjectCommand({ ...at, ChecksumMode: 'ENABLED' }));
    expect(head).toMatchObject({ ChecksumSHA256: expected, ChecksumType: 'COMPOSITE' });
    const plain = await s3.send(new HeadObjectCommand(at));
    expect(plain.ChecksumSHA256).toBeUndefined();
  });
});
