// Validates a training request and resolves it into the job every worker runs.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { measureNormalization, type Normalization, normalizationTable } from '../data/normalization.js';
import { type Split, stratifiedSplit } from '../data/split.js';
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

interface ResolvedOptions {
  readonly arch: string;
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly threads: number;
  readonly validationShare: number;
  readonly learningRate: number;
}

function resolveOptions(options: TrainOptions, recipe: Recipe): ResolvedOptions {
  const invalid = (option: string, why: string) =>
    trainingError('INVALID_OPTIONS', `${option} ${why}`, { option });
  const arch = options.arch ?? recipe.arch;
  if (!findArchitecture(arch))
    throw trainingError('UNKNOWN_ARCHITECTURE', `unknown architecture '${arch}'`, { arch });
  const batchSize = integerOption(options, 'batchSize', recipe.batchSize, recipe.shards, 4096);
  if (batchSize % recipe.shards !== 0) throw invalid('batchSize', `must be a multiple of ${recipe.shards}`);
  const validationShare = options.validationShare ?? recipe.validationShare;
  if (!(validationShare > 0 && validationShare <= 0.5))
    throw invalid('validationShare', 'must be in (0, 0.5]');
  const learningRate = options.learningRate ?? recipe.learningRate;
  if (!(learningRate > 0 && learningRate < 10)) throw invalid('learningRate', 'must be in (0, 10)');
  return {
    arch,
    batchSize,
    validationShare,
    learningRate,
    seed: integerOption(options, 'seed', recipe.seed, 0, 2 ** 31 - 1),
    epochs: integerOption(options, 'epochs', recipe.epochs, 1, 10_000),
    threads: integerOption(
      options,
      'threads',
      Math.min(recipe.shards, availableParallelism()),
      1,
      recipe.shards,
    ),
  };
}

/** The job without its normalization table: what identifies it, with the data, for checkpoints. */
function jobSpec(o: ResolvedOptions, recipe: Recipe, split: Split, classes: number): Omit<JobSpec, 'table'> {
  return {
    arch: o.arch,
    classes,
    seed: o.seed,
    epochs: o.epochs,
    batchSize: o.batchSize,
    shards: recipe.shards,
    peakLearningRate: o.learningRate,
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
}

export function prepareJob(request: TrainRequest, recipe: Recipe): PreparedJob {
  const { train, test } = request;
  if (train.classes.length < 2) throw trainingError('INVALID_DATA', 'training needs at least two classes');
  checkImageSet('train', train, train.classes);
  checkImageSet('test', test, train.classes);
  const o = resolveOptions(request.options ?? {}, recipe);
  const split = stratifiedSplit(train.labels, train.classes.length, o.validationShare, o.seed);
  if (split.train.length < o.batchSize)
    throw trainingError(
      'INVALID_OPTIONS',
      `batchSize ${o.batchSize} exceeds the ${split.train.length} training images left after the validation split`,
      { option: 'batchSize' },
    );
  const normalization = measureNormalization(train.images, split.train);
  const spec = jobSpec(o, recipe, split, train.classes.length);
  const job: JobSpec = { ...spec, table: normalizationTable(normalization) };
  return { job, threads: o.threads, normalization, fingerprint: fingerprintOf(spec, train) };
}
