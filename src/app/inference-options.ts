// The inference module's options from the config: serving workers, batching, admission and capture.
import { availableParallelism } from 'node:os';
import type { InferenceOptions } from '../modules/inference/index.js';
import type { ResolvedConfig } from './config.js';

export function inferenceOptions(config: ResolvedConfig): InferenceOptions {
  const settings = config.inference;
  return {
    serving: {
      workers: settings.workers || availableParallelism(),
      threadsPerWorker: settings.threadsPerWorker,
      batching: {
        maxBatchSize: settings.maxBatchSize,
        maxWaitMs: settings.maxWaitMs,
        maxQueue: settings.maxQueue,
        maxQueueDelayMs: settings.maxQueueDelayMs,
      },
      maxInputPixels: settings.maxInputPixels,
    },
    pollMs: settings.pollMs,
    admission: { maxRequests: settings.maxInflight, maxBytes: settings.maxInflightBytes },
    capture: { flushMs: settings.captureFlushMs, maxBufferedBytes: 64 * 1024 * 1024 },
    decodeConcurrency: 2,
    captureDestination: defaultCaptureDestination(config),
  };
}

/** Where endpoints capture unless a deploy names another place: `inference.captureDestination` or the data bucket. */
export function defaultCaptureDestination(config: ResolvedConfig): string {
  return config.inference.captureDestination || `s3://${config.data.bucket}/datacapture`;
}
