// Our wasm convolution gradient kernels against the cpu backend's, across strides, paddings and shapes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../../src/modules/training/backend/wasm-backend.js';

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const explicit = (t: number, b: number, l: number, r: number): Pad => [
  [0, 0],
  [t, b],
  [l, r],
  [0, 0],
];

const CASES: Case[] = [
  { x: [2, 8, 8, 4], filter: [3, 3, 4, 8], strides: 1, pad: 'same' },
  { x: [4, 8, 8, 16], filter: [3, 3, 16, 16], strides: 1, pad: 'same' },
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { x: [4, 8, 8, 4], filter: [3, 3, 4, 8], strides: 2, pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [2, 9, 10, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 4], filter: [1, 1, 4, 8], strides: 2, pad: 'same' },
  { x: [2, 8, 9, 4], filter: [3, 2, 4, 3], strides: [1, 2], pad: 'same' },
  { x: [2, 9, 8, 4], filter: [2, 3, 4, 3], strides: [2, 1], pad: 'valid' },
  { x: [2, 10, 10, 2], filter: [5, 5, 2, 3], strides: 3, pad: 'same' },
  { x: [2, 8, 8, 4], filter: [3, 3, 4, 8], strides: 2, pad: explicit(1, 1, 1, 1) },
  { x: [2, 7, 8, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: explicit(0, 2, 1, 0) },
  { x: [3, 6, 6, 4], filter: [3, 3, 4, 4], strides: 1, pad: 2 },
  { x: [1, 5, 5, 1], filter: [1, 1, 1, 1], strides: 1, pad: 'valid' },
];

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 0.7311 + seed * 1.37) * 2);
}

function outShape(c: Case): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return info.outShape;
}

async function onBackend(name: string, c: Case): Promise<{ dw: Float32Array; dx: Float32Array }> {
  await tf.setBackend(name);
  return tf.tidy(() => {
    const dyShape = outShape(c);
    const x = tf.tensor4d(values(tf.util.sizeFromShape(c.x), 1), c.x);
    const filter = tf.tensor4d(values(tf.util.sizeFromShape(c.filter), 2), c.filter);
    const dy = tf.tensor4d(values(tf.util.sizeFromShape(dyShape), 3), dyShape);
    const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: c.filter });
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: c.x });
    return {
      dw: (dw as tf.Tensor).dataSync() as Float32Array,
      dx: (dx as tf.Tensor).dataSync() as Float32Array,
    };
  });
}

function relativeError(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs((got[i] as number) - (want[i] as number)));
    scale = Math.max(scale, Math.abs(want[i] as number));
  }
  return diff / scale;
}

describe('wasm convolution gradient kernels', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it.each(CASES)('match cpu: x $x filter $filter strides $strides pad $pad', async (c) => {
    const want = await onBackend('cpu', c);
    const got = await onBackend('wasm', c);
    expect(relativeError(got.dw, want.dw)).toBeLessThan(1e-4);
    expect(relativeError(got.dx, want.dx)).toBeLessThan(1e-4);
  });

  it('serve tf.grad of conv2d without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same').sum(),
    );
    const [dx, dw] = grads([x, w]);
    expect(dx?.shape).toEqual([2, 8, 8, 3]);
    expect(dw?.shape).toEqual([3, 3, 3, 4]);
    tf.dispose([dx as tf.Tensor, dw as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
