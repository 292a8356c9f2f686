// Folds batch norm into the convolutions, the input normalization into a per-channel affine map, and the
// temperature into the dense layer: the inference network both exporters write.
import type { Normalization } from '../data/normalization.js';
import type { NetSpec, UnitSpec } from '../net/architecture.js';
import { BN_EPSILON } from '../net/conv-bn-unit.js';

export interface FoldedConv {
  readonly name: string;
  /** [k, k, cin, cout] */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly size: number;
  readonly stride: number;
  /** Zero padding on every side. */
  readonly pad: number;
  readonly cin: number;
  readonly cout: number;
}

export interface FoldedNet {
  /** pixel * scale[c] + offset[c] = (pixel / 255 - mean[c]) / std[c] */
  readonly input: { readonly scale: Float32Array; readonly offset: Float32Array };
  readonly stem: FoldedConv;
  readonly blocks: readonly {
    readonly first: FoldedConv;
    readonly second: FoldedConv;
    readonly projection?: FoldedConv;
  }[];
  /** [cin, classes], already divided by the temperature, like the bias. */
  readonly dense: {
    readonly kernel: Float32Array;
    readonly bias: Float32Array;
    readonly cin: number;
    readonly classes: number;
  };
  readonly flipTta: boolean;
}

function foldUnit(u: UnitSpec, params: Float32Array, stats: Float32Array): FoldedConv {
  const size = u.kernel * u.kernel * u.cin;
  const kernel = params.slice(u.weight, u.weight + size * u.cout);
  const bias = new Float32Array(u.cout);
  for (let c = 0; c < u.cout; c++) {
    const scale =
      (params[u.gamma + c] as number) / Math.sqrt((stats[u.stats + u.cout + c] as number) + BN_EPSILON);
    bias[c] = (params[u.beta + c] as number) - (stats[u.stats + c] as number) * scale;
    for (let i = 0; i < size; i++) kernel[i * u.cout + c] = (kernel[i * u.cout + c] as number) * scale;
  }
  return {
    name: u.name,
    kernel,
    bias,
    size: u.kernel,
    stride: u.stride,
    pad: (u.kernel - 1) >> 1,
    cin: u.cin,
    cout: u.cout,
  };
}

/** A pad shortcut is exactly a 1x1 strided convolution with identity weights on the first channels. */
function padConv(block: string, pad: { cin: number; cout: number; stride: number }): FoldedConv {
  const kernel = new Float32Array(pad.cin * pad.cout);
  for (let c = 0; c < pad.cin; c++) kernel[c * pad.cout + c] = 1;
  const name = `${block.slice(0, block.lastIndexOf('/'))}/shortcut`;
  return {
    name,
    kernel,
    bias: new Float32Array(pad.cout),
    size: 1,
    stride: pad.stride,
    pad: 0,
    cin: pad.cin,
    cout: pad.cout,
  };
}

export function foldNet(
  net: NetSpec,
  params: Float32Array,
  stats: Float32Array,
  normalization: Normalization,
  temperature: number,
  flipTta: boolean,
): FoldedNet {
  const { cin, weight, bias } = net.dense;
  const k = net.classes;
  return {
    input: {
      scale: Float32Array.from(normalization.std, (s) => 1 / (255 * s)),
      offset: Float32Array.from(normalization.mean, (m, c) => -m / (normalization.std[c] as number)),
    },
    stem: foldUnit(net.stem, params, stats),
    blocks: net.blocks.map((b) => {
      const shortcut = b.projection
        ? foldUnit(b.projection, params, stats)
        : b.pad
          ? padConv(b.second.name, b.pad)
          : undefined;
      return {
        first: foldUnit(b.first, params, stats),
        second: foldUnit(b.second, params, stats),
        ...(shortcut ? { projection: shortcut } : {}),
      };
    }),
    dense: {
      kernel: params.slice(weight, weight + cin * k).map((v) => v / temperature),
      bias: params.slice(bias, bias + k).map((v) => v / temperature),
      cin,
      classes: k,
    },
    flipTta,
  };
}
