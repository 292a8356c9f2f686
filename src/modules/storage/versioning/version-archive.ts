// The versions of a key that are not its current object: noncurrent objects and delete markers, kept as objects
// of the reserved settings bucket under `<bucket>/versions/<hex of the key>-<newest-first order>`.
//
// Hex keeps the archive in the order ListObjectVersions needs (keys in UTF-8 binary order, then a key's versions
// newest first): the hex of a key compares as its bytes do, and '-' sorts before every hex digit, so a key's
// versions come before those of every longer key it is a prefix of. What made the version (its id, its original
// Last-Modified, whether it is a delete marker) rides in reserved metadata names, stripped before anyone sees it.
import type { BlobInfo, BlobStore } from '../../../platform/blob/port.js';
import { plainInfo } from '../encryption/sealed-objects.js';
import { SETTINGS_BUCKET } from '../settings-bucket.js';
import { newestFirstOrder } from './version-ids.js';

/** On a current object: its version id (absent: written before versioning, the null version). */
export const VERSION_ID_METADATA = 'scones-version-id';
/** Its own Last-Modified, kept when the bytes are copied (into the archive, or back when promoted). */
export const MODIFIED_METADATA = 'scones-version-modified';
const MARKER_METADATA = 'scones-delete-marker';
const STAMPS = [VERSION_ID_METADATA, MODIFIED_METADATA, MARKER_METADATA];
const PAGE = 1000;

export interface ArchivedVersion {
  readonly archiveKey: string;
  readonly key: string;
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  /** The version's own Last-Modified (the archive copy's is when it was archived). */
  readonly lastModified: number;
  /** The archived blob as stored (stamps included). */
  readonly blob: BlobInfo;
}

export function withoutStamps(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const rest = { ...metadata };
  for (const name of STAMPS) delete rest[name];
  return rest;
}

export function hasStamps(metadata: Readonly<Record<string, string>>): boolean {
  return STAMPS.some((name) => name in metadata);
}

/** The archive keys of every version of keys starting with `keyPrefix` in the bucket. */
export function archivePrefix(bucket: string, keyPrefix = ''): string {
  return `${bucket}/versions/${Buffer.from(keyPrefix, 'utf8').toString('hex')}`;
}

export class VersionArchive {
  constructor(private readonly blobs: BlobStore) {}

  /** Copies the current object (as stored: sealed bytes, tags, parts, checksum) into the archive. */
  async keep(
    bucket: string,
    key: string,
    versionId: string,
    now: number,
  ): Promise<ArchivedVersion | undefined> {
    const current = await this.blobs.get(bucket, key);
    if (current.status !== 'ok') return undefined;
    const { info } = current;
    const metadata = {
      ...info.metadata,
      [VERSION_ID_METADATA]: versionId,
      [MODIFIED_METADATA]: info.metadata[MODIFIED_METADATA] ?? String(info.lastModified),
    };
    return this.#put(bucket, key, current.body, info, metadata, now);
  }

  async addDeleteMarker(
    bucket: string,
    key: string,
    versionId: string,
    now: number,
  ): Promise<ArchivedVersion | undefined> {
    const metadata = {
      [VERSION_ID_METADATA]: versionId,
      [MODIFIED_METADATA]: String(now),
      [MARKER_METADATA]: 'true',
    };
    return this.#put(bucket, key, new Uint8Array(0), undefined, metadata, now);
  }

  /** A key's archived versions, newest first. */
  async versionsOf(bucket: string, key: string): Promise<ArchivedVersion[]> {
    const found: ArchivedVersion[] = [];
    for await (const entry of this.entries(bucket, `${archivePrefix(bucket, key)}-`)) found.push(entry);
    return found;
  }

  async find(bucket: string, key: string, versionId: string): Promise<ArchivedVersion | undefined> {
    return (await this.versionsOf(bucket, key)).find((entry) => entry.versionId === versionId);
  }

  async remove(entry: ArchivedVersion): Promise<void> {
    await this.blobs.delete(SETTINGS_BUCKET, entry.archiveKey);
  }

  async hasAny(bucket: string): Promise<boolean> {
    const page = await this.blobs.list(SETTINGS_BUCKET, { prefix: `${bucket}/versions/`, limit: 1 });
    return page.status === 'ok' && page.items.length > 0;
  }

  /** Archived versions whose archive key starts with `prefix`, in archive order, after `startAfter`. */
  async *entries(bucket: string, prefix: string, startAfter?: string): AsyncGenerator<ArchivedVersion> {
    let after = startAfter;
    for (;;) {
      const page = await this.blobs.list(SETTINGS_BUCKET, {
        prefix,
        limit: PAGE,
        ...(after !== undefined ? { startAfter: after } : {}),
      });
      if (page.status !== 'ok') return;
      for (const item of page.items) if (item.kind === 'object') yield entryOf(bucket, item.info);
      const last = page.items.at(-1);
      if (!page.truncated || last?.kind !== 'object') return;
      after = last.info.key;
    }
  }

  async #put(
    bucket: string,
    key: string,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    info: BlobInfo | undefined,
    metadata: Record<string, string>,
    now: number,
  ): Promise<ArchivedVersion | undefined> {
    await this.blobs.createBucket(SETTINGS_BUCKET);
    const archiveKey = `${archivePrefix(bucket, key)}-${newestFirstOrder(now)}`;
    const stored = await this.blobs.put(SETTINGS_BUCKET, archiveKey, body, {
      contentType: info?.contentType ?? 'application/octet-stream',
      metadata,
      ...(info?.headers ? { headers: info.headers } : {}),
      ...(info?.tags ? { tags: info.tags } : {}),
      ...(info?.parts ? { parts: info.parts } : {}),
      ...(info?.checksum ? { checksum: () => info.checksum } : {}),
      ...(info?.encryption ? { encryption: () => info.encryption } : {}),
    });
    return typeof stored === 'string' ? undefined : entryOf(bucket, stored);
  }
}

function entryOf(bucket: string, blob: BlobInfo): ArchivedVersion {
  const rest = blob.key.slice(archivePrefix(bucket).length);
  const hex = rest.slice(0, rest.lastIndexOf('-'));
  return {
    archiveKey: blob.key,
    key: Buffer.from(hex, 'hex').toString('utf8'),
    versionId: blob.metadata[VERSION_ID_METADATA] ?? 'null',
    isDeleteMarker: blob.metadata[MARKER_METADATA] === 'true',
    lastModified: Number(blob.metadata[MODIFIED_METADATA] ?? blob.lastModified),
    blob,
  };
}

/** A stored object as its version: reserved stamps hidden, its own Last-Modified, its version id if it has one. */
export function versionView(stored: BlobInfo, key: string): BlobInfo & { readonly versionId?: string } {
  const plain = plainInfo(stored);
  const versionId = stored.metadata[VERSION_ID_METADATA];
  const modified = Number(stored.metadata[MODIFIED_METADATA] ?? plain.lastModified);
  return {
    ...plain,
    key,
    lastModified: modified,
    metadata: withoutStamps(plain.metadata),
    ...(versionId ? { versionId } : {}),
  };
}
