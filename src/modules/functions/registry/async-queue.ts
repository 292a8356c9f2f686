// The durable queue of asynchronous (Event) invocations in SQL: claims are one atomic UPDATE with a lease,
// so a restarted server (or a second dispatcher) takes over records whose lease ran out.
import type { Kysely, Selectable } from 'kysely';
import type { DbTraits } from '../../../platform/db/port.js';
import type { InvocationResult } from '../invocation.js';
import type { AsyncAttempt, AsyncInvocationQueue, AsyncInvocationRecord } from '../ports.js';
import type { AsyncInvocationsTable, FunctionTables } from './schema.js';

export class SqlAsyncInvocationQueue implements AsyncInvocationQueue {
  constructor(
    private readonly db: Kysely<FunctionTables>,
    private readonly traits: Pick<DbTraits, 'skipLocked'>,
  ) {}

  async add(record: AsyncInvocationRecord): Promise<void> {
    await this.db.insertInto('fn_async_invocations').values(toRow(record)).execute();
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<AsyncInvocationRecord[]> {
    let due = this.db
      .selectFrom('fn_async_invocations')
      .select('request_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('not_before', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', now)]),
        ]),
      )
      .orderBy('not_before')
      .limit(limit);
    // On SQLite the single UPDATE is atomic (one writer); engines with row locks must skip locked rows.
    if (this.traits.skipLocked) due = due.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('fn_async_invocations')
      .set({ status: 'running', lease_until: now + leaseMs })
      .where('request_id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toRecord).sort((a, b) => a.notBefore - b.notBefore);
  }

  async update(record: AsyncInvocationRecord): Promise<void> {
    const { request_id: _, ...changes } = toRow(record);
    await this.db
      .updateTable('fn_async_invocations')
      .set(changes)
      .where('request_id', '=', record.requestId)
      .execute();
  }

  async get(requestId: string): Promise<AsyncInvocationRecord | undefined> {
    const row = await this.db
      .selectFrom('fn_async_invocations')
      .selectAll()
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('fn_async_invocations')
      .select((eb) =>
        eb.fn
          .min(
            eb
              .case()
              .when('status', '=', 'running')
              .then(eb.ref('lease_until'))
              .else(eb.ref('not_before'))
              .end(),
          )
          .as('due'),
      )
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
  }

  /** Deletes settled records enqueued before `before` (epoch ms); returns how many. */
  async prune(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('fn_async_invocations')
      .where('status', 'in', ['succeeded', 'failed'])
      .where('enqueued_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(record: AsyncInvocationRecord): AsyncInvocationsTable {
  return {
    request_id: record.requestId,
    function_name: record.functionName,
    qualifier: record.qualifier ?? null,
    payload: record.payload,
    enqueued_at: record.enqueuedAt,
    status: record.status,
    attempts: JSON.stringify(record.attempts),
    max_retries: record.maxRetries,
    not_before: record.notBefore,
    lease_until: record.leaseUntil ?? null,
    result: record.result ? JSON.stringify(record.result) : null,
  };
}

function toRecord(row: Selectable<AsyncInvocationsTable>): AsyncInvocationRecord {
  return {
    requestId: row.request_id,
    functionName: row.function_name,
    ...(row.qualifier === null ? {} : { qualifier: row.qualifier }),
    payload: row.payload,
    enqueuedAt: Number(row.enqueued_at),
    status: row.status,
    attempts: JSON.parse(row.attempts) as AsyncAttempt[],
    maxRetries: Number(row.max_retries),
    notBefore: Number(row.not_before),
    ...(row.lease_until === null ? {} : { leaseUntil: Number(row.lease_until) }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as InvocationResult }),
  };
}
