// The JSON documents monitoring writes to the store: statistics.json, samples.json (baseline reference
// samples), constraints.json and, per report, constraint_violations.json and report.json.
import type { InputFeature } from '../images/image-features.js';
import type { Histogram, NumericSummary } from '../stats/summary.js';

export interface RecordCounts {
  /** Capture records (or dataset images) read. */
  readonly records: number;
  /** Records with a usable probability list. */
  readonly predictions: number;
  /** Records whose input decoded as an image. */
  readonly images: number;
  /** Unusable records by reason. */
  readonly invalid: Readonly<Record<string, number>>;
}

export interface StatisticsDocument {
  readonly version: 1;
  readonly kind: 'baseline' | 'report';
  readonly endpoint: string;
  readonly createdAt: string;
  /** Reports: the window [from, to). */
  readonly window?: { readonly from: string; readonly to: string };
  /** Baselines: the images the model ran over. */
  readonly dataset?: string;
  readonly threshold: number;
  readonly classes: readonly string[];
  readonly counts: RecordCounts;
  readonly prediction: {
    /** Top-1 confidence; null without predictions. */
    readonly confidence: (NumericSummary & { readonly histogram: Histogram }) | null;
    /** Predictions whose top-1 confidence is under the threshold. */
    readonly lowConfidence: { readonly count: number; readonly rate: number | null };
    readonly classDistribution: Readonly<Record<string, { readonly count: number; readonly share: number }>>;
  };
  readonly input: {
    /** Images whose pixels were read (channel statistics, embeddings): all, or a uniform sample of large windows. */
    readonly pixelSample: number;
    readonly contentTypes: Readonly<Record<string, number>>;
    readonly width: NumericSummary | null;
    readonly height: NumericSummary | null;
    readonly features: Readonly<Record<InputFeature, NumericSummary | null>>;
  };
  readonly embedding: {
    readonly source: string;
    readonly dimension: number;
    readonly sampleSize: number;
    readonly mean: readonly number[];
    readonly std: readonly number[];
  } | null;
}

/** What drift tests compare a window against: the baseline's own values (sorted) and embeddings. */
export interface SamplesDocument {
  readonly version: 1;
  readonly confidences: readonly number[];
  readonly features: Readonly<Record<InputFeature, readonly number[]>>;
  readonly classCounts: readonly number[];
  readonly embeddingSource: string | null;
  readonly embeddings: readonly (readonly number[])[];
}

export type ConstraintCheckType =
  | 'baseline_drift_check'
  | 'categorical_values_check'
  | 'completeness_check'
  | 'range_check'
  | 'threshold_check';

/** One violated constraint, with SageMaker's three keys and the numbers behind it. */
export interface Violation {
  readonly feature_name: string;
  readonly constraint_check_type: ConstraintCheckType;
  readonly description: string;
  readonly metric: string;
  readonly observed: number | string;
  readonly limit: number | string;
  readonly p_value?: number;
}

export interface ViolationsDocument {
  readonly violations: readonly Violation[];
}
