// Crafted archives and images for hostile cases: zips with escaping names, links and lying sizes, zip and gzip
// bombs, tar.gz archives, and images whose headers claim enormous dimensions.
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly content?: string | Buffer;
  /** Unix mode in the central directory (0o120777: a symbolic link whose content is the target). */
  readonly mode?: number;
  /** Uncompressed size written in the headers, when it should lie. */
  readonly declaredSize?: number;
  /** The name the local header carries, when it should differ from the central directory's. */
  readonly localName?: string;
  /** General purpose flags (bit 0: encrypted). */
  readonly flags?: number;
  /** Already-deflated bytes to store (for bombs built from one compressed block). */
  readonly deflated?: { readonly bytes: Buffer; readonly size: number; readonly crc: number };
}

export function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    const packed = entry.deflated?.bytes ?? deflateRawSync(data);
    const crc = entry.deflated?.crc ?? crc32(data);
    const size = entry.declaredSize ?? entry.deflated?.size ?? data.length;
    const centralName = Buffer.from(entry.name, 'utf8');
    const localName = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const flags = 0x0800 | (entry.flags ?? 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(centralName.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, localName, packed);
    centrals.push(central, centralName);
    offset += local.length + localName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let zeros16m: ZipEntry['deflated'] | undefined;

/** One deflated block of 16 MiB of zeros (about 16 KB), shared by the entries of a zip bomb. */
export function deflatedZeros(): NonNullable<ZipEntry['deflated']> {
  if (!zeros16m) {
    const data = Buffer.alloc(16 * 1024 * 1024);
    zeros16m = { bytes: deflateRawSync(data, { level: 9 }), size: data.length, crc: crc32(data) };
  }
  return zeros16m;
}

/** A zip whose entries inflate to `entries` x 16 MiB of zeros. */
export function zipBomb(entries: number): Buffer {
  const block = deflatedZeros();
  return zipOf(Array.from({ length: entries }, (_, i) => ({ name: `zeros-${i}.bin`, deflated: block })));
}

/** A gzip stream of `mebibytes` MiB of zeros, as concatenated gzip members (each 1 MiB), a few KB per 1000 MiB. */
export function gzipZeros(mebibytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

/** A 512-byte ustar header for a regular file of `size` bytes (the size may lie). */
export function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/**
 * A .tar.gz bomb: one member `name` declaring `mebibytes` MiB of zeros, streamed as concatenated gzip members so
 * the archive stays a few hundred KB.
 */
export function tarGzBomb(name: string, mebibytes: number): Buffer {
  return Buffer.concat([
    gzipSync(tarHeader(name, mebibytes * 1024 * 1024)),
    gzipZeros(mebibytes),
    gzipSync(Buffer.alloc(1024)),
  ]);
}

/** A JPEG header (SOI + SOF0) declaring `width` x `height`, then junk: a decoder must refuse before allocating. */
export function jpegBomb(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.alloc(64, 0x55), Buffer.from([0xff, 0xd9])]);
}

/** A .tar.gz of `members` (tar-stream), for dataset archives. */
export async function tarGzOf(members: readonly { name: string; bytes: Buffer }[]): Promise<Buffer> {
  const tar = (await import('tar-stream')).default;
  const pack = tar.pack();
  for (const member of members) pack.entry({ name: member.name, size: member.bytes.length }, member.bytes);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks));
}
