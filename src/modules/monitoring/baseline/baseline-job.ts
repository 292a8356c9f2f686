// `monitor baseline`: runs the deployed model over validation images and stores statistics.json,
// samples.json and constraints.json derived from them.
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import { type ProgressReporter, silentProgress } from '../../../kernel/progress.js';
import type { ObjectStore } from '../../storage/index.js';
import { splitHalfNoise } from '../embedding/embedding-noise.js';
import { monitoringError } from '../errors.js';
import { ImageDecoder } from '../images/image-decoder.js';
import { INPUT_FEATURES, type InputFeature } from '../images/image-features.js';
import type { RawImage } from '../images/raw-image.js';
import { putJson } from '../json-objects.js';
import { BASELINE_FILES, baselineKey, type MonitoringLocation, uriOf } from '../locations.js';
import type { EmbeddingSource, ImageInput, Predictor } from '../ports.js';
import type { SamplesDocument, StatisticsDocument } from '../profile/documents.js';
import { type Profile, ProfileBuilder } from '../profile/profile-builder.js';
import { seedOf } from '../stats/seeded-random.js';
import type { ConstraintsDocument } from './constraints-schema.js';
import { resolveDatasetImages } from './dataset-images.js';
import { deriveConstraints } from './derive-constraints.js';

export interface BaselineDeps {
  readonly store: ObjectStore;
  readonly embedding: EmbeddingSource;
  readonly location: MonitoringLocation;
  readonly threshold: number;
  readonly clock: Clock;
  readonly progress?: ProgressReporter;
}

export interface BaselineResult {
  readonly endpoint: string;
  readonly dataset: string;
  readonly statistics: StatisticsDocument;
  readonly constraints: ConstraintsDocument;
  readonly files: { readonly statistics: string; readonly samples: string; readonly constraints: string };
}

const BATCH = 32;
/** Baseline embeddings kept as the reference sample for embedding drift. */
export const REFERENCE_EMBEDDINGS = 500;

export async function runBaseline(
  endpoint: string,
  datasetUri: string,
  predictor: Predictor,
  deps: BaselineDeps,
): Promise<BaselineResult> {
  const dataset = await resolveDatasetImages(deps.store, datasetUri);
  const classes = dataset.classes ?? [];
  const builder = new ProfileBuilder({
    threshold: deps.threshold,
    classes,
    embeddingSample: REFERENCE_EMBEDDINGS,
    seed: seedOf(`${endpoint}:${datasetUri}`),
  });
  const task = (deps.progress ?? silentProgress).start(`baseline ${endpoint}`, dataset.keys.length, 'images');
  for (let i = 0; i < dataset.keys.length; i += BATCH) {
    const inputs = await Promise.all(
      dataset.keys.slice(i, i + BATCH).map((key) => readImage(deps.store, dataset.bucket, key)),
    );
    const answers = await predictAll(predictor, endpoint, inputs);
    inputs.forEach((input, j) => {
      builder.record();
      builder.prediction(answers[j] as number[]);
      if (input.decoded) builder.image(input.contentType, input.decoded);
      else builder.invalid('undecodable image');
    });
    task.update(Math.min(i + BATCH, dataset.keys.length));
  }
  task.finish();
  const createdAt = new Date(deps.clock.now()).toISOString();
  const profile = await builder.finish(
    { kind: 'baseline', endpoint, createdAt, dataset: datasetUri },
    deps.embedding,
  );
  return storeBaseline(endpoint, datasetUri, profile, deps);
}

async function storeBaseline(
  endpoint: string,
  datasetUri: string,
  profile: Profile,
  deps: BaselineDeps,
): Promise<BaselineResult> {
  const { statistics, samples } = profile;
  const noise = statistics.embedding
    ? splitHalfNoise(samples.embeddings, statistics.embedding, seedOf(endpoint))
    : undefined;
  const constraints = deriveConstraints(statistics, noise, statistics.createdAt);
  const key = (file: string) => baselineKey(deps.location, endpoint, file);
  await putJson(deps.store, deps.location.bucket, key(BASELINE_FILES.statistics), statistics);
  await putJson(deps.store, deps.location.bucket, key(BASELINE_FILES.samples), samplesDocument(profile));
  await putJson(deps.store, deps.location.bucket, key(BASELINE_FILES.constraints), constraints);
  const uri = (file: string) => uriOf(deps.location, key(file));
  return {
    endpoint,
    dataset: datasetUri,
    statistics,
    constraints,
    files: {
      statistics: uri(BASELINE_FILES.statistics),
      samples: uri(BASELINE_FILES.samples),
      constraints: uri(BASELINE_FILES.constraints),
    },
  };
}

interface ReadImage extends ImageInput {
  readonly decoded: RawImage | undefined;
}

async function readImage(store: ObjectStore, bucket: string, key: string): Promise<ReadImage> {
  const { info, body } = await store.getObject(bucket, key);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  // A decoder each: the images of a batch are held together until the model has answered.
  return { bytes, contentType: info.contentType, decoded: await new ImageDecoder().decode(bytes) };
}

async function predictAll(
  predictor: Predictor,
  endpoint: string,
  inputs: readonly ImageInput[],
): Promise<number[][]> {
  let answers: number[][];
  try {
    answers = await predictor.predict(inputs.map(({ bytes, contentType }) => ({ bytes, contentType })));
  } catch (error) {
    throw monitoringError(
      'PREDICTOR_FAILED',
      `endpoint ${endpoint} failed: ${errorMessage(error)}`,
      { endpoint },
      error,
    );
  }
  const wrong = answers.length !== inputs.length || answers.some((a) => !Array.isArray(a) || a.length === 0);
  if (wrong)
    throw monitoringError(
      'PREDICTOR_FAILED',
      `endpoint ${endpoint} answered ${answers.length} probability lists for ${inputs.length} images`,
      { endpoint },
    );
  return answers;
}

const rounded = (values: ArrayLike<number>) => Array.from(values, (v) => Math.round(v * 1e6) / 1e6);

function samplesDocument({ statistics, samples }: Profile): SamplesDocument {
  return {
    version: 1,
    confidences: rounded(samples.confidences),
    features: Object.fromEntries(
      INPUT_FEATURES.map((name) => [name, rounded(samples.features[name])]),
    ) as Record<InputFeature, number[]>,
    classCounts: samples.classCounts,
    embeddingSource: statistics.embedding?.source ?? null,
    embeddings: samples.embeddings.map(rounded),
  };
}
