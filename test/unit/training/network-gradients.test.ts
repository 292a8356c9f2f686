// The hand-written forward/backward of the residual network against tfjs autograd on the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../../src/modules/training/backend/wasm-backend.js';
import { simdFor } from '../../../src/modules/training/backend/wasm-heap.js';
import {
  compileNet,
  findArchitecture,
  type NetSpec,
  type UnitSpec,
} from '../../../src/modules/training/net/architecture.js';
import { BN_EPSILON } from '../../../src/modules/training/net/conv-bn-unit.js';
import { Arena, Scratch } from '../../../src/modules/training/net/heap-arena.js';
import { initialState } from '../../../src/modules/training/net/init.js';
import { softmaxCrossEntropy } from '../../../src/modules/training/net/loss.js';
import { NetworkPass } from '../../../src/modules/training/net/network-pass.js';

const BATCH = 8;
/** Small images keep the cpu reference fast; the passes take their sizes from the tensors. */
const SIZE = 8;
const SMOOTHING = 0.1;

/** x[:, ::s, ::s, :] for sizes divisible by s, through ops that have gradients. */
function subsample(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const grid = x.reshape([b, h / s, s, w / s, s, c]);
  return grid.slice([0, 0, 0, 0, 0, 0], [b, h / s, 1, w / s, 1, c]).reshape([b, h / s, w / s, c]);
}

function referenceLoss(net: NetSpec, p: Map<string, tf.Tensor>, x: tf.Tensor4D, labels: number[]): tf.Scalar {
  const get = (name: string) => p.get(name) as tf.Tensor;
  const unit = (u: UnitSpec, input: tf.Tensor4D): tf.Tensor4D => {
    const pad = (u.kernel - 1) >> 1;
    const c = tf.conv2d(input, get(`${u.name}/kernel`) as tf.Tensor4D, u.stride, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    const { mean, variance } = tf.moments(c, [0, 1, 2]);
    return c
      .sub(mean)
      .div(variance.add(BN_EPSILON).sqrt())
      .mul(get(`${u.name}/gamma`))
      .add(get(`${u.name}/beta`));
  };
  let a = tf.relu(unit(net.stem, x));
  for (const block of net.blocks) {
    const mid = tf.relu(unit(block.first, a));
    const pad = block.pad;
    const shortcut = block.projection
      ? unit(block.projection, a)
      : pad
        ? tf.pad(subsample(a, pad.stride), [
            [0, 0],
            [0, 0],
            [0, 0],
            [0, pad.cout - pad.cin],
          ])
        : a;
    a = tf.relu(unit(block.second, mid).add(shortcut));
  }
  const logits = a
    .mean([1, 2])
    .matMul(get('dense/kernel') as tf.Tensor2D)
    .add(get('dense/bias'));
  const k = net.classes;
  const target = tf
    .oneHot(labels, k)
    .mul(1 - SMOOTHING)
    .add(SMOOTHING / k);
  return tf.neg(target.mul(tf.logSoftmax(logits)).sum()).div(BATCH);
}

describe('network forward/backward', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it.each(['resnet8', 'resnet8-pad'])('matches tfjs autograd on the cpu backend: %s', async (name) => {
    const arch = findArchitecture(name);
    if (!arch) throw new Error(`no ${name}`);
    const net = compileNet(name, arch, 3);
    const { params } = initialState(net, 3);
    for (let i = 0; i < params.length; i++)
      if (
        net.params.some(
          (q) => q.name.endsWith('beta') && i >= q.offset && i < q.offset + (q.shape[0] as number),
        )
      )
        params[i] = Math.sin(i) * 0.1;
    const input = Float32Array.from({ length: BATCH * SIZE * SIZE * 3 }, (_, i) => Math.sin(i * 0.37) * 1.5);
    const labels = Array.from({ length: BATCH }, (_, i) => i % 3);

    await tf.setBackend('wasm');
    const backend = await useWasmBackend();
    const ctx = { backend, simd: simdFor(backend), scratch: new Scratch(backend), arena: new Arena(backend) };
    const pass = new NetworkPass(ctx, net);
    pass.loadWeights(params);
    const forward = pass.forward(ctx.arena.upload([BATCH, SIZE, SIZE, 3], input), params, undefined);
    const loss = softmaxCrossEntropy(forward.logits, labels, 3, SMOOTHING, BATCH);
    const grads = new Float32Array(net.paramCount);
    pass.backward(loss.dlogits, params, grads);
    ctx.arena.releaseAll();

    await tf.setBackend('cpu');
    const tensors = new Map(
      net.params.map((q) => [
        q.name,
        tf.tensor(params.subarray(q.offset, q.offset + q.shape.reduce((a, b) => a * b, 1)), [...q.shape]),
      ]),
    );
    const names = [...tensors.keys()];
    const x = tf.tensor4d(input, [BATCH, SIZE, SIZE, 3]);
    const { value, grads: want } = tf.valueAndGrads((...ts: tf.Tensor[]) =>
      referenceLoss(net, new Map(names.map((n, i) => [n, ts[i] as tf.Tensor])), x, labels),
    )(names.map((n) => tensors.get(n) as tf.Tensor));
    expect(loss.loss / BATCH).toBeCloseTo(value.dataSync()[0] as number, 4);
    net.params.forEach((q, i) => {
      const ref = want[i]?.dataSync() as Float32Array;
      const got = grads.subarray(q.offset, q.offset + ref.length);
      const scale = Math.max(...ref.map(Math.abs), 1e-6);
      const err = Math.max(...ref.map((r, j) => Math.abs(r - (got[j] as number)))) / scale;
      expect(err, q.name).toBeLessThan(1e-3);
    });
    await tf.setBackend('wasm');
  });
});
