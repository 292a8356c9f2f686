// Constraints suggested from a baseline: limits a user can then edit in constraints.json.
import { INPUT_FEATURES } from '../images/image-features.js';
import type { StatisticsDocument } from '../profile/documents.js';
import type { ConstraintsDocument } from './constraints-schema.js';

/** Defaults for the checks that do not depend on the baseline's values. */
export const CONSTRAINT_DEFAULTS = {
  minRecords: 30,
  significance: 0.01,
  /** Allowed rise of the low-confidence rate over the baseline's. */
  lowConfidenceMargin: 0.1,
  /** PSI 0.2: the usual "significant shift" line; JS distance 0.1 bits. */
  distribution: { maxPsi: 0.2, maxJsDistance: 0.1 },
  /** SageMaker Model Monitor's default comparison threshold for distribution distances. */
  maxKsDistance: 0.1,
  maxInvalidRate: 0.01,
  /** Floor of the embedding limit, when the baseline's own split-half noise is smaller. */
  minMmd2: 0.005,
} as const;

export function deriveConstraints(
  statistics: StatisticsDocument,
  embeddingNoise: number | undefined,
  createdAt: string,
): ConstraintsDocument {
  const d = CONSTRAINT_DEFAULTS;
  const rate = statistics.prediction.lowConfidence.rate ?? 0;
  const { width, height } = statistics.input;
  return {
    version: 1,
    endpoint: statistics.endpoint,
    createdAt,
    threshold: statistics.threshold,
    minRecords: d.minRecords,
    significance: d.significance,
    prediction: {
      lowConfidenceRate: { max: round(Math.min(1, rate + d.lowConfidenceMargin)) },
      confidenceDrift: { ...d.distribution },
      classDrift: { ...d.distribution },
      knownClasses: [...statistics.classes],
    },
    input: {
      contentTypes: Object.keys(statistics.input.contentTypes),
      width: { min: width?.min ?? 0, max: width?.max ?? 0 },
      height: { min: height?.min ?? 0, max: height?.max ?? 0 },
      maxInvalidRate: d.maxInvalidRate,
      features: Object.fromEntries(INPUT_FEATURES.map((name) => [name, { maxKsDistance: d.maxKsDistance }])),
    },
    embedding: statistics.embedding
      ? { source: statistics.embedding.source, maxMmd2: round(Math.max(d.minMmd2, embeddingNoise ?? 0)) }
      : null,
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
