// A fast synchronous decoder for the common PNGs (8-bit, not interlaced): a report decodes every captured
// image, and a libvips call per 32x32 image costs more than the decoding itself. A decoder reuses one pixel
// buffer, so an image it returns is valid until its next decode.
import { inflateSync } from 'node:zlib';
import type { RawImage } from './raw-image.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Channels per colour type: grey, RGB, palette, grey+alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface PngParts {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  readonly palette: Uint8Array | undefined;
  readonly data: Uint8Array;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Width and height from the IHDR chunk (the first one), without decoding. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (!isPng(bytes) || bytes.length < 24) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export class PngDecoder {
  #scratch = new Uint8Array(0);

  /** The image, or undefined when this PNG needs the general decoder (16-bit, interlaced, ...). */
  decode(bytes: Uint8Array): RawImage | undefined {
    const parts = readChunks(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!parts) return undefined;
    const bpp = CHANNELS[parts.colourType] as number;
    const raw = inflateSync(parts.data);
    const stride = parts.width * bpp;
    if (raw.length < parts.height * (stride + 1)) return undefined;
    const size = parts.height * stride;
    if (this.#scratch.length < size) this.#scratch = new Uint8Array(size);
    const pixels = unfilter(raw, this.#scratch.subarray(0, size), parts.height, stride, bpp);
    if (parts.colourType === 3) return expandPalette(parts, pixels);
    return { width: parts.width, height: parts.height, channels: bpp as RawImage['channels'], pixels };
  }
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
  return { ...header, palette, data: data.length === 1 ? (data[0] as Buffer) : Buffer.concat(data) };
}

/** Reverses the per-row filters (none, sub, up, average, Paeth), one tight loop per filter type. */
function unfilter(raw: Uint8Array, out: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const filter = raw[src - 1] as number;
    if (filter === 0 || (filter === 2 && y === 0)) out.set(raw.subarray(src, src + stride), row);
    else if (filter === 1 || (filter === 4 && y === 0)) unfilterSub(raw, out, src, row, stride, bpp);
    else if (filter === 2)
      for (let x = 0; x < stride; x++)
        out[row + x] = ((raw[src + x] as number) + (out[row - stride + x] as number)) & 0xff;
    else if (filter === 3) unfilterAverage(raw, out, src, row, stride, bpp, y > 0);
    else if (filter === 4) unfilterPaeth(raw, out, src, row, stride, bpp);
    else throw new Error(`unknown PNG filter ${filter}`);
  }
  return out;
}

function unfilterSub(
  raw: Uint8Array,
  out: Uint8Array,
  src: number,
  row: number,
  stride: number,
  bpp: number,
): void {
  for (let x = 0; x < bpp; x++) out[row + x] = raw[src + x] as number;
  for (let x = bpp; x < stride; x++)
    out[row + x] = ((raw[src + x] as number) + (out[row + x - bpp] as number)) & 0xff;
}

function unfilterAverage(
  raw: Uint8Array,
  out: Uint8Array,
  src: number,
  row: number,
  stride: number,
  bpp: number,
  hasUp: boolean,
): void {
  const prev = row - stride;
  for (let x = 0; x < stride; x++) {
    const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
    const up = hasUp ? (out[prev + x] as number) : 0;
    out[row + x] = ((raw[src + x] as number) + ((left + up) >> 1)) & 0xff;
  }
}

/** Paeth on a row below another (a first row's Paeth is Sub); the predictor inlined, it is the hot loop. */
function unfilterPaeth(
  raw: Uint8Array,
  out: Uint8Array,
  src: number,
  row: number,
  stride: number,
  bpp: number,
): void {
  const prev = row - stride;
  for (let x = 0; x < bpp; x++) out[row + x] = ((raw[src + x] as number) + (out[prev + x] as number)) & 0xff;
  for (let x = bpp; x < stride; x++) {
    const a = out[row + x - bpp] as number;
    const b = out[prev + x] as number;
    const c = out[prev + x - bpp] as number;
    const pa = b > c ? b - c : c - b;
    const pb = a > c ? a - c : c - a;
    const pc = a + b - c - c > 0 ? a + b - c - c : c + c - a - b;
    const predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    out[row + x] = ((raw[src + x] as number) + predicted) & 0xff;
  }
}

function expandPalette(parts: PngParts, indexes: Uint8Array): RawImage {
  const palette = parts.palette as Uint8Array;
  const rgb = new Uint8Array(indexes.length * 3);
  for (let i = 0; i < indexes.length; i++) {
    const entry = (indexes[i] as number) * 3;
    rgb[i * 3] = palette[entry] ?? 0;
    rgb[i * 3 + 1] = palette[entry + 1] ?? 0;
    rgb[i * 3 + 2] = palette[entry + 2] ?? 0;
  }
  return { width: parts.width, height: parts.height, channels: 3, pixels: rgb };
}
