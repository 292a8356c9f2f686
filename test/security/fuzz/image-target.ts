// Image decode fuzz target (the inference endpoint's path): content-type check, the PNG fast path (our own decoder)
// and sharp. Damaged PNGs and JPEGs give typed INFERENCE_* errors (or the fast path's messages, which the predictor
// worker turns into per-request errors); nothing else escapes, nothing writes past the model's input.
import sharp from 'sharp';
import { prepareImage } from '../../../src/modules/inference/serving/image-input.js';
import { decodeFastPng } from '../../../src/modules/inference/serving/png-fast-path.js';
import { ImageDecoder } from '../../../src/modules/monitoring/images/image-decoder.js';
import { PngDecoder } from '../../../src/modules/monitoring/images/png-decoder.js';
import { prng } from '../../support/prng.js';
import { type FuzzFailure, fuzz, mutateBytes } from './fuzz-kit.js';

const SHAPE = { width: 32, height: 32, channels: 3, maxInputPixels: 1_000_000 };
async function seedImages(): Promise<Buffer[]> {
  const rng = prng(7);
  const pixels = (w: number, h: number, c: 3 | 4) =>
    Buffer.from(Array.from({ length: w * h * c }, () => rng.int(256)));
  const image = (w: number, h: number, c: 3 | 4) =>
    sharp(pixels(w, h, c), { raw: { width: w, height: h, channels: c } });
  return Promise.all([
    image(32, 32, 3).png().toBuffer(),
    image(32, 32, 4).png({ adaptiveFiltering: true }).toBuffer(),
    image(32, 32, 3).jpeg().toBuffer(),
    image(40, 24, 3).png().toBuffer(),
  ]);
}

/** The PNG decoder throws plain messages by design (the worker reports them per request); anything else is a bug. */
function fastPathError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.constructor === Error) return true;
  return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}

export async function fuzzImages(seed: number, count: number): Promise<FuzzFailure[]> {
  const seeds = await seedImages();
  const out = new Float32Array(32 * 32 * 3 + 16).fill(-1);
  return fuzz({
    seed,
    count,
    generate: (rng) => ({
      bytes: mutateBytes(rng, rng.pick(seeds)),
      type: rng.pick(['image/png', 'image/jpeg', 'application/x-image']),
    }),
    show: ({ bytes, type }) => `${type} ${Buffer.from(bytes).toString('base64')}`,
    accept: (error) => /^INFERENCE_/.test((error as { code?: string }).code ?? ''),
    target: async ({ bytes, type }) => {
      const input = await prepareImage(bytes, type, SHAPE, (work) => work());
      if (input.kind !== 'png') {
        if (input.pixels.length !== 32 * 32 * 3) throw new Error(`decoded ${input.pixels.length} values`);
        return;
      }
      try {
        decodeFastPng(input.bytes, out, 0);
      } catch (error) {
        if (!fastPathError(error)) throw error;
      }
      // Only the image's own 3,072 values are ever written.
      if (!out.subarray(32 * 32 * 3).every((v) => v === -1)) throw new Error('wrote past the image');
    },
  });
}

/**
 * Monitoring's captured-image path over the same damaged images: its PNG decoder throws only the decoder's plain
 * messages (or zlib's inflation limit), and the image decoder (PNG, then libvips) never throws and returns either
 * nothing or pixels that fill exactly the size it reports.
 */
export async function fuzzCapturedImages(seed: number, count: number): Promise<FuzzFailure[]> {
  const seeds = await seedImages();
  const images = new ImageDecoder();
  return fuzz({
    seed,
    count,
    generate: (rng) => mutateBytes(rng, rng.pick(seeds)),
    show: (bytes) => Buffer.from(bytes).toString('base64'),
    accept: () => false,
    target: async (bytes) => {
      try {
        new PngDecoder().decode(bytes);
      } catch (error) {
        if (!fastPathError(error)) throw error;
      }
      const image = await images.decode(bytes);
      if (image && image.pixels.length !== image.width * image.height * image.channels)
        throw new Error(`decoded ${image.pixels.length} bytes for ${image.width}x${image.height}`);
    },
  });
}
