// Embedding drift: maximum mean discrepancy (RBF kernel, median-distance bandwidth) between the baseline's
// embeddings and a window's, with a permutation test for its p-value.

import { seededRandom } from '../stats/seeded-random.js';
import { quantileOfSorted } from '../stats/summary.js';

export interface Standardization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface MmdResult {
  /** Unbiased MMD^2 estimate: about 0 for one distribution, larger as they part. */
  readonly mmd2: number;
  readonly pValue: number;
  /** The kernel's squared length scale (median squared distance within the reference). */
  readonly bandwidth: number;
  readonly permutations: number;
}

/** Mean and spread per dimension, so that every dimension weighs alike in distances. */
export function standardization(vectors: readonly ArrayLike<number>[], dimension: number): Standardization {
  const mean = new Array<number>(dimension).fill(0);
  const std = new Array<number>(dimension).fill(0);
  for (const v of vectors)
    for (let d = 0; d < dimension; d++) mean[d] = (mean[d] as number) + (v[d] as number) / vectors.length;
  for (const v of vectors)
    for (let d = 0; d < dimension; d++)
      std[d] = (std[d] as number) + ((v[d] as number) - (mean[d] as number)) ** 2 / vectors.length;
  return { mean, std: std.map((s) => Math.max(Math.sqrt(s), 1e-6)) };
}

export interface MmdOptions {
  /** Most permutations to run; enough to resolve p-values down to `level`. */
  readonly permutations: number;
  readonly seed: number;
  /** Stop early once the p-value cannot get below this (clean windows stop after a few permutations). */
  readonly level?: number;
}

export function mmdTest(
  reference: readonly ArrayLike<number>[],
  observed: readonly ArrayLike<number>[],
  scale: Standardization,
  options: MmdOptions,
): MmdResult {
  const pooled = [...reference, ...observed].map((v) => standardize(v, scale));
  const n = reference.length;
  const total = pooled.length;
  const distances = squaredDistances(pooled);
  const bandwidth = medianWithin(distances, total, n);
  const kernel = distances.map((d) => Math.exp(-d / bandwidth));
  const labels = new Uint8Array(total);
  labels.fill(1, n);
  const observedStat = mmd2(kernel, labels, total, n, total - n);
  const random = seededRandom(options.seed);
  const giveUpAt =
    options.level === undefined ? Number.POSITIVE_INFINITY : options.level * (options.permutations + 1);
  let atLeast = 0;
  let run = 0;
  while (run < options.permutations && atLeast + 1 <= giveUpAt) {
    shuffle(labels, random);
    if (mmd2(kernel, labels, total, n, total - n) >= observedStat) atLeast++;
    run++;
  }
  return { mmd2: observedStat, pValue: (atLeast + 1) / (run + 1), bandwidth, permutations: run };
}

function standardize(v: ArrayLike<number>, scale: Standardization): Float64Array {
  const out = new Float64Array(scale.mean.length);
  for (let d = 0; d < out.length; d++)
    out[d] = ((v[d] as number) - (scale.mean[d] as number)) / (scale.std[d] as number);
  return out;
}

/** Upper-triangle squared distances, row-major over i < j. */
function squaredDistances(points: readonly Float64Array[]): Float64Array {
  const total = points.length;
  const out = new Float64Array((total * (total - 1)) / 2);
  let k = 0;
  for (let i = 0; i < total; i++) {
    const a = points[i] as Float64Array;
    for (let j = i + 1; j < total; j++) {
      const b = points[j] as Float64Array;
      let sum = 0;
      for (let d = 0; d < a.length; d++) sum += ((a[d] as number) - (b[d] as number)) ** 2;
      out[k++] = sum;
    }
  }
  return out;
}

/** Median squared distance between reference points (the first `n`); 1 when there are too few. */
function medianWithin(distances: Float64Array, total: number, n: number): number {
  const within: number[] = [];
  let k = 0;
  for (let i = 0; i < total; i++) {
    for (let j = i + 1; j < total; j++, k++) if (j < n) within.push(distances[k] as number);
  }
  const median = quantileOfSorted(
    within.sort((a, b) => a - b),
    0.5,
  );
  return Number.isFinite(median) && median > 0 ? median : 1;
}

function mmd2(kernel: Float64Array, labels: Uint8Array, total: number, n: number, m: number): number {
  let xx = 0;
  let yy = 0;
  let xy = 0;
  let k = 0;
  for (let i = 0; i < total; i++) {
    const li = labels[i];
    for (let j = i + 1; j < total; j++, k++) {
      const value = kernel[k] as number;
      const lj = labels[j];
      if (li !== lj) xy += value;
      else if (li === 0) xx += value;
      else yy += value;
    }
  }
  return (2 * xx) / (n * (n - 1)) + (2 * yy) / (m * (m - 1)) - (2 * xy) / (n * m);
}

function shuffle(labels: Uint8Array, random: () => number): void {
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = labels[i] as number;
    labels[i] = labels[j] as number;
    labels[j] = t;
  }
}
