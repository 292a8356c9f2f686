// Two-sample drift measures: population stability index, Jensen-Shannon distance, chi-square homogeneity,
// Kolmogorov-Smirnov.
import { chiSquareSurvival, kolmogorovSurvival } from './distributions.js';

export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * PSI = sum (q - p) ln(q / p) over bins, p the reference shares and q the observed ones, each smoothed as
 * (count + 0.5) / (n + 0.5 bins) so that an empty bin gives a finite, sample-size-aware contribution.
 */
export function populationStabilityIndex(reference: readonly number[], observed: readonly number[]): number {
  const p = smoothedShares(reference);
  const q = smoothedShares(observed);
  let psi = 0;
  for (let i = 0; i < p.length; i++)
    psi += ((q[i] as number) - (p[i] as number)) * Math.log((q[i] as number) / (p[i] as number));
  return psi;
}

/** sqrt of the Jensen-Shannon divergence in bits: 0 for equal distributions, 1 for disjoint ones. */
export function jensenShannonDistance(reference: readonly number[], observed: readonly number[]): number {
  const p = shares(reference);
  const q = shares(observed);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    const b = q[i] as number;
    const m = (a + b) / 2;
    if (a > 0) divergence += 0.5 * a * Math.log2(a / m);
    if (b > 0) divergence += 0.5 * b * Math.log2(b / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}

/** Chi-square test that two count vectors over the same bins come from one distribution. */
export function chiSquareHomogeneity(reference: readonly number[], observed: readonly number[]): TestResult {
  const n1 = sum(reference);
  const n2 = sum(observed);
  if (n1 === 0 || n2 === 0) return { statistic: 0, pValue: 1 };
  let statistic = 0;
  let bins = 0;
  for (let i = 0; i < reference.length; i++) {
    const a = reference[i] as number;
    const b = observed[i] as number;
    const total = a + b;
    if (total === 0) continue;
    bins++;
    const e1 = (total * n1) / (n1 + n2);
    const e2 = (total * n2) / (n1 + n2);
    statistic += (a - e1) ** 2 / e1 + (b - e2) ** 2 / e2;
  }
  return { statistic, pValue: chiSquareSurvival(statistic, bins - 1) };
}

/** Two-sample Kolmogorov-Smirnov on sorted samples; asymptotic p-value with Stephens' small-sample correction. */
export function kolmogorovSmirnov(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): TestResult {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < n && j < m) {
    const a = sortedA[i] as number;
    const b = sortedB[j] as number;
    const value = Math.min(a, b);
    while (i < n && (sortedA[i] as number) <= value) i++;
    while (j < m && (sortedB[j] as number) <= value) j++;
    distance = Math.max(distance, Math.abs(i / n - j / m));
  }
  const effective = Math.sqrt((n * m) / (n + m));
  const lambda = (effective + 0.12 + 0.11 / effective) * distance;
  return { statistic: distance, pValue: kolmogorovSurvival(lambda) };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function shares(counts: readonly number[]): number[] {
  const total = sum(counts);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function smoothedShares(counts: readonly number[]): number[] {
  const total = sum(counts) + 0.5 * counts.length;
  return counts.map((c) => (c + 0.5) / total);
}
