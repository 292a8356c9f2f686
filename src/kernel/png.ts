// The one PNG decoder for the common PNGs (8 bits per channel, not interlaced), used by inference's fast path and
// by monitoring's captured-image statistics, where a libvips call per small image costs more than the decoding.
// A PNG is a decompression-bomb carrier: the header is checked against `maxPixels` before anything is allocated,
// and the image data is inflated with `maxOutputLength` set to the size the header declares, so a few kilobytes
// can never make this decoder allocate more than the caller allowed.
import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type: grey, RGB, palette, grey+alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlace: number;
}

/** Decoded pixels, 8 bits each, row-major: 1 grey, 2 grey+alpha, 3 RGB (palettes expanded), 4 RGBA. */
export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly pixels: Uint8Array;
}

export interface PngDecodeOptions {
  /** A header declaring more pixels is refused before anything is inflated. */
  readonly maxPixels: number;
  /** Where unfiltered pixels go (a caller's reused buffer); a new array by default. */
  readonly buffer?: (size: number) => Uint8Array;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The IHDR fields (it must be the first chunk), without decoding; undefined when there is none. */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (!isPng(bytes) || bytes.length < 33) return undefined;
  const data = view(bytes);
  if (data.getUint32(8) !== 13 || chunkType(bytes, 8) !== 'IHDR') return undefined;
  return {
    width: data.getUint32(16),
    height: data.getUint32(20),
    bitDepth: bytes[24] as number,
    colourType: bytes[25] as number,
    interlace: bytes[28] as number,
  };
}

/** Whether this decoder reads the layout (8-bit, not interlaced, a known colour type). */
export function isCommonPng(header: PngHeader): boolean {
  return header.bitDepth === 8 && header.interlace === 0 && CHANNELS[header.colourType] !== undefined;
}

/** The chunk types in order, from the chunk headers only (stops at a truncated chunk). */
export function pngChunkTypes(bytes: Uint8Array): string[] {
  const data = view(bytes);
  const types: string[] = [];
  for (let offset = 8; offset + 8 <= bytes.length; offset += 12 + data.getUint32(offset))
    types.push(chunkType(bytes, offset));
  return types;
}

/**
 * Decodes a common PNG (see isCommonPng); undefined for other layouts. Throws a plain Error naming the flaw for a
 * damaged or oversized one, or zlib's ERR_BUFFER_TOO_LARGE when the data inflates past the declared size.
 */
export function decodePng(bytes: Uint8Array, options: PngDecodeOptions): PngImage | undefined {
  const header = readPngHeader(bytes);
  if (!header) throw new Error('not a PNG image');
  if (!isCommonPng(header)) return undefined;
  const { width, height, colourType } = header;
  if (width * height > options.maxPixels)
    throw new Error(`PNG declares ${width}x${height} pixels, more than the ${options.maxPixels} allowed`);
  const { data, palette } = readChunks(bytes);
  if (colourType === 3 && palette === undefined) throw new Error('PNG has a palette colour type but no PLTE');
  const bpp = CHANNELS[colourType] as number;
  const stride = width * bpp;
  const size = (stride + 1) * height;
  const raw = inflateSync(data, { maxOutputLength: Math.max(1, size) });
  if (raw.length !== size) throw new Error(`PNG image data holds ${raw.length} bytes, expected ${size}`);
  const out = options.buffer?.(height * stride) ?? new Uint8Array(height * stride);
  const pixels = unfilter(raw, out, height, stride, bpp);
  if (palette !== undefined && colourType === 3) return expandPalette(width, height, pixels, palette);
  return { width, height, channels: bpp as PngImage['channels'], pixels };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function chunkType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
}

/** The IDAT payloads, concatenated, and the palette, after checking the CRC of every critical chunk to IEND. */
function readChunks(bytes: Uint8Array): { data: Uint8Array; palette: Uint8Array | undefined } {
  const data = view(bytes);
  const parts: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length) throw new Error('PNG is truncated (no IEND chunk)');
    const length = data.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new Error('PNG is truncated inside a chunk');
    const type = chunkType(bytes, offset);
    const critical = (bytes[offset + 4] as number) < 0x61;
    if (critical && crc32(bytes.subarray(offset + 4, end - 4)) !== data.getUint32(end - 4))
      throw new Error(`PNG chunk ${type} fails its CRC check`);
    if (type === 'IDAT') parts.push(bytes.subarray(offset + 8, end - 4));
    else if (type === 'PLTE') palette = bytes.subarray(offset + 8, end - 4);
    else if (type === 'IEND') break;
    offset = end;
  }
  if (parts.length === 0) throw new Error('PNG has no image data');
  return { data: parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts), palette };
}

/** A filtered image (`raw`, each row: one filter byte, then `stride` bytes) and where its pixels go. */
interface Rows {
  readonly raw: Uint8Array;
  readonly out: Uint8Array;
  readonly stride: number;
  /** Bytes per pixel: how far back "left" is. */
  readonly bpp: number;
}

/** Reverses the per-row filters (none, sub, up, average, Paeth) from `raw` into `out`, one loop per filter. */
function unfilter(raw: Uint8Array, out: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const rows: Rows = { raw, out, stride, bpp };
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const filter = raw[src - 1] as number;
    if (filter === 0 || (filter === 2 && y === 0)) out.set(raw.subarray(src, src + stride), row);
    // On the first row "up" is zero: Paeth then predicts the left byte, which is Sub.
    else if (filter === 1 || (filter === 4 && y === 0)) unfilterSub(rows, src, row);
    else if (filter === 2)
      for (let x = 0; x < stride; x++)
        out[row + x] = ((raw[src + x] as number) + (out[row - stride + x] as number)) & 0xff;
    else if (filter === 3) unfilterAverage(rows, src, row, y > 0);
    else if (filter === 4) unfilterPaeth(rows, src, row);
    else throw new Error(`PNG row ${y} has unknown filter type ${filter}`);
  }
  return out;
}

function unfilterSub({ raw, out, stride, bpp }: Rows, src: number, row: number): void {
  for (let x = 0; x < bpp; x++) out[row + x] = raw[src + x] as number;
  for (let x = bpp; x < stride; x++)
    out[row + x] = ((raw[src + x] as number) + (out[row + x - bpp] as number)) & 0xff;
}

function unfilterAverage({ raw, out, stride, bpp }: Rows, src: number, row: number, hasUp: boolean): void {
  const prev = row - stride;
  for (let x = 0; x < stride; x++) {
    const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
    const up = hasUp ? (out[prev + x] as number) : 0;
    out[row + x] = ((raw[src + x] as number) + ((left + up) >> 1)) & 0xff;
  }
}

/** Paeth on a row below another; the predictor inlined, it is the hot loop. */
function unfilterPaeth({ raw, out, stride, bpp }: Rows, src: number, row: number): void {
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

function expandPalette(width: number, height: number, indexes: Uint8Array, palette: Uint8Array): PngImage {
  const rgb = new Uint8Array(indexes.length * 3);
  for (let i = 0; i < indexes.length; i++) {
    const entry = (indexes[i] as number) * 3;
    rgb[i * 3] = palette[entry] ?? 0;
    rgb[i * 3 + 1] = palette[entry + 1] ?? 0;
    rgb[i * 3 + 2] = palette[entry + 2] ?? 0;
  }
  return { width, height, channels: 3, pixels: rgb };
}
