// ListObjectsV2 over the backend, translated to the port's query: the backend pages by prefix, delimiter and
// StartAfter; each page's objects and common prefixes are merged back into one key order, and every object's
// record is read (HeadObject) because a listing alone carries neither our ETag nor our metadata.
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { compareUtf8 } from '../../../kernel/utf8.js';
import { collectPage, commonPrefixOf } from '../listing.js';
import type { BlobInfo, ListItem, ListQuery } from '../port.js';
import type { ObjectRecords } from './object-record.js';
import type { S3Backend } from './s3-backend.js';

/** HeadObject calls in flight at once while reading one page's records. */
const HEAD_CONCURRENCY = 8;

export async function listPage(
  backend: S3Backend,
  records: ObjectRecords,
  where: { readonly Bucket: string; readonly base: string },
  query: ListQuery,
): Promise<{ items: ListItem[]; truncated: boolean }> {
  return collectPage(withResumedPrefix(backend, records, where, query), query);
}

/**
 * S3 rolls the keys after a StartAfter that lies inside a common prefix into that prefix, listed first; Ceph RGW
 * leaves the prefix out. So that prefix is found here (one probe) and the rest listed after it, on every backend.
 */
async function* withResumedPrefix(
  backend: S3Backend,
  records: ObjectRecords,
  where: { readonly Bucket: string; readonly base: string },
  query: ListQuery,
): AsyncGenerator<ListItem> {
  const inside = query.startAfter === undefined ? undefined : commonPrefixOf(query.startAfter, query);
  if (inside === undefined || (query.skipPrefix !== undefined && inside.startsWith(query.skipPrefix))) {
    yield* candidates(backend, records, where, query);
    return;
  }
  const probe = await backend.send((c) =>
    c.send(
      new ListObjectsV2Command({
        Bucket: where.Bucket,
        Prefix: where.base + inside,
        StartAfter: where.base + query.startAfter,
        MaxKeys: 1,
      }),
    ),
  );
  if ((probe.KeyCount ?? probe.Contents?.length ?? 0) > 0) yield { kind: 'prefix', prefix: inside };
  yield* candidates(backend, records, where, { ...query, startAfter: inside, skipPrefix: inside });
}

async function* candidates(
  backend: S3Backend,
  records: ObjectRecords,
  { Bucket, base }: { readonly Bucket: string; readonly base: string },
  query: ListQuery,
): AsyncGenerator<ListItem> {
  let ContinuationToken: string | undefined;
  const startAfter = [query.startAfter, query.skipPrefix].filter((k): k is string => k !== undefined);
  do {
    const page = await backend.send((c) =>
      c.send(
        new ListObjectsV2Command({
          Bucket,
          Prefix: base + query.prefix,
          MaxKeys: Math.min(1000, query.limit + 1),
          ...(query.delimiter ? { Delimiter: query.delimiter } : {}),
          ...(startAfter.length > 0 ? { StartAfter: base + startAfter.sort(compareUtf8).at(-1) } : {}),
          ...(ContinuationToken ? { ContinuationToken } : {}),
        }),
      ),
    );
    const keys = (page.Contents ?? [])
      .map((o) => (o.Key ?? '').slice(base.length))
      .filter((k) => selected(k, query));
    const infos = await headAll(backend, records, Bucket, base, keys);
    const prefixes = (page.CommonPrefixes ?? [])
      .map((p) => (p.Prefix ?? '').slice(base.length))
      .filter((p) => selected(p, query));
    yield* merge(infos, prefixes);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

/** StartAfter and the prefix are the backend's job; a resumed common prefix is skipped here. */
function selected(key: string, query: ListQuery): boolean {
  return !(query.skipPrefix !== undefined && key.startsWith(query.skipPrefix));
}

function* merge(infos: readonly BlobInfo[], prefixes: readonly string[]): Generator<ListItem> {
  let p = 0;
  for (const info of infos) {
    while (p < prefixes.length && compareUtf8(prefixes[p] as string, info.key) < 0)
      yield { kind: 'prefix', prefix: prefixes[p++] as string };
    yield { kind: 'object', info };
  }
  while (p < prefixes.length) yield { kind: 'prefix', prefix: prefixes[p++] as string };
}

/** The records of a page's keys, in order; a key deleted since the listing is left out. */
async function headAll(
  backend: S3Backend,
  records: ObjectRecords,
  Bucket: string,
  base: string,
  keys: readonly string[],
): Promise<BlobInfo[]> {
  const infos: Array<BlobInfo | undefined> = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const key = keys[i] as string;
      const head = await backend.attempt((c) => c.send(new HeadObjectCommand({ Bucket, Key: base + key })));
      if (head.ok) infos[i] = await records.decode(key, head.value);
      else if (head.status !== 404) throw backend.failure(head);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, keys.length) }, worker));
  return infos.filter((info): info is BlobInfo => info !== undefined);
}
