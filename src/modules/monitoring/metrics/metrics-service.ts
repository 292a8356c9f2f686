// The metrics store: records through the MetricsRecorder port into per-minute memory aggregates, flushes
// them to SQL in batches, answers statistics queries and deletes minutes past the retention time.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type {
  EndpointInvocationEvent,
  FunctionInvocationEvent,
  MetricDatum,
  MetricsRecorder,
  WorkflowExecutionEvent,
} from '../ports.js';
import type { MonitoringTables } from '../schema.js';
import { EventRecorder } from './event-recorder.js';
import { type MetricQuery, type MetricQueryResult, runQuery } from './metric-query.js';
import { MetricStore, type StoredSeries } from './metric-store.js';
import { MinuteAggregator, type SeriesAccumulator } from './minute-aggregator.js';
import type { Dimensions } from './series-identity.js';

export interface MetricsServiceOptions {
  readonly database: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Top-1 confidence under this is a low-confidence prediction (the pipeline's 0.93). */
  readonly confidenceThreshold: number;
  readonly flushMs: number;
  readonly retentionMs: number;
}

const PRUNE_EVERY_MS = 3_600_000;

export class MetricsService implements MetricsRecorder {
  readonly #aggregator = new MinuteAggregator();
  readonly #store: MetricStore;
  readonly #recorder: EventRecorder;
  #timer: NodeJS.Timeout | undefined;
  #lastPrune = Number.NEGATIVE_INFINITY;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: MetricsServiceOptions) {
    this.#store = new MetricStore(options.database.db as Kysely<MonitoringTables>);
    this.#recorder = new EventRecorder(this.#aggregator, options.clock, options.confidenceThreshold);
  }

  endpointInvocation(event: EndpointInvocationEvent): void {
    this.#recorder.endpointInvocation(event);
  }

  functionInvocation(event: FunctionInvocationEvent): void {
    this.#recorder.functionInvocation(event);
  }

  workflowExecution(event: WorkflowExecutionEvent): void {
    this.#recorder.workflowExecution(event);
  }

  put(datum: MetricDatum): void {
    this.#recorder.put(datum);
  }

  /** Writes every aggregate recorded so far; flushes run one at a time. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushNow());
    return this.#flushing;
  }

  /** Flushes every `flushMs` and prunes old minutes hourly, until `close`. */
  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.options.flushMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /**
   * Reads the stored minutes and this process's unflushed ones, never during a flush: between a flush's drain
   * and its commit the minutes are in neither place (on SQLite the one connection made readers wait for the
   * commit anyway; a PostgreSQL pool does not), so queries and flushes take turns on one chain.
   */
  query(query: MetricQuery): Promise<MetricQueryResult> {
    const result = this.#flushing.then(() => runQuery(query, this.#store, this.#aggregator));
    this.#flushing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Series in the database (flushed at least once). */
  list(filter: { namespace?: string; name?: string; dimensions?: Dimensions } = {}): Promise<StoredSeries[]> {
    return this.#store.series(filter);
  }

  /** This process's series with everything recorded since it started (for Prometheus). */
  accumulators(): readonly SeriesAccumulator[] {
    return this.#aggregator.all();
  }

  async #flushNow(): Promise<void> {
    const aggregates = this.#aggregator.drain();
    try {
      await this.#store.append(aggregates);
      const now = this.options.clock.now();
      if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
        this.#lastPrune = now;
        await this.#store.deleteBefore(Math.floor((now - this.options.retentionMs) / 60_000));
      }
    } catch (error) {
      this.options.logger.error(
        { err: errorMessage(error), aggregates: aggregates.length },
        'metrics flush failed; those minutes are lost',
      );
    }
  }
}
