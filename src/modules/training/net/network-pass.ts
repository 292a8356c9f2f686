// Forward and backward passes of a residual network over one batch, on the tfjs wasm heap.
import type { TensorInfo } from '@tensorflow/tfjs';
import { f32View } from '../backend/wasm-heap.js';
import { allUnits, type BlockSpec, type NetSpec, type UnitSpec } from './architecture.js';

type Pad = NonNullable<BlockSpec['pad']>;

import { type PassContext, type UnitCache, unitBackward, unitForward } from './conv-bn-unit.js';

export interface ForwardResult {
  readonly logits: Float32Array;
  /** Training mode: each unit's batch mean and unbiased variance, laid out like the running statistics. */
  readonly batchStats?: Float32Array;
}

interface Trace {
  readonly caches: Map<UnitSpec, UnitCache>;
  readonly last: TensorInfo;
  readonly pooled: Float32Array;
}

const at = (ctx: PassContext, t: TensorInfo) => ctx.backend.dataIdMap.get(t.dataId)?.memoryOffset ?? 0;

export class NetworkPass {
  private readonly weights = new Map<UnitSpec, TensorInfo>();
  private trace: Trace | undefined;

  constructor(
    private readonly ctx: PassContext,
    private readonly net: NetSpec,
  ) {}

  /** Uploads the convolution weights of `params` for the passes that follow (tracked by the arena). */
  loadWeights(params: Float32Array): void {
    for (const u of allUnits(this.net)) {
      const size = u.kernel * u.kernel * u.cin * u.cout;
      const values = params.subarray(u.weight, u.weight + size);
      this.weights.set(u, this.ctx.arena.upload([u.kernel, u.kernel, u.cin, u.cout], values));
    }
  }

  /** Training mode when `stats` is undefined (batch statistics, trace kept for backward). */
  forward(input: TensorInfo, params: Float32Array, stats: Float32Array | undefined): ForwardResult {
    const caches = new Map<UnitSpec, UnitCache>();
    const batchStats = stats ? undefined : new Float32Array(this.net.statsCount);
    const run = (u: UnitSpec, x: TensorInfo, act: Parameters<typeof unitForward>[6]) => {
      const r = unitForward(this.ctx, u, x, this.weight(u), params, stats, act);
      caches.set(u, r.cache);
      if (batchStats && r.batch) {
        batchStats.set(r.batch.mean, u.stats);
        batchStats.set(r.batch.variance, u.stats + u.cout);
      }
      return r.y;
    };
    let a = run(this.net.stem, input, { kind: 'relu' });
    for (const block of this.net.blocks) {
      const mid = run(block.first, a, { kind: 'relu' });
      const shortcut = block.projection
        ? run(block.projection, a, { kind: 'linear' })
        : block.pad
          ? this.padShortcut(a, block.pad)
          : a;
      a = run(block.second, mid, { kind: 'residual', shortcut });
    }
    const pooled = this.pool(a);
    const logits = this.dense(pooled, params);
    this.trace = stats ? undefined : { caches, last: a, pooled };
    return batchStats ? { logits, batchStats } : { logits };
  }

  /** Writes d(loss)/d(params) into `grads` (every entry), given d(loss)/d(logits) of the last forward. */
  backward(dlogits: Float32Array, params: Float32Array, grads: Float32Array): void {
    const trace = this.trace;
    if (!trace) throw new Error('backward needs a training-mode forward first');
    let incoming = [this.denseBackward(trace, dlogits, params, grads)];
    const step = (u: UnitSpec, dys: TensorInfo[], relu: boolean, needInput = true) =>
      unitBackward(
        this.ctx,
        u,
        trace.caches.get(u) as UnitCache,
        dys,
        relu,
        this.weight(u),
        params,
        grads,
        needInput,
      );
    for (const block of [...this.net.blocks].reverse()) {
      const second = step(block.second, incoming, true);
      const first = step(block.first, [second.dx as TensorInfo], true);
      const input = (trace.caches.get(block.first) as UnitCache).x;
      const shortcut = block.projection
        ? step(block.projection, [second.dz], false).dx
        : block.pad
          ? this.padShortcutGrad(second.dz, input, block.pad)
          : second.dz;
      incoming = [first.dx as TensorInfo, shortcut as TensorInfo];
    }
    step(this.net.stem, incoming, true, false);
    this.trace = undefined;
  }

