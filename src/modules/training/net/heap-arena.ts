// Tensor lifetimes of one pass (released together) and a fixed scratch area for per-channel vectors.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocate, heapOffset, release } from '../backend/wasm-heap.js';

/** Every tensor of a pass, freed at once when the pass is over. */
export class Arena {
  private readonly live: TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  track(info: TensorInfo): TensorInfo {
    this.live.push(info);
    return info;
  }

  alloc(shape: number[]): TensorInfo {
    return this.track(allocate(this.backend, shape));
  }

  upload(shape: number[], values: Float32Array): TensorInfo {
    return this.track(this.backend.makeOutput(shape, 'float32', undefined, values));
  }

  releaseAll(): void {
    release(this.backend, ...this.live.splice(0));
  }
}

/** Slots of up to 1024 channels for the vectors the SIMD kernels read (f32) or write (f64 sums). */
export const Slot = { mean: 0, scale: 1, shift: 2, k1: 3, k2: 4, k3: 5, sum: 6, dot: 8 } as const;
const SLOT_FLOATS = 1024;
const SLOTS = 10;

export class Scratch {
  private readonly area: TensorInfo;
  private readonly base: number;

  constructor(private readonly backend: BackendWasm) {
    this.area = allocate(backend, [SLOTS * SLOT_FLOATS]);
    this.base = heapOffset(backend, this.area);
  }

  ptr(slot: number): number {
    return this.base + slot * SLOT_FLOATS * 4;
  }

  write(slot: number, values: ArrayLike<number>): void {
    new Float32Array(this.memory(), this.ptr(slot), values.length).set(values);
  }

  /** A copy of the f64 sums a reduction kernel wrote (a sum slot spans two f32 slots). */
  readF64(slot: number, count: number): Float64Array {
    return new Float64Array(this.memory(), this.ptr(slot), count).slice();
  }

  /** The current heap buffer (it changes when the heap grows). */
  private memory(): ArrayBuffer {
    return this.backend.typedArrayFromHeap(this.area).buffer as ArrayBuffer;
  }
}
