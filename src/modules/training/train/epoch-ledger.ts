// Keeps the record of a run as worker epochs arrive: curves, best model, checkpoints and progress.
import type { ProgressTask } from '../../../kernel/progress.js';
import { computeMetrics } from '../eval/metrics.js';
import { softmax } from '../eval/probabilities.js';
import type { EpochMessage } from '../parallel/worker-pool.js';
import type { CheckpointStore, ImageSet } from '../types.js';
import { type BestModel, type Checkpoint, type EpochRecord, encodeCheckpoint } from './checkpoint-codec.js';
import type { JobSpec, TrainingState } from './job.js';

export const CHECKPOINT_NAME = 'checkpoint';

/** The first epoch number of the selection window (the annealed tail of the one-cycle schedule). */
function windowStart(job: JobSpec): number {
  return Math.floor(job.epochs * (1 - job.selectionWindow)) + 1;
}

/**
 * Epochs in the selection window beat earlier ones; among equals, lower validation loss wins. Validation
 * accuracy on a small split is too coarse and noisy to pick epochs by.
 */
function better(record: EpochRecord, best: BestModel | undefined, job: JobSpec): boolean {
  if (!best) return true;
  const [inWindow, bestInWindow] = [record.epoch >= windowStart(job), best.epoch >= windowStart(job)];
  if (inWindow !== bestInWindow) return inWindow;
  return record.validationLoss <= best.validationLoss;
}

/**
 * Early stopping: validation loss diverged, or it has not improved for `patience` epochs inside the
 * selection window. Before the window the learning rate is still high, so a plateau there says nothing.
 */
function shouldStop(history: readonly EpochRecord[], best: BestModel | undefined, job: JobSpec): boolean {
  const last = history.at(-1);
  if (!last) return false;
  if (!Number.isFinite(last.validationLoss)) return true;
  return best !== undefined && best.epoch >= windowStart(job) && last.epoch - best.epoch >= job.patience;
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

export interface LedgerInput {
  readonly job: JobSpec;
  readonly fingerprint: string;
  readonly threads: number;
  readonly train: ImageSet;
  readonly start: TrainingState;
  readonly resume: Checkpoint | undefined;
  readonly checkpoint: CheckpointStore | undefined;
  readonly task: ProgressTask;
}

export class EpochLedger {
  state: TrainingState;
  best: BestModel | undefined;
  readonly history: EpochRecord[];
  private saving = Promise.resolve();
  private readonly arrived = new Map<number, EpochMessage[]>();
  private readonly started = performance.now();
  private epochStarted = this.started;
  private readonly validationLabels: number[];

  constructor(private readonly input: LedgerInput) {
    this.state = input.start;
    this.best = input.resume?.best;
    this.history = [...(input.resume?.history ?? [])];
    this.validationLabels = input.job.validationIndices.map((i) => input.train.labels[i] as number);
  }

  /** Takes one worker's epoch report; true when the run should stop early. */
  collect(message: EpochMessage): boolean {
    const list = this.arrived.get(message.epoch) ?? [];
    list.push(message);
    this.arrived.set(message.epoch, list);
    if (list.length < this.input.threads) return false;
    this.arrived.delete(message.epoch);
    this.close(list);
    return shouldStop(this.history, this.best, this.input.job);
  }

  /** Training time over every attempt so far. */
  trainingMs(): number {
    return (this.input.resume?.trainingMs ?? 0) + performance.now() - this.started;
  }

  /** Waits for pending checkpoint saves; rejects if one failed. */
  flush(): Promise<void> {
    return this.saving;
  }

  private close(messages: EpochMessage[]): void {
    const { job, train, task } = this.input;
    const lead = messages.find((m) => m.worker === 0) as EpochMessage;
    const logits = concat(messages.sort((a, b) => a.worker - b.worker).map((m) => m.validation));
    const val = computeMetrics(softmax(logits, job.classes), this.validationLabels, train.classes, 0.5);
    const now = performance.now();
    const record: EpochRecord = {
      epoch: lead.epoch,
      trainLoss: lead.totals.loss / lead.totals.samples,
      trainAccuracy: lead.totals.correct / lead.totals.samples,
      validationLoss: val.logLoss,
      validationAccuracy: val.accuracy,
      seconds: (now - this.epochStarted) / 1000,
    };
    this.epochStarted = now;
    this.history.push(record);
    this.state = lead.state as TrainingState;
    if (better(record, this.best, job)) {
      const { validationLoss, validationAccuracy } = record;
      this.best = {
        epoch: record.epoch,
        validationLoss,
        validationAccuracy,
        params: this.state.params,
        stats: this.state.stats,
      };
    }
    this.save();
    task.update(record.epoch, {
      loss: round(record.trainLoss),
      acc: round(record.trainAccuracy),
      val_acc: round(record.validationAccuracy),
      eta_s: Math.round((job.epochs - record.epoch) * record.seconds),
    });
  }

  private save(): void {
    const store = this.input.checkpoint;
    if (!store) return;
    const bytes = encodeCheckpoint({
      fingerprint: this.input.fingerprint,
      state: this.state,
      best: this.best,
      history: [...this.history],
      trainingMs: this.trainingMs(),
    });
    this.saving = this.saving.then(() => store.save(CHECKPOINT_NAME, bytes));
  }
}
