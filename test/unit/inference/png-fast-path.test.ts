// The fast PNG path decodes exactly what sharp decodes, and hands everything it does not handle to sharp.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeFastPng, fitsFastPath } from '../../../src/modules/inference/serving/png-fast-path.js';
import { PNG_FOLDER, rgbOf } from '../../support/shared-data.js';

const decode = (bytes: Uint8Array) => {
  const out = new Float32Array(32 * 32 * 3);
  decodeFastPng(bytes, out, 0);
  return Uint8Array.from(out);
};

/** The filter type of every scanline of a 32-pixel-wide PNG, to show which filters a test exercised. */
function filterTypes(png: Buffer, channels: number): Set<number> {
  const parts: Buffer[] = [];
  for (let offset = 8; offset < png.length; offset += 12 + png.readUInt32BE(offset))
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      parts.push(png.subarray(offset + 8, offset + 8 + png.readUInt32BE(offset)));
  const raw = inflateSync(Buffer.concat(parts));
  return new Set(Array.from({ length: 32 }, (_, y) => raw[y * (32 * channels + 1)] as number));
}

/** Random-ish 32x32 pixels, smooth enough that PNG's adaptive filtering picks every filter type. */
function pixels(channels: number, seed: number): Buffer {
  const data = Buffer.alloc(32 * 32 * channels);
  for (let i = 0; i < data.length; i++)
    data[i] = (Math.sin(i * 0.37 + seed) * 90 + (i % 7) * seed + 128) & 0xff;
  return data;
}

describe('PNG fast path', () => {
  it('decodes every real test image to the same pixels as sharp', async () => {
    const files = (await readdir(path.join(PNG_FOLDER, 'test'))).filter((f) => f.endsWith('.png'));
    expect(files).toHaveLength(200);
    const filters = new Set<number>();
    for (const file of files) {
      const bytes = await readFile(path.join(PNG_FOLDER, 'test', file));
      for (const f of filterTypes(bytes, 4)) filters.add(f);
      expect(fitsFastPath(bytes, 32, 32)).toBe(true);
      expect(Buffer.from(decode(bytes))).toEqual(await rgbOf(bytes));
    }
    expect([...filters].sort()).toEqual(expect.arrayContaining([0, 1, 2, 4]));
  });

  it('matches sharp on RGB and RGBA images, including the average filter the real images lack', async () => {
    const filters = new Set<number>();
    for (const channels of [3, 4] as const) {
      for (const seed of [1, 2, 3]) {
        const png = await sharp(pixels(channels, seed), { raw: { width: 32, height: 32, channels } })
          .png({ adaptiveFiltering: true, compressionLevel: seed * 3 })
          .toBuffer();
        expect(fitsFastPath(png, 32, 32)).toBe(true);
        expect(Buffer.from(decode(png))).toEqual(await rgbOf(png));
        for (const f of filterTypes(png, channels)) filters.add(f);
      }
    }
    expect(filters.has(3)).toBe(true);
  });

  it('leaves other sizes, grey, palettes, 16-bit, interlaced and ICC-profiled images to sharp', async () => {
    const rgb = pixels(3, 1);
    const raw = { raw: { width: 32, height: 32, channels: 3 as const } };
    const cases = [
      await sharp(pixels(3, 1).subarray(0, 16 * 16 * 3), { raw: { width: 16, height: 16, channels: 3 } })
        .png()
        .toBuffer(),
      await sharp(pixels(1, 1), { raw: { width: 32, height: 32, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
      await sharp(rgb, raw).png({ palette: true }).toBuffer(),
      await sharp(rgb, raw).toColourspace('rgb16').png().toBuffer(),
      await sharp(rgb, raw).png({ progressive: true }).toBuffer(),
      await sharp(rgb, raw).withIccProfile('p3').png().toBuffer(),
      await sharp(rgb, raw).jpeg().toBuffer(),
    ];
    for (const [i, png] of cases.entries()) expect(fitsFastPath(png, 32, 32), `case ${i}`).toBe(false);
  });

  it('refuses corrupt and truncated images with a message naming the flaw', async () => {
    const first = (await readdir(path.join(PNG_FOLDER, 'test')))[0] as string;
    const png = await readFile(path.join(PNG_FOLDER, 'test', first));
    const flipped = Buffer.from(png);
    // A byte inside the image data (IEND and IDAT's CRC are the last 16 bytes).
    flipped[png.length - 40] = (flipped[png.length - 40] as number) ^ 0xff;
    expect(() => decode(flipped)).toThrow(/IDAT fails its CRC/);
    expect(() => decode(png.subarray(0, png.length / 2))).toThrow(/truncated/);
    expect(() => decode(Buffer.from('not a png at all'))).toThrow(/not a PNG/);
  });
});
