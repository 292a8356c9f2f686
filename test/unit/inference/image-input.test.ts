// Request bodies become exactly the pixels training used; bad bodies are refused with a code, before decoding.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToRgb32 } from '../../../src/modules/datasets/images.js';
import { prepareImage } from '../../../src/modules/inference/serving/image-input.js';
import { pngBomb } from '../../support/png-bomb.js';

const shape = { width: 32, height: 32, maxInputPixels: 25_000_000 };
const direct = <T>(work: () => Promise<T>) => work();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scones-image-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A smooth colour image of any size. */
function picture(width: number, height: number, channels: 1 | 3 | 4): Buffer {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (Math.sin(i / 97) * 100 + ((i * 13) % 50) + 100) & 0xff;
  return data;
}

/** What the datasets module stores for the same file: the reference for "as training preprocessed". */
async function asTraining(bytes: Buffer, name: string): Promise<Uint8Array> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return decodeToRgb32(file, name);
}

describe('prepareImage', () => {
  it('decodes and resizes any size and colour mode exactly as dataset preparation does', async () => {
    const images: [string, Buffer, string][] = [
      [
        'big.jpg',
        await sharp(picture(640, 480, 3), { raw: { width: 640, height: 480, channels: 3 } })
          .jpeg()
          .toBuffer(),
        'image/jpeg',
      ],
      [
        'grey.png',
        await sharp(picture(50, 40, 1), { raw: { width: 50, height: 40, channels: 1 } })
          .toColourspace('b-w')
          .png()
          .toBuffer(),
        'image/png',
      ],
      [
        'alpha.png',
        await sharp(picture(64, 48, 4), { raw: { width: 64, height: 48, channels: 4 } })
          .png()
          .toBuffer(),
        'application/x-image',
      ],
      [
        'small.webp',
        await sharp(picture(32, 32, 3), { raw: { width: 32, height: 32, channels: 3 } })
          .webp()
          .toBuffer(),
        'application/x-image',
      ],
    ];
    for (const [name, bytes, type] of images) {
      const input = await prepareImage(bytes, type, shape, direct);
      expect(input.kind, name).toBe('rgb');
      if (input.kind === 'rgb')
        expect(Buffer.from(input.pixels), name).toEqual(Buffer.from(await asTraining(bytes, name)));
    }
  });

  it('sends plain 32x32 PNGs to the workers undecoded', async () => {
    const png = await sharp(picture(32, 32, 4), { raw: { width: 32, height: 32, channels: 4 } })
      .png()
      .toBuffer();
    expect((await prepareImage(png, 'image/png; charset=binary', shape, direct)).kind).toBe('png');
  });

  it('refuses other content types, empty bodies and undecodable bytes', async () => {
    const png = await sharp(picture(32, 32, 3), { raw: { width: 32, height: 32, channels: 3 } })
      .png()
      .toBuffer();
    for (const type of ['text/csv', 'application/json', undefined, 'application/octet-stream'])
      await expect(prepareImage(png, type, shape, direct)).rejects.toMatchObject({
        code: 'INFERENCE_UNSUPPORTED_CONTENT_TYPE',
      });
    await expect(prepareImage(Buffer.alloc(0), 'image/png', shape, direct)).rejects.toMatchObject({
      code: 'INFERENCE_EMPTY_BODY',
    });
    await expect(
      prepareImage(Buffer.from('GIF89a garbage'), 'image/jpeg', shape, direct),
    ).rejects.toMatchObject({
      code: 'INFERENCE_INVALID_IMAGE',
    });
  });

  it('refuses a 30000x30000 PNG bomb from its header, without decoding it', async () => {
    const bomb = pngBomb(30000, 30000);
    const before = process.memoryUsage().rss;
    await expect(prepareImage(bomb, 'image/png', shape, direct)).rejects.toMatchObject({
      code: 'INFERENCE_IMAGE_TOO_LARGE',
    });
    // Decoding it would need 2.7 GB; refusing it must not allocate anything near that.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
