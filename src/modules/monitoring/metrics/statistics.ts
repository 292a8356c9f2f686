// CloudWatch statistics over merged aggregates: SampleCount, Average, Sum, Minimum, Maximum and
// percentiles `pNN` / `pNN.N` read from the sketch (within 1% relative error).
import { monitoringError } from '../errors.js';
import type { MinuteStats } from './minute-stats.js';

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

export function checkStatistic(statistic: string): string {
  if ((BASIC_STATISTICS as readonly string[]).includes(statistic) || PERCENTILE.test(statistic))
    return statistic;
  throw monitoringError(
    'INVALID_METRIC',
    `unknown statistic ${JSON.stringify(statistic)}: use ${BASIC_STATISTICS.join(', ')} or a percentile such as p50, p90, p99.9`,
  );
}

/** The statistic of a non-empty aggregate. */
export function statisticOf(stats: MinuteStats, statistic: string): number {
  switch (statistic) {
    case 'SampleCount':
      return stats.count;
    case 'Sum':
      return stats.sum;
    case 'Average':
      return stats.sum / stats.count;
    case 'Minimum':
      return stats.min;
    case 'Maximum':
      return stats.max;
    default: {
      const q = Number(statistic.slice(1)) / 100;
      const value = stats.sketch.quantile(q) ?? Number.NaN;
      // The bucket's midpoint can fall just outside the values actually seen.
      return Math.min(stats.max, Math.max(stats.min, value));
    }
  }
}
