// Per-epoch sample order and augmentation (random crop with zero padding, horizontal flip, cutout).
import { Rng, Stream } from './rng.js';

export interface Augmentation {
  /** Maximum crop shift in pixels (the zero padding of a padded random crop); 0 disables. */
  readonly cropPad: number;
  readonly flip: boolean;
  /** Side of the zeroed cutout square; 0 disables. */
  readonly cutout: number;
}

/** What one epoch feeds: sample i of the epoch is image order[i], transformed by its own parameters. */
export interface EpochPlan {
  readonly order: Int32Array;
  readonly shiftY: Int8Array;
  readonly shiftX: Int8Array;
  readonly flip: Uint8Array;
  readonly cutY: Int8Array;
  readonly cutX: Int8Array;
}

const SIZE = 32;

export function planEpoch(
  indices: readonly number[],
  aug: Augmentation,
  seed: number,
  epoch: number,
): EpochPlan {
  const rng = new Rng(seed, Stream.epoch, epoch);
  const order = Int32Array.from(rng.shuffle([...indices]));
  const n = order.length;
  const plan = {
    order,
    shiftY: new Int8Array(n),
    shiftX: new Int8Array(n),
    flip: new Uint8Array(n),
    cutY: new Int8Array(n),
    cutX: new Int8Array(n),
  };
  for (let i = 0; i < n; i++) {
    plan.shiftY[i] = rng.int(2 * aug.cropPad + 1) - aug.cropPad;
    plan.shiftX[i] = rng.int(2 * aug.cropPad + 1) - aug.cropPad;
    plan.flip[i] = aug.flip && rng.next() < 0.5 ? 1 : 0;
    plan.cutY[i] = rng.int(SIZE);
    plan.cutX[i] = rng.int(SIZE);
  }
  return plan;
}

/** Writes samples [from, to) of the plan, normalized through `table`, into `out` as [n, 32, 32, 3]. */
export function fillBatch(
  images: Uint8Array,
  plan: EpochPlan,
  from: number,
  to: number,
  table: Float32Array,
  cutout: number,
  out: Float32Array,
): void {
  out.fill(0);
  for (let s = from; s < to; s++) {
    const src = (plan.order[s] as number) * SIZE * SIZE * 3;
    const dst = (s - from) * SIZE * SIZE * 3;
    const [dy, dx, flip] = [plan.shiftY[s] as number, plan.shiftX[s] as number, plan.flip[s] === 1];
    for (let y = 0; y < SIZE; y++) {
      const sy = y + dy;
      if (sy < 0 || sy >= SIZE) continue;
      for (let x = 0; x < SIZE; x++) {
        const sx = (flip ? SIZE - 1 - x : x) + dx;
        if (sx < 0 || sx >= SIZE) continue;
        const i = src + (sy * SIZE + sx) * 3;
        const o = dst + (y * SIZE + x) * 3;
        out[o] = table[images[i] as number] as number;
        out[o + 1] = table[256 + (images[i + 1] as number)] as number;
        out[o + 2] = table[512 + (images[i + 2] as number)] as number;
      }
    }
    if (cutout > 0) zeroSquare(out, dst, plan.cutY[s] as number, plan.cutX[s] as number, cutout);
  }
}

function zeroSquare(out: Float32Array, base: number, cy: number, cx: number, side: number): void {
  const y0 = Math.max(0, cy - (side >> 1));
  const x0 = Math.max(0, cx - (side >> 1));
  const y1 = Math.min(SIZE, cy - (side >> 1) + side);
  const x1 = Math.min(SIZE, cx - (side >> 1) + side);
  for (let y = y0; y < y1; y++) out.fill(0, base + (y * SIZE + x0) * 3, base + (y * SIZE + x1) * 3);
}

/** Writes images `indices` normalized, unaugmented or mirrored, into `out` as [n, 32, 32, 3]. */
export function fillPlain(
  images: Uint8Array,
  indices: readonly number[],
  table: Float32Array,
  out: Float32Array,
  flip = false,
): void {
  indices.forEach((index, k) => {
    const src = index * SIZE * SIZE * 3;
    const dst = k * SIZE * SIZE * 3;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const i = src + (y * SIZE + (flip ? SIZE - 1 - x : x)) * 3;
        const o = dst + (y * SIZE + x) * 3;
        out[o] = table[images[i] as number] as number;
        out[o + 1] = table[256 + (images[i + 1] as number)] as number;
        out[o + 2] = table[512 + (images[i + 2] as number)] as number;
      }
  });
}
