// GetMetricStatistics: the aggregates of every series matching a name and dimensions, merged per period.
import { monitoringError } from '../errors.js';
import type { MetricStore } from './metric-store.js';
import type { MinuteAggregator } from './minute-aggregator.js';
import { MinuteStats } from './minute-stats.js';
import type { Dimensions } from './series-identity.js';
import { checkStatistic, statisticOf } from './statistics.js';

export interface MetricQuery {
  readonly namespace: string;
  readonly name: string;
  /** A series matches when it has all these dimension values (it may have more). */
  readonly dimensions?: Dimensions;
  /** Epoch milliseconds; periods start here. */
  readonly start: number;
  readonly end: number;
  /** A multiple of 60. */
  readonly periodSeconds: number;
  readonly statistics: readonly string[];
}

export interface Datapoint {
  /** Start of the period, epoch milliseconds. */
  readonly timestamp: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface MetricQueryResult {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Dimensions;
  readonly periodSeconds: number;
  /** Periods without data are left out, as CloudWatch does. */
  readonly datapoints: readonly Datapoint[];
}

const MINUTE = 60_000;
const MAX_DATAPOINTS = 1440;

export function checkQuery(query: MetricQuery): void {
  const problems: string[] = [];
  if (!Number.isInteger(query.periodSeconds) || query.periodSeconds < 60 || query.periodSeconds % 60 !== 0)
    problems.push('period must be a positive multiple of 60 seconds (the store keeps minutes)');
  if (!(query.end > query.start)) problems.push('end must be after start');
  else if ((query.end - query.start) / (query.periodSeconds * 1000) > MAX_DATAPOINTS)
    problems.push(`at most ${MAX_DATAPOINTS} periods per query; use a longer period`);
  if (query.statistics.length === 0) problems.push('ask for at least one statistic');
  if (problems.length > 0) throw monitoringError('INVALID_METRIC', problems.join('; '));
  for (const statistic of query.statistics) checkStatistic(statistic);
}

/** Merged aggregates per period index (from the store and this process's unflushed minutes). */
export async function periodAggregates(
  query: MetricQuery,
  store: MetricStore,
  aggregator: MinuteAggregator,
): Promise<Map<number, MinuteStats>> {
  const dimensions = query.dimensions ?? {};
  const fromMinute = Math.ceil(query.start / MINUTE);
  const toMinute = Math.ceil(query.end / MINUTE);
  const series = await store.series({ namespace: query.namespace, name: query.name, dimensions });
  const rows = await store.minutes(
    series.map((s) => s.id),
    fromMinute,
    toMinute,
  );
  const pending = aggregator.pending(query.namespace, query.name, dimensions, fromMinute, toMinute);
  const periods = new Map<number, MinuteStats>();
  const periodMs = query.periodSeconds * 1000;
  for (const { minute, stats } of [...rows, ...pending]) {
    const index = Math.floor((minute * MINUTE - query.start) / periodMs);
    let merged = periods.get(index);
    if (!merged) {
      merged = new MinuteStats();
      periods.set(index, merged);
    }
    merged.merge(stats);
  }
  return periods;
}

export async function runQuery(
  query: MetricQuery,
  store: MetricStore,
  aggregator: MinuteAggregator,
): Promise<MetricQueryResult> {
  checkQuery(query);
  const periods = await periodAggregates(query, store, aggregator);
  const datapoints = [...periods.entries()]
    .filter(([, stats]) => stats.count > 0)
    .sort(([a], [b]) => a - b)
    .map(([index, stats]) => ({
      timestamp: query.start + index * query.periodSeconds * 1000,
      values: Object.fromEntries(query.statistics.map((s) => [s, statisticOf(stats, s)])),
    }));
  return {
    namespace: query.namespace,
    name: query.name,
    dimensions: query.dimensions ?? {},
    periodSeconds: query.periodSeconds,
    datapoints,
  };
}
