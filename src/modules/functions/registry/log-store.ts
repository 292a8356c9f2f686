// Function logs in SQL (Scones' CloudWatch Logs): a LogSink that buffers lines and writes them in batches,
// queries by function, time range and request id, and retention.
import type { Kysely } from 'kysely';
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
  /** Default 1000, at most 10000. */
  readonly limit?: number;
  /** The last `limit` matching lines rather than the first (still oldest first), like `tail`. */
  readonly newest?: boolean;
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
