// Writes and deletes of one key as compare-and-swap on the backend: read the current object's backend ETag, run
// the port's condition on its record, then write with If-Match (or If-None-Match: *) and start over on 412. A
// backend that ignores those headers turns this into check-then-write: see README.md.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { BlobCondition, BlobInfo } from '../port.js';
import { casRounds } from './cas-rounds.js';
import type { ObjectRecords, RecordMetadata } from './object-record.js';
import { type Expected, lostRace, type S3Backend } from './s3-backend.js';
import type { Location } from './s3-options.js';

/** A body read into memory (see body-staging.ts). */
interface InMemory {
  readonly bytes: Buffer;
  readonly size: number;
}

export interface Current {
  readonly info: BlobInfo;
  /** The backend's own ETag, quoted as S3 sends it: what If-Match compares. */
  readonly backendEtag: string;
}

export class ObjectCommits {
  constructor(
    private readonly backend: S3Backend,
    private readonly records: ObjectRecords,
  ) {}

  /** The key's object and record; undefined when it has none (or its backend bucket is gone). */
  async current(at: Location, key: string): Promise<Current | undefined> {
    const head = await this.backend.attempt((c) => c.send(new HeadObjectCommand(at)));
    if (!head.ok) {
      if (head.status === 404) return undefined;
      throw this.backend.failure(head);
    }
    return { info: await this.records.decode(key, head.value), backendEtag: head.value.ETag ?? '' };
  }

  /** Commits a body held in memory as `info`; the backend's ETag of the new object, or the failure the caller handles. */
  async write(
    at: Location,
    staged: InMemory,
    info: BlobInfo,
    condition: BlobCondition | undefined,
  ): Promise<{ ok: true; backendEtag: string } | Expected> {
    const Metadata = await this.records.encode(info);
    return casRounds(this.backend.endpoint, `writing ${info.key}`, async () => {
      const guard = condition ? await this.guard(at, info.key, condition) : {};
      const sent = await this.#send(at, staged, info.contentType, Metadata, guard);
      return !sent.ok && condition && lostRace(sent) ? undefined : sent;
    });
  }

  /** Deletes under a condition; 'no_key' when there is nothing to delete. */
  async delete(
    at: Location,
    key: string,
    condition: BlobCondition | undefined,
  ): Promise<'deleted' | 'no_key'> {
    return casRounds(this.backend.endpoint, `deleting ${key}`, async () => {
      const current = await this.current(at, key);
      condition?.(current?.info);
      if (!current) return 'no_key';
      const deleted = await this.backend.attempt((c) =>
        c.send(new DeleteObjectCommand({ ...at, ...(condition ? { IfMatch: current.backendEtag } : {}) })),
      );
      if (deleted.ok) return 'deleted';
      if (deleted.status === 404) return 'no_key';
      if (!lostRace(deleted)) throw this.backend.failure(deleted);
      return undefined;
    });
  }

  /** Rewrites the record alone (server-side self-copy), only over the object `current` was read from. */
  async rewrite(at: Location, current: Current, info: BlobInfo): Promise<boolean> {
    const Metadata = await this.records.encode(info);
    const copied = await this.backend.attempt((c) =>
      c.send(
        new CopyObjectCommand({
          ...at,
          CopySource: copySource(at),
          CopySourceIfMatch: current.backendEtag,
          MetadataDirective: 'REPLACE',
          ContentType: info.contentType,
          Metadata,
        }),
      ),
    );
    if (copied.ok) return true;
    if (lostRace(copied) || copied.status === 404) return false;
    throw this.backend.failure(copied);
  }

  /** Runs the condition on the key's current object: the precondition headers that make the write a CAS. */
  async guard(
    at: Location,
    key: string,
    condition: BlobCondition,
  ): Promise<{ IfMatch?: string; IfNoneMatch?: string }> {
    const current = await this.current(at, key);
    condition(current?.info);
    return current
      ? { IfMatch: this.backend.conditional.ifMatch(current.backendEtag) }
      : { IfNoneMatch: '*' };
  }

  async #send(
    at: Location,
    staged: InMemory,
    ContentType: string,
    Metadata: RecordMetadata,
    guard: { IfMatch?: string; IfNoneMatch?: string },
  ): Promise<{ ok: true; backendEtag: string } | Expected> {
    const sent = await this.backend.attempt((c) =>
      c.send(
        new PutObjectCommand({
          ...at,
          Body: staged.bytes,
          ContentLength: staged.size,
          ContentType,
          Metadata,
          ...guard,
        }),
      ),
    );
    if (!sent.ok) return sent;
    return { ok: true, backendEtag: sent.value.ETag ?? '' };
  }
}

/** CopySource is `bucket/key`, URL-encoded. */
export function copySource(at: Location): string {
  return `${at.Bucket}/${encodeURIComponent(at.Key)}`;
}
