// Classification metrics from predicted probabilities: accuracy, per-class scores, ROC AUC, calibration.
import { argmaxRows } from './probabilities.js';

export interface ClassScores {
  readonly class: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Metrics {
  readonly accuracy: number;
  readonly logLoss: number;
  readonly perClass: readonly ClassScores[];
  /** confusion[actual][predicted] */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** Two classes: AUC of the second class's probability; more: the mean one-vs-rest AUC. */
  readonly rocAuc: number;
  readonly expectedCalibrationError: number;
  /** Share of images whose top-1 probability is at least the threshold. */
  readonly coverageAtThreshold: number;
  /** Accuracy on those images (null when none reach it). */
  readonly selectiveAccuracyAtThreshold: number | null;
}

const ECE_BINS = 15;

export function computeMetrics(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classNames: readonly string[],
  threshold: number,
): Metrics {
  const k = classNames.length;
  const n = labels.length;
  const predicted = argmaxRows(probabilities, k);
  const confusion = classNames.map(() => new Array<number>(k).fill(0));
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const actual = labels[i] as number;
    const row = confusion[actual] as number[];
    const p = predicted[i] as number;
    row[p] = (row[p] as number) + 1;
    logLoss -= Math.log(Math.max(probabilities[i * k + actual] as number, 1e-12));
  }
  const correct = confusion.reduce((sum, row, c) => sum + (row[c] as number), 0);
  const top = Array.from({ length: n }, (_, i) => probabilities[i * k + (predicted[i] as number)] as number);
  const confident = top.map((p, i) => (p >= threshold ? i : -1)).filter((i) => i >= 0);
  const confidentCorrect = confident.filter((i) => predicted[i] === labels[i]).length;
  return {
    accuracy: correct / n,
    logLoss: logLoss / n,
    perClass: classScores(confusion, classNames),
    confusionMatrix: confusion,
    rocAuc: k === 2 ? auc(probabilities, labels, 1, k) : meanOneVsRestAuc(probabilities, labels, k),
    expectedCalibrationError: calibrationError(top, predicted, labels),
    coverageAtThreshold: confident.length / n,
    selectiveAccuracyAtThreshold: confident.length > 0 ? confidentCorrect / confident.length : null,
  };
}

function classScores(confusion: readonly number[][], classNames: readonly string[]): ClassScores[] {
  return classNames.map((name, c) => {
    const tp = confusion[c]?.[c] ?? 0;
    const support = confusion[c]?.reduce((a, b) => a + b, 0) ?? 0;
    const predictedC = confusion.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    const precision = predictedC > 0 ? tp / predictedC : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { class: name, precision, recall, f1, support };
  });
}

/** Probability that a random positive scores above a random negative (ties count half): Mann-Whitney U. */
export function auc(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  positive: number,
  k: number,
): number {
  const scored = Array.from({ length: labels.length }, (_, i) => ({
    score: probabilities[i * k + positive] as number,
    positive: labels[i] === positive,
  })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < scored.length; ) {
    let j = i;
    while (j < scored.length && scored[j]?.score === scored[i]?.score) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) if (scored[t]?.positive) rankSum += meanRank;
    i = j;
  }
  const pos = scored.filter((s) => s.positive).length;
  const neg = scored.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function meanOneVsRestAuc(probabilities: Float32Array, labels: ArrayLike<number>, k: number): number {
  const values = Array.from({ length: k }, (_, c) => auc(probabilities, labels, c, k)).filter(
    (v) => !Number.isNaN(v),
  );
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** Expected calibration error over equal-width confidence bins of the top-1 probability. */
export function calibrationError(
  top: readonly number[],
  predicted: readonly number[],
  labels: ArrayLike<number>,
): number {
  const count = new Array<number>(ECE_BINS).fill(0);
  const confidence = new Array<number>(ECE_BINS).fill(0);
  const hits = new Array<number>(ECE_BINS).fill(0);
  top.forEach((p, i) => {
    const bin = Math.min(ECE_BINS - 1, Math.floor(p * ECE_BINS));
    count[bin] = (count[bin] as number) + 1;
    confidence[bin] = (confidence[bin] as number) + p;
    if (predicted[i] === labels[i]) hits[bin] = (hits[bin] as number) + 1;
  });
  return (
    count.reduce(
      (sum, c, b) => (c > 0 ? sum + Math.abs((hits[b] as number) - (confidence[b] as number)) : sum),
      0,
    ) / Math.max(1, top.length)
  );
}
