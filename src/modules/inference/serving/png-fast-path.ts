// Plain 8-bit RGB(A) PNGs of the model's size decode here, without libvips: same pixels, far less overhead.
//
// libvips (sharp) reads such a PNG to exactly these bytes (alpha dropped, no colour management), which is how
// the datasets module decoded the training images. Anything else (other sizes, bit depths, palettes, grey,
// interlacing, an ICC profile) goes through sharp, so the fast path never changes what the model sees. The
// decoding itself (and its inflation limit) is the kernel's one PNG decoder.
import { decodePng, isCommonPng, pngChunkTypes, readPngHeader } from '../../../kernel/png.js';

/** True when the bytes are a PNG this module decodes itself (checked from the chunk headers only). */
export function fitsFastPath(bytes: Uint8Array, width: number, height: number): boolean {
  const header = readPngHeader(bytes);
  if (!header || header.width !== width || header.height !== height || !isCommonPng(header)) return false;
  if (header.colourType !== 2 && header.colourType !== 6) return false;
  for (const type of pngChunkTypes(bytes)) {
    if (type === 'iCCP') return false;
    if (type === 'IDAT') return true;
  }
  return false;
}

/**
 * Decodes a fast-path PNG into `out` as RGB floats 0..255 from `offset`; throws a message naming the flaw. The
 * image may hold no more pixels than `out` has room for from `offset`.
 */
export function decodeFastPng(bytes: Uint8Array, out: Float32Array, offset: number): void {
  const image = decodePng(bytes, { maxPixels: Math.floor((out.length - offset) / 3) });
  if (image === undefined || (image.channels !== 3 && image.channels !== 4))
    throw new Error('PNG is not 8-bit RGB or RGBA');
  const { pixels, channels } = image;
  let o = offset;
  for (let p = 0; p < pixels.length; p += channels) {
    out[o++] = pixels[p] as number;
    out[o++] = pixels[p + 1] as number;
    out[o++] = pixels[p + 2] as number;
  }
}
