// Builds the folded inference network as a tfjs LayersModel and serializes it to model.json + weights.bin.
import * as tf from '@tensorflow/tfjs';
import type { FoldedConv, FoldedNet } from './fold.js';

export const WEIGHTS_FILE = 'weights.bin';

type Apply = (x: tf.SymbolicTensor) => tf.SymbolicTensor;

/** Initial weight tensors; layers copy them into their variables when built, so they are freed after. */
const initial: tf.Tensor[] = [];
const own = <T extends tf.Tensor>(t: T): T => {
  initial.push(t);
  return t;
};

function convLayer(c: FoldedConv): Apply {
  const same = c.stride === 1 && c.pad === (c.size - 1) / 2;
  const padding =
    same || c.pad === 0 ? undefined : tf.layers.zeroPadding2d({ padding: c.pad, name: `${c.name}/pad` });
  const conv = tf.layers.conv2d({
    name: c.name,
    filters: c.cout,
    kernelSize: c.size,
    strides: c.stride,
    padding: same ? 'same' : 'valid',
    useBias: true,
    weights: [own(tf.tensor4d(c.kernel, [c.size, c.size, c.cin, c.cout])), own(tf.tensor1d(c.bias))],
  });
  return (x) => conv.apply(padding ? padding.apply(x) : x) as tf.SymbolicTensor;
}

/** Layers created once and applied to every view, so views share weights. */
function backbone(net: FoldedNet): Apply {
  const relu = (name: string): Apply => {
    const layer = tf.layers.reLU({ name });
    return (x) => layer.apply(x) as tf.SymbolicTensor;
  };
  const stem = convLayer(net.stem);
  const stemRelu = relu('stem/relu');
  const blocks = net.blocks.map((b) => {
    const [first, second] = [convLayer(b.first), convLayer(b.second)];
    const projection = b.projection ? convLayer(b.projection) : undefined;
    const [midRelu, outRelu] = [relu(`${b.first.name}/relu`), relu(`${b.second.name}/relu`)];
    const add = tf.layers.add({ name: `${b.second.name}/add` });
    return (x: tf.SymbolicTensor) =>
      outRelu(add.apply([second(midRelu(first(x))), projection ? projection(x) : x]) as tf.SymbolicTensor);
  });
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' });
  const dense = tf.layers.dense({
    name: 'dense',
    units: net.dense.classes,
    activation: 'softmax',
    weights: [
      own(tf.tensor2d(net.dense.kernel, [net.dense.cin, net.dense.classes])),
      own(tf.tensor1d(net.dense.bias)),
    ],
  });
  return (x) =>
    dense.apply(pool.apply(blocks.reduce((a, block) => block(a), stemRelu(stem(x))))) as tf.SymbolicTensor;
}

/** Mirrors the width axis exactly: a dense layer with a reversal permutation matrix over W. */
function mirror(size: number): Apply {
  const reversal = new Float32Array(size * size);
  for (let i = 0; i < size; i++) reversal[i * size + (size - 1 - i)] = 1;
  const toLast = tf.layers.permute({ dims: [1, 3, 2], name: 'flip/to_last' });
  const flip = tf.layers.dense({
    units: size,
    useBias: false,
    name: 'flip/reverse',
    weights: [own(tf.tensor2d(reversal, [size, size]))],
  });
  const back = tf.layers.permute({ dims: [1, 3, 2], name: 'flip/back' });
  return (x) => back.apply(flip.apply(toLast.apply(x))) as tf.SymbolicTensor;
}

export function layersModel(net: FoldedNet, size: number): tf.LayersModel {
  try {
    const input = tf.input({ shape: [size, size, 3], name: 'image' });
    const normalize = tf.layers.depthwiseConv2d({
      name: 'normalize',
      kernelSize: 1,
      useBias: true,
      weights: [own(tf.tensor4d(net.input.scale, [1, 1, 3, 1])), own(tf.tensor1d(net.input.offset))],
    });
    const x = normalize.apply(input) as tf.SymbolicTensor;
    const head = backbone(net);
    const output = net.flipTta
      ? (tf.layers
          .average({ name: 'probabilities' })
          .apply([head(x), head(mirror(size)(x))]) as tf.SymbolicTensor)
      : (tf.layers
          .activation({ activation: 'linear', name: 'probabilities' })
          .apply(head(x)) as tf.SymbolicTensor);
    return tf.model({ inputs: input, outputs: output, name: 'scones_classifier' });
  } finally {
    tf.dispose(initial.splice(0));
  }
}

export interface SerializedLayersModel {
  readonly modelJson: Uint8Array;
  readonly weights: Uint8Array;
}

export async function serializeLayersModel(model: tf.LayersModel): Promise<SerializedLayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('the layers model saved no weights');
  const weightData = Array.isArray(saved.weightData) ? saved.weightData : [saved.weightData];
  const weights = new Uint8Array(weightData.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of weightData) {
    weights.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
  };
  return { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights };
}

/** Loads serialized artifacts back (from memory) and predicts probabilities for raw RGB pixel images. */
export async function predictSerialized(
  serialized: SerializedLayersModel,
  images: Uint8Array,
  count: number,
  size: number,
): Promise<Float32Array> {
  const json = JSON.parse(new TextDecoder().decode(serialized.modelJson)) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weightData = serialized.weights.slice().buffer as ArrayBuffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]?.weights ?? [],
      weightData,
    }),
  );
  const probabilities = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(images), [count, size, size, 3]);
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
  model.dispose();
  return probabilities;
}
