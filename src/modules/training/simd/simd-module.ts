// Instantiates the SIMD kernels on the tfjs wasm backend's own memory, so they work on tensors in place.
import { LAYOUT_KERNELS } from './kernel-sources.js';
import { NORM_KERNELS } from './norm-kernel-sources.js';
import { SHORTCUT_KERNELS } from './shortcut-kernel-sources.js';
import { assembleModule } from './wasm-assembler.js';
import { type WasmMemory, webAssembly } from './webassembly-api.js';

/** Pointers are byte offsets into the backend's memory; counts are in elements. */
export interface SimdKernels {
  transpose_nhwc_chwn(x: number, y: number, batch: number, pixels: number, channels: number): void;
  transpose_nhwc_chwn4(x: number, y: number, batch: number, pixels: number, channels: number): void;
  transpose_nhwc_hwnc(x: number, y: number, batch: number, pixels: number, channels: number): void;
  phases_to_space(
    src: number,
    dst: number,
    batch: number,
    rows: number,
    cols: number,
    sh: number,
    sw: number,
    channels: number,
    height: number,
    width: number,
  ): void;
  channel_sum(x: number, pixels: number, channels: number, sum: number): void;
  channel_sqdev(x: number, pixels: number, channels: number, mean: number, sum: number): void;
  channel_sum_dot(
    dz: number,
    x: number,
    pixels: number,
    channels: number,
    mean: number,
    sum: number,
    dot: number,
  ): void;
  affine_act(
    x: number,
    y: number,
    scale: number,
    shift: number,
    pixels: number,
    channels: number,
    floor: number,
  ): void;
  affine_add_relu(
    x: number,
    res: number,
    y: number,
    scale: number,
    shift: number,
    pixels: number,
    channels: number,
  ): void;
  norm_input_grad(
    dz: number,
    x: number,
    dx: number,
    mean: number,
    k1: number,
    k2: number,
    k3: number,
    pixels: number,
    channels: number,
  ): void;
  relu_grad(dy1: number, dy2: number, y: number, dz: number, count: number, inputs: number): void;
  pool_mean(x: number, y: number, batch: number, pixels: number, channels: number, inv: number): void;
  pool_mean_grad(dy: number, dx: number, batch: number, pixels: number, channels: number, inv: number): void;
  shortcut_pad(
    x: number,
    y: number,
    batch: number,
    height: number,
    width: number,
    cin: number,
    cout: number,
    stride: number,
  ): void;
  shortcut_pad_grad(
    dy: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    cin: number,
    cout: number,
    stride: number,
  ): void;
}

let compiled: object | undefined;
const instances = new WeakMap<WasmMemory, SimdKernels>();

/** The kernels bound to `memory`, compiled once per process and instantiated once per memory. */
export function simdKernels(memory: WasmMemory): SimdKernels {
  const cached = instances.get(memory);
  if (cached) return cached;
  compiled ??= new webAssembly.Module(
    assembleModule([...LAYOUT_KERNELS, ...NORM_KERNELS, ...SHORTCUT_KERNELS]),
  );
  const instance = new webAssembly.Instance(compiled, { env: { memory } });
  const kernels = instance.exports as unknown as SimdKernels;
  instances.set(memory, kernels);
  return kernels;
}
