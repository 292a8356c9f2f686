// Descriptive statistics of a sample: mean, spread, quantiles and fixed-edge histograms.

export const SUMMARY_QUANTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] as const;

export interface NumericSummary {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** `p01` ... `p99`, linear interpolation between order statistics. */
  readonly quantiles: Readonly<Record<string, number>>;
}

export interface Histogram {
  /** `edges.length - 1` bins; bin i is [edges[i], edges[i+1]), the last one closed. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Quantile of sorted values with linear interpolation (numpy's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  const a = sorted[low] as number;
  return a + ((sorted[high] as number) - a) * (position - low);
}

export function quantileName(q: number): string {
  return `p${String(Math.round(q * 100)).padStart(2, '0')}`;
}

/** Undefined for an empty sample. */
export function summarize(values: ArrayLike<number>): NumericSummary | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const sorted = sortedCopy(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((sorted[i] as number) - mean) ** 2;
  return {
    count: n,
    mean,
    std: Math.sqrt(squares / n),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    quantiles: Object.fromEntries(
      SUMMARY_QUANTILES.map((q) => [quantileName(q), quantileOfSorted(sorted, q)]),
    ),
  };
}

/** `bins` equal-width bins over [low, high]; values outside go to the first or last bin. */
export function equalWidthHistogram(
  values: ArrayLike<number>,
  low: number,
  high: number,
  bins: number,
): Histogram {
  const edges = Array.from({ length: bins + 1 }, (_, i) => low + ((high - low) * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const at = Math.floor((((values[i] as number) - low) / (high - low)) * bins);
    const bin = Math.min(bins - 1, Math.max(0, at));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges, counts };
}

/** Counts of values per bin of `(-inf, cuts[0]], (cuts[0], cuts[1]], ..., (cuts[k-1], +inf)`. */
export function countBetweenCuts(values: ArrayLike<number>, cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    let low = 0;
    let high = cuts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (value <= (cuts[mid] as number)) high = mid;
      else low = mid + 1;
    }
    counts[low] = (counts[low] as number) + 1;
  }
  return counts;
}

/** Distinct interior cut points at the given quantiles of a reference sample (PSI's quantile bins). */
export function quantileCuts(sortedReference: ArrayLike<number>, bins: number): number[] {
  const cuts = new Set<number>();
  for (let i = 1; i < bins; i++) cuts.add(quantileOfSorted(sortedReference, i / bins));
  const max = sortedReference[sortedReference.length - 1];
  return [...cuts].filter((c) => c !== max).sort((a, b) => a - b);
}
