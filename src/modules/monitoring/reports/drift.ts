// A window against its baseline: PSI and Jensen-Shannon distance (with a chi-square test) for confidence and
// class distributions, Kolmogorov-Smirnov per input statistic, MMD on embeddings.
import type { ConstraintsDocument } from '../baseline/constraints-schema.js';
import { mmdTest } from '../embedding/mmd-test.js';
import { INPUT_FEATURES, type InputFeature } from '../images/image-features.js';
import type { SamplesDocument, StatisticsDocument } from '../profile/documents.js';
import type { ProfileSamples } from '../profile/profile-builder.js';
import {
  chiSquareHomogeneity,
  jensenShannonDistance,
  kolmogorovSmirnov,
  populationStabilityIndex,
} from '../stats/drift-tests.js';
import { countBetweenCuts, quantileCuts } from '../stats/summary.js';

export interface DistributionDrift {
  readonly psi: number;
  readonly jsDistance: number;
  readonly chiSquare: number;
  readonly pValue: number;
  readonly bins: number;
}

export interface FeatureDrift {
  readonly ksDistance: number;
  readonly pValue: number;
}

export interface EmbeddingDrift {
  readonly source: string;
  readonly mmd2: number;
  readonly pValue: number;
  readonly bandwidth: number;
  readonly permutations: number;
  readonly baselineSample: number;
  readonly windowSample: number;
}

export interface DriftResult {
  readonly confidence: DistributionDrift | null;
  readonly classes: DistributionDrift | null;
  readonly inputFeatures: Readonly<Partial<Record<InputFeature, FeatureDrift>>>;
  readonly embedding: EmbeddingDrift | null;
  /** How many drift tests ran; each must beat `level` = significance / tests (Bonferroni). */
  readonly tests: number;
  readonly level: number;
  /** Checks not run, and why (too few records, no embedding in the baseline, ...). */
  readonly skipped: readonly string[];
}

export interface Baseline {
  readonly statistics: StatisticsDocument;
  readonly samples: SamplesDocument;
  readonly constraints: ConstraintsDocument;
}

const CONFIDENCE_BINS = 10;
/** Enough to resolve the embedding test's p-value down to 0.01 / 11 tests. */
const MAX_PERMUTATIONS = 2000;

/**
 * Every drift test of a window, at one report-wide false-alarm rate: with k tests, each is held to
 * significance / k, so a window drawn from the baseline's distribution raises no drift violation with
 * probability at least 1 - significance.
 */
export function compareToBaseline(window: ProfileSamples, baseline: Baseline, seed: number): DriftResult {
  const { minRecords, significance } = baseline.constraints;
  const skipped: string[] = [];
  const predictions = window.confidences.length;
  const images = window.features.brightness.length;
  const enoughPredictions = predictions >= minRecords;
  const enoughImages = images >= minRecords;
  if (!enoughPredictions)
    skipped.push(`prediction drift: ${predictions} predictions, fewer than ${minRecords}`);
  if (!enoughImages) skipped.push(`input drift: ${images} images, fewer than ${minRecords}`);
  const inputFeatures = enoughImages ? featureDrift(window, baseline) : {};
  const embeddable = enoughImages && canCompareEmbeddings(window, baseline, skipped);
  const tests = (enoughPredictions ? 2 : 0) + Object.keys(inputFeatures).length + (embeddable ? 1 : 0);
  const level = significance / Math.max(1, tests);
  return {
    confidence: enoughPredictions ? confidenceDrift(window.confidences, baseline.samples.confidences) : null,
    classes: enoughPredictions
      ? distributionDrift(...aligned(baseline.samples.classCounts, window.classCounts))
      : null,
    inputFeatures,
    embedding: embeddable ? embeddingDrift(window, baseline, seed, level) : null,
    tests,
    level,
    skipped,
  };
}

function confidenceDrift(window: Float64Array, reference: readonly number[]): DistributionDrift {
  const cuts = quantileCuts(reference, CONFIDENCE_BINS);
  return distributionDrift(countBetweenCuts(reference, cuts), countBetweenCuts(window, cuts));
}

function distributionDrift(reference: number[], observed: number[]): DistributionDrift {
  const test = chiSquareHomogeneity(reference, observed);
  return {
    psi: populationStabilityIndex(reference, observed),
    jsDistance: jensenShannonDistance(reference, observed),
    chiSquare: test.statistic,
    pValue: test.pValue,
    bins: reference.length,
  };
}

function aligned(a: readonly number[], b: readonly number[]): [number[], number[]] {
  const length = Math.max(a.length, b.length);
  return [Array.from({ length }, (_, i) => a[i] ?? 0), Array.from({ length }, (_, i) => b[i] ?? 0)];
}

/** The features the constraints name and the baseline has values of. */
function featureDrift(
  window: ProfileSamples,
  baseline: Baseline,
): Partial<Record<InputFeature, FeatureDrift>> {
  const out: Partial<Record<InputFeature, FeatureDrift>> = {};
  for (const name of INPUT_FEATURES) {
    const baselineValues = baseline.samples.features[name];
    if (!baseline.constraints.input.features[name] || !baselineValues || baselineValues.length === 0)
      continue;
    const test = kolmogorovSmirnov(baselineValues, window.features[name]);
    out[name] = { ksDistance: test.statistic, pValue: test.pValue };
  }
  return out;
}

function canCompareEmbeddings(window: ProfileSamples, baseline: Baseline, skipped: string[]): boolean {
  const { embedding } = baseline.statistics;
  const source = baseline.samples.embeddingSource;
  if (!embedding || !source || baseline.samples.embeddings.length < 2 || !baseline.constraints.embedding) {
    skipped.push('embedding drift: the baseline has no embeddings or no embedding constraint');
    return false;
  }
  if (embedding.source !== source || window.embeddings.length < 2) {
    skipped.push(`embedding drift: the window was not embedded by ${source}`);
    return false;
  }
  return true;
}

function embeddingDrift(
  window: ProfileSamples,
  baseline: Baseline,
  seed: number,
  level: number,
): EmbeddingDrift {
  const scale = baseline.statistics.embedding as NonNullable<StatisticsDocument['embedding']>;
  const reference = baseline.samples.embeddings;
  const result = mmdTest(reference, window.embeddings, scale, {
    permutations: MAX_PERMUTATIONS,
    seed,
    level,
  });
  return {
    source: scale.source,
    mmd2: result.mmd2,
    pValue: result.pValue,
    bandwidth: result.bandwidth,
    permutations: result.permutations,
    baselineSample: reference.length,
    windowSample: window.embeddings.length,
  };
}
