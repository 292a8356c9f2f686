// The baseline the engine is measured against: a plain tfjs autograd training loop (tf.layers ResNet-8,
// optimizer.minimize) on one thread of wasm, with a filter-gradient kernel built from tfjs ops and the
// input gradient as a convolution of the zero-upsampled dy with the flipped filter.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Architecture } from '../../src/modules/training/net/architecture.js';

type Info = tf.TensorInfo;
type Pads = [[number, number], [number, number], [number, number], [number, number]];

function call(
  backend: BackendWasm,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): Info {
  return tf.getKernel(name, 'wasm').kernelFunc({ inputs, attrs, backend }) as Info;
}

function filterGradient(args: Parameters<tf.KernelFunc>[0]): Info {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
  );
  const { top, bottom, left, right } = info.padInfo;
  const xt = call(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyt = call(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const pad: Pads = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const conv = call(
    backend,
    'Conv2D',
    { x: xt, filter: dyt },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] },
  );
  const [kh, kw] = a.filterShape;
  const sliced = call(backend, 'Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
  const out = call(backend, 'Transpose', { x: sliced }, { perm: [1, 2, 0, 3] });
  for (const t of [xt, dyt, conv, sliced]) backend.disposeData(t.dataId);
  return out;
}

function inputGradient(args: Parameters<tf.KernelFunc>[0]): Info {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
  );
  const {
    batchSize: b,
    outHeight: oh,
    outWidth: ow,
    outChannels: c,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const grid = call(backend, 'Reshape', { x: dy }, { shape: [b, oh, 1, ow, 1, c] });
  const padded = call(
    backend,
    'PadV2',
    { x: grid },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const flat = call(backend, 'Reshape', { x: padded }, { shape: [b, oh * sh, ow * sw, c] });
  const [uh, uw] = [(oh - 1) * sh + 1, (ow - 1) * sw + 1];
  const up = call(backend, 'Slice', { x: flat }, { begin: [0, 0, 0, 0], size: [-1, uh, uw, -1] });
  const reversed = call(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const flipped = call(backend, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  const [top, left] = [info.filterHeight - 1 - info.padInfo.top, info.filterWidth - 1 - info.padInfo.left];
  const bottom = info.inHeight - uh - top + info.filterHeight - 1;
  const right = info.inWidth - uw - left + info.filterWidth - 1;
  const pad: Pads = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const out = call(
    backend,
    'Conv2D',
    { x: up, filter: flipped },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
  );
  for (const t of [grid, padded, flat, up, reversed, flipped]) backend.disposeData(t.dataId);
  return out;
}

export function registerBaselineKernels(): void {
  for (const [kernelName, kernelFunc] of [
    ['Conv2DBackpropFilter', filterGradient],
    ['Conv2DBackpropInput', inputGradient],
  ] as const) {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  }
}

/** The engine's architecture with tf.layers (a pad shortcut as a fixed 1x1 strided convolution). */
function layersNet(arch: Architecture, classes: number): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const convBn = (x: tf.SymbolicTensor, filters: number, kernelSize: number, strides: number) => {
    const conv = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x);
    return tf.layers.batchNormalization().apply(conv) as tf.SymbolicTensor;
  };
  const padShortcut = (x: tf.SymbolicTensor, cin: number, cout: number) => {
    const identity = tf.tidy(() => tf.eye(cin, cout).reshape([1, 1, cin, cout]));
    const layer = tf.layers.conv2d({
      filters: cout,
      kernelSize: 1,
      strides: 2,
      useBias: false,
      trainable: false,
      weights: [identity],
    });
    return layer.apply(x) as tf.SymbolicTensor;
  };
  const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  let a = relu(convBn(input, arch.stem, 3, 1));
  let channels = arch.stem;
  arch.stages.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const mid = relu(convBn(a, stage.channels, 3, stride));
      const reshape = stride !== 1 || channels !== stage.channels;
      const shortcut = !reshape
        ? a
        : arch.shortcut === 'pad'
          ? padShortcut(a, channels, stage.channels)
          : convBn(a, stage.channels, 1, stride);
      a = relu(tf.layers.add().apply([convBn(mid, stage.channels, 3, 1), shortcut]) as tf.SymbolicTensor);
      channels = stage.channels;
    }
  });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(a);
  return tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: classes }).apply(pooled) as tf.SymbolicTensor,
  });
}

/** Trains `steps` batches of `batch` images after `warmup` ones; returns training images per second. */
export async function baselineImagesPerSecond(
  arch: Architecture,
  images: Uint8Array,
  labels: Uint8Array,
  batch: number,
  warmup: number,
  steps: number,
): Promise<number> {
  await tf.setBackend('wasm');
  registerBaselineKernels();
  const model = layersNet(arch, 2);
  const optimizer = tf.train.momentum(0.05, 0.9, true);
  const count = labels.length;
  const step = (k: number) => {
    const from = (k * batch) % (count - batch);
    tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from(images.subarray(from * 3072, (from + batch) * 3072), (v) => v / 255 - 0.5),
        [batch, 32, 32, 3],
      );
      const y = tf.oneHot(tf.tensor1d(labels.subarray(from, from + batch), 'int32'), 2);
      optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      );
    });
  };
  for (let k = 0; k < warmup; k++) step(k);
  const started = performance.now();
  for (let k = 0; k < steps; k++) step(warmup + k);
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  optimizer.dispose();
  return (steps * batch) / seconds;
}
