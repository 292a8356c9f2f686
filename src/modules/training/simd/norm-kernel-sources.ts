// WebAssembly SIMD sources of batch-norm, ReLU and pooling kernels; channel counts must be multiples of 4.

import type { ValType, WasmFunction } from './wasm-assembler.js';
import { inc, whileLt } from './wat-helpers.js';

type Param = readonly [string, ValType];
const i32 = (...names: string[]): Param[] => names.map((n) => [n, 'i32'] as const);
const v128 = (...names: string[]): Param[] => names.map((n) => [n, 'v128'] as const);

const HIGH_TO_LOW = '8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15';

/** Adds the four f32 lanes of `acc` to the four f64 values at `out + $c*2` (channel c4 of an f64 vector). */
const flushF64 = (acc: string, out: string): string => `
  local.get ${out} local.get $c i32.const 1 i32.shl i32.add local.set $o
  local.get $o local.get $o v128.load local.get ${acc} f64x2.promote_low_f32x4 f64x2.add v128.store
  local.get $o local.get $o v128.load offset=16
  local.get ${acc} local.get ${acc} i8x16.shuffle ${HIGH_TO_LOW} f64x2.promote_low_f32x4 f64x2.add
  v128.store offset=16`;

const zeroF64 = (out: string): string => `
  i32.const 0 local.set $c
  ${whileLt('zero', '$c', '$channels', `local.get ${out} local.get $c i32.const 3 i32.shl i32.add f32.const 0 f64.promote_f32 f64.store ${inc('$c', 'i32.const 1')}`)}`;

interface Reduction {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly usesMean: boolean;
  /** Accumulates the vector(s) at $ptr (and $ptr2) into $acc1 (and $acc2). */
  readonly inner: string;
}

/**
 * Per-channel sums over pixels, read in blocks that stay in L1; each block's f32 partial sums are added to
 * f64 totals, so long reductions keep their precision.
 */
function channelReduction(r: Reduction): WasmFunction {
  const [a, b] = r.inputs as [string, string | undefined];
  const reset = r.outputs.map((_, i) => `f32.const 0 f32x4.splat local.set $acc${i + 1}`).join(' ');
  const flush = r.outputs.map((out, i) => flushF64(`$acc${i + 1}`, `$${out}`)).join('\n');
  return {
    name: r.name,
    params: [
      ...i32(...r.inputs, 'pixels', 'channels'),
      ...(r.usesMean ? i32('mean') : []),
      ...i32(...r.outputs),
    ],
    locals: [
      ...i32('stride', 'blk', 'p0', 'pend', 'c', 'ptr', 'ptr2', 'end', 'o'),
      ...v128('acc1', 'acc2', 'm', 't'),
    ],
    body: `
    local.get $channels i32.const 2 i32.shl local.set $stride
    i32.const 2048 local.get $channels i32.div_u local.set $blk
    ${r.outputs.map((out) => zeroF64(`$${out}`)).join('\n')}
    ${whileLt(
      'block',
      '$p0',
      '$pixels',
      `local.get $p0 local.get $blk i32.add local.get $pixels
      local.get $p0 local.get $blk i32.add local.get $pixels i32.lt_u select local.set $pend
      i32.const 0 local.set $c
      ${whileLt(
        'chan',
        '$c',
        '$stride',
        `${reset}
        ${r.usesMean ? 'local.get $mean local.get $c i32.add v128.load local.set $m' : ''}
        local.get $p0 local.get $stride i32.mul local.get $c i32.add local.get $${a} i32.add local.set $ptr
        ${b ? `local.get $p0 local.get $stride i32.mul local.get $c i32.add local.get $${b} i32.add local.set $ptr2` : ''}
        local.get $pend local.get $stride i32.mul local.get $c i32.add local.get $${a} i32.add local.set $end
        ${whileLt('px', '$ptr', '$end', `${r.inner} ${inc('$ptr', 'local.get $stride')} ${b ? inc('$ptr2', 'local.get $stride') : ''}`)}
        ${flush}
        ${inc('$c', 'i32.const 16')}`,
      )}
      local.get $pend local.set $p0`,
    )}`,
  };
}

