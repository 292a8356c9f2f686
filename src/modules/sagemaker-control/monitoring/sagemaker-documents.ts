// Scones's report documents in Model Monitor's JSON formats (what DefaultModelMonitor's Statistics and
// ConstraintViolations read): `statistics.json` ({version, dataset.item_count, features[]} with numerical
// statistics and KLL-style buckets, or string statistics with categorical buckets) and `constraint_violations.json`.
import type { StatisticsDocument, Violation } from '../../monitoring/index.js';

interface Summary {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

type Buckets = { lower_bound: number; upper_bound: number; count: number }[];

function numerical(
  name: string,
  summary: Summary | null,
  items: number,
  integral = false,
  buckets?: Buckets,
) {
  const present = summary?.count ?? 0;
  return {
    name,
    inferred_type: integral ? 'Integral' : 'Fractional',
    numerical_statistics: {
      common: { num_present: present, num_missing: Math.max(0, items - present) },
      ...(summary
        ? {
            mean: summary.mean,
            sum: summary.mean * summary.count,
            std_dev: summary.std,
            min: summary.min,
            max: summary.max,
          }
        : {}),
      ...(buckets ? { distribution: { kll: { buckets } } } : {}),
    },
  };
}

function categorical(name: string, counts: Readonly<Record<string, number>>, items: number) {
  const present = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    name,
    inferred_type: 'String',
    string_statistics: {
      common: { num_present: present, num_missing: Math.max(0, items - present) },
      distinct_count: Object.keys(counts).length,
      distribution: {
        categorical: { buckets: Object.entries(counts).map(([value, count]) => ({ value, count })) },
      },
    },
  };
}

/** Model Monitor's `statistics.json` of a window (or baseline) Scones profiled. */
export function sagemakerStatistics(doc: StatisticsDocument) {
  const items = doc.counts.records;
  const confidence = doc.prediction.confidence;
  const histogram = confidence?.histogram;
  const buckets = histogram?.counts.map((count, i) => ({
    lower_bound: histogram.edges[i] as number,
    upper_bound: histogram.edges[i + 1] as number,
    count,
  }));
  const classes = Object.fromEntries(
    Object.entries(doc.prediction.classDistribution).map(([name, c]) => [name, c.count]),
  );
  return {
    version: 0.0,
    dataset: { item_count: items },
    features: [
      numerical('confidence', confidence, items, false, buckets),
      categorical('predicted_class', classes, items),
      categorical('content_type', doc.input.contentTypes, items),
      numerical('width', doc.input.width, items, true),
      numerical('height', doc.input.height, items, true),
      ...Object.entries(doc.input.features).map(([name, summary]) =>
        numerical(name, summary, doc.input.pixelSample),
      ),
    ],
  };
}

/** Model Monitor's `constraint_violations.json`: its three keys per violation. */
export function sagemakerViolations(violations: readonly Violation[]) {
  return {
    violations: violations.map((v) => ({
      feature_name: v.feature_name,
      constraint_check_type: v.constraint_check_type,
      description: v.description,
    })),
  };
}
