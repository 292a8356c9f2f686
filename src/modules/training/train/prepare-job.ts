// Validates a training request and resolves it into the job every worker runs.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { measureNormalization, type Normalization, normalizationTable } from '../data/normalization.js';
import { stratifiedSplit } from '../data/split.js';
import { trainingError } from '../errors.js';
import { findArchitecture } from '../net/architecture.js';
import type { ImageSet, TrainOptions, TrainRequest } from '../types.js';
import type { JobSpec } from './job.js';
import type { Recipe } from './recipe.js';

const IMAGE_BYTES = 32 * 32 * 3;

export interface PreparedJob {
  readonly job: JobSpec;
  readonly threads: number;
  readonly normalization: Normalization;
  readonly fingerprint: string;
}

function checkImageSet(name: string, set: ImageSet, classes: readonly string[]): void {
  const bad = (why: string) => trainingError('INVALID_DATA', `${name} images: ${why}`, { set: name });
  if (!Number.isInteger(set.count) || set.count < 1) throw bad('count must be a positive integer');
  if (set.images.length !== set.count * IMAGE_BYTES)
    throw bad(`expected ${set.count * IMAGE_BYTES} bytes (count x 32 x 32 x 3), got ${set.images.length}`);
  if (set.labels.length !== set.count) throw bad(`expected ${set.count} labels, got ${set.labels.length}`);
  if (set.classes.length !== classes.length || set.classes.some((c, i) => c !== classes[i]))
    throw bad('classes differ from the training set');
  if (set.labels.some((l) => l >= classes.length)) throw bad(`labels must be below ${classes.length}`);
}

function integerOption(
  options: TrainOptions,
  name: keyof TrainOptions,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw trainingError(
      'INVALID_OPTIONS',
      `option ${name} must be an integer in [${min}, ${max}], got ${String(value)}`,
      { option: name },
    );
  return value;
}

function fingerprintOf(job: Omit<JobSpec, 'table'>, train: ImageSet): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(job));
  hash.update(train.images);
  hash.update(train.labels);
  return hash.digest('hex');
}

export function prepareJob(request: TrainRequest, recipe: Recipe): PreparedJob {
  const { train, test } = request;
  const options = request.options ?? {};
  if (train.classes.length < 2) throw trainingError('INVALID_DATA', 'training needs at least two classes');
  checkImageSet('train', train, train.classes);
  checkImageSet('test', test, train.classes);
  const arch = options.arch ?? recipe.arch;
  if (!findArchitecture(arch))
    throw trainingError('UNKNOWN_ARCHITECTURE', `unknown architecture '${arch}'`, { arch });
  const seed = integerOption(options, 'seed', recipe.seed, 0, 2 ** 31 - 1);
  const epochs = integerOption(options, 'epochs', recipe.epochs, 1, 10_000);
  const batchSize = integerOption(options, 'batchSize', recipe.batchSize, recipe.shards, 4096);
  if (batchSize % recipe.shards !== 0)
    throw trainingError('INVALID_OPTIONS', `batchSize must be a multiple of ${recipe.shards}`, {
      option: 'batchSize',
    });
  const threads = integerOption(
    options,
    'threads',
    Math.min(recipe.shards, availableParallelism()),
    1,
    recipe.shards,
  );
  const share = options.validationShare ?? recipe.validationShare;
  if (!(share > 0 && share <= 0.5))
    throw trainingError('INVALID_OPTIONS', 'validationShare must be in (0, 0.5]', {
      option: 'validationShare',
    });
  const lr = options.learningRate ?? recipe.learningRate;
  if (!(lr > 0 && lr < 10))
    throw trainingError('INVALID_OPTIONS', 'learningRate must be in (0, 10)', { option: 'learningRate' });
  const split = stratifiedSplit(train.labels, train.classes.length, share, seed);
  if (split.train.length < batchSize)
    throw trainingError(
      'INVALID_OPTIONS',
      `batchSize ${batchSize} exceeds the ${split.train.length} training images left after the validation split`,
      { option: 'batchSize' },
    );
  const normalization = measureNormalization(train.images, split.train);
  const spec = {
    arch,
    classes: train.classes.length,
    seed,
    epochs,
    batchSize,
    shards: recipe.shards,
    peakLearningRate: lr,
    warmup: recipe.warmup,
    momentum: recipe.momentum,
    weightDecay: recipe.weightDecay,
    labelSmoothing: recipe.labelSmoothing,
    augmentation: recipe.augmentation,
    selectionWindow: recipe.selectionWindow,
    patience: recipe.patience,
    trainIndices: split.train,
    validationIndices: split.validation,
  };
  const job: JobSpec = { ...spec, table: normalizationTable(normalization) };
  return { job, threads, normalization, fingerprint: fingerprintOf(spec, train) };
}
