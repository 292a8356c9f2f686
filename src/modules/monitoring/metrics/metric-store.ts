// Metric series and per-minute rows in SQL: batch inserts from the flusher, range reads for queries,
// deletion past the retention time.
import type { Kysely } from 'kysely';
import type { MonitoringTables } from '../schema.js';
import type { MinuteAggregate } from './minute-aggregator.js';
import { MinuteStats } from './minute-stats.js';
import {
  canonicalDimensions,
  type Dimensions,
  matchesDimensions,
  type SeriesIdentity,
  seriesKey,
} from './series-identity.js';

export interface StoredSeries extends SeriesIdentity {
  readonly id: number;
}

/** Rows per INSERT: 10 columns each stays far under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;

export class MetricStore {
  readonly #ids = new Map<string, number>();

  constructor(private readonly db: Kysely<MonitoringTables>) {}

  /** Appends the aggregates in one transaction. */
  async append(aggregates: readonly MinuteAggregate[]): Promise<void> {
    if (aggregates.length === 0) return;
    await this.#write(aggregates).catch((error: unknown) => {
      // Ids cached inside a rolled-back transaction may not exist.
      this.#ids.clear();
      throw error;
    });
  }

  async #write(aggregates: readonly MinuteAggregate[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const rows = [];
      for (const { identity, minute, stats } of aggregates) {
        rows.push({
          series_id: await this.#seriesId(trx, identity),
          minute,
          count: stats.count,
          sum: stats.sum,
          min: stats.min,
          max: stats.max,
          last: stats.last,
          last_at: stats.lastAt,
          sketch: JSON.stringify(stats.sketch.toJSON()),
        });
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
        await trx
          .insertInto('monitoring_metric_minutes')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
    });
  }

  async series(filter: {
    namespace?: string;
    name?: string;
    dimensions?: Dimensions;
  }): Promise<StoredSeries[]> {
    let query = this.db.selectFrom('monitoring_metric_series').selectAll();
    if (filter.namespace) query = query.where('namespace', '=', filter.namespace);
    if (filter.name) query = query.where('name', '=', filter.name);
    const rows = await query.orderBy('namespace').orderBy('name').orderBy('dimensions').execute();
    return rows
      .map((row) => ({
        id: row.id,
        namespace: row.namespace,
        name: row.name,
        dimensions: JSON.parse(row.dimensions) as Dimensions,
      }))
      .filter((s) => matchesDimensions(s.dimensions, filter.dimensions ?? {}));
  }

  /** Rows of the series in [fromMinute, toMinute). */
  async minutes(seriesIds: readonly number[], fromMinute: number, toMinute: number) {
    if (seriesIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('monitoring_metric_minutes')
      .selectAll()
      .where('series_id', 'in', seriesIds)
      .where('minute', '>=', fromMinute)
      .where('minute', '<', toMinute)
      .execute();
    return rows.map((row) => ({
      seriesId: row.series_id,
      minute: row.minute,
      stats: MinuteStats.fromRow(row),
    }));
  }

  async deleteBefore(minute: number): Promise<number> {
    const result = await this.db
      .deleteFrom('monitoring_metric_minutes')
      .where('minute', '<', minute)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async #seriesId(db: Kysely<MonitoringTables>, identity: SeriesIdentity): Promise<number> {
    const key = seriesKey(identity);
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    const dimensions = canonicalDimensions(identity.dimensions);
    await db
      .insertInto('monitoring_metric_series')
      .values({ namespace: identity.namespace, name: identity.name, dimensions })
      .onConflict((c) => c.doNothing())
      .execute();
    const row = await db
      .selectFrom('monitoring_metric_series')
      .select('id')
      .where('namespace', '=', identity.namespace)
      .where('name', '=', identity.name)
      .where('dimensions', '=', dimensions)
      .executeTakeFirstOrThrow();
    this.#ids.set(key, row.id);
    return row.id;
  }
}
