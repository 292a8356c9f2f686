// A fast synchronous decoder for the common PNGs (8-bit, not interlaced) to RGB: a report decodes every
// captured image, and a libvips call per 32x32 image would cost more than the decoding itself.
import { inflateSync } from 'node:zlib';
import type { DecodedImage } from '../ports.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Channels per colour type: grey, RGB, palette, grey+alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface PngParts {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  readonly palette: Uint8Array | undefined;
  readonly data: Buffer;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The decoded image, or undefined when this PNG needs the general decoder (16-bit, interlaced, ...). */
export function decodePngFast(bytes: Uint8Array): DecodedImage | undefined {
  const parts = readChunks(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!parts) return undefined;
  const channels = CHANNELS[parts.colourType] as number;
  const raw = inflateSync(parts.data);
  const stride = parts.width * channels;
  if (raw.length < parts.height * (stride + 1)) return undefined;
  const pixels = unfilter(raw, parts.height, stride, channels);
  return { width: parts.width, height: parts.height, rgb: toRgb(pixels, parts, channels) };
}

function readChunks(buffer: Buffer): PngParts | undefined {
  if (!isPng(buffer)) return undefined;
  let offset = 8;
  let header: { width: number; height: number; colourType: number } | undefined;
  let palette: Uint8Array | undefined;
  const data: Buffer[] = [];
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      const [bitDepth, colourType, , , interlace] = body.subarray(8, 13);
      if (bitDepth !== 8 || interlace !== 0 || CHANNELS[colourType as number] === undefined) return undefined;
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        colourType: colourType as number,
      };
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
  }
  if (!header || data.length === 0 || (header.colourType === 3 && !palette)) return undefined;
  return { ...header, palette, data: Buffer.concat(data) };
}

/** Reverses the per-row filters (none, sub, up, average, Paeth) in place into a new buffer. */
function unfilter(raw: Buffer, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] as number;
      const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
      const up = y > 0 ? (out[prev + x] as number) : 0;
      const upLeft = y > 0 && x >= bpp ? (out[prev + x - bpp] as number) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      out[row + x] = (value + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Drops alpha (as `sharp().removeAlpha()` does), expands grey and palette entries. */
function toRgb(pixels: Uint8Array, parts: PngParts, channels: number): Uint8Array {
  const count = parts.width * parts.height;
  if (parts.colourType === 2) return pixels;
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    const at = i * channels;
    if (parts.colourType === 6) {
      rgb[i * 3] = pixels[at] as number;
      rgb[i * 3 + 1] = pixels[at + 1] as number;
      rgb[i * 3 + 2] = pixels[at + 2] as number;
    } else if (parts.colourType === 3) {
      const entry = (pixels[at] as number) * 3;
      const palette = parts.palette as Uint8Array;
      rgb[i * 3] = palette[entry] ?? 0;
      rgb[i * 3 + 1] = palette[entry + 1] ?? 0;
      rgb[i * 3 + 2] = palette[entry + 2] ?? 0;
    } else {
      rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = pixels[at] as number;
    }
  }
  return rgb;
}
