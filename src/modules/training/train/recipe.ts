// The default training recipe; the public options override the first few fields.

export const RECIPE = {
  epochs: 60,
  batchSize: 64,
  learningRate: 0.05,
  arch: 'resnet8',
  seed: 0,
  validationShare: 0.1,
  shards: 2,
  warmup: 0.15,
  momentum: 0.9,
  weightDecay: 5e-4,
  labelSmoothing: 0,
  augmentation: { cropPad: 4, flip: true, cutout: 0 },
  /** Average the probabilities of each image and its mirror image at evaluation and in exported models. */
  flipTta: false,
  /** Predictions at or above this top-1 probability are kept by the pipeline. */
  threshold: 0.93,
} as const;
