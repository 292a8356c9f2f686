// Named residual network architectures for 32x32 RGB images and the layer plan compiled from them.

export interface Architecture {
  /** Channels of the 3x3 stem convolution. */
  readonly stem: number;
  /** Stages of basic blocks; every stage after the first halves the resolution. */
  readonly stages: readonly { readonly channels: number; readonly blocks: number }[];
  /**
   * Shortcut of a block that changes shape: a 1x1 convolution with batch norm, or the parameter-free
   * subsampling with zero-padded channels of the original CIFAR ResNets.
   */
  readonly shortcut: 'projection' | 'pad';
}

const ARCHITECTURES: Readonly<Record<string, Architecture>> = {
  /** The reference network: 25 MFLOP per image. */
  resnet8: {
    stem: 16,
    stages: [
      { channels: 16, blocks: 1 },
      { channels: 32, blocks: 1 },
      { channels: 64, blocks: 1 },
    ],
    shortcut: 'projection',
  },
  /** The reference network with parameter-free shortcuts, 24.5 MFLOP per image. */
  'resnet8-pad': {
    stem: 16,
    stages: [
      { channels: 16, blocks: 1 },
      { channels: 32, blocks: 1 },
      { channels: 64, blocks: 1 },
    ],
    shortcut: 'pad',
  },
  /** The default: two basic blocks per stage, 53 MFLOP per image. */
  resnet14: {
    stem: 16,
    stages: [
      { channels: 16, blocks: 2 },
      { channels: 32, blocks: 2 },
      { channels: 64, blocks: 2 },
    ],
    shortcut: 'projection',
  },
  'resnet8-wide': {
    stem: 32,
    stages: [
      { channels: 32, blocks: 1 },
      { channels: 64, blocks: 1 },
      { channels: 128, blocks: 1 },
    ],
    shortcut: 'projection',
  },
};

export function architectureNames(): string[] {
  return Object.keys(ARCHITECTURES);
}

export function findArchitecture(name: string): Architecture | undefined {
  return Object.hasOwn(ARCHITECTURES, name) ? ARCHITECTURES[name] : undefined;
}

/** A convolution followed by batch norm; offsets index the flat parameter and statistics vectors. */
export interface UnitSpec {
  readonly name: string;
  readonly cin: number;
  readonly cout: number;
  readonly kernel: number;
  readonly stride: number;
  readonly inSize: number;
  readonly outSize: number;
  readonly weight: number;
  readonly gamma: number;
  readonly beta: number;
  /** Offset of the running mean in the statistics vector; the running variance follows it. */
  readonly stats: number;
}

export interface BlockSpec {
  /** conv-bn-relu */
  readonly first: UnitSpec;
  /** conv-bn, plus the shortcut, then relu */
  readonly second: UnitSpec;
  /** 1x1 conv-bn on the shortcut when the shape changes (projection shortcuts) */
  readonly projection: UnitSpec | undefined;
  /** Subsampling and channel zero-padding on the shortcut when the shape changes (pad shortcuts) */
  readonly pad: { readonly cin: number; readonly cout: number; readonly stride: number } | undefined;
}

export interface ParamInfo {
  readonly name: string;
  readonly offset: number;
  readonly shape: readonly number[];
  /** Weight decay applies (convolution and dense weights). */
  readonly decay: boolean;
}

export interface NetSpec {
  readonly arch: string;
  readonly classes: number;
  readonly stem: UnitSpec;
  readonly blocks: readonly BlockSpec[];
  readonly dense: { readonly cin: number; readonly weight: number; readonly bias: number };
  readonly params: readonly ParamInfo[];
  readonly paramCount: number;
  readonly statsCount: number;
}

/** Lays out every parameter of `arch` in one flat vector, in a fixed order. */
export function compileNet(archName: string, arch: Architecture, classes: number): NetSpec {
  const params: ParamInfo[] = [];
  let paramCount = 0;
  let statsCount = 0;
  const param = (name: string, shape: number[], decay: boolean): number => {
    params.push({ name, offset: paramCount, shape, decay });
    paramCount += shape.reduce((a, b) => a * b, 1);
    return paramCount - shape.reduce((a, b) => a * b, 1);
  };
  const unit = (name: string, cin: number, cout: number, kernel: number, stride: number, inSize: number) => {
    const spec: UnitSpec = {
      name,
      cin,
      cout,
      kernel,
      stride,
      inSize,
      outSize: Math.ceil(inSize / stride),
      weight: param(`${name}/kernel`, [kernel, kernel, cin, cout], true),
      gamma: param(`${name}/gamma`, [cout], false),
      beta: param(`${name}/beta`, [cout], false),
      stats: statsCount,
    };
    statsCount += 2 * cout;
    return spec;
  };
  const stem = unit('stem', 3, arch.stem, 3, 1, 32);
  const blocks: BlockSpec[] = [];
  let [channels, size] = [arch.stem, 32];
  arch.stages.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const name = `stage${s + 1}/block${b + 1}`;
      const first = unit(`${name}/conv1`, channels, stage.channels, 3, stride, size);
      const second = unit(`${name}/conv2`, stage.channels, stage.channels, 3, 1, first.outSize);
      const reshape = stride !== 1 || channels !== stage.channels;
      const project = reshape && arch.shortcut === 'projection';
      const projection = project
        ? unit(`${name}/shortcut`, channels, stage.channels, 1, stride, size)
        : undefined;
      const pad = reshape && !project ? { cin: channels, cout: stage.channels, stride } : undefined;
      blocks.push({ first, second, projection, pad });
      [channels, size] = [stage.channels, first.outSize];
    }
  });
  const dense = { cin: channels, weight: param('dense/kernel', [channels, classes], true), bias: 0 };
  dense.bias = param('dense/bias', [classes], false);
  return { arch: archName, classes, stem, blocks, dense, params, paramCount, statsCount };
}

function unitFlops(u: UnitSpec): number {
  return 2 * u.outSize * u.outSize * u.kernel * u.kernel * u.cin * u.cout;
}

/** Multiply-adds times two of one image's forward pass (convolutions and the dense layer). */
export function forwardFlops(net: NetSpec): number {
  return allUnits(net).reduce((sum, u) => sum + unitFlops(u), 0) + 2 * net.dense.cin * net.classes;
}

/** Every conv-bn unit, in parameter order. */
export function allUnits(net: NetSpec): UnitSpec[] {
  return [
    net.stem,
    ...net.blocks.flatMap((b) => [b.first, b.second, ...(b.projection ? [b.projection] : [])]),
  ];
}
