// One convolution + batch norm (+ shortcut) (+ ReLU), forward and backward, on tensors in the wasm heap.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { filterGradientFromLayouts } from '../backend/conv2d-backprop-filter.js';
import { inputGradient } from '../backend/conv2d-backprop-input.js';
import { callKernel } from '../backend/kernel-call.js';
import { toChwn, toHwnc } from '../backend/layout.js';
import { f32View, heapOffset, release } from '../backend/wasm-heap.js';
import type { SimdKernels } from '../simd/simd-module.js';
import type { UnitSpec } from './architecture.js';
import { type Arena, type Scratch, Slot } from './heap-arena.js';

export const BN_EPSILON = 1e-5;

export interface PassContext {
  readonly backend: BackendWasm;
  readonly simd: SimdKernels;
  readonly scratch: Scratch;
  readonly arena: Arena;
}

/** relu: max(bn, 0); residual: max(bn + shortcut, 0); linear: bn alone. */
export type Activation =
  | { readonly kind: 'relu' }
  | { readonly kind: 'residual'; readonly shortcut: TensorInfo }
  | { readonly kind: 'linear' };

export interface UnitCache {
  readonly x: TensorInfo;
  readonly conv: TensorInfo;
  readonly y: TensorInfo;
  readonly mean: Float32Array;
  readonly inv: Float64Array;
}

export interface UnitResult {
  readonly y: TensorInfo;
  readonly cache: UnitCache;
  /** Batch mean and unbiased variance (training mode only). */
  readonly batch?: { readonly mean: Float64Array; readonly variance: Float64Array };
}

const at = (ctx: PassContext, t: TensorInfo) => heapOffset(ctx.backend, t);

function convInfo(u: UnitSpec, x: TensorInfo): backend_util.Conv2DInfo {
  const pad = (u.kernel - 1) >> 1;
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    [u.kernel, u.kernel, u.cin, u.cout],
    u.stride,
    1,
    [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ],
  );
}

function batchMoments(ctx: PassContext, conv: TensorInfo, pixels: number, channels: number) {
  const { simd, scratch } = ctx;
  simd.channel_sum(at(ctx, conv), pixels, channels, scratch.ptr(Slot.sum));
  const mean = scratch.readF64(Slot.sum, channels).map((s) => s / pixels);
  scratch.write(Slot.mean, mean);
  simd.channel_sqdev(at(ctx, conv), pixels, channels, scratch.ptr(Slot.mean), scratch.ptr(Slot.sum));
  const variance = scratch.readF64(Slot.sum, channels).map((s) => s / pixels);
  return { mean, variance };
}

/**
 * Forward pass of a unit. In training mode batch norm uses the batch's moments; otherwise the running
 * statistics `stats` (mean then variance at `u.stats`).
 */
export function unitForward(
  ctx: PassContext,
  u: UnitSpec,
  x: TensorInfo,
  weight: TensorInfo,
  params: Float32Array,
  stats: Float32Array | undefined,
  act: Activation,
): UnitResult {
  const conv = ctx.arena.track(callKernel(ctx.backend, 'Conv2D', { x, filter: weight }, convAttrs(u)));
  const [b, h, w] = conv.shape as [number, number, number, number];
  const pixels = b * h * w;
  const moments = stats
    ? {
        mean: Float64Array.from(stats.subarray(u.stats, u.stats + u.cout)),
        variance: Float64Array.from(stats.subarray(u.stats + u.cout, u.stats + 2 * u.cout)),
      }
    : batchMoments(ctx, conv, pixels, u.cout);
  const inv = moments.variance.map((v) => 1 / Math.sqrt(v + BN_EPSILON));
  const y = applyNorm(ctx, u, conv, moments.mean, inv, params, act);
  const cache = { x, conv, y, mean: Float32Array.from(moments.mean), inv };
  if (stats) return { y, cache };
  const unbiased = pixels / Math.max(1, pixels - 1);
  return { y, cache, batch: { mean: moments.mean, variance: moments.variance.map((v) => v * unbiased) } };
}

/** y = act(gamma * (conv - mean) * inv + beta [+ shortcut]). */
function applyNorm(
  ctx: PassContext,
  u: UnitSpec,
  conv: TensorInfo,
  mean: Float64Array,
  inv: Float64Array,
  params: Float32Array,
  act: Activation,
): TensorInfo {
  const scale = inv.map((s, c) => s * (params[u.gamma + c] as number));
  const shift = scale.map((s, c) => (params[u.beta + c] as number) - (mean[c] as number) * s);
  ctx.scratch.write(Slot.scale, scale);
  ctx.scratch.write(Slot.shift, shift);
  const y = ctx.arena.alloc(conv.shape);
  const [sc, sh] = [ctx.scratch.ptr(Slot.scale), ctx.scratch.ptr(Slot.shift)];
  const [b, h, w] = conv.shape as [number, number, number, number];
  const pixels = b * h * w;
  if (act.kind === 'residual')
    ctx.simd.affine_add_relu(at(ctx, conv), at(ctx, act.shortcut), at(ctx, y), sc, sh, pixels, u.cout);
  else
    ctx.simd.affine_act(
      at(ctx, conv),
      at(ctx, y),
      sc,
      sh,
      pixels,
      u.cout,
      act.kind === 'relu' ? 0 : -Infinity,
    );
  return y;
}

