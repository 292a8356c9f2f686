// The resolved description of a training job that every worker receives.
import type { Augmentation } from '../data/augment.js';

export interface JobSpec {
  readonly arch: string;
  readonly classes: number;
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Gradient shards per step; the batch is split evenly across them, whatever the thread count. */
  readonly shards: number;
  readonly peakLearningRate: number;
  readonly warmup: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly labelSmoothing: number;
  readonly augmentation: Augmentation;
  readonly selectionWindow: number;
  readonly patience: number;
  readonly trainIndices: readonly number[];
  readonly validationIndices: readonly number[];
  /** Normalization lookup table, see normalizationTable. */
  readonly table: Float32Array;
}

/** What a run has done so far: everything needed to continue it exactly. */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  readonly params: Float32Array;
  readonly stats: Float32Array;
  readonly velocity: Float32Array;
}

export function stepsPerEpoch(job: JobSpec): number {
  return Math.floor(job.trainIndices.length / job.batchSize);
}
