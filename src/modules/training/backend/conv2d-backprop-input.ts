// Conv2DBackpropInput for wasm, replacing the backend's naive loop with one fast forward Conv2D (XNNPACK).
import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel } from './kernel-call.js';
import { phaseKernel, planAxis } from './phase-plan.js';
import { allocate, f32View, heapOffset, release, simdFor } from './wasm-heap.js';

/**
 * dx = the transposed convolution of dy: for stride 1, dy convolved with the flipped filter; for larger
 * strides, one convolution whose output channels hold every phase of dx, interleaved back afterwards. That
 * skips the zeros a zero-upsampled dy would multiply.
 */
export function inputGradient(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const h = planAxis(inHeight, outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const w = planAxis(inWidth, outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  const shape = filter.shape as [number, number, number, number];
  const kernelValues = phaseKernel(f32View(backend, filter), shape, h, w);
  const phases = h.stride * w.stride;
  const kernel = backend.makeOutput(
    [h.taps, w.taps, shape[3], phases * inChannels],
    'float32',
    undefined,
    kernelValues,
  );
  const conv = callKernel(
    backend,
    'Conv2D',
    { x: dy, filter: kernel },
    {
      strides: 1,
      pad: [
        [0, 0],
        [h.padBefore, h.padAfter],
        [w.padBefore, w.padAfter],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: 1,
    },
  );
  release(backend, kernel);
  if (phases === 1 && h.rows === inHeight && w.rows === inWidth) return conv;
  const out = allocate(backend, [batchSize, inHeight, inWidth, inChannels]);
  simdFor(backend).phases_to_space(
    heapOffset(backend, conv),
    heapOffset(backend, out),
    batchSize,
    h.rows,
    w.rows,
    h.stride,
    w.stride,
    inChannels,
    inHeight,
    inWidth,
  );
  release(backend, conv);
  return out;
}

function conv2DBackpropInput(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
  if (attrs.dataFormat !== 'NHWC') throw new Error('wasm Conv2DBackpropInput supports only NHWC');
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return inputGradient(backend, dy, filter, info);
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as KernelFunc,
};
