// Races an object-creating S3 call against DeleteBucket on the same bucket, round after round, through the real
// S3 API, and checks each round was linearizable: exactly one of the two is acknowledged, and the store agrees.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { prng } from './prng.js';

export type Writer = 'put' | 'copy' | 'complete';

type Settled = { readonly ok: true } | { readonly ok: false; readonly name: string };

async function settle(promise: Promise<unknown>): Promise<Settled> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, name: (error as Error).name };
  }
}

/** What each writer's failure may be called when the bucket went first. */
const LOST_TO_DELETE: Record<Writer, readonly string[]> = {
  put: ['NoSuchBucket'],
  copy: ['NoSuchBucket'],
  complete: ['NoSuchBucket', 'NoSuchUpload'],
};

/** Creates `bucket` (and `source`, the copy source), then races `rounds` writes of `writer` against DeleteBucket. */
export async function raceAgainstDeleteBucket(
  s3: S3Client,
  options: { bucket: string; source: string; writer: Writer; rounds: number; seed: number },
): Promise<{ writesWon: number; deletesWon: number }> {
  const { bucket, writer } = options;
  const rng = prng(options.seed);
  const tally = { writesWon: 0, deletesWon: 0 };
  await s3.send(new CreateBucketCommand({ Bucket: options.source })).catch(() => undefined);
  await s3.send(new PutObjectCommand({ Bucket: options.source, Key: 'src', Body: Buffer.alloc(200_000, 3) }));
  for (let round = 0; round < options.rounds; round++) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const key = `k${round}`;
    const size = rng.pick([0, 1000, rng.int(300_000)]);
    const write = await prepareWrite(s3, writer, bucket, key, options.source, size);
    // Vary the interleaving: the delete goes out first, or a few milliseconds after the write (the outcome is
    // checked either way, never the timing).
    const lag = rng.pick([-1, 0, rng.int(10), rng.int(300)]);
    const deleteBucket = () => settle(s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    const deleting = lag < 0 ? deleteBucket() : undefined;
    const writing = settle(write());
    if (lag > 0) await new Promise((resolve) => setTimeout(resolve, lag));
    const deleted = await (deleting ?? deleteBucket());
    const written = await writing;
    const context = { writer, round, written, deleted };
    if (written.ok) {
      expect(deleted, JSON.stringify(context)).toEqual({ ok: false, name: 'BucketNotEmpty' });
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await got.Body?.transformToByteArray();
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual([key]);
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      tally.writesWon++;
    } else {
      expect(deleted, JSON.stringify(context)).toEqual({ ok: true });
      expect(LOST_TO_DELETE[writer], JSON.stringify(context)).toContain(written.name);
      tally.deletesWon++;
    }
    await expectBucketGone(s3, bucket);
  }
  return tally;
}

/** Sets up what the write needs (an open multipart upload with its part) and returns the racing call. */
async function prepareWrite(
  s3: S3Client,
  writer: Writer,
  bucket: string,
  key: string,
  source: string,
  size: number,
): Promise<() => Promise<unknown>> {
  if (writer === 'put')
    return () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(size, 1) }));
  if (writer === 'copy')
    return () => s3.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${source}/src` }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const part = await s3.send(
    new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(size, 2) }),
  );
  return () =>
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
}

/** The bucket is gone in every view, and its name is free again (no wedge). */
export async function expectBucketGone(s3: S3Client, bucket: string): Promise<void> {
  await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
    $metadata: { httpStatusCode: 404 },
  });
  const listed = await s3.send(new ListBucketsCommand({}));
  expect(listed.Buckets?.map((b) => b.Name)).not.toContain(bucket);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
