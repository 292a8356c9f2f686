// Any captured image to RGB: the fast PNG path first, libvips (sharp) for everything else.
import sharp from 'sharp';
import type { DecodedImage } from '../ports.js';
import { decodePngFast, isPng } from './png-decoder.js';

/** Undefined when the bytes are not a readable image. */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage | undefined> {
  if (isPng(bytes)) {
    try {
      const fast = decodePngFast(bytes);
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
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch {
    return undefined;
  }
}
