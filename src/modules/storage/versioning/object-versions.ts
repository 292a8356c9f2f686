// S3 versioning over the blob port: the current object stays where unversioned reads find it, the versions it
// replaces and the delete markers go to the archive (version-archive.ts). One key's versioned writes and deletes
// are ordered by a per-key lock (one process, like the fs adapter's write conditions), so concurrent PUTs each
// keep their own version and none replaces another unarchived.

import { KeyLock } from '../../../platform/blob/key-lock.js';
import type { BlobCondition, BlobInfo, BlobStore } from '../../../platform/blob/port.js';
import { plainInfo } from '../encryption/sealed-objects.js';
import { storageError } from '../errors.js';
import { SETTINGS_BUCKET } from '../settings-bucket.js';
import { type ArchivedVersion, VERSION_ID_METADATA, VersionArchive } from './version-archive.js';
import { isVersionId, NULL_VERSION, newVersionId } from './version-ids.js';
import { type ListVersionsInput, type ListVersionsOutput, listVersions } from './version-listing.js';
import { VersioningState, type VersioningStatus } from './versioning-state.js';

/** Where a version's bytes are: the bucket itself for the current object, the archive for the others. */
export interface VersionLocation {
  readonly bucket: string;
  readonly key: string;
}

export interface DeleteOutcome {
  /** The version removed, or the delete marker made. */
  readonly versionId?: string;
  readonly deleteMarker?: boolean;
}

type Stamp = Readonly<Record<string, string>>;

export class ObjectVersions {
  readonly state: VersioningState;
  readonly archive: VersionArchive;
  readonly #locks = new KeyLock();

