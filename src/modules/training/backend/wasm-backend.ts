// Starts tfjs on the wasm backend (SIMD) and installs our convolution gradient kernels on it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';

/** Replaces (or adds) the wasm kernels we provide; safe to call more than once. */
export function registerTrainingKernels(): void {
  for (const config of [conv2DBackpropFilterConfig, conv2DBackpropInputConfig]) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

/** Makes wasm the active tfjs backend with our kernels; returns it. */
export async function useWasmBackend(): Promise<BackendWasm> {
  registerTrainingKernels();
  if (tf.getBackend() !== 'wasm') {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the tfjs wasm backend failed to initialize');
  }
  await tf.ready();
  return tf.backend() as BackendWasm;
}
