// Crafted archives and images for hostile cases: zips with escaping names, links and lying sizes, zip and gzip
// bombs, tar.gz bombs, and images whose headers claim enormous dimensions.
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

import { type ZipEntry, zipOf } from '../../support/zip.js';

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
