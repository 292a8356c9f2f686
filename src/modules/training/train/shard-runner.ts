// Computes this thread's gradient shards of a step, and evaluation logits, with tfjs on wasm.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdFor } from '../backend/wasm-heap.js';
import { type EpochPlan, fillBatch, fillPlain } from '../data/augment.js';
import type { NetSpec } from '../net/architecture.js';
import type { PassContext } from '../net/conv-bn-unit.js';
import { Arena, Scratch } from '../net/heap-arena.js';
import { softmaxCrossEntropy } from '../net/loss.js';
import { NetworkPass } from '../net/network-pass.js';

export interface ShardData {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  /** Normalization lookup table (see normalizationTable). */
  readonly table: Float32Array;
}

export interface ShardSettings {
  readonly batchSize: number;
  readonly shards: number;
  readonly cutout: number;
  readonly labelSmoothing: number;
}

const IMAGE = 32 * 32 * 3;
const EVAL_CHUNK = 100;

/**
 * The exchange vector of one shard: parameter gradients, then batch-norm batch statistics, then the summed
 * loss and the count of correct predictions. Summing every shard's vector gives the step's totals.
 */
export function exchangeLength(net: NetSpec): number {
  return net.paramCount + net.statsCount + 2;
}

export class ShardRunner {
  private readonly ctx: PassContext;
  private readonly pass: NetworkPass;
  private readonly shardSize: number;
  private readonly batch: Float32Array;

  constructor(
    backend: BackendWasm,
    private readonly net: NetSpec,
    private readonly data: ShardData,
    private readonly settings: ShardSettings,
  ) {
    this.ctx = { backend, simd: simdFor(backend), scratch: new Scratch(backend), arena: new Arena(backend) };
    this.pass = new NetworkPass(this.ctx, net);
    this.shardSize = settings.batchSize / settings.shards;
    this.batch = new Float32Array(Math.max(this.shardSize, EVAL_CHUNK) * IMAGE);
  }

  /** Exchange vectors of `shards` for step `step` of the epoch. */
  step(plan: EpochPlan, step: number, shards: readonly number[], params: Float32Array): Float32Array[] {
    const { net, settings, shardSize, ctx } = this;
    const { paramCount, statsCount } = net;
    this.pass.loadWeights(params);
    const out = shards.map((shard) => {
      const from = step * settings.batchSize + shard * shardSize;
      const input = this.batch.subarray(0, shardSize * IMAGE);
      fillBatch(this.data.images, plan, from, from + shardSize, this.data.table, settings.cutout, input);
      const forward = this.pass.forward(ctx.arena.upload([shardSize, 32, 32, 3], input), params, undefined);
      const labels = Array.from(
        plan.order.subarray(from, from + shardSize),
        (i) => this.data.labels[i] as number,
      );
      const loss = softmaxCrossEntropy(
        forward.logits,
        labels,
        net.classes,
        settings.labelSmoothing,
        settings.batchSize,
      );
      const vector = new Float32Array(exchangeLength(net));
      this.pass.backward(loss.dlogits, params, vector.subarray(0, paramCount));
      vector.set(forward.batchStats as Float32Array, paramCount);
      vector[paramCount + statsCount] = loss.loss;
      vector[paramCount + statsCount + 1] = loss.correct;
      return vector;
    });
    ctx.arena.releaseAll();
    return out;
  }

  /** Logits [n, classes] of `images[indices]` (unaugmented; horizontally flipped when `flip`). */
  logits(
    images: Uint8Array,
    indices: readonly number[],
    params: Float32Array,
    stats: Float32Array,
    flip = false,
  ): Float32Array {
    const out = new Float32Array(indices.length * this.net.classes);
    for (let from = 0; from < indices.length; from += EVAL_CHUNK) {
      const chunk = indices.slice(from, from + EVAL_CHUNK);
      const input = this.batch.subarray(0, chunk.length * IMAGE);
      fillPlain(images, chunk, this.data.table, input, flip);
      this.pass.loadWeights(params);
      const { logits } = this.pass.forward(
        this.ctx.arena.upload([chunk.length, 32, 32, 3], input),
        params,
        stats,
      );
      out.set(logits, from * this.net.classes);
      this.ctx.arena.releaseAll();
    }
    return out;
  }
}
