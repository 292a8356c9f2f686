// Per-image input statistics: channel means and spreads, brightness and RMS contrast, all scaled to [0, 1].
import type { RawImage } from './raw-image.js';

/** The order `imageFeatures` writes its values in. */
export const INPUT_FEATURES = [
  'mean_r',
  'mean_g',
  'mean_b',
  'std_r',
  'std_g',
  'std_b',
  'brightness',
  'contrast',
] as const;

export type InputFeature = (typeof INPUT_FEATURES)[number];

/** Writes the features of one image into `out` at `offset` (INPUT_FEATURES order). */
export function imageFeatures(image: RawImage, out: Float64Array, offset = 0): void {
  const { pixels: data, channels: step } = image;
  const pixels = image.width * image.height;
  // Grey images read their one channel as red, green and blue.
  const [greenAt, blueAt] = step < 3 ? [0, 0] : [1, 2];
  let r = 0;
  let g = 0;
  let b = 0;
  let rr = 0;
  let gg = 0;
  let bb = 0;
  let y = 0;
  let yy = 0;
  for (let i = 0; i < pixels * step; i += step) {
    const red = data[i] as number;
    const green = data[i + greenAt] as number;
    const blue = data[i + blueAt] as number;
    const luma = 0.299 * red + 0.587 * green + 0.114 * blue;
    r += red;
    g += green;
    b += blue;
    rr += red * red;
    gg += green * green;
    bb += blue * blue;
    y += luma;
    yy += luma * luma;
  }
  const mean = (s: number) => s / pixels / 255;
  const std = (s: number, ss: number) => Math.sqrt(Math.max(0, ss / pixels - (s / pixels) ** 2)) / 255;
  out[offset] = mean(r);
  out[offset + 1] = mean(g);
  out[offset + 2] = mean(b);
  out[offset + 3] = std(r, rr);
  out[offset + 4] = std(g, gg);
  out[offset + 5] = std(b, bb);
  out[offset + 6] = mean(y);
  out[offset + 7] = std(y, yy);
}
