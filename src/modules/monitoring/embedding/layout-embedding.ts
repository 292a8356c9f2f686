// A model-free EmbeddingSource: a descriptor of colour layout, edges and sharpness on a 32x32 copy of the
// image. Unlike channel statistics it changes under rotation, blur, noise and content change; the model's
// penultimate-layer activations plug into the same port when the inference module exposes them.
import type { DecodedImage, EmbeddingSource } from '../ports.js';

const SIDE = 32;
const GRID = 4;
const CELL = SIDE / GRID;
const ORIENTATIONS = 8;

export const LAYOUT_EMBEDDING_ID = 'scones-layout-v1';
/** 4x4 cells x RGB means, 4x4 cells of edge strength, 8 edge orientations, high frequency, saturation. */
export const LAYOUT_EMBEDDING_DIMENSION = GRID * GRID * 3 + GRID * GRID + ORIENTATIONS + 2;

export const layoutEmbedding: EmbeddingSource = {
  id: LAYOUT_EMBEDDING_ID,
  dimension: LAYOUT_EMBEDDING_DIMENSION,
  embed: async (images) => images.map(embedOne),
};

export function embedOne(image: DecodedImage): Float32Array {
  const rgb = resample(image);
  const out = new Float32Array(LAYOUT_EMBEDDING_DIMENSION);
  const luma = new Float32Array(SIDE * SIDE);
  let saturation = 0;
  for (let p = 0; p < SIDE * SIDE; p++) {
    const r = (rgb[p * 3] as number) / 255;
    const g = (rgb[p * 3 + 1] as number) / 255;
    const b = (rgb[p * 3 + 2] as number) / 255;
    luma[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    saturation += Math.max(r, g, b) - Math.min(r, g, b);
    const cell = Math.floor(Math.floor(p / SIDE) / CELL) * GRID + Math.floor((p % SIDE) / CELL);
    out[cell * 3] = (out[cell * 3] as number) + r / (CELL * CELL);
    out[cell * 3 + 1] = (out[cell * 3 + 1] as number) + g / (CELL * CELL);
    out[cell * 3 + 2] = (out[cell * 3 + 2] as number) + b / (CELL * CELL);
  }
  edgeFeatures(luma, out, GRID * GRID * 3);
  out[LAYOUT_EMBEDDING_DIMENSION - 1] = saturation / (SIDE * SIDE);
  return out;
}

/** Edge strength per cell, a magnitude-weighted orientation histogram, and mean |Laplacian|. */
function edgeFeatures(luma: Float32Array, out: Float32Array, offset: number): void {
  const orientationAt = offset + GRID * GRID;
  let totalMagnitude = 0;
  let laplacian = 0;
  const interior = (SIDE - 2) * (SIDE - 2);
  for (let y = 1; y < SIDE - 1; y++) {
    for (let x = 1; x < SIDE - 1; x++) {
      const at = y * SIDE + x;
      const centre = luma[at] as number;
      const left = luma[at - 1] as number;
      const right = luma[at + 1] as number;
      const up = luma[at - SIDE] as number;
      const down = luma[at + SIDE] as number;
      const gx = (right - left) / 2;
      const gy = (down - up) / 2;
      const magnitude = Math.hypot(gx, gy);
      const cell = Math.floor(y / CELL) * GRID + Math.floor(x / CELL);
      out[offset + cell] = (out[offset + cell] as number) + magnitude / (CELL * CELL);
      const angle = Math.atan2(gy, gx);
      const bin = Math.floor(((angle + Math.PI) / Math.PI) * ORIENTATIONS) % ORIENTATIONS;
      out[orientationAt + bin] = (out[orientationAt + bin] as number) + magnitude;
      totalMagnitude += magnitude;
      laplacian += Math.abs(left + right + up + down - 4 * centre);
    }
  }
  for (let i = 0; i < ORIENTATIONS; i++)
    out[orientationAt + i] =
      totalMagnitude > 0 ? (out[orientationAt + i] as number) / totalMagnitude : 1 / ORIENTATIONS;
  out[orientationAt + ORIENTATIONS] = laplacian / interior;
}

/** 32x32 RGB by box averaging (or nearest pixel when the image is smaller). */
function resample(image: DecodedImage): Uint8Array {
  if (image.width === SIDE && image.height === SIDE) return image.rgb;
  const out = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    const y0 = Math.floor((y * image.height) / SIDE);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / SIDE));
    for (let x = 0; x < SIDE; x++) {
      const x0 = Math.floor((x * image.width) / SIDE);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / SIDE));
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++)
          for (let xx = x0; xx < x1; xx++) sum += image.rgb[(yy * image.width + xx) * 3 + c] as number;
        out[(y * SIDE + x) * 3 + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return out;
}
