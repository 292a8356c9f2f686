// The training job: prepare, train on the workers, calibrate, evaluate on test, export and verify the models.
import { silentProgress } from '../../../kernel/progress.js';
import { trainingError } from '../errors.js';
import { computeMetrics } from '../eval/metrics.js';
import { viewProbabilities } from '../eval/probabilities.js';
import { fitTemperature } from '../eval/temperature.js';
import { foldNet } from '../export/fold.js';
import { onnxModel } from '../export/onnx-model.js';
import { onnxMaxDifference } from '../export/onnx-parity.js';
import { compileNet, findArchitecture, forwardFlops, type NetSpec } from '../net/architecture.js';
import type { CheckpointStore, ModelArtifacts, TrainRequest, TrainResult } from '../types.js';
import { type Checkpoint, decodeCheckpoint } from './checkpoint-codec.js';
import type { PreparedJob } from './prepare-job.js';
import { prepareJob } from './prepare-job.js';
import { RECIPE, type Recipe } from './recipe.js';
import { buildReport } from './report.js';
import { CHECKPOINT_NAME, type EpochRun, runEpochs } from './run-epochs.js';

const SIZE = 32;
/** Largest accepted difference between the ONNX and tfjs models' probabilities. */
const PARITY_TOLERANCE = 1e-4;

async function loadResume(
  store: CheckpointStore | undefined,
  fingerprint: string,
): Promise<Checkpoint | undefined> {
  const bytes = await store?.load(CHECKPOINT_NAME);
  if (!bytes) return undefined;
  const checkpoint = decodeCheckpoint(bytes);
  if (checkpoint.fingerprint !== fingerprint)
    throw trainingError(
      'CHECKPOINT_MISMATCH',
      'the checkpoint belongs to a different job (options or data differ)',
    );
  return checkpoint;
}

export function train(request: TrainRequest): Promise<TrainResult> {
  return trainWithRecipe(request, RECIPE);
}

/** `train` with another recipe (experiments compare recipes on the validation split). */
export async function trainWithRecipe(request: TrainRequest, recipe: Recipe): Promise<TrainResult> {
  const started = performance.now();
  const prepared = prepareJob(request, recipe);
  const { job } = prepared;
  const arch = findArchitecture(job.arch);
  if (!arch) throw trainingError('UNKNOWN_ARCHITECTURE', `unknown architecture '${job.arch}'`);
  const net = compileNet(job.arch, arch, job.classes);
  const resume = await loadResume(request.checkpoint, prepared.fingerprint);
  const run = await runEpochs({
    prepared,
    net,
    train: request.train,
    resume,
    progress: request.progress ?? silentProgress,
    checkpoint: request.checkpoint,
    signal: request.signal,
  });
  try {
    return await finish(request, recipe, prepared, net, run, started);
  } finally {
    await run.pool.terminate();
  }
}

async function finish(
  request: TrainRequest,
  recipe: Recipe,
  prepared: PreparedJob,
  net: NetSpec,
  run: EpochRun,
  started: number,
): Promise<TrainResult> {
  const { job, normalization } = prepared;
  const { train, test } = request;
  const model = run.best ?? { epoch: run.final.epoch, params: run.final.params, stats: run.final.stats };
  const testIndices = Array.from({ length: test.count }, (_, i) => i);
  const sets = [
    { images: train.images, indices: job.validationIndices },
    { images: test.images, indices: testIndices },
  ];
  const plain = await run.pool.logits(model.params, model.stats, sets, false);
  const mirrored = recipe.flipTta ? await run.pool.logits(model.params, model.stats, sets, true) : [];
  const views = (set: number) => [plain[set] as Float32Array, ...(mirrored[set] ? [mirrored[set]] : [])];
  const validationLabels = job.validationIndices.map((i) => train.labels[i] as number);
  const temperature = fitTemperature(views(0), validationLabels, job.classes);
  const folded = foldNet(net, model.params, model.stats, normalization, temperature, recipe.flipTta);
  const exported = await run.pool.exportLayers(folded, test.images, test.count);
  const onnx = onnxModel(folded, SIZE);
  const parity = await onnxMaxDifference(onnx, test.images, test.count, SIZE, exported.probabilities);
  if (!(parity < PARITY_TOLERANCE))
    throw trainingError('EXPORT_MISMATCH', `ONNX and tfjs models disagree on the test images by ${parity}`, {
      maxAbsDifference: parity,
    });
  const threshold = recipe.threshold;
  const metric = (probabilities: Float32Array, labels: ArrayLike<number>) =>
    computeMetrics(probabilities, labels, train.classes, threshold);
  const evaluation = {
    test: metric(exported.probabilities, test.labels),
    testRaw: metric(viewProbabilities(views(1), job.classes), test.labels),
    validation: metric(viewProbabilities(views(0), job.classes, temperature), validationLabels),
    validationRaw: metric(viewProbabilities(views(0), job.classes), validationLabels),
  };
  const artifacts: ModelArtifacts = {
    tfjs: { modelJson: exported.modelJson, weights: exported.weights },
    onnx,
    temperature,
    preprocessing: {
      inputName: 'image',
      outputName: 'probabilities',
      layout: 'NHWC',
      height: SIZE,
      width: SIZE,
      channels: 3,
      colorOrder: 'RGB',
      inputRange: [0, 255],
      mean: [...normalization.mean],
      std: [...normalization.std],
      classes: [...train.classes],
      temperatureApplied: true,
      flipTestTimeAugmentation: recipe.flipTta,
    },
  };
  const report = buildReport({
    prepared,
    run,
    selectedEpoch: model.epoch,
    evaluation,
    temperature,
    threshold,
    parity: { maxAbsDifference: parity, images: test.count },
    model: { parameters: net.paramCount, forwardMflopsPerImage: forwardFlops(net) / 1e6 },
    wallSeconds: (performance.now() - started) / 1000,
    validationShare: request.options?.validationShare ?? recipe.validationShare,
  });
  return { artifacts, report };
}