  constructor(
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {
    this.state = new VersioningState(blobs);
    this.archive = new VersionArchive(blobs);
  }

  async statusOf(bucket: string): Promise<VersioningStatus | undefined> {
    const info = await this.blobs.headBucket(bucket);
    return info ? this.state.get(info) : undefined;
  }

  /** GetBucketVersioning: NO_SUCH_BUCKET for a missing bucket, undefined for one never versioned. */
  async getStatus(bucket: string): Promise<VersioningStatus | undefined> {
    const info = await this.blobs.headBucket(bucket);
    if (!info) throw noSuchBucket(bucket);
    return this.state.get(info);
  }

  async setStatus(bucket: string, status: VersioningStatus): Promise<void> {
    const info = await this.blobs.headBucket(bucket);
    if (!info) throw noSuchBucket(bucket);
    await this.state.put(info, status);
  }

  list(bucket: string, input: ListVersionsInput): Promise<ListVersionsOutput> {
    return listVersions(this.blobs, this.archive, bucket, input);
  }

  /** Runs a write of the current object (given the stamp to store), keeping the version it replaces. */
  async write<T>(bucket: string, key: string, put: (stamp: Stamp) => Promise<T>): Promise<T> {
    const status = await this.statusOf(bucket);
    if (!status) return put({});
    return this.#locks.run(lockKey(bucket, key), async () => {
      const versionId = status === 'Enabled' ? newVersionId() : NULL_VERSION;
      const kept = await this.#keepCurrent(bucket, key, status);
      let written: T;
      try {
        written = await put({ [VERSION_ID_METADATA]: versionId });
      } catch (error) {
        if (kept) await this.archive.remove(kept);
        throw error;
      }
      if (status === 'Suspended') await this.#dropNullVersions(bucket, key, kept);
      return written;
    });
  }

  /** DeleteObject without a version id: a delete marker once the bucket is versioned, else a plain delete. */
  async deleteCurrent(
    bucket: string,
    key: string,
    condition: BlobCondition | undefined,
    plainDelete: () => Promise<void>,
  ): Promise<DeleteOutcome> {
    const status = await this.statusOf(bucket);
    if (!status) {
      await plainDelete();
      return {};
    }
    return this.#locks.run(lockKey(bucket, key), async () => {
      const current = await this.blobs.head(bucket, key);
      condition?.(typeof current === 'string' ? undefined : plainInfo(current));
      const kept = await this.#keepCurrent(bucket, key, status);
      await this.blobs.delete(bucket, key);
      if (status === 'Suspended') await this.#dropNullVersions(bucket, key, kept);
      const versionId = status === 'Enabled' ? newVersionId() : NULL_VERSION;
      await this.archive.addDeleteMarker(bucket, key, versionId, this.now());
      return { versionId, deleteMarker: true };
    });
  }

  /** DeleteObject with a version id: that version goes for good; the next newest becomes current. */
  async deleteVersion(bucket: string, key: string, versionId: string): Promise<DeleteOutcome> {
    assertVersionId(versionId);
    return this.#locks.run(lockKey(bucket, key), async () => {
      const current = await this.blobs.head(bucket, key);
      if (current === 'no_bucket') throw noSuchBucket(bucket);
      if (current !== 'no_key' && versionOf(current) === versionId) {
        await this.blobs.delete(bucket, key);
        await this.#promote(bucket, key);
        return { versionId };
      }
      const entry = await this.archive.find(bucket, key, versionId);
      // S3 answers a delete of a version that is not there (any more) with success.
      if (!entry) return { versionId };
      await this.archive.remove(entry);
      if (current === 'no_key') await this.#promote(bucket, key);
      return entry.isDeleteMarker ? { versionId, deleteMarker: true } : { versionId };
    });
  }

  /** Where the version's bytes are; NO_SUCH_VERSION, or METHOD_NOT_ALLOWED-like for a delete marker. */
  async locate(bucket: string, key: string, versionId: string): Promise<VersionLocation> {
    assertVersionId(versionId);
    const current = await this.blobs.head(bucket, key);
    if (current === 'no_bucket') throw noSuchBucket(bucket);
    if (current !== 'no_key' && versionOf(current) === versionId) return { bucket, key };
    const entry = await this.archive.find(bucket, key, versionId);
    if (!entry)
      throw storageError('NO_SUCH_VERSION', 'The specified version does not exist.', {
        bucket,
        key,
        versionId,
      });
    if (entry.isDeleteMarker)
      throw storageError(
        'VERSION_IS_DELETE_MARKER',
        'The specified method is not allowed against this resource.',
        {
          bucket,
          key,
          versionId,
          deleteMarker: true,
          lastModified: entry.lastModified,
        },
      );
    return { bucket: SETTINGS_BUCKET, key: entry.archiveKey };
  }

  /** The delete marker that is the key's current version, if one is. */
  async currentMarker(bucket: string, key: string): Promise<ArchivedVersion | undefined> {
    const [newest] = await this.archive.versionsOf(bucket, key);
    return newest?.isDeleteMarker ? newest : undefined;
  }

  async #keepCurrent(
    bucket: string,
    key: string,
    status: VersioningStatus,
  ): Promise<ArchivedVersion | undefined> {
    const current = await this.blobs.head(bucket, key);
    if (typeof current === 'string') return undefined;
    const versionId = versionOf(current);
    // A suspended bucket overwrites its null version in place (S3 keeps one null version per key).
    if (status === 'Suspended' && versionId === NULL_VERSION) return undefined;
    return this.archive.keep(bucket, key, versionId, this.now());
  }

  async #dropNullVersions(bucket: string, key: string, kept: ArchivedVersion | undefined): Promise<void> {
    for (const entry of await this.archive.versionsOf(bucket, key))
      if (entry.versionId === NULL_VERSION && entry.archiveKey !== kept?.archiveKey)
        await this.archive.remove(entry);
  }

  /** Makes the newest archived version current again when it is an object (not a delete marker). */
  async #promote(bucket: string, key: string): Promise<void> {
    const [newest] = await this.archive.versionsOf(bucket, key);
    if (!newest || newest.isDeleteMarker) return;
    const got = await this.blobs.get(SETTINGS_BUCKET, newest.archiveKey);
    if (got.status !== 'ok') return;
    const { info } = got;
    const result = await this.blobs.put(bucket, key, got.body, {
      contentType: info.contentType,
      metadata: info.metadata,
      ...(info.headers ? { headers: info.headers } : {}),
      ...(info.tags ? { tags: info.tags } : {}),
      ...(info.parts ? { parts: info.parts } : {}),
      ...(info.checksum ? { checksum: () => info.checksum } : {}),
      ...(info.encryption ? { encryption: () => info.encryption } : {}),
    });
    if (typeof result !== 'string') await this.archive.remove(newest);
  }
}

/** The version id of a stored object: unstamped objects were written before versioning, the null version. */
function versionOf(info: BlobInfo): string {
  return info.metadata[VERSION_ID_METADATA] ?? NULL_VERSION;
}

function assertVersionId(versionId: string): void {
  if (!isVersionId(versionId))
    throw storageError('INVALID_ARGUMENT', 'Invalid version id specified', { versionId });
}

function lockKey(bucket: string, key: string): string {
  return `${bucket}\u0000${key}`;
}

function noSuchBucket(bucket: string) {
  return storageError('NO_SUCH_BUCKET', `the bucket ${bucket} does not exist`, { bucket });
}
