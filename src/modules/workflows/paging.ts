// Opaque page tokens (nextToken) for the List* and GetExecutionHistory operations.
import type { Json } from './asl/json.js';
import { workflowError } from './errors.js';

/** The paging input of every List* operation. */
export interface Page {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export function encodeToken(position: Json): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeToken<T extends Json>(
  token: string | undefined,
  check: (value: Json) => value is T,
): T | undefined {
  if (token === undefined || token === '') return undefined;
  let value: Json;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Json;
  } catch {
    throw workflowError('INVALID_PAGE_TOKEN', 'The nextToken is not valid');
  }
  if (!check(value)) throw workflowError('INVALID_PAGE_TOKEN', 'The nextToken is not valid');
  return value;
}

/** maxResults as AWS reads it: 0 or absent means the default. */
export function pageSize(maxResults: number | undefined, defaultSize: number, max = 1000): number {
  if (maxResults === undefined || maxResults === 0) return defaultSize;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > max) {
    throw workflowError('INVALID_PARAMETER', `maxResults must be an integer from 0 to ${max}`);
  }
  return maxResults;
}

/**
 * One keyset page of rows queried with `limit(size + 1)`: the first `size`, and `next` (to spread into the answer)
 * holding the token of the last one shown when the extra row says there are more.
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  size: number,
  position: (row: Row) => Json,
): { shown: Row[]; next: { nextToken?: string } } {
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return {
    shown,
    next: rows.length > size && last !== undefined ? { nextToken: encodeToken(position(last)) } : {},
  };
}
