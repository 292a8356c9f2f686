// The tfjs LayersModel and ONNX exports of a folded network agree with each other and with the engine.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../../src/modules/training/backend/wasm-backend.js';
import { normalizationTable } from '../../../src/modules/training/data/normalization.js';
import { viewProbabilities } from '../../../src/modules/training/eval/probabilities.js';
import { foldNet } from '../../../src/modules/training/export/fold.js';
import { onnxModel } from '../../../src/modules/training/export/onnx-model.js';
import {
  layersModel,
  predictSerialized,
  serializeLayersModel,
} from '../../../src/modules/training/export/tfjs-layers.js';
import { compileNet, findArchitecture } from '../../../src/modules/training/net/architecture.js';
import { initialState } from '../../../src/modules/training/net/init.js';
import { ShardRunner } from '../../../src/modules/training/train/shard-runner.js';

const COUNT = 6;
const images = Uint8Array.from({ length: COUNT * 3072 }, (_, i) => (i * 7919 + (i >> 7) * 31) % 256);
const normalization = { mean: [0.5, 0.45, 0.4], std: [0.25, 0.24, 0.26] } as const;

beforeAll(async () => {
  await useWasmBackend();
});

describe.each([
  ['resnet8', false],
  ['resnet8-pad', true],
])('export of %s (flip TTA %s)', (name, flipTta) => {
  it('gives the engine probabilities from both the tfjs and the ONNX model', async () => {
    const arch = findArchitecture(name);
    if (!arch) throw new Error(name);
    const net = compileNet(name, arch, 2);
    const { params, stats } = initialState(net, 11);
    stats.forEach((_, i) => {
      stats[i] = (stats[i] as number) + 0.3 * Math.abs(Math.sin(i));
    });
    params.forEach((v, i) => {
      params[i] = v + 0.05 * Math.cos(i);
    });
    const temperature = 1.7;
    const backend = await useWasmBackend();
    const settings = { batchSize: 2, shards: 1, cutout: 0, labelSmoothing: 0 };
    const runner = new ShardRunner(
      backend,
      net,
      { images, labels: new Uint8Array(COUNT), table: normalizationTable(normalization) },
      settings,
    );
    const indices = Array.from({ length: COUNT }, (_, i) => i);
    const views = [
      runner.logits(images, indices, params, stats),
      ...(flipTta ? [runner.logits(images, indices, params, stats, true)] : []),
    ];
    const engine = viewProbabilities(views, 2, temperature);

    const folded = foldNet(net, params, stats, normalization, temperature, flipTta);
    const model = layersModel(folded, 32);
    const tfjs = await predictSerialized(await serializeLayersModel(model), images, COUNT, 32);
    model.dispose();
    const session = await ort.InferenceSession.create(onnxModel(folded, 32));
    const out = await session.run({
      image: new ort.Tensor('float32', Float32Array.from(images), [COUNT, 32, 32, 3]),
    });
    const onnx = out.probabilities?.data as Float32Array;
    await session.release();
    for (let i = 0; i < engine.length; i++) {
      expect(Math.abs((tfjs[i] as number) - (engine[i] as number))).toBeLessThan(1e-4);
      expect(Math.abs((onnx[i] as number) - (tfjs[i] as number))).toBeLessThan(1e-5);
    }
  });
});
