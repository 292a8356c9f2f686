// Runs the epochs on the worker pool, stopping early or on abort, and returns what the run produced.
import { errorMessage } from '../../../kernel/errors.js';
import type { ProgressReporter } from '../../../kernel/progress.js';
import { trainingError } from '../errors.js';
import type { NetSpec } from '../net/architecture.js';
import { initialState } from '../net/init.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import type { CheckpointStore, ImageSet } from '../types.js';
import type { BestModel, Checkpoint, EpochRecord } from './checkpoint-codec.js';
import { EpochLedger } from './epoch-ledger.js';
import type { TrainingState } from './job.js';
import type { PreparedJob } from './prepare-job.js';
import { exchangeLength } from './shard-runner.js';

export interface EpochRun {
  readonly pool: WorkerPool;
  readonly final: TrainingState;
  readonly best: BestModel | undefined;
  readonly history: readonly EpochRecord[];
  /** Training time over every attempt of this job. */
  readonly trainingMs: number;
  /** Images trained by this attempt and the time it took, for throughput. */
  readonly attempt: { readonly images: number; readonly ms: number; readonly resumedAtEpoch: number };
}

export interface EpochRunInput {
  readonly prepared: PreparedJob;
  readonly net: NetSpec;
  readonly train: ImageSet;
  readonly resume: Checkpoint | undefined;
  readonly progress: ProgressReporter;
  readonly checkpoint: CheckpointStore | undefined;
  readonly signal: AbortSignal | undefined;
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(new Error('aborted'));
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** Waits for the workers to finish; on abort or failure, terminates them after the pending checkpoints. */
async function awaitTraining(
  pool: WorkerPool,
  ledger: EpochLedger,
  signal: AbortSignal | undefined,
): Promise<void> {
  const abort = () => void pool.terminate();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.race([pool.trained(), aborted(signal)]);
  } catch (error) {
    await pool.terminate();
    await ledger.flush().catch(() => undefined);
    if (signal?.aborted)
      throw trainingError('ABORTED', 'training was aborted; resume it from its last checkpoint', {
        epoch: ledger.state.epoch,
      });
    throw trainingError('WORKER_FAILED', `a training worker failed: ${errorMessage(error)}`, {}, error);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  await ledger.flush().catch(async (error: unknown) => {
    await pool.terminate();
    throw error;
  });
}

/** Trains the remaining epochs; the pool stays up for evaluation and export, the caller terminates it. */
export async function runEpochs(input: EpochRunInput): Promise<EpochRun> {
  const { prepared, net, train, resume } = input;
  const { job, threads } = prepared;
  const start = resume?.state ?? {
    epoch: 0,
    ...initialState(net, job.seed),
    velocity: new Float32Array(net.paramCount),
  };
  const task = input.progress.start('training', job.epochs, 'epochs');
  task.update(start.epoch);
  const { fingerprint } = prepared;
  const ledger = new EpochLedger({
    job,
    fingerprint,
    threads,
    train,
    start,
    resume,
    checkpoint: input.checkpoint,
    task,
  });
  const started = performance.now();
  const pool: WorkerPool = new WorkerPool({
    job,
    threads,
    images: train.images,
    labels: train.labels,
    start,
    exchangeLength: exchangeLength(net),
    onEpoch: (message) => ledger.collect(message) && pool.stop(),
  });
  await awaitTraining(pool, ledger, input.signal).catch((error: unknown) => {
    task.finish(`stopped after epoch ${ledger.state.epoch}: ${errorMessage(error)}`);
    throw error;
  });
  const final = ledger.state;
  task.finish(`trained ${final.epoch} epochs`);
  const images =
    (final.epoch - start.epoch) * Math.floor(job.trainIndices.length / job.batchSize) * job.batchSize;
  const attempt = { images, ms: performance.now() - started, resumedAtEpoch: start.epoch };
  return {
    pool,
    final,
    best: ledger.best,
    history: ledger.history,
    trainingMs: ledger.trainingMs(),
    attempt,
  };
}
