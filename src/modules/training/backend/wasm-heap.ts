// Direct access to tensors in the tfjs wasm backend's memory: offsets, views, allocation, the SIMD kernels.
import type { DataType, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type SimdKernels, simdKernels } from '../simd/simd-module.js';
import type { WasmMemory } from '../simd/webassembly-api.js';

/** Byte offset of a tensor's data in the backend's memory. */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('tensor data is not on the wasm backend');
  return data.memoryOffset;
}

/** A float32 view of a tensor; take it after the last allocation, since memory growth detaches views. */
export function f32View(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function allocate(backend: BackendWasm, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The SIMD kernels instantiated on this backend's memory. */
export function simdFor(backend: BackendWasm): SimdKernels {
  // The emscripten module's typings omit `asm`, which holds the exported memory of the non-threaded build.
  const memory = (backend.wasm as unknown as { asm: { memory: WasmMemory } }).asm.memory;
  return simdKernels(memory);
}
