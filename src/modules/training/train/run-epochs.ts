// Runs the epochs on the worker pool: validation after each, best-model tracking, checkpoints, progress.
import { errorMessage } from '../../../kernel/errors.js';
import type { ProgressReporter } from '../../../kernel/progress.js';
import { trainingError } from '../errors.js';
import { computeMetrics } from '../eval/metrics.js';
import { softmax } from '../eval/probabilities.js';
import type { NetSpec } from '../net/architecture.js';
import { initialState } from '../net/init.js';
import type { EpochMessage } from '../parallel/worker-pool.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import type { CheckpointStore, ImageSet } from '../types.js';
import { type BestModel, type Checkpoint, type EpochRecord, encodeCheckpoint } from './checkpoint-codec.js';
import type { JobSpec, TrainingState } from './job.js';
import type { PreparedJob } from './prepare-job.js';
import { exchangeLength } from './shard-runner.js';

export const CHECKPOINT_NAME = 'checkpoint';

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

/**
 * Epochs in the selection window (the annealed tail of the schedule) beat earlier ones; among equals, lower
 * validation loss wins. Validation accuracy on a small split is too coarse and noisy to pick epochs by.
 */
function better(record: EpochRecord, best: BestModel | undefined, job: JobSpec): boolean {
  if (!best) return true;
  const windowStart = Math.floor(job.epochs * (1 - job.selectionWindow));
  const [inWindow, bestInWindow] = [record.epoch > windowStart, best.epoch > windowStart];
  if (inWindow !== bestInWindow) return inWindow;
  return record.validationLoss <= best.validationLoss;
}

/** No validation-loss improvement for `patience` epochs. */
function stalled(history: readonly EpochRecord[], patience: number): boolean {
  const lowest = history.reduce(
    (low, r) => (r.validationLoss < low.validationLoss ? r : low),
    history[0] as EpochRecord,
  );
  return (history.at(-1)?.epoch ?? 0) - lowest.epoch >= patience;
}

export async function runEpochs(input: EpochRunInput): Promise<EpochRun> {
  const { prepared, net, train, resume } = input;
  const { job, threads } = prepared;
  const fresh = initialState(net, job.seed);
  let state: TrainingState = resume?.state ?? {
    epoch: 0,
    ...fresh,
    velocity: new Float32Array(net.paramCount),
  };
  let best = resume?.best;
  const history = [...(resume?.history ?? [])];
  const started = performance.now();
  const resumedAtEpoch = state.epoch;
  const task = input.progress.start('training', job.epochs, 'epochs');
  task.update(state.epoch);
  let saving = Promise.resolve();
  let epochStarted = started;
  const arrived = new Map<number, EpochMessage[]>();
  const validationLabels = job.validationIndices.map((i) => train.labels[i] as number);

  const finishEpoch = (messages: EpochMessage[]) => {
    const lead = messages.find((m) => m.worker === 0) as EpochMessage;
    const logits = concat(messages.sort((a, b) => a.worker - b.worker).map((m) => m.validation));
    const val = computeMetrics(softmax(logits, job.classes), validationLabels, train.classes, 0.5);
    const now = performance.now();
    const record: EpochRecord = {
      epoch: lead.epoch,
      trainLoss: lead.totals.loss / lead.totals.samples,
      trainAccuracy: lead.totals.correct / lead.totals.samples,
      validationLoss: val.logLoss,
      validationAccuracy: val.accuracy,
      seconds: (now - epochStarted) / 1000,
    };
    epochStarted = now;
    history.push(record);
    state = lead.state as TrainingState;
    if (better(record, best, job))
      best = {
        epoch: record.epoch,
        validationLoss: record.validationLoss,
        validationAccuracy: record.validationAccuracy,
        params: state.params,
        stats: state.stats,
      };
    const store = input.checkpoint;
    if (store) {
      const bytes = encodeCheckpoint({
        fingerprint: prepared.fingerprint,
        state,
        best,
        history: [...history],
        trainingMs: (resume?.trainingMs ?? 0) + now - started,
      });
      saving = saving.then(() => store.save(CHECKPOINT_NAME, bytes));
    }
    if (stalled(history, job.patience)) pool.stop();
    const remaining = job.epochs - record.epoch;
    task.update(record.epoch, {
      loss: round(record.trainLoss),
      acc: round(record.trainAccuracy),
      val_acc: round(record.validationAccuracy),
      eta_s: Math.round(remaining * record.seconds),
    });
  };

  const pool = new WorkerPool({
    job,
    threads,
    images: train.images,
    labels: train.labels,
    start: state,
    exchangeLength: exchangeLength(net),
    onEpoch: (message) => {
      const list = arrived.get(message.epoch) ?? [];
      list.push(message);
      arrived.set(message.epoch, list);
      if (list.length === threads) {
        arrived.delete(message.epoch);
        finishEpoch(list);
      }
    },
  });
  const abort = () => void pool.terminate();
  input.signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.race([pool.trained(), aborted(input.signal)]);
  } catch (error) {
    await pool.terminate();
    await saving.catch(() => undefined);
    if (input.signal?.aborted)
      throw trainingError('ABORTED', 'training was aborted; resume it from its last checkpoint', {
        epoch: state.epoch,
      });
    throw trainingError('WORKER_FAILED', `a training worker failed: ${errorMessage(error)}`, {}, error);
  } finally {
    input.signal?.removeEventListener('abort', abort);
  }
  await saving.catch(async (error: unknown) => {
    await pool.terminate();
    throw error;
  });
  const ms = performance.now() - started;
  task.finish(`trained ${state.epoch} epochs`);
  const images =
    (state.epoch - resumedAtEpoch) * Math.floor(job.trainIndices.length / job.batchSize) * job.batchSize;
  return {
    pool,
    final: state,
    best,
    history,
    trainingMs: (resume?.trainingMs ?? 0) + ms,
    attempt: { images, ms, resumedAtEpoch },
  };
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(new Error('aborted'));
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