function convAttrs(u: UnitSpec) {
  const pad = (u.kernel - 1) >> 1;
  return {
    strides: u.stride,
    pad: [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: 1,
  };
}

export interface UnitGradients {
  /** Gradient at the batch-norm output (after the ReLU mask): what flows into a shortcut. */
  readonly dz: TensorInfo;
  /** Gradient with respect to the unit's input, when asked for. */
  readonly dx: TensorInfo | undefined;
}

/**
 * Backward pass of a unit given the gradients flowing into its output (one or two, summed), writing the
 * gradients of its weight, gamma and beta into `grads`.
 */
export function unitBackward(
  ctx: PassContext,
  u: UnitSpec,
  cache: UnitCache,
  incoming: readonly TensorInfo[],
  relu: boolean,
  weight: TensorInfo,
  params: Float32Array,
  grads: Float32Array,
  needInputGrad: boolean,
): UnitGradients {
  const dz = relu ? reluGradient(ctx, cache, incoming) : (incoming[0] as TensorInfo);
  const dconv = normBackward(ctx, u, cache, dz, params, grads);
  const info = convInfo(u, cache.x);
  const xChwn = toChwn(ctx.backend, cache.x);
  const dHwnc = toHwnc(ctx.backend, dconv);
  const dw = filterGradientFromLayouts(ctx.backend, xChwn, dHwnc, info);
  grads.set(f32View(ctx.backend, dw), u.weight);
  release(ctx.backend, xChwn, dHwnc, dw);
  const dx = needInputGrad ? ctx.arena.track(inputGradient(ctx.backend, dconv, weight, info)) : undefined;
  return { dz, dx };
}

/** The summed incoming gradients where the unit's output was positive. */
function reluGradient(ctx: PassContext, cache: UnitCache, incoming: readonly TensorInfo[]): TensorInfo {
  const [dy1, dy2] = incoming as [TensorInfo, TensorInfo | undefined];
  const dz = ctx.arena.alloc(cache.conv.shape);
  const count = cache.conv.shape.reduce((a, b) => a * b, 1);
  ctx.simd.relu_grad(
    at(ctx, dy1),
    dy2 ? at(ctx, dy2) : 0,
    at(ctx, cache.y),
    at(ctx, dz),
    count,
    incoming.length,
  );
  return dz;
}

/** Batch-norm backward: writes d(gamma), d(beta) into `grads` and returns the gradient at the conv output. */
function normBackward(
  ctx: PassContext,
  u: UnitSpec,
  cache: UnitCache,
  dz: TensorInfo,
  params: Float32Array,
  grads: Float32Array,
): TensorInfo {
  const { simd, scratch } = ctx;
  const [b, h, w] = cache.conv.shape as [number, number, number, number];
  const pixels = b * h * w;
  const [mean, sum, dot] = [scratch.ptr(Slot.mean), scratch.ptr(Slot.sum), scratch.ptr(Slot.dot)];
  scratch.write(Slot.mean, cache.mean);
  simd.channel_sum_dot(at(ctx, dz), at(ctx, cache.conv), pixels, u.cout, mean, sum, dot);
  const k = normGradCoefficients(
    u,
    cache.inv,
    scratch.readF64(Slot.sum, u.cout),
    scratch.readF64(Slot.dot, u.cout),
    pixels,
    params,
    grads,
  );
  scratch.write(Slot.k1, k.k1);
  scratch.write(Slot.k2, k.k2);
  scratch.write(Slot.k3, k.k3);
  const dconv = ctx.arena.alloc(cache.conv.shape);
  const [k1, k2, k3] = [scratch.ptr(Slot.k1), scratch.ptr(Slot.k2), scratch.ptr(Slot.k3)];
  simd.norm_input_grad(at(ctx, dz), at(ctx, cache.conv), at(ctx, dconv), mean, k1, k2, k3, pixels, u.cout);
  return dconv;
}

/** dx = k1*dz + k2*(x - mean) + k3 per channel; also writes d(gamma) and d(beta). */
function normGradCoefficients(
  u: UnitSpec,
  inv: Float64Array,
  sumDz: Float64Array,
  dot: Float64Array,
  pixels: number,
  params: Float32Array,
  grads: Float32Array,
) {
  const k1 = new Float32Array(u.cout);
  const k2 = new Float32Array(u.cout);
  const k3 = new Float32Array(u.cout);
  for (let c = 0; c < u.cout; c++) {
    const [g, s, d, sd] = [
      params[u.gamma + c] as number,
      inv[c] as number,
      dot[c] as number,
      sumDz[c] as number,
    ];
    grads[u.gamma + c] = d * s;
    grads[u.beta + c] = sd;
    k1[c] = g * s;
    k2[c] = (-g * s * s * s * d) / pixels;
    k3[c] = (-g * s * sd) / pixels;
  }
  return { k1, k2, k3 };
}
