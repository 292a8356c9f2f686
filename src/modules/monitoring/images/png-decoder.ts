// The kernel's PNG decoder as monitoring uses it: a report decodes every captured image, so a decoder reuses one
// pixel buffer (an image it returns is valid until its next decode), and an image larger than MAX_FAST_PIXELS is
// left to libvips, whose own pixel limit applies there.
import { decodePng, isPng, readPngHeader } from '../../../kernel/png.js';
import type { RawImage } from './raw-image.js';

/** Captured model inputs are small; a header past this is not decoded here (nor inflated). */
export const MAX_FAST_PIXELS = 25_000_000;

export { isPng };

/** Width and height from the IHDR chunk (the first one), without decoding. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const header = readPngHeader(bytes);
  return header && { width: header.width, height: header.height };
}

export class PngDecoder {
  #scratch = new Uint8Array(0);

  /** The image, or undefined when this PNG needs the general decoder (16-bit, interlaced, ...); throws when damaged. */
  decode(bytes: Uint8Array): RawImage | undefined {
    return decodePng(bytes, { maxPixels: MAX_FAST_PIXELS, buffer: (size) => this.#buffer(size) });
  }

  #buffer(size: number): Uint8Array {
    if (this.#scratch.length < size) this.#scratch = new Uint8Array(size);
    return this.#scratch.subarray(0, size);
  }
}
