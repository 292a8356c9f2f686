// Runs an ONNX model with onnxruntime-node (loaded only here: it is big) and compares it with reference output.
import { ONNX_INPUT, ONNX_OUTPUT } from './onnx-model.js';

/** Largest absolute difference between the ONNX model's probabilities and `reference`, on raw RGB images. */
export async function onnxMaxDifference(
  model: Uint8Array,
  images: Uint8Array,
  count: number,
  size: number,
  reference: Float32Array,
): Promise<number> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(images), [count, size, size, 3]);
    const output = await session.run({ [ONNX_INPUT]: input });
    const probabilities = output[ONNX_OUTPUT]?.data as Float32Array;
    let max = 0;
    for (let i = 0; i < reference.length; i++)
      max = Math.max(max, Math.abs((probabilities[i] as number) - (reference[i] as number)));
    return probabilities.length === reference.length ? max : Number.POSITIVE_INFINITY;
  } finally {
    await session.release();
  }
}
