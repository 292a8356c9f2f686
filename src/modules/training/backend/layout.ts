// Layout moves of NHWC tensors on the wasm heap, for the convolution gradients.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocate, heapOffset, simdFor } from './wasm-heap.js';

/** [B,H,W,C] -> [C,H,W,B]. */
export function toChwn(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const out = allocate(backend, [c, h, w, b]);
  const simd = simdFor(backend);
  const transpose = b % 4 === 0 && c % 4 === 0 ? simd.transpose_nhwc_chwn4 : simd.transpose_nhwc_chwn;
  transpose(heapOffset(backend, x), heapOffset(backend, out), b, h * w, c);
  return out;
}

/** [B,H,W,C] -> [H,W,B,C]. */
export function toHwnc(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const out = allocate(backend, [h, w, b, c]);
  simdFor(backend).transpose_nhwc_hwnc(heapOffset(backend, x), heapOffset(backend, out), b, h * w, c);
  return out;
}
