// Conv2DBackpropFilter for wasm (which lacks it), built on the backend's fast forward Conv2D (XNNPACK).
import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel } from './kernel-call.js';
import { toChwn, toHwnc } from './layout.js';
import { allocate, f32View, release } from './wasm-heap.js';

/**
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*sh+kh-top, ow*sw+kw-left, ci] * dy[b,oh,ow,co]: a forward
 * convolution of x as [Cin,H,W,B] (batch Cin, channels B) with dy as [OH,OW,B,Cout] (taps OH x OW, dilated by
 * the stride), giving [Cin,KH',KW',Cout] with KH' >= KH; the first KH x KW taps, reordered, are the gradient.
 */
export function filterGradientFromLayouts(
  backend: BackendWasm,
  xChwn: TensorInfo,
  dyHwnc: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  const conv = callKernel(
    backend,
    'Conv2D',
    { x: xChwn, filter: dyHwnc },
    {
      strides: 1,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
    },
  );
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const out = allocate(backend, [kh, kw, cin, cout]);
  const [, convH, convW] = conv.shape as [number, number, number, number];
  const src = f32View(backend, conv);
  const dst = f32View(backend, out);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++) {
        const from = ((c * convH + i) * convW + j) * cout;
        dst.set(src.subarray(from, from + cout), ((i * kw + j) * cin + c) * cout);
      }
  release(backend, conv);
  return out;
}

function conv2DBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat !== 'NHWC') throw new Error('wasm Conv2DBackpropFilter supports only NHWC');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const xChwn = toChwn(backend, x);
  const dyHwnc = toHwnc(backend, dy);
  try {
    return filterGradientFromLayouts(backend, xChwn, dyHwnc, info);
  } finally {
    release(backend, xChwn, dyHwnc);
  }
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as KernelFunc,
};
