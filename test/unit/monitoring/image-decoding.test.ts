// The fast PNG path decodes every PNG layout it accepts to the same pixels libvips does, hands the others
// to libvips, and the input statistics computed on the pixels match a direct computation.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecoder } from '../../../src/modules/monitoring/images/image-decoder.js';
import { INPUT_FEATURES, imageFeatures } from '../../../src/modules/monitoring/images/image-features.js';
import { PngDecoder, pngSize } from '../../../src/modules/monitoring/images/png-decoder.js';
import { toDecodedImage } from '../../../src/modules/monitoring/images/raw-image.js';
import { rgbPng } from '../../support/png-bomb.js';
import { PNG_FOLDER } from '../../support/shared-data.js';

const source = () => readFile(path.join(PNG_FOLDER, 'test', 'bike_s_000041.png'));
const rgbBy = async (bytes: Buffer) =>
  new Uint8Array(await sharp(bytes).toColourspace('srgb').removeAlpha().raw().toBuffer());

describe('image decoding', () => {
  it('decodes RGBA, RGB (every filter), palette, grey and grey+alpha PNGs like libvips', async () => {
    const original = await source();
    const large = sharp(original).resize(96, 64, { kernel: 'nearest' });
    const variants = {
      rgba: original,
      rgb: await large.clone().removeAlpha().png({ adaptiveFiltering: true }).toBuffer(),
      palette: await large.clone().png({ palette: true, colours: 256, dither: 0 }).toBuffer(),
      grey: await large.clone().removeAlpha().toColourspace('b-w').png().toBuffer(),
      greyAlpha: await large.clone().toColourspace('b-w').ensureAlpha(0.5).png().toBuffer(),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const fast = new PngDecoder().decode(bytes);
      expect(fast, name).toBeDefined();
      expect(toDecodedImage(fast as NonNullable<typeof fast>).rgb, name).toEqual(await rgbBy(bytes));
      expect(pngSize(bytes), name).toEqual({ width: fast?.width, height: fast?.height });
    }
  });

  it('reverses all five row filters, first row included', async () => {
    const rgb = await rgbBy(await source());
    const png = pngWithEveryFilter(rgb, 32, 32);
    expect(await rgbBy(png)).toEqual(rgb);
    const decoded = new PngDecoder().decode(png);
    expect(decoded && toDecodedImage(decoded).rgb).toEqual(rgb);
  });

  it('leaves interlaced and 16-bit PNGs and JPEGs to libvips, and refuses non-images', async () => {
    const original = await source();
    const others = [
      await sharp(original).png({ progressive: true }).toBuffer(),
      await sharp(original).toColourspace('rgb16').png().toBuffer(),
      await sharp(original).jpeg({ quality: 95 }).toBuffer(),
    ];
    for (const bytes of others) {
      const decoded = await new ImageDecoder().decode(bytes);
      expect(decoded).toMatchObject({ width: 32, height: 32, channels: 3 });
      expect(decoded?.pixels).toEqual(await rgbBy(bytes));
    }
    expect(new PngDecoder().decode(others[0] as Buffer)).toBeUndefined();
    expect(await new ImageDecoder().decode(Buffer.from('not an image'))).toBeUndefined();
  });

  it('computes channel means and spreads, brightness and RMS contrast', async () => {
    const image = (await new ImageDecoder().decode(await source())) as NonNullable<
      Awaited<ReturnType<ImageDecoder['decode']>>
    >;
    const rgb = toDecodedImage(image).rgb;
    const out = new Float64Array(INPUT_FEATURES.length);
    imageFeatures(image, out);
    const channel = (c: number) =>
      Array.from({ length: rgb.length / 3 }, (_, i) => (rgb[i * 3 + c] as number) / 255);
    const luma = channel(0).map(
      (r, i) => 0.299 * r + 0.587 * (channel(1)[i] as number) + 0.114 * (channel(2)[i] as number),
    );
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
    const expected = [
      mean(channel(0)),
      mean(channel(1)),
      mean(channel(2)),
      std(channel(0)),
      std(channel(1)),
      std(channel(2)),
      mean(luma),
      std(luma),
    ];
    for (const [i, value] of expected.entries()) expect(out[i]).toBeCloseTo(value, 9);
  });
});

/** An RGB PNG whose rows cycle through filters 3, 4, 0, 1, 2 (so the first row is Average, the second Paeth). */
function pngWithEveryFilter(rgb: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3;
  const filtered = Buffer.alloc(height * (stride + 1));
  const at = (y: number, x: number) => (y < 0 || x < 0 ? 0 : (rgb[y * stride + x] as number));
  for (let y = 0; y < height; y++) {
    const filter = (y + 3) % 5;
    filtered[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const [a, b, c] = [at(y, x - 3), at(y - 1, x), at(y - 1, x - 3)];
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      filtered[y * (stride + 1) + 1 + x] = (at(y, x) - predicted) & 0xff;
    }
  }
  return rgbPng(width, height, deflateSync(filtered));
}
