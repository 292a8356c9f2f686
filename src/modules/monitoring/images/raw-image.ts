// Decoded pixels as the decoders produce them (grey, grey+alpha, RGB or RGBA), and their RGB copy for ports.
import type { DecodedImage } from '../ports.js';

export interface RawImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; 8 bits each, row-major. */
  readonly channels: 1 | 2 | 3 | 4;
  readonly pixels: Uint8Array;
}

/** A new RGB image (alpha dropped, grey spread over the three channels). */
export function toDecodedImage(image: RawImage): DecodedImage {
  const { width, height, channels, pixels } = image;
  if (channels === 3) return { width, height, rgb: pixels.slice() };
  const count = width * height;
  const rgb = new Uint8Array(count * 3);
  const [g, b] = channels < 3 ? [0, 0] : [1, 2];
  for (let i = 0, at = 0; i < count; i++, at += channels) {
    rgb[i * 3] = pixels[at] as number;
    rgb[i * 3 + 1] = pixels[at + g] as number;
    rgb[i * 3 + 2] = pixels[at + b] as number;
  }
  return { width, height, rgb };
}
