// The List* operations' common parameters: name and time filters, sorting, and paging with NextToken.
import { sagemakerControlError } from './errors.js';

export interface ListQuery {
  readonly NameContains?: string | undefined;
  readonly StatusEquals?: string | undefined;
  readonly CreationTimeAfter?: number | undefined;
  readonly CreationTimeBefore?: number | undefined;
  readonly SortBy?: string | undefined;
  readonly SortOrder?: string | undefined;
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface Listed {
  readonly name: string;
  readonly status?: string | undefined;
  readonly createdAt: number;
}

const DEFAULT_PAGE = 10;

/** One page of `items`, filtered and sorted as SageMaker does (default: newest first). */
export function listPage<T extends Listed>(
  items: readonly T[],
  query: ListQuery,
): { page: T[]; next?: string } {
  const contains = query.NameContains?.toLowerCase();
  const kept = items.filter(
    (item) =>
      (contains === undefined || item.name.toLowerCase().includes(contains)) &&
      (query.StatusEquals === undefined || item.status === query.StatusEquals) &&
      (query.CreationTimeAfter === undefined || item.createdAt > query.CreationTimeAfter) &&
      (query.CreationTimeBefore === undefined || item.createdAt < query.CreationTimeBefore),
  );
  const byName = query.SortBy === 'Name';
  const sign = query.SortOrder === 'Ascending' ? 1 : -1;
  kept.sort((a, b) => sign * (byName ? a.name.localeCompare(b.name) : a.createdAt - b.createdAt));
  const start = query.NextToken === undefined ? 0 : offsetOf(query.NextToken);
  const size = query.MaxResults ?? DEFAULT_PAGE;
  const page = kept.slice(start, start + size);
  const end = start + page.length;
  return end < kept.length ? { page, next: Buffer.from(String(end)).toString('base64') } : { page };
}

function offsetOf(token: string): number {
  const offset = Number(Buffer.from(token, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0)
    throw sagemakerControlError('VALIDATION', 'The NextToken is invalid.');
  return offset;
}
