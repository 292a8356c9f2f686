// Shared ListObjectsV2 paging over a sorted candidate stream: filters, delimiter grouping, the page limit.
import type { ListItem, ListQuery } from './port.js';

/** Whether a key is selected by the query's prefix, StartAfter and skipped prefix. */
export function selectsKey(
  key: string,
  query: ListQuery,
  compare: (a: string, b: string) => number,
): boolean {
  if (!key.startsWith(query.prefix)) return false;
  if (query.startAfter !== undefined && compare(key, query.startAfter) <= 0) return false;
  return !(query.skipPrefix !== undefined && key.startsWith(query.skipPrefix));
}

/** The common prefix a key rolls up into under the query's delimiter, if any. */
export function commonPrefixOf(key: string, query: ListQuery): string | undefined {
  if (!query.delimiter) return undefined;
  const at = key.indexOf(query.delimiter, query.prefix.length);
  return at < 0 ? undefined : key.slice(0, at + query.delimiter.length);
}

/**
 * Takes candidates in key order (already filtered by `selectsKey`, or prefixes the adapter grouped itself) and
 * returns one page: objects and common prefixes, each prefix once, at most `limit` items.
 */
export async function collectPage(
  candidates: AsyncIterable<ListItem> | Iterable<ListItem>,
  query: ListQuery,
): Promise<{ items: ListItem[]; truncated: boolean }> {
  const items: ListItem[] = [];
  let lastPrefix: string | undefined;
  for await (const candidate of candidates) {
    const prefix = candidate.kind === 'prefix' ? candidate.prefix : commonPrefixOf(candidate.info.key, query);
    if (prefix !== undefined && prefix === lastPrefix) continue;
    if (items.length === query.limit) return { items, truncated: true };
    if (prefix === undefined) items.push(candidate);
    else {
      lastPrefix = prefix;
      items.push({ kind: 'prefix', prefix });
    }
  }
  return { items, truncated: false };
}
