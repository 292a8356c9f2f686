// Function logs in SQL (Scones' CloudWatch Logs): a LogSink that buffers lines and writes them in batches,
// queries by function, time range and request id, and retention.
import { type Kysely, sql } from 'kysely';
import type { Logger } from '../../../kernel/logger.js';
import type { LogRecord, LogSink } from '../ports.js';
import type { FunctionTables } from './schema.js';

export interface LogEvent extends LogRecord {
  /** Increases with every stored line: `afterId` pages and follows. */
  readonly id: number;
}

export interface LogQuery {
  readonly functionName: string;
  readonly requestId?: string;
  /** Epoch milliseconds, inclusive. */
  readonly startTime?: number;
  /** Epoch milliseconds, exclusive. */
  readonly endTime?: number;
  /** Only lines stored after this id (following a log). */
  readonly afterId?: number;
  /** Only lines stored before this id (paging backwards). */
  readonly beforeId?: number;
  /** Only lines of these log streams. */
  readonly logStreams?: readonly string[];
  /** Only lines of log streams whose name starts with this. */
  readonly logStreamPrefix?: string;
  /** Default 1000, at most 10000. */
  readonly limit?: number;
  /** The last `limit` matching lines rather than the first (still oldest first), like `tail`. */
  readonly newest?: boolean;
}

/** A log group's or stream's extent: CloudWatch's first and last event times and stored bytes. */
export interface LoggedSummary {
  readonly name: string;
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
  readonly storedBytes: number;
}

function summary(name: string, row: { first: unknown; last: unknown; bytes: unknown }): LoggedSummary {
  return {
    name,
    firstTimestamp: Number(row.first),
    lastTimestamp: Number(row.last),
    storedBytes: Number(row.bytes ?? 0),
  };
}

/** Rows per INSERT: seven parameters each keeps a batch under SQLite's variable limit. */
const BATCH_ROWS = 500;

export class SqlLogStore implements LogSink {
  private pending: LogRecord[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly db: Kysely<FunctionTables>,
    private readonly logger: Logger,
  ) {}

  write(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    this.pending.push(...records);
    if (this.scheduled) return;
    this.scheduled = true;
    // Lines of one burst (a whole invocation's output) are written together on the next turn.
    setImmediate(() => void this.flush());
  }

  /** Resolves once every line written so far is stored. */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => this.insert(batch));
    return this.flushing;
  }

  async query(query: LogQuery): Promise<LogEvent[]> {
    await this.flush();
    let select = this.db
      .selectFrom('fn_log_events')
      .selectAll()
      .where('function_name', '=', query.functionName)
      .orderBy('id', query.newest ? 'desc' : 'asc')
      .limit(Math.min(query.limit ?? 1000, 10_000));
    if (query.requestId !== undefined) select = select.where('request_id', '=', query.requestId);
    if (query.startTime !== undefined) select = select.where('timestamp', '>=', query.startTime);
    if (query.endTime !== undefined) select = select.where('timestamp', '<', query.endTime);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    if (query.logStreams !== undefined) select = select.where('log_stream', 'in', [...query.logStreams, '']);
    if (query.logStreamPrefix !== undefined)
      select = select.where(
        sql<string>`substr(log_stream, 1, ${query.logStreamPrefix.length})`,
        '=',
        query.logStreamPrefix,
      );
    const rows = await select.execute();
    if (query.newest) rows.reverse();
    return rows.map((row) => ({
      id: Number(row.id),
      functionName: row.function_name,
      version: row.version,
      logStream: row.log_stream,
      requestId: row.request_id,
      timestamp: Number(row.timestamp),
      message: row.message,
    }));
  }

  /** The functions that have log lines, with their first line's time and total size (CloudWatch's log groups). */
  async loggedFunctions(): Promise<LoggedSummary[]> {
    await this.flush();
    const rows = await this.db
      .selectFrom('fn_log_events')
      .select((eb) => [
        'function_name as name',
        eb.fn.min('timestamp').as('first'),
        eb.fn.max('timestamp').as('last'),
        eb.fn.sum(eb.fn('length', ['message'])).as('bytes'),
      ])
      .groupBy('function_name')
      .orderBy('function_name')
      .execute();
    return rows.map((row) => summary(row.name, row));
  }

  /** One function's log streams (each guest writes one), by name. */
  async logStreams(functionName: string): Promise<LoggedSummary[]> {
    await this.flush();
    const rows = await this.db
      .selectFrom('fn_log_events')
      .select((eb) => [
        'log_stream as name',
        eb.fn.min('timestamp').as('first'),
        eb.fn.max('timestamp').as('last'),
        eb.fn.sum(eb.fn('length', ['message'])).as('bytes'),
      ])
      .where('function_name', '=', functionName)
      .groupBy('log_stream')
      .orderBy('log_stream')
      .execute();
    return rows.map((row) => summary(row.name, row));
  }

  /** Deletes lines older than `before` (epoch ms); returns how many. */
  async prune(before: number): Promise<number> {
    await this.flush();
    const result = await this.db
      .deleteFrom('fn_log_events')
      .where('timestamp', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async insert(batch: readonly LogRecord[]): Promise<void> {
    try {
      for (let start = 0; start < batch.length; start += BATCH_ROWS) {
        const rows = batch.slice(start, start + BATCH_ROWS).map((record) => ({
          function_name: record.functionName,
          version: record.version,
          log_stream: record.logStream,
          request_id: record.requestId,
          timestamp: record.timestamp,
          message: record.message,
        }));
        await this.db.insertInto('fn_log_events').values(rows).execute();
      }
    } catch (error) {
      // A sink must not throw into the runtime; the lines are lost and the reason logged.
      this.logger.error({ err: error, lines: batch.length }, 'function log lines could not be stored');
    }
  }
}
