// Scones buckets as small JSON records under `<prefix>.scones/buckets/` in the home bucket, changed only by
// compare-and-swap (If-Match / If-None-Match), so bucket creation, tagging and deletion are atomic per bucket.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { BucketInfo } from '../port.js';
import { casRounds } from './cas-rounds.js';
import { lostRace, type S3Backend } from './s3-backend.js';
import type { S3Layout } from './s3-options.js';

export interface BucketRecord {
  /** Every BucketInfo field but the name, whatever fields the port adds later. */
  readonly info: Omit<BucketInfo, 'name'>;
  readonly tags: Readonly<Record<string, string>>;
  /** Set while a deleteBucket checks emptiness: puts that commit meanwhile wait for the outcome. */
  readonly deleting?: true;
}

export interface Versioned {
  readonly record: BucketRecord;
  readonly etag: string;
}

export class BucketRecords {
  constructor(
    private readonly backend: S3Backend,
    private readonly layout: S3Layout,
  ) {}

  async get(name: string): Promise<Versioned | undefined> {
    const got = await this.backend.attempt((c) =>
      c.send(new GetObjectCommand(this.layout.bucketRecord(name))),
    );
    if (!got.ok || !got.value.Body) return undefined;
    const record = JSON.parse(await got.value.Body.transformToString('utf8')) as BucketRecord;
    return { record, etag: got.value.ETag ?? '' };
  }

  /** Writes only if the record is still at `etag` (or absent, for undefined); the new ETag, or undefined when
   * another writer won. */
  async swap(name: string, record: BucketRecord, etag: string | undefined): Promise<string | undefined> {
    const written = await this.backend.attempt((c) =>
      c.send(
        new PutObjectCommand({
          ...this.layout.bucketRecord(name),
          Body: JSON.stringify(record),
          ContentType: 'application/json',
          ...(etag === undefined
            ? { IfNoneMatch: '*' }
            : { IfMatch: this.backend.conditional.ifMatch(etag) }),
        }),
      ),
    );
    if (written.ok) return written.value.ETag ?? '';
    if (lostRace(written)) return undefined;
    throw this.backend.failure(written);
  }

  /** Applies `change` by compare-and-swap until it lands; undefined when the bucket does not exist. */
  async update(
    name: string,
    change: (record: BucketRecord) => BucketRecord,
  ): Promise<BucketRecord | undefined> {
    const done = await casRounds(this.backend.endpoint, `updating bucket ${name}`, async () => {
      const current = await this.get(name);
      if (!current) return { record: undefined };
      const next = change(current.record);
      return (await this.swap(name, next, current.etag)) === undefined ? undefined : { record: next };
    });
    return done.record;
  }

  async remove(name: string): Promise<void> {
    await this.backend.send((c) => c.send(new DeleteObjectCommand(this.layout.bucketRecord(name))));
  }

  async names(): Promise<string[]> {
    const names: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.backend.send((c) =>
        c.send(
          new ListObjectsV2Command({
            Bucket: this.layout.home,
            Prefix: this.layout.recordsPrefix,
            ...(ContinuationToken ? { ContinuationToken } : {}),
          }),
        ),
      );
      for (const item of page.Contents ?? [])
        names.push((item.Key ?? '').slice(this.layout.recordsPrefix.length));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return names;
  }
}
