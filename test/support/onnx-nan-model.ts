// A tiny hand-built ONNX model that fails on black images: probabilities = m / m for the per-channel means m,
// which is 1 for a lit image and NaN (0/0) for an all-black one. It drives the ModelError path for real.
import type { ModelRegistry, ModelVersion } from '../../src/modules/models/index.js';
import type { ObjectStore } from '../../src/modules/storage/index.js';

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    out.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v = Math.floor(v / 128);
  } while (v > 0);
  return out;
}

type Field = Uint8Array;
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number): Field => Uint8Array.from([...key(field, 0), ...varint(value)]);
const bytes = (field: number, value: Uint8Array): Field =>
  Uint8Array.from([...key(field, 2), ...varint(value.length), ...value]);
const text = (field: number, value: string) => bytes(field, new TextEncoder().encode(value));
const message = (field: number, fields: Field[]) => bytes(field, concat(fields));

function concat(parts: Field[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** ValueInfoProto of a float tensor; a string dimension is symbolic. */
function valueInfo(field: number, name: string, dims: (number | string)[]): Field {
  const shape = dims.map((d) => message(1, [typeof d === 'number' ? int(1, d) : text(2, d)]));
  return message(field, [text(1, name), message(2, [message(1, [int(1, 1), message(2, shape)])])]);
}

function node(inputs: string[], output: string, op: string, attributes: Field[] = []): Field {
  return message(1, [...inputs.map((i) => text(1, i)), text(2, output), text(4, op), ...attributes]);
}

export function nanOnBlackOnnx(): Uint8Array {
  const axes = message(5, [text(1, 'axes'), int(8, 1), int(8, 2), int(20, 7)]);
  const keepdims = message(5, [text(1, 'keepdims'), int(3, 0), int(20, 2)]);
  const axis = message(5, [text(1, 'axis'), int(3, 1), int(20, 2)]);
  const indices = message(5, [int(1, 2), int(2, 7), text(8, 'indices'), int(7, 0), int(7, 1)]);
  const graph = message(7, [
    node(['image'], 'mean', 'ReduceMean', [axes, keepdims]),
    node(['mean', 'indices'], 'picked', 'Gather', [axis]),
    node(['picked', 'picked'], 'probabilities', 'Div'),
    text(2, 'nan-on-black'),
    indices,
    valueInfo(11, 'image', ['batch', 32, 32, 3]),
    valueInfo(12, 'probabilities', ['batch', 2]),
  ]);
  return concat([int(1, 8), text(2, 'scones-tests'), graph, message(8, [text(1, ''), int(2, 13)])]);
}

/** Registers the model as a version (run `runId`) in `scones-models`; its tfjs files and report are stubs. */
export async function registerNanModel(
  services: { store: ObjectStore; models: ModelRegistry },
  runId: string,
): Promise<ModelVersion> {
  const { store, models } = services;
  await store.ensureBucket('scones-models');
  const artifacts = {
    onnx: 'nan/model.onnx',
    'tfjs-model': 'nan/model.json',
    'tfjs-weights': 'nan/w.bin',
    report: 'nan/r.json',
  };
  await store.putObject('scones-models', artifacts.onnx, nanOnBlackOnnx());
  for (const key of [artifacts['tfjs-model'], artifacts['tfjs-weights'], artifacts.report])
    await store.putObject('scones-models', key, Buffer.from('{}'));
  return models.register({
    runId,
    arch: 'handmade',
    artifactBucket: 'scones-models',
    artifacts,
    hyperparameters: {},
    metrics: {},
    lineage: {},
    preprocessing: { classes: ['bicycle', 'motorcycle'], height: 32, width: 32, channels: 3 },
    temperature: 1,
  });
}
