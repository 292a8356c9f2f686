// Request bodies become exactly the pixels training used; bad bodies are refused with a code, before decoding.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToRgb32 } from '../../../src/modules/datasets/images.js';
import { prepareImage } from '../../../src/modules/inference/serving/image-input.js';

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

/** A small PNG declaring huge dimensions: its header, and the start of its (all-zero) image data. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 64));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
