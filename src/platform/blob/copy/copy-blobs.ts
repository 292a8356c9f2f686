// `store migrate`: every bucket and object of one blob store copied into another, streaming, a few objects at a
// time. Resumable: an object the target already holds with the same size, checksum and record is skipped; every
// object copied is read back and checked. Not a snapshot: objects written to the source meanwhile may be missed.
import type { BlobInfo, BlobStore, BucketInfo } from '../port.js';
import { copyObject, type ObjectOutcome } from './copy-object.js';

export interface BlobCopyOptions {
  readonly source: BlobStore;
  readonly target: BlobStore;
  /** Objects copied at once (default 4). */
  readonly concurrency?: number;
  /** Called after every `every` objects (default 100) and once at the end. */
  readonly every?: number;
  readonly onProgress?: (progress: BlobCopyProgress) => void;
}

export interface BlobCopyProgress {
  /** Objects done so far: copied, skipped or vanished. */
  readonly objects: number;
  /** Bytes (as stored) of the objects copied or skipped. */
  readonly bytes: number;
  readonly copied: number;
  readonly skipped: number;
  /** Listed in the source but deleted before they could be read. */
  readonly vanished: number;
  readonly bucket: string;
}

export interface BlobCopyReport extends Omit<BlobCopyProgress, 'bucket'> {
  readonly buckets: readonly string[];
}

const PAGE = 1000;

export async function copyBlobs(options: BlobCopyOptions): Promise<BlobCopyReport> {
  const tally = { objects: 0, bytes: 0, copied: 0, skipped: 0, vanished: 0 };
  const every = options.every ?? 100;
  const buckets = await options.source.listBuckets();
  let bucketName = '';
  const count = (outcome: ObjectOutcome) => {
    tally.objects++;
    if (outcome.kind === 'vanished') tally.vanished++;
    else {
      tally[outcome.kind]++;
      tally.bytes += outcome.size;
    }
    if (tally.objects % every === 0) options.onProgress?.({ ...tally, bucket: bucketName });
  };
  for (const bucket of buckets) {
    bucketName = bucket.name;
    await copyBucket(options.source, options.target, bucket);
    for await (const page of objectPages(options.source, bucket.name))
      await inParallel(page, options.concurrency ?? 4, async (info) =>
        count(await copyObject(options.source, options.target, bucket.name, info)),
      );
  }
  options.onProgress?.({ ...tally, bucket: bucketName });
  return { ...tally, buckets: buckets.map((b) => b.name) };
}

/** The bucket with its owner, creation time and tags; one the target already has keeps its own. */
async function copyBucket(source: BlobStore, target: BlobStore, bucket: BucketInfo): Promise<void> {
  await target.createBucket(bucket.name, bucket.owner, bucket.createdAt);
  const tags = await source.getBucketTags(bucket.name);
  if (tags !== 'no_bucket' && Object.keys(tags).length > 0) await target.setBucketTags(bucket.name, tags);
}

async function* objectPages(store: BlobStore, bucket: string): AsyncGenerator<BlobInfo[]> {
  let startAfter: string | undefined;
  for (;;) {
    const page = await store.list(bucket, {
      prefix: '',
      limit: PAGE,
      ...(startAfter === undefined ? {} : { startAfter }),
    });
    if (page.status === 'no_bucket') return;
    const objects = page.items.flatMap((item) => (item.kind === 'object' ? [item.info] : []));
    if (objects.length > 0) yield objects;
    const last = objects.at(-1);
    if (!page.truncated || last === undefined) return;
    startAfter = last.key;
  }
}

/** Runs `work` over the items with at most `limit` at once; the first failure stops taking new items. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
