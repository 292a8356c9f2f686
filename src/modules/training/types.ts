// Public types of the training engine: inputs, options, ports and the artifacts and report it returns.
import type { ProgressReporter } from '../../kernel/progress.js';

/** Decoded images: `count` RGB images of 32x32, HWC order, values 0..255, and one label index each. */
export interface ImageSet {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly classes: readonly string[];
}

/** Where checkpoints go (e.g. the object store): bytes saved and loaded by name. */
export interface CheckpointStore {
  save(name: string, bytes: Uint8Array): Promise<void>;
  /** The bytes last saved under `name`, or undefined when there are none. */
  load(name: string): Promise<Uint8Array | undefined>;
}

export interface TrainOptions {
  /** Passes over the training split (default 80). */
  readonly epochs?: number;
  /** Images per optimizer step, split evenly across the gradient shards (default 64). */
  readonly batchSize?: number;
  /** Peak learning rate of the one-cycle schedule (default 0.05). */
  readonly learningRate?: number;
  /** Architecture name, one of `architectureNames()` (default 'resnet14'). */
  readonly arch?: string;
  /** Seed of every random choice: split, initialization, shuffling, augmentation (default 0). */
  readonly seed?: number;
  /** Worker threads, 1 or 2 (default: 2 when two cores are available); results do not depend on it. */
  readonly threads?: number;
  /** Share of each class held out of train for validation (default 0.1). */
  readonly validationShare?: number;
}

export interface TrainRequest {
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly options?: TrainOptions;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Enables checkpoints every epoch and resuming a run that was interrupted. */
  readonly checkpoint?: CheckpointStore;
}

/** How callers turn an image into the exported models' input, and what the models output. */
export interface PreprocessingSpec {
  readonly inputName: string;
  readonly outputName: string;
  /** Input tensor: float32 [batch, height, width, channels], RGB pixel values 0..255 (normalized inside the model). */
  readonly layout: 'NHWC';
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly colorOrder: 'RGB';
  readonly inputRange: readonly [number, number];
  /** Normalization applied inside the model: (pixel / 255 - mean) / std per channel. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Output: calibrated class probabilities in class-index order (temperature already applied). */
  readonly classes: readonly string[];
  readonly temperatureApplied: boolean;
  /** The models average each image's and its mirror image's probabilities. */
  readonly flipTestTimeAugmentation: boolean;
}

export interface ModelArtifacts {
  /** tfjs LayersModel: model.json referencing `weights.bin`, and the weights. */
  readonly tfjs: { readonly modelJson: Uint8Array; readonly weights: Uint8Array };
  readonly onnx: Uint8Array;
  readonly temperature: number;
  readonly preprocessing: PreprocessingSpec;
}

export interface ClassReport {
  readonly class: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface CurvePoint {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number;
  readonly validationAccuracy: number;
  readonly seconds: number;
}

export interface TrainingReport {
  /** Test-split metrics of the returned model (calibrated probabilities). */
  readonly metrics: {
    readonly accuracy: number;
    readonly logLoss: number;
    readonly rocAuc: number;
    readonly perClass: readonly ClassReport[];
    /** confusionMatrix[actual][predicted] */
    readonly confusionMatrix: readonly (readonly number[])[];
    readonly expectedCalibrationError: number;
    readonly threshold: number;
    readonly coverage_at_threshold: number;
    readonly selective_accuracy_at_threshold: number | null;
  };
  readonly calibration: {
    readonly temperature: number;
    /** Test expected calibration error before and after temperature scaling. */
    readonly eceBefore: number;
    readonly eceAfter: number;
    readonly validationEceBefore: number;
    readonly validationEceAfter: number;
  };
  readonly validation: { readonly accuracy: number; readonly logLoss: number; readonly images: number };
  readonly curves: readonly CurvePoint[];
  readonly selectedEpoch: number;
  readonly epochs: number;
  readonly options: {
    readonly arch: string;
    readonly epochs: number;
    readonly batchSize: number;
    readonly learningRate: number;
    readonly seed: number;
    readonly threads: number;
    readonly validationShare: number;
  };
  readonly model: { readonly parameters: number; readonly forwardMflopsPerImage: number };
  readonly timing: {
    /** This call, from start to report. */
    readonly wallSeconds: number;
    /** Training over every attempt (resumed runs add up). */
    readonly trainingSeconds: number;
    /** Training images per second of this attempt. */
    readonly imagesPerSecond: number;
    readonly resumedAtEpoch: number;
  };
  readonly onnxParity: { readonly maxAbsDifference: number; readonly images: number };
}

export interface TrainResult {
  readonly artifacts: ModelArtifacts;
  readonly report: TrainingReport;
}
