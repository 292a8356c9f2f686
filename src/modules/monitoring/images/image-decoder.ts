// Any captured image to pixels: the fast PNG path first, libvips (sharp) for everything else.
import sharp from 'sharp';
import { isPng, PngDecoder } from './png-decoder.js';
import type { RawImage } from './raw-image.js';

export class ImageDecoder {
  readonly #png = new PngDecoder();

  /** Undefined when the bytes are not a readable image. A PNG's pixels are reused by the next decode. */
  async decode(bytes: Uint8Array): Promise<RawImage | undefined> {
    if (isPng(bytes)) {
      try {
        const fast = this.#png.decode(bytes);
        if (fast) return fast;
      } catch {
        // A corrupt stream: let libvips decide and report it.
      }
    }
    try {
      const { data, info } = await sharp(bytes)
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return {
        width: info.width,
        height: info.height,
        channels: 3,
        pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
      };
    } catch {
      return undefined;
    }
  }
}
