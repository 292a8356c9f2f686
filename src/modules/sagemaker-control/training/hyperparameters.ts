// The built-in image-classification algorithm's hyperparameters onto Scones's training recipe: each one Scones
// honours is mapped, each it cannot honour is refused naming the value (never silently ignored).
import type { TrainOptions } from '../../training/index.js';
import { sagemakerControlError } from '../errors.js';

/** `image_uris.retrieve("image-classification", region)` for any region's account and tag. */
const IMAGE_CLASSIFICATION =
  /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.(amazonaws\.com(\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov)\/image-classification(:[\w.-]+)?$/;

export function assertImageClassification(image: string | undefined): void {
  if (image === undefined || !IMAGE_CLASSIFICATION.test(image))
    throw sagemakerControlError(
      'VALIDATION',
      `AlgorithmSpecification.TrainingImage ${JSON.stringify(image ?? null)} is not one Scones can run: Scones trains the built-in image-classification algorithm (image_uris.retrieve("image-classification", region))`,
    );
}

/** Values Scones's trainer always has; any other value of these is refused. */
const FIXED: Readonly<Record<string, readonly string[]>> = {
  image_shape: ['3,32,32'],
  use_pretrained_model: ['0'],
  multi_label: ['0'],
  precision_dtype: ['float32'],
  optimizer: ['sgd'],
  resize: ['32'],
  // Scones always augments with its own random crop and mirror; the SageMaker choices are accepted as that.
  augmentation_type: ['crop', 'crop_color', 'crop_color_transform'],
};

/** Accepted and used only for checks or reporting. */
const ACCEPTED = new Set(['num_classes', 'num_training_samples', 'top_k', 'checkpoint_frequency']);

export interface Recipe {
  readonly options: TrainOptions;
  readonly numClasses: number;
}

export function recipeOf(hyperparameters: Readonly<Record<string, string>>): Recipe {
  const options: { epochs?: number; learningRate?: number; batchSize?: number } = {};
  for (const [name, value] of Object.entries(hyperparameters)) {
    if (name === 'epochs') options.epochs = integer(name, value, 1, 10_000);
    else if (name === 'learning_rate') options.learningRate = positive(name, value);
    else if (name === 'mini_batch_size') options.batchSize = integer(name, value, 2, 4096);
    else if (FIXED[name]) {
      if (!FIXED[name].includes(value.replaceAll(' ', '')))
        throw refuse(name, value, `Scones supports ${name} ${FIXED[name].join(' or ')}`);
    } else if (!ACCEPTED.has(name)) throw refuse(name, value, 'Scones cannot honour this hyperparameter');
  }
  const classes = hyperparameters.num_classes;
  if (classes === undefined) throw refuse('num_classes', 'null', 'num_classes is required');
  if (hyperparameters.num_training_samples === undefined)
    throw refuse('num_training_samples', 'null', 'num_training_samples is required');
  integer('num_training_samples', hyperparameters.num_training_samples, 1, 1e9);
  // The trainer splits each batch over two gradient shards.
  if (options.batchSize !== undefined && options.batchSize % 2 !== 0)
    throw refuse('mini_batch_size', String(options.batchSize), 'Scones needs an even mini_batch_size');
  return { options, numClasses: integer('num_classes', classes, 2, 1000) };
}

function integer(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw refuse(name, value, `must be an integer in [${min}, ${max}]`);
  return parsed;
}

function positive(name: string, value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 10)) throw refuse(name, value, 'must be a number in (0, 10)');
  return parsed;
}

function refuse(name: string, value: string, why: string) {
  return sagemakerControlError(
    'VALIDATION',
    `Hyperparameter ${name}=${JSON.stringify(value)} is refused: ${why}.`,
    { hyperparameter: name, value },
  );
}
