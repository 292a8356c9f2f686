// The two inference runtimes a predictor worker can host: onnxruntime (preferred) and tfjs on wasm (fallback).
import type { InputShape, ModelSource } from './protocol.js';

export interface Backend {
  /** Probabilities for `count` NHWC float images, row-major [count, classes]. */
  run(input: Float32Array, count: number): Promise<Float32Array>;
}

export async function openBackend(source: ModelSource, shape: InputShape): Promise<Backend> {
  return source.backend === 'onnx' ? openOnnx(source, shape) : openTfjs(source, shape);
}

async function openOnnx(source: Extract<ModelSource, { backend: 'onnx' }>, shape: InputShape) {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(source.model, {
    intraOpNumThreads: source.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Spinning threads burn the cores the HTTP thread and the decoders need between batches.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  if (!session.inputNames.includes(source.inputName) || !session.outputNames.includes(source.outputName))
    throw new Error(
      `the ONNX model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], not ${source.inputName} -> ${source.outputName}`,
    );
  return {
    async run(input: Float32Array, count: number) {
      const tensor = new ort.Tensor('float32', input, [count, shape.height, shape.width, shape.channels]);
      const output = await session.run({ [source.inputName]: tensor });
      return output[source.outputName]?.data as Float32Array;
    },
  };
}

async function openTfjs(source: Extract<ModelSource, { backend: 'tfjs' }>, shape: InputShape) {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend failed to initialize');
  await tf.ready();
  const json = JSON.parse(new TextDecoder().decode(source.modelJson)) as {
    modelTopology: object;
    weightsManifest: { weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
  };
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: source.weights.slice().buffer as ArrayBuffer,
    }),
  );
  return {
    async run(input: Float32Array, count: number) {
      const output = tf.tidy(() =>
        model.predict(tf.tensor4d(input, [count, shape.height, shape.width, shape.channels])),
      ) as import('@tensorflow/tfjs').Tensor;
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
  };
}
