// The training job: prepare, train on the workers, then calibrate, evaluate, export and report.
import { silentProgress } from '../../../kernel/progress.js';
import { trainingError } from '../errors.js';
import { compileNet, findArchitecture, forwardFlops } from '../net/architecture.js';
import type { CheckpointStore, TrainRequest, TrainResult } from '../types.js';
import { type Checkpoint, decodeCheckpoint } from './checkpoint-codec.js';
import { CHECKPOINT_NAME } from './epoch-ledger.js';
import { finalModels } from './final-models.js';
import { prepareJob } from './prepare-job.js';
import { RECIPE, type Recipe } from './recipe.js';
import { buildReport } from './report.js';
import { runEpochs } from './run-epochs.js';

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
  if (request.signal?.aborted) throw trainingError('ABORTED', 'training was aborted before it started');
  const prepared = prepareJob(request, recipe);
  const { job } = prepared;
  const arch = findArchitecture(job.arch);
  if (!arch) throw trainingError('UNKNOWN_ARCHITECTURE', `unknown architecture '${job.arch}'`);
  const net = compileNet(job.arch, arch, job.classes);
  const resume = await loadResume(request.checkpoint, prepared.fingerprint);
  const progress = request.progress ?? silentProgress;
  const run = await runEpochs({
    prepared,
    net,
    train: request.train,
    resume,
    progress,
    checkpoint: request.checkpoint,
    signal: request.signal,
  });
  try {
    const model = run.best ?? run.final;
    const final = await finalModels({
      pool: run.pool,
      net,
      job,
      recipe,
      normalization: prepared.normalization,
      model,
      train: request.train,
      test: request.test,
    });
    const report = buildReport({
      prepared,
      run,
      selectedEpoch: model.epoch,
      evaluation: final.evaluation,
      temperature: final.artifacts.temperature,
      threshold: recipe.threshold,
      parity: final.parity,
      model: { parameters: net.paramCount, forwardMflopsPerImage: forwardFlops(net) / 1e6 },
      wallSeconds: (performance.now() - started) / 1000,
      validationShare: request.options?.validationShare ?? recipe.validationShare,
    });
    return { artifacts: final.artifacts, report };
  } finally {
    await run.pool.terminate();
  }
}
