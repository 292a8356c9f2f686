// Messages between the training coordinator (main thread) and its workers.
import type { FoldedNet } from '../export/fold.js';
import type { EpochTotals } from '../train/epoch-loop.js';
import type { JobSpec, TrainingState } from '../train/job.js';
import type { ExchangeBuffers } from './shared-exchange.js';

export interface WorkerInit {
  readonly index: number;
  readonly workers: number;
  /** Shards this worker computes. */
  readonly shards: readonly number[];
  readonly job: JobSpec;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly buffers: ExchangeBuffers;
  readonly start: TrainingState;
}

/** Images to evaluate: indices into `images` (N x 32 x 32 x 3 bytes). */
export interface EvalSet {
  readonly images: Uint8Array;
  readonly indices: readonly number[];
}

export type WorkerRequest =
  | {
      readonly type: 'logits';
      readonly id: number;
      readonly params: Float32Array;
      readonly stats: Float32Array;
      readonly sets: readonly EvalSet[];
      readonly flip: boolean;
    }
  | {
      readonly type: 'export';
      readonly id: number;
      readonly net: FoldedNet;
      /** Raw RGB images (count x 32 x 32 x 3 bytes) the exported model predicts, as a check. */
      readonly images: Uint8Array;
      readonly count: number;
    };

export type WorkerMessage =
  | {
      readonly type: 'epoch';
      readonly worker: number;
      /** Epochs completed, this one included. */
      readonly epoch: number;
      readonly totals: EpochTotals;
      /** Logits of this worker's chunk of the validation images (see validationChunk). */
      readonly validation: Float32Array;
      /** From worker 0 only: the state after this epoch. */
      readonly state?: TrainingState;
    }
  | { readonly type: 'trained'; readonly worker: number }
  | { readonly type: 'logits'; readonly id: number; readonly logits: readonly Float32Array[] }
  | {
      readonly type: 'exported';
      readonly id: number;
      readonly modelJson: Uint8Array;
      readonly weights: Uint8Array;
      readonly probabilities: Float32Array;
    }
  | { readonly type: 'failed'; readonly message: string };

/** The contiguous part of `indices` that worker `index` of `workers` evaluates. */
export function validationChunk<T>(indices: readonly T[], index: number, workers: number): T[] {
  const size = Math.ceil(indices.length / workers);
  return indices.slice(index * size, (index + 1) * size);
}
