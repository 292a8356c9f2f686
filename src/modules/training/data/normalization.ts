// Per-channel input normalization measured on the training split, and the lookup tables that apply it.

export interface Normalization {
  /** Per-channel mean and standard deviation of pixel/255, in RGB order. */
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

const PIXELS = 32 * 32;

export function measureNormalization(images: Uint8Array, indices: readonly number[]): Normalization {
  const sum = [0, 0, 0];
  const squares = [0, 0, 0];
  for (const index of indices) {
    const base = index * PIXELS * 3;
    for (let p = 0; p < PIXELS * 3; p++) {
      const v = (images[base + p] as number) / 255;
      const c = p % 3;
      sum[c] = (sum[c] as number) + v;
      squares[c] = (squares[c] as number) + v * v;
    }
  }
  const n = Math.max(1, indices.length * PIXELS);
  const mean = sum.map((s) => s / n) as [number, number, number];
  const std = squares.map((q, c) => Math.sqrt(Math.max(q / n - (mean[c] as number) ** 2, 1e-6))) as [
    number,
    number,
    number,
  ];
  return { mean, std };
}

/** table[c * 256 + v] = normalized value of byte v in channel c. */
export function normalizationTable(norm: Normalization): Float32Array {
  const table = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++)
    for (let v = 0; v < 256; v++)
      table[c * 256 + v] = (v / 255 - (norm.mean[c] as number)) / (norm.std[c] as number);
  return table;
}
