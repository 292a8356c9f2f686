// Writes the folded inference network as an ONNX model (opset 13) with our own protobuf encoder.

import type { FoldedConv, FoldedNet } from './fold.js';
import { concatBytes, pb } from './protobuf.js';

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;
const OPSET = 13;
const IR_VERSION = 7;

type Attr = readonly [name: string, value: number | readonly number[]];

function tensor(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): Uint8Array {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return concatBytes([
    pb.ints(1, dims),
    pb.int(2, data instanceof Float32Array ? FLOAT : INT64),
    pb.string(8, name),
    pb.bytes(9, raw),
  ]);
}

function attribute([name, value]: Attr): Uint8Array {
  return typeof value === 'number'
    ? concatBytes([pb.string(1, name), pb.int(20, ATTR_INT), pb.int(3, value)])
    : concatBytes([pb.string(1, name), pb.int(20, ATTR_INTS), pb.ints(8, value)]);
}

function valueInfo(name: string, dims: readonly (number | string)[]): Uint8Array {
  const dim = dims.map((d) => pb.message(1, [typeof d === 'number' ? pb.int(1, d) : pb.string(2, d)]));
  const tensorType = pb.message(1, [pb.int(1, FLOAT), pb.message(2, dim)]);
  return concatBytes([pb.string(1, name), pb.message(2, [tensorType])]);
}

/** Accumulates nodes and initializers with unique names. */
class GraphBuilder {
  readonly nodes: Uint8Array[] = [];
  readonly initializers: Uint8Array[] = [];
  private count = 0;

  constant(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): string {
    this.initializers.push(tensor(name, dims, data));
    return name;
  }

  node(op: string, inputs: readonly string[], attrs: readonly Attr[] = [], output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.count++}`;
    this.nodes.push(
      concatBytes([
        ...inputs.map((i) => pb.string(1, i)),
        pb.string(2, out),
        pb.string(3, out),
        pb.string(4, op),
        ...attrs.map((a) => pb.message(5, [attribute(a)])),
      ]),
    );
    return out;
  }
}

/** Registers a folded convolution's weights as [cout, cin, k, k] and its bias. */
function convWeights(g: GraphBuilder, c: FoldedConv): [string, string] {
  const oihw = new Float32Array(c.kernel.length);
  for (let kh = 0; kh < c.size; kh++)
    for (let kw = 0; kw < c.size; kw++)
      for (let ci = 0; ci < c.cin; ci++)
        for (let co = 0; co < c.cout; co++)
          oihw[((co * c.cin + ci) * c.size + kh) * c.size + kw] = c.kernel[
            ((kh * c.size + kw) * c.cin + ci) * c.cout + co
          ] as number;
  return [
    g.constant(`${c.name}/kernel`, [c.cout, c.cin, c.size, c.size], oihw),
    g.constant(`${c.name}/bias`, [c.cout], c.bias),
  ];
}

function conv(g: GraphBuilder, weights: Map<FoldedConv, [string, string]>, c: FoldedConv, x: string): string {
  const w = weights.get(c) as [string, string];
  return g.node(
    'Conv',
    [x, ...w],
    [
      ['kernel_shape', [c.size, c.size]],
      ['strides', [c.stride, c.stride]],
      ['pads', [c.pad, c.pad, c.pad, c.pad]],
    ],
  );
}

/** Backbone and head on normalized NCHW input `x`; returns the softmax probabilities. */
function branch(
  g: GraphBuilder,
  net: FoldedNet,
  weights: Map<FoldedConv, [string, string]>,
  x: string,
): string {
  let a = g.node('Relu', [conv(g, weights, net.stem, x)]);
  for (const block of net.blocks) {
    const mid = g.node('Relu', [conv(g, weights, block.first, a)]);
    const shortcut = block.projection ? conv(g, weights, block.projection, a) : a;
    a = g.node('Relu', [g.node('Add', [conv(g, weights, block.second, mid), shortcut])]);
  }
  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [a])], [['axis', 1]]);
  const logits = g.node('Gemm', [pooled, 'dense/kernel', 'dense/bias']);
  return g.node('Softmax', [logits], [['axis', 1]]);
}

export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'probabilities';

export function onnxModel(net: FoldedNet, size: number): Uint8Array {
  const g = new GraphBuilder();
  const convs = [
    net.stem,
    ...net.blocks.flatMap((b) => [b.first, b.second, ...(b.projection ? [b.projection] : [])]),
  ];
  const weights = new Map(convs.map((c) => [c, convWeights(g, c)] as const));
  g.constant('dense/kernel', [net.dense.cin, net.dense.classes], net.dense.kernel);
  g.constant('dense/bias', [net.dense.classes], net.dense.bias);
  const scale = g.constant('input/scale', [1, 3, 1, 1], net.input.scale);
  const offset = g.constant('input/offset', [1, 3, 1, 1], net.input.offset);
  const nchw = g.node('Transpose', [ONNX_INPUT], [['perm', [0, 3, 1, 2]]]);
  const x = g.node('Add', [g.node('Mul', [nchw, scale]), offset]);
  const views = [branch(g, net, weights, x)];
  if (net.flipTta) {
    const flipArgs = [
      g.constant('flip/starts', [1], BigInt64Array.from([-1n])),
      g.constant('flip/ends', [1], BigInt64Array.from([-(2n ** 63n) + 1n])),
      g.constant('flip/axes', [1], BigInt64Array.from([3n])),
      g.constant('flip/steps', [1], BigInt64Array.from([-1n])),
    ];
    views.push(branch(g, net, weights, g.node('Slice', [x, ...flipArgs])));
  }
  g.node(views.length > 1 ? 'Mean' : 'Identity', views, [], ONNX_OUTPUT);
  const graph = concatBytes([
    ...g.nodes.map((n) => pb.bytes(1, n)),
    pb.string(2, 'scones-classifier'),
    ...g.initializers.map((t) => pb.bytes(5, t)),
    pb.message(11, [valueInfo(ONNX_INPUT, ['batch', size, size, 3])]),
    pb.message(12, [valueInfo(ONNX_OUTPUT, ['batch', net.dense.classes])]),
  ]);
  return concatBytes([
    pb.int(1, IR_VERSION),
    pb.string(2, 'scones'),
    pb.message(7, [graph]),
    pb.message(8, [pb.string(1, ''), pb.int(2, OPSET)]),
  ]);
}
