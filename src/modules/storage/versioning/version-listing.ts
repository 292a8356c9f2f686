// ListObjectVersions: the bucket's current objects merged with the archive, keys in UTF-8 binary order and each
// key's versions newest first, with S3's KeyMarker/VersionIdMarker paging and prefix/delimiter roll-up.
import { compareUtf8 } from '../../../kernel/utf8.js';
import type { BlobInfo, BlobStore } from '../../../platform/blob/port.js';
import { storageError } from '../errors.js';
import {
  type ArchivedVersion,
  archivePrefix,
  MODIFIED_METADATA,
  VERSION_ID_METADATA,
  type VersionArchive,
  versionView,
} from './version-archive.js';
import { NULL_VERSION } from './version-ids.js';

export interface ListVersionsInput {
  readonly prefix?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly maxKeys?: number | undefined;
  readonly keyMarker?: string | undefined;
  readonly versionIdMarker?: string | undefined;
}

export interface ListedVersion {
  readonly key: string;
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly isDeleteMarker: boolean;
  readonly lastModified: number;
  /** The object as written (absent for delete markers). */
  readonly object?: BlobInfo;
}

export interface ListVersionsOutput {
  readonly versions: readonly ListedVersion[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

const MAX_KEYS = 1000;
const PAGE = 1000;

export async function listVersions(
  blobs: BlobStore,
  archive: VersionArchive,
  bucket: string,
  input: ListVersionsInput,
): Promise<ListVersionsOutput> {
  if (!(await blobs.headBucket(bucket)))
    throw storageError('NO_SUCH_BUCKET', `the bucket ${bucket} does not exist`, { bucket });
  const prefix = input.prefix ?? '';
  const maxKeys = Math.min(input.maxKeys ?? MAX_KEYS, MAX_KEYS);
  const versions: ListedVersion[] = [];
  const commonPrefixes: string[] = [];
  let last: { key: string; versionId?: string } | undefined;
  const items = merged(
    current(blobs, bucket, prefix),
    archive.entries(bucket, archivePrefix(bucket, prefix)),
  );
  const skip = resumeFilter(input);
  for await (const version of items) {
    if (skip(version)) continue;
    const rolled = rollUp(version.key, prefix, input.delimiter);
    if (rolled !== undefined && rolled === commonPrefixes.at(-1)) continue;
    if (versions.length + commonPrefixes.length >= maxKeys) {
      return { versions, commonPrefixes, isTruncated: maxKeys > 0, ...markers(last) };
    }
    if (rolled !== undefined) {
      commonPrefixes.push(rolled);
      last = { key: rolled };
    } else {
      versions.push(version);
      last = { key: version.key, versionId: version.versionId };
    }
  }
  return { versions, commonPrefixes, isTruncated: false };
}

function markers(last: { key: string; versionId?: string } | undefined) {
  if (!last) return {};
  return { nextKeyMarker: last.key, ...(last.versionId ? { nextVersionIdMarker: last.versionId } : {}) };
}

/** Skips what comes at or before the markers: S3 resumes strictly after them. */
function resumeFilter(input: ListVersionsInput): (version: ListedVersion) => boolean {
  const marker = input.keyMarker;
  if (!marker) return () => false;
  const markerBytes = Buffer.from(marker);
  let passedVersion = false;
  return (version) => {
    const order = Buffer.compare(Buffer.from(version.key), markerBytes);
    if (order < 0) return true;
    if (order > 0)
      return !!input.delimiter && marker.endsWith(input.delimiter) && version.key.startsWith(marker);
    if (input.versionIdMarker === undefined) return true;
    if (passedVersion) return false;
    if (version.versionId === input.versionIdMarker) passedVersion = true;
    return true;
  };
}

function rollUp(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** The bucket's current objects under the prefix, in key order. */
async function* current(blobs: BlobStore, bucket: string, prefix: string): AsyncGenerator<BlobInfo> {
  let after: string | undefined;
  for (;;) {
    const page = await blobs.list(bucket, {
      prefix,
      limit: PAGE,
      ...(after !== undefined ? { startAfter: after } : {}),
    });
    if (page.status !== 'ok') return;
    for (const item of page.items) if (item.kind === 'object') yield item.info;
    const last = page.items.at(-1);
    if (!page.truncated || last?.kind !== 'object') return;
    after = last.info.key;
  }
}

/** Each key's current object first (the latest), then its archived versions newest first. */
async function* merged(
  objects: AsyncGenerator<BlobInfo>,
  archived: AsyncGenerator<ArchivedVersion>,
): AsyncGenerator<ListedVersion> {
  let object = await objects.next();
  let entry = await archived.next();
  let latestKey: string | undefined;
  while (!object.done || !entry.done) {
    const takeObject = !object.done && (entry.done || compareUtf8(object.value.key, entry.value.key) <= 0);
    if (takeObject && !object.done) {
      const info = object.value;
      latestKey = info.key;
      yield {
        key: info.key,
        versionId: info.metadata[VERSION_ID_METADATA] ?? NULL_VERSION,
        isLatest: true,
        isDeleteMarker: false,
        lastModified: Number(info.metadata[MODIFIED_METADATA] ?? info.lastModified),
        object: versionView(info, info.key),
      };
      object = await objects.next();
    } else if (!entry.done) {
      const version = entry.value;
      const isLatest = latestKey !== version.key;
      latestKey = version.key;
      yield {
        key: version.key,
        versionId: version.versionId,
        isLatest,
        isDeleteMarker: version.isDeleteMarker,
        lastModified: version.lastModified,
        ...(version.isDeleteMarker ? {} : { object: versionView(version.blob, version.key) }),
      };
      entry = await archived.next();
    }
  }
}