  private weight(u: UnitSpec): TensorInfo {
    const w = this.weights.get(u);
    if (!w) throw new Error(`weights of ${u.name} are not loaded`);
    return w;
  }

  private padShortcut(x: TensorInfo, pad: Pad): TensorInfo {
    const [b, h, w] = x.shape as [number, number, number, number];
    const y = this.ctx.arena.alloc([b, Math.ceil(h / pad.stride), Math.ceil(w / pad.stride), pad.cout]);
    this.ctx.simd.shortcut_pad(at(this.ctx, x), at(this.ctx, y), b, h, w, pad.cin, pad.cout, pad.stride);
    return y;
  }

  private padShortcutGrad(dy: TensorInfo, x: TensorInfo, pad: Pad): TensorInfo {
    const [b, h, w] = x.shape as [number, number, number, number];
    const dx = this.ctx.arena.alloc(x.shape);
    this.ctx.simd.shortcut_pad_grad(
      at(this.ctx, dy),
      at(this.ctx, dx),
      b,
      h,
      w,
      pad.cin,
      pad.cout,
      pad.stride,
    );
    return dx;
  }

  private pool(a: TensorInfo): Float32Array {
    const [b, h, w, c] = a.shape as [number, number, number, number];
    const pooled = this.ctx.arena.alloc([b, c]);
    this.ctx.simd.pool_mean(at(this.ctx, a), at(this.ctx, pooled), b, h * w, c, 1 / (h * w));
    return f32View(this.ctx.backend, pooled).slice();
  }

  private dense(pooled: Float32Array, params: Float32Array): Float32Array {
    const { cin, weight, bias } = this.net.dense;
    const k = this.net.classes;
    const batch = pooled.length / cin;
    const logits = new Float32Array(batch * k);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < k; j++) {
        let sum = params[bias + j] as number;
        for (let c = 0; c < cin; c++)
          sum += (pooled[b * cin + c] as number) * (params[weight + c * k + j] as number);
        logits[b * k + j] = sum;
      }
    return logits;
  }

  /** Dense and pooling gradients; returns the gradient at the last block's output. */
  private denseBackward(
    trace: Trace,
    dlogits: Float32Array,
    params: Float32Array,
    grads: Float32Array,
  ): TensorInfo {
    const { cin, weight, bias } = this.net.dense;
    const k = this.net.classes;
    const batch = dlogits.length / k;
    grads.fill(0, weight, weight + cin * k);
    grads.fill(0, bias, bias + k);
    const dpooled = new Float32Array(batch * cin);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < k; j++) {
        const d = dlogits[b * k + j] as number;
        grads[bias + j] = (grads[bias + j] as number) + d;
        for (let c = 0; c < cin; c++) {
          grads[weight + c * k + j] =
            (grads[weight + c * k + j] as number) + (trace.pooled[b * cin + c] as number) * d;
          dpooled[b * cin + c] =
            (dpooled[b * cin + c] as number) + d * (params[weight + c * k + j] as number);
        }
      }
    const [, h, w] = trace.last.shape as [number, number, number, number];
    const dp = this.ctx.arena.upload([batch, cin], dpooled);
    const dlast = this.ctx.arena.alloc(trace.last.shape);
    this.ctx.simd.pool_mean_grad(at(this.ctx, dp), at(this.ctx, dlast), batch, h * w, cin, 1 / (h * w));
    return dlast;
  }
}
