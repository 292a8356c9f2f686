// Metrics, temperature fitting, the stratified split and the learning-rate schedule.
import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../../src/modules/training/data/split.js';
import { auc, calibrationError, computeMetrics } from '../../../src/modules/training/eval/metrics.js';
import { softmax, viewProbabilities } from '../../../src/modules/training/eval/probabilities.js';
import { fitTemperature } from '../../../src/modules/training/eval/temperature.js';
import { learningRate } from '../../../src/modules/training/train/schedule.js';

const probs = (rows: number[][]) => Float32Array.from(rows.flat());

describe('metrics', () => {
  it('computes accuracy, confusion, per-class scores and coverage at a threshold', () => {
    const p = probs([
      [0.95, 0.05],
      [0.6, 0.4],
      [0.2, 0.8],
      [0.01, 0.99],
      [0.97, 0.03],
    ]);
    const m = computeMetrics(p, [0, 1, 1, 1, 1], ['a', 'b'], 0.93);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.confusionMatrix).toEqual([
      [1, 0],
      [2, 2],
    ]);
    expect(m.perClass[0]).toMatchObject({ class: 'a', precision: 1 / 3, recall: 1, support: 1 });
    expect(m.perClass[1]).toMatchObject({ class: 'b', precision: 1, recall: 0.5, support: 4 });
    expect(m.coverageAtThreshold).toBeCloseTo(3 / 5);
    expect(m.selectiveAccuracyAtThreshold).toBeCloseTo(2 / 3);
  });

  it('computes ROC AUC with ties counted half', () => {
    const p = probs([
      [0.9, 0.1],
      [0.6, 0.4],
      [0.6, 0.4],
      [0.2, 0.8],
    ]);
    expect(auc(p, [0, 0, 1, 1], 1, 2)).toBeCloseTo((1 + 1 + 0.5 + 1) / 4);
  });

  it('measures calibration error per confidence bin', () => {
    expect(calibrationError([1, 1], [0, 1], [0, 1])).toBeCloseTo(0);
    expect(calibrationError([0.99, 0.99], [0, 0], [1, 1])).toBeCloseTo(0.99);
  });

  it('fits the temperature that undoes overconfidence', () => {
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      const margin = ((i % 20) - 6) * 0.5;
      logits.push(margin * 3, 0);
      labels.push(i % 10 < Math.round(10 / (1 + Math.exp(-margin))) ? 0 : 1);
    }
    const t = fitTemperature([Float32Array.from(logits)], labels, 2);
    expect(t).toBeGreaterThan(2);
    expect(t).toBeLessThan(4.5);
    const p = viewProbabilities([Float32Array.from([2, 0])], 2, 2);
    expect(p[0]).toBeCloseTo(softmax(Float32Array.from([1, 0]), 2)[0] as number, 6);
  });
});

describe('stratified split', () => {
  it('holds out the same share of each class, seeded', () => {
    const labels = Uint8Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));
    const split = stratifiedSplit(labels, 2, 0.1, 7);
    expect(split.validation.filter((i) => labels[i] === 0)).toHaveLength(7);
    expect(split.validation.filter((i) => labels[i] === 1)).toHaveLength(3);
    expect(new Set([...split.train, ...split.validation]).size).toBe(100);
    expect(stratifiedSplit(labels, 2, 0.1, 7)).toEqual(split);
    expect(stratifiedSplit(labels, 2, 0.1, 8)).not.toEqual(split);
  });
});

describe('one-cycle schedule', () => {
  it('warms up to the peak, then decays to nearly zero', () => {
    const s = { peak: 0.05, totalSteps: 1000, warmup: 0.15 };
    expect(learningRate(s, 0)).toBeCloseTo(0.002);
    expect(learningRate(s, 150)).toBeCloseTo(0.05);
    expect(learningRate(s, 75)).toBeLessThan(0.05);
    expect(learningRate(s, 999)).toBeLessThan(1e-4);
  });
});
