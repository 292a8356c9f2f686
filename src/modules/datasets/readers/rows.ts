// The common shape every dataset reader produces: labelled 32x32 RGB images per split.

export type Split = 'train' | 'test';
export const SPLITS: readonly Split[] = ['train', 'test'];

export interface SourceRow {
  readonly split: Split;
  /** Object name under the split prefix, e.g. `bicycle_s_000017.png`. */
  readonly fileName: string;
  /** Class name as the source labels it (e.g. `bicycle`). */
  readonly className: string;
  /** Label number in the source (CIFAR-100 fine label), when it has one. */
  readonly sourceLabel: number | undefined;
  /** 32*32*3 bytes, RGB interleaved, row-major. */
  readonly rgb: Uint8Array;
}

export interface SourceRows {
  readonly format: 'cifar-100-python' | 'cifar-100-binary' | 'image-folder';
  /** All class names the source knows, so a wrong --classes value can be answered with the choices. */
  readonly labelNames: readonly string[];
  /** The rows of the named classes only (names already checked against labelNames), in source order. */
  select(classNames: ReadonlySet<string>): Promise<SourceRow[]>;
}

export const IMAGE_SIDE = 32;
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/** CIFAR stores each image as planes (all red, all green, all blue); images want RGB triples. */
export function planarToRgb(planar: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(PIXELS * 3);
  for (let i = 0; i < PIXELS; i++) {
    rgb[i * 3] = planar[i] as number;
    rgb[i * 3 + 1] = planar[PIXELS + i] as number;
    rgb[i * 3 + 2] = planar[2 * PIXELS + i] as number;
  }
  return rgb;
}
