// Monitoring test helpers: a test double of the Predictor port, capture files written in SageMaker's exact
// Data Capture format, real images from ../shared/data and shifted copies of them.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import type { ObjectStore } from '../../src/modules/storage/index.js';
import { PNG_FOLDER } from './shared-data.js';

/**
 * TEST DOUBLE of the Predictor port (the deployed model): a fixed logistic function of the image's mean
 * brightness and contrast (decoded by pngjs, independent of the monitoring code). It is deterministic,
 * answers two class probabilities like the bicycle/motorcycle model, and reacts to photometric shifts (but,
 * like any pixel statistic, not to rotation).
 */
export const pixelStatisticsPredictor = {
  async predict(images: ReadonlyArray<{ bytes: Uint8Array }>): Promise<number[][]> {
    return images.map(({ bytes }) => twoClassAnswer(bytes));
  },
};

function twoClassAnswer(bytes: Uint8Array): number[] {
  const { data } = PNG.sync.read(Buffer.from(bytes));
  let sum = 0;
  let squares = 0;
  const values = (data.length / 4) * 3;
  for (let i = 0; i < data.length; i += 4)
    for (let c = 0; c < 3; c++) {
      const v = (data[i + c] as number) / 255;
      sum += v;
      squares += v * v;
    }
  const brightness = sum / values;
  const contrast = Math.sqrt(squares / values - brightness * brightness);
  const z = 14 * (brightness - 0.5) + 20 * (contrast - 0.2);
  const motorcycle = 1 / (1 + Math.exp(-z));
  return [1 - motorcycle, motorcycle];
}

export interface CapturedImage {
  readonly time: number;
  readonly png: Buffer;
  readonly probabilities: readonly number[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One capture line exactly as SageMaker Data Capture writes it. */
export function captureLine(image: CapturedImage, contentType = 'image/png'): string {
  return JSON.stringify({
    captureData: {
      endpointInput: {
        observedContentType: contentType,
        mode: 'INPUT',
        data: image.png.toString('base64'),
        encoding: 'BASE64',
      },
      endpointOutput: {
        observedContentType: 'application/json',
        mode: 'OUTPUT',
        data: JSON.stringify(image.probabilities),
        encoding: 'JSON',
      },
    },
    eventMetadata: {
      eventId: randomUUID(),
      inferenceTime: new Date(image.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    eventVersion: '0',
  });
}

/** Writes `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<time>-<uuid>.jsonl` files of `perFile` records. */
export async function writeCaptureFiles(
  store: ObjectStore,
  target: { bucket: string; prefix: string; endpoint: string; variant: string },
  images: readonly CapturedImage[],
  perFile = 100,
): Promise<void> {
  await store.ensureBucket(target.bucket);
  for (let i = 0; i < images.length; i += perFile) {
    const chunk = images.slice(i, i + perFile);
    const first = new Date((chunk[0] as CapturedImage).time);
    const hour = `${first.getUTCFullYear()}/${pad(first.getUTCMonth() + 1)}/${pad(first.getUTCDate())}/${pad(first.getUTCHours())}`;
    const stamp = `${pad(first.getUTCMinutes())}-${pad(first.getUTCSeconds())}-${String(first.getUTCMilliseconds()).padStart(3, '0')}`;
    const key = `${target.prefix}/${target.endpoint}/${target.variant}/${hour}/${stamp}-${randomUUID()}.jsonl`;
    await store.putObject(
      target.bucket,
      key,
      Buffer.from(`${chunk.map((c) => captureLine(c)).join('\n')}\n`),
    );
  }
}

/** `count` real PNGs of a split, in a fixed shuffled order (file names group by class, so no prefix slices). */
export async function realImages(split: 'train' | 'test', count: number, offset = 0): Promise<Buffer[]> {
  const names = (await readdir(path.join(PNG_FOLDER, split))).filter((n) => n.endsWith('.png')).sort();
  const shuffled = names
    .map((name, i) => ({ name, key: Math.abs(Math.sin(i * 91.7) * 1e4) % 1 }))
    .sort((a, b) => a.key - b.key)
    .slice(offset, offset + count);
  return Promise.all(shuffled.map(({ name }) => readFile(path.join(PNG_FOLDER, split, name))));
}

export type Shift = 'darken' | 'blur' | 'rotate' | 'noise';

export async function shifted(png: Buffer, shift: Shift, seed: number): Promise<Buffer> {
  const image = sharp(png).removeAlpha();
  if (shift === 'darken') return image.linear(0.55, 0).png().toBuffer();
  if (shift === 'blur') return image.blur(1.2).png().toBuffer();
  if (shift === 'rotate') return image.rotate(90).png().toBuffer();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = Math.max(0, Math.min(255, (data[i] as number) + ((state >>> 16) % 81) - 40));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}

/** Runs the images through the predictor and stamps them one second apart from `start`. */
export async function captured(images: readonly Buffer[], start: number): Promise<CapturedImage[]> {
  const answers = await pixelStatisticsPredictor.predict(images.map((png) => ({ bytes: png })));
  return images.map((png, i) => ({ time: start + i * 1000, png, probabilities: answers[i] as number[] }));
}