const channelSum = channelReduction({
  name: 'channel_sum',
  inputs: ['x'],
  outputs: ['sum'],
  usesMean: false,
  inner: 'local.get $acc1 local.get $ptr v128.load f32x4.add local.set $acc1',
});

const channelSquaredDeviation = channelReduction({
  name: 'channel_sqdev',
  inputs: ['x'],
  outputs: ['sum'],
  usesMean: true,
  inner: `local.get $ptr v128.load local.get $m f32x4.sub local.tee $t local.get $t f32x4.mul
    local.get $acc1 f32x4.add local.set $acc1`,
});

/** sum(dz) and sum(dz * (x - mean)) per channel: the two reductions of the batch-norm backward pass. */
const channelSumDot = channelReduction({
  name: 'channel_sum_dot',
  inputs: ['dz', 'x'],
  outputs: ['sum', 'dot'],
  usesMean: true,
  inner: `local.get $acc1 local.get $ptr v128.load f32x4.add local.set $acc1
    local.get $ptr v128.load local.get $ptr2 v128.load local.get $m f32x4.sub f32x4.mul
    local.get $acc2 f32x4.add local.set $acc2`,
});

/** Loops $c over the channel bytes of each pixel, advancing the named pointers by one pixel per row. */
const perPixel = (pointers: readonly string[], body: string): string => `
  local.get $channels i32.const 2 i32.shl local.set $stride
  local.get $${pointers[0]} local.get $pixels local.get $stride i32.mul i32.add local.set $end
  ${whileLt(
    'pixel',
    `$${pointers[0]}`,
    '$end',
    `i32.const 0 local.set $c
    ${whileLt('chan', '$c', '$stride', `${body} ${inc('$c', 'i32.const 16')}`)}
    ${pointers.map((p) => inc(`$${p}`, 'local.get $stride')).join(' ')}`,
  )}`;

const at = (ptr: string): string => `local.get $${ptr} local.get $c i32.add`;
const load = (ptr: string): string => `${at(ptr)} v128.load`;

/** y = max(x * scale + shift, floor): batch norm applied (floor 0 adds the ReLU, -Infinity leaves it out). */
const affineAct: WasmFunction = {
  name: 'affine_act',
  params: [...i32('x', 'y', 'scale', 'shift', 'pixels', 'channels'), ['floor', 'f32']],
  locals: [...i32('stride', 'end', 'c'), ...v128('fl')],
  body: `local.get $floor f32x4.splat local.set $fl
  ${perPixel(['x', 'y'], `${at('y')} ${load('x')} ${load('scale')} f32x4.mul ${load('shift')} f32x4.add local.get $fl f32x4.max v128.store`)}`,
};

/** y = max(x * scale + shift + res, 0): the end of a residual block. */
const affineAddRelu: WasmFunction = {
  name: 'affine_add_relu',
  params: i32('x', 'res', 'y', 'scale', 'shift', 'pixels', 'channels'),
  locals: [...i32('stride', 'end', 'c'), ...v128('zero')],
  body: `f32.const 0 f32x4.splat local.set $zero
  ${perPixel(['x', 'res', 'y'], `${at('y')} ${load('x')} ${load('scale')} f32x4.mul ${load('shift')} f32x4.add ${load('res')} f32x4.add local.get $zero f32x4.max v128.store`)}`,
};

/** dx = k1 * dz + k2 * (x - mean) + k3 per channel: the batch-norm input gradient. */
const normInputGrad: WasmFunction = {
  name: 'norm_input_grad',
  params: i32('dz', 'x', 'dx', 'mean', 'k1', 'k2', 'k3', 'pixels', 'channels'),
  locals: i32('stride', 'end', 'c'),
  body: perPixel(
    ['dz', 'x', 'dx'],
    `${at('dx')} ${load('k1')} ${load('dz')} f32x4.mul ${load('k2')} ${load('x')} ${load('mean')} f32x4.sub f32x4.mul
    f32x4.add ${load('k3')} f32x4.add v128.store`,
  ),
};

