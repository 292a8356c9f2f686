// Messages between the micro-batcher's worker pool (main thread) and a predictor worker thread.
export interface InputShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export type ModelSource =
  | {
      readonly backend: 'onnx';
      readonly model: Uint8Array;
      readonly inputName: string;
      readonly outputName: string;
      /** onnxruntime intra-op threads of this worker. */
      readonly threads: number;
    }
  | { readonly backend: 'tfjs'; readonly modelJson: Uint8Array; readonly weights: Uint8Array };

export type WorkerRequest =
  | { readonly type: 'load'; readonly source: ModelSource; readonly shape: InputShape }
  | { readonly type: 'run'; readonly id: number; readonly batch: PackedImages };

/**
 * A batch's images in one buffer (one transfer instead of one per image): image i is
 * `data[offsets[i] .. offsets[i + 1]]`, PNG bytes when `kinds[i]` is PNG_KIND, else decoded RGB pixels.
 */
export interface PackedImages {
  readonly kinds: Uint8Array;
  readonly offsets: Uint32Array;
  readonly data: Uint8Array;
}

export const PNG_KIND = 0;
export const RGB_KIND = 1;

export type WorkerResponse =
  | { readonly type: 'ready' }
  | { readonly type: 'load-failed'; readonly message: string }
  | {
      readonly type: 'result';
      readonly id: number;
      /** Row i holds image i's probabilities; rows of images that failed to decode are zero. */
      readonly probabilities: Float32Array;
      readonly classes: number;
      /** Per image: why it could not be decoded, or null. */
      readonly errors: readonly (string | null)[];
      /** Time the model itself took for the batch. */
      readonly modelMs: number;
    }
  | { readonly type: 'run-failed'; readonly id: number; readonly message: string };
