// One epoch of synchronous data-parallel SGD as run by each worker on its shards.
import { planEpoch } from '../data/augment.js';
import type { NetSpec } from '../net/architecture.js';
import { type JobSpec, stepsPerEpoch, type TrainingState } from './job.js';
import { learningRate } from './schedule.js';
import { NesterovSgd } from './sgd.js';
import type { ShardRunner } from './shard-runner.js';

/** Sums every shard's exchange vector for a step (see SharedExchange). */
export interface GradientExchange {
  reduce(step: number, local: ReadonlyMap<number, Float32Array>): Float32Array;
}

export interface EpochTotals {
  readonly loss: number;
  readonly correct: number;
  readonly samples: number;
}

const STATS_MOMENTUM = 0.1;

export class EpochLoop {
  private readonly sgd: NesterovSgd;

  constructor(
    private readonly job: JobSpec,
    private readonly net: NetSpec,
    private readonly runner: ShardRunner,
    private readonly exchange: GradientExchange,
    private readonly localShards: readonly number[],
    private readonly state: TrainingState,
  ) {
    this.sgd = new NesterovSgd(net, state.velocity, job.momentum, job.weightDecay);
  }

  /** Trains epoch `state.epoch` and advances the state past it. */
  run(): EpochTotals {
    const { job, net, state } = this;
    const steps = stepsPerEpoch(job);
    const plan = planEpoch(job.trainIndices, job.augmentation, job.seed, state.epoch);
    const schedule = { peak: job.peakLearningRate, totalSteps: steps * job.epochs, warmup: job.warmup };
    const { paramCount: p, statsCount: s } = net;
    let [loss, correct] = [0, 0];
    for (let k = 0; k < steps; k++) {
      const step = state.epoch * steps + k;
      const vectors = this.runner.step(plan, k, this.localShards, state.params);
      const total = this.exchange.reduce(
        step,
        new Map(this.localShards.map((shard, i) => [shard, vectors[i] as Float32Array])),
      );
      this.sgd.step(state.params, total.subarray(0, p), learningRate(schedule, step));
      for (let i = 0; i < s; i++)
        state.stats[i] =
          (1 - STATS_MOMENTUM) * (state.stats[i] as number) +
          (STATS_MOMENTUM * (total[p + i] as number)) / job.shards;
      loss += total[p + s] as number;
      correct += total[p + s + 1] as number;
    }
    state.epoch++;
    return { loss, correct, samples: steps * job.batchSize };
  }
}
