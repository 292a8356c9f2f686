// Calls a registered wasm kernel function directly from inside another kernel.
import { getKernel, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export function callKernel(
  backend: BackendWasm,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
): TensorInfo {
  const config = getKernel(name, 'wasm');
  if (!config) throw new Error(`kernel ${name} is not registered for wasm`);
  return config.kernelFunc({ inputs, attrs, backend }) as TensorInfo;
}