/** dz = (dy1 [+ dy2]) where y > 0, else 0: ReLU gradient, summing a second incoming gradient when given. */
const reluGrad: WasmFunction = {
  name: 'relu_grad',
  params: i32('dy1', 'dy2', 'y', 'dz', 'count', 'inputs'),
  locals: [...i32('end'), ...v128('zero')],
  body: `f32.const 0 f32x4.splat local.set $zero
  local.get $dz local.get $count i32.const 2 i32.shl i32.add local.set $end
  local.get $inputs i32.const 2 i32.eq if
    ${whileLt(
      'two',
      '$dz',
      '$end',
      `local.get $dz local.get $dy1 v128.load local.get $dy2 v128.load f32x4.add
      local.get $y v128.load local.get $zero f32x4.gt v128.and v128.store
      ${['dy1', 'dy2', 'y', 'dz'].map((p) => inc(`$${p}`, 'i32.const 16')).join(' ')}`,
    )}
  else
    ${whileLt(
      'one',
      '$dz',
      '$end',
      `local.get $dz local.get $dy1 v128.load local.get $y v128.load local.get $zero f32x4.gt v128.and v128.store
      ${['dy1', 'y', 'dz'].map((p) => inc(`$${p}`, 'i32.const 16')).join(' ')}`,
    )}
  end`,
};

/** y[b, c] = inv * sum over pixels of x[b, p, c]: global average pooling (inv = 1 / pixels). */
const poolMean: WasmFunction = {
  name: 'pool_mean',
  params: [...i32('x', 'y', 'batch', 'pixels', 'channels'), ['inv', 'f32']],
  locals: [...i32('stride', 'image', 'b', 'c', 'ptr', 'end'), ...v128('acc')],
  body: `
  local.get $channels i32.const 2 i32.shl local.set $stride
  local.get $pixels local.get $stride i32.mul local.set $image
  ${whileLt(
    'img',
    '$b',
    '$batch',
    `i32.const 0 local.set $c
    ${whileLt(
      'chan',
      '$c',
      '$stride',
      `f32.const 0 f32x4.splat local.set $acc
      local.get $x local.get $c i32.add local.tee $ptr local.get $image i32.add local.set $end
      ${whileLt('px', '$ptr', '$end', `local.get $acc local.get $ptr v128.load f32x4.add local.set $acc ${inc('$ptr', 'local.get $stride')}`)}
      ${at('y')} local.get $acc local.get $inv f32x4.splat f32x4.mul v128.store
      ${inc('$c', 'i32.const 16')}`,
    )}
    ${inc('$x', 'local.get $image')} ${inc('$y', 'local.get $stride')} ${inc('$b', 'i32.const 1')}`,
  )}`,
};

/** dx[b, p, c] = inv * dy[b, c]: the gradient of global average pooling. */
const poolMeanGrad: WasmFunction = {
  name: 'pool_mean_grad',
  params: [...i32('dy', 'dx', 'batch', 'pixels', 'channels'), ['inv', 'f32']],
  locals: [...i32('stride', 'b', 'c', 'end'), ...v128('scale')],
  body: `
  local.get $inv f32x4.splat local.set $scale
  local.get $channels i32.const 2 i32.shl local.set $stride
  ${whileLt(
    'img',
    '$b',
    '$batch',
    `local.get $dx local.get $pixels local.get $stride i32.mul i32.add local.set $end
    ${whileLt(
      'px',
      '$dx',
      '$end',
      `i32.const 0 local.set $c
      ${whileLt('chan', '$c', '$stride', `${at('dx')} ${load('dy')} local.get $scale f32x4.mul v128.store ${inc('$c', 'i32.const 16')}`)}
      ${inc('$dx', 'local.get $stride')}`,
    )}
    ${inc('$dy', 'local.get $stride')} ${inc('$b', 'i32.const 1')}`,
  )}`,
};

export const NORM_KERNELS: readonly WasmFunction[] = [
  channelSum,
  channelSquaredDeviation,
  channelSumDot,
  affineAct,
  affineAddRelu,
  normInputGrad,
  reluGrad,
  poolMean,
  poolMeanGrad,
];
