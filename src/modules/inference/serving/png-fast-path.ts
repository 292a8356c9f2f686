// Plain 8-bit RGB(A) PNGs of the model's size decode here, without libvips: same pixels, far less overhead.
//
// libvips (sharp) reads such a PNG to exactly these bytes (alpha dropped, no colour management), which is how
// the datasets module decoded the training images. Anything else (other sizes, bit depths, palettes, grey,
// interlacing, an ICC profile) goes through sharp, so the fast path never changes what the model sees.
import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readHeader(bytes: Uint8Array): PngHeader | undefined {
  if (!isPng(bytes) || bytes.length < 33) return undefined;
  const data = view(bytes);
  if (data.getUint32(8) !== 13 || chunkType(bytes, 8) !== 'IHDR') return undefined;
  return {
    width: data.getUint32(16),
    height: data.getUint32(20),
    bitDepth: bytes[24] as number,
    colorType: bytes[25] as number,
    interlace: bytes[28] as number,
  };
}

function chunkType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
}

/** True when the bytes are a PNG this module decodes itself (checked from the chunk headers only). */
export function fitsFastPath(bytes: Uint8Array, width: number, height: number): boolean {
  const header = readHeader(bytes);
  if (!header || header.width !== width || header.height !== height) return false;
  if (header.bitDepth !== 8 || header.interlace !== 0) return false;
  if (header.colorType !== 2 && header.colorType !== 6) return false;
  const data = view(bytes);
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const type = chunkType(bytes, offset);
    if (type === 'iCCP') return false;
    if (type === 'IDAT') return true;
    offset += 12 + data.getUint32(offset);
  }
  return false;
}

/** Decodes a fast-path PNG into `out` as RGB floats 0..255 from `offset`; throws a message naming the flaw. */
export function decodeFastPng(bytes: Uint8Array, out: Float32Array, offset: number): void {
  const header = readHeader(bytes);
  if (!header) throw new Error('not a PNG image');
  const channels = header.colorType === 6 ? 4 : 3;
  const stride = header.width * channels;
  const raw = inflateSync(collectImageData(bytes), { maxOutputLength: (stride + 1) * header.height });
  if (raw.length !== (stride + 1) * header.height)
    throw new Error(`PNG image data holds ${raw.length} bytes, expected ${(stride + 1) * header.height}`);
  unfilter(raw, stride, header.height, channels);
  let o = offset;
  for (let y = 0; y < header.height; y++) {
    const row = y * (stride + 1) + 1;
    for (let x = 0; x < header.width; x++) {
      const p = row + x * channels;
      out[o++] = raw[p] as number;
      out[o++] = raw[p + 1] as number;
      out[o++] = raw[p + 2] as number;
    }
  }
}

/** The IDAT payloads, concatenated, after checking the CRC of every critical chunk up to IEND. */
function collectImageData(bytes: Uint8Array): Uint8Array {
  const data = view(bytes);
  const parts: Uint8Array[] = [];
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
    if (type === 'IEND') break;
    offset = end;
  }
  if (parts.length === 0) throw new Error('PNG has no image data');
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}

/** Reverses PNG scanline filters in place (each row: one filter byte, then `stride` bytes). */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    const filter = raw[row - 1] as number;
    if (filter > 4) throw new Error(`PNG row ${y} has unknown filter type ${filter}`);
    if (filter === 0 || (filter === 2 && y === 0)) continue;
    // The row above; on the first row "up" is 0, which the filters below handle by reading a zero row.
    const up = y > 0 ? raw.subarray(row - stride - 1, row - 1) : new Uint8Array(stride);
    const line = raw.subarray(row, row + stride);
    if (filter === 1)
      for (let i = bpp; i < stride; i++) line[i] = (line[i] as number) + (line[i - bpp] as number);
    else if (filter === 2) for (let i = 0; i < stride; i++) line[i] = (line[i] as number) + (up[i] as number);
    else if (filter === 3) averageRow(line, up, bpp);
    else paethRow(line, up, bpp);
  }
}

// Uint8Array stores wrap modulo 256, which is the arithmetic PNG filters use.

function averageRow(line: Uint8Array, up: Uint8Array, bpp: number): void {
  for (let i = 0; i < bpp; i++) line[i] = (line[i] as number) + ((up[i] as number) >> 1);
  for (let i = bpp; i < line.length; i++)
    line[i] = (line[i] as number) + (((line[i - bpp] as number) + (up[i] as number)) >> 1);
}

function paethRow(line: Uint8Array, up: Uint8Array, bpp: number): void {
  for (let i = 0; i < bpp; i++) line[i] = (line[i] as number) + (up[i] as number);
  for (let i = bpp; i < line.length; i++) {
    const a = line[i - bpp] as number;
    const b = up[i] as number;
    const c = up[i - bpp] as number;
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    line[i] = (line[i] as number) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
  }
}
