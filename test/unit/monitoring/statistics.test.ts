// The statistics under drift detection and percentiles, checked against reference values (scipy 1.17) and
// exact computations.
import { describe, expect, it } from 'vitest';
import {
  chiSquareSurvival,
  kolmogorovSurvival,
} from '../../../src/modules/monitoring/stats/distributions.js';
import {
  chiSquareHomogeneity,
  jensenShannonDistance,
  kolmogorovSmirnov,
  populationStabilityIndex,
} from '../../../src/modules/monitoring/stats/drift-tests.js';
import { LogSketch, SKETCH_RELATIVE_ACCURACY } from '../../../src/modules/monitoring/stats/log-sketch.js';
import { seededRandom } from '../../../src/modules/monitoring/stats/seeded-random.js';
import { countBetweenCuts, quantileCuts, summarize } from '../../../src/modules/monitoring/stats/summary.js';

describe('distributions', () => {
  it('matches scipy for chi-square and Kolmogorov tails', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(20, 9)).toBeCloseTo(0.017912404529843298, 10);
    expect(chiSquareSurvival(0.5, 4)).toBeCloseTo(0.9735009788392561, 10);
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.049485876755377876, 8);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 8);
  });
});

describe('drift tests', () => {
  it('two-sample Kolmogorov-Smirnov: distance exact, p-value close to scipy', () => {
    const a = Float64Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200);
    const b = Float64Array.from({ length: 300 }, (_, j) => ((j + 0.5) / 300) ** 1.3);
    const result = kolmogorovSmirnov(a, b);
    expect(result.statistic).toBeCloseTo(0.1, 10);
    // scipy: 0.1695 asymptotic, 0.1731 exact; Stephens' correction lands between.
    expect(result.pValue).toBeGreaterThan(0.165);
    expect(result.pValue).toBeLessThan(0.18);
    expect(kolmogorovSmirnov(a, a)).toEqual({ statistic: 0, pValue: 1 });
  });

  it('chi-square homogeneity and Jensen-Shannon distance match scipy', () => {
    const test = chiSquareHomogeneity([10, 20, 30], [30, 20, 10]);
    expect(test.statistic).toBeCloseTo(20, 10);
    expect(test.pValue).toBeCloseTo(4.539992976248486e-5, 12);
    expect(jensenShannonDistance([10, 20, 30], [30, 20, 10])).toBeCloseTo(0.35470351519813204, 12);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
  });

  it('population stability index: zero for equal shares, large for a moved mass, finite with empty bins', () => {
    expect(populationStabilityIndex([50, 50], [100, 100])).toBeCloseTo(0, 12);
    expect(populationStabilityIndex([90, 10], [10, 90])).toBeGreaterThan(3);
    expect(Number.isFinite(populationStabilityIndex([100, 0], [0, 100]))).toBe(true);
  });

  it('bins by reference quantiles so each bin holds a like share of the reference', () => {
    const reference = Float64Array.from({ length: 1000 }, (_, i) => i / 1000).sort();
    const cuts = quantileCuts(reference, 10);
    expect(cuts).toHaveLength(9);
    expect(countBetweenCuts(reference, cuts).every((c) => Math.abs(c - 100) <= 1)).toBe(true);
    const saturated = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 1 : i / 100)).sort();
    expect(quantileCuts(saturated, 10).every((c) => c < 1)).toBe(true);
  });

  it('summarises with numpy-style quantiles', () => {
    const summary = summarize([4, 1, 3, 2]);
    expect(summary).toMatchObject({ count: 4, mean: 2.5, min: 1, max: 4 });
    expect(summary?.quantiles.p50).toBe(2.5);
    expect(summary?.quantiles.p25).toBe(1.75);
    expect(summarize([])).toBeUndefined();
  });
});

describe('log sketch', () => {
  const random = seededRandom(7);
  // Log-normal latencies from 0.05 ms to minutes, plus zeros.
  const values = Array.from({ length: 20_000 }, (_, i) => (i % 500 === 0 ? 0 : Math.exp(random() * 12 - 3)));
  const sorted = [...values].sort((a, b) => a - b);
  const exact = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;

  it('answers every percentile within its stated relative accuracy', () => {
    const sketch = new LogSketch();
    for (const v of values) sketch.add(v);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99, 0.999]) {
      const truth = exact(q);
      const estimate = sketch.quantile(q) as number;
      expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(truth * SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
    expect(SKETCH_RELATIVE_ACCURACY).toBeLessThan(0.01);
  });

  it('merges per-minute sketches into exactly the sketch of all values, and survives JSON', () => {
    const whole = new LogSketch();
    const merged = new LogSketch();
    for (let minute = 0; minute < 20; minute++) {
      const part = new LogSketch();
      for (const v of values.slice(minute * 1000, (minute + 1) * 1000)) {
        part.add(v);
        whole.add(v);
      }
      merged.merge(LogSketch.fromJSON(JSON.parse(JSON.stringify(part.toJSON()))));
    }
    for (const q of [0.5, 0.9, 0.99]) expect(merged.quantile(q)).toBe(whole.quantile(q));
    expect(merged.count).toBe(values.length);
  });

  it('handles negative values and zero', () => {
    const sketch = new LogSketch();
    for (const v of [-10, -1, 0, 1, 10]) sketch.add(v);
    expect(sketch.quantile(0)).toBeCloseTo(-10, 0);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.countAtMost(0)).toBe(3);
  });
});
