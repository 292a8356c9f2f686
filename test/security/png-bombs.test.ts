// PNG bombs against every caller of the kernel's PNG decoder: inference's fast path and monitoring's captured-image
// decoders. A header declaring more pixels than allowed is refused before inflating; image data that inflates
// past the size the header declares stops at that size (zlib's ERR_BUFFER_TOO_LARGE), never allocating it all.
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../src/kernel/png.js';
import { decodeFastPng } from '../../src/modules/inference/serving/png-fast-path.js';
import { ImageDecoder } from '../../src/modules/monitoring/images/image-decoder.js';
import { PngDecoder } from '../../src/modules/monitoring/images/png-decoder.js';
import { pngBomb, pngStreamBomb } from '../support/png-bomb.js';

const CATEGORY = 'decompression and image bombs';
const MODEL_PIXELS = 32 * 32;
const HUGE_HEADER = pngBomb(100_000, 100_000);
/** 32x32 RGB declares 3,104 bytes of image data; this inflates to 256 MiB. */
const HUGE_STREAM = pngStreamBomb(32, 32, 256);

const CALLERS: Readonly<Record<string, (bytes: Buffer) => unknown>> = {
  'the kernel decoder': (bytes) => decodePng(bytes, { maxPixels: MODEL_PIXELS }),
  "inference's fast path": (bytes) => decodeFastPng(bytes, new Float32Array(MODEL_PIXELS * 3), 0),
  "monitoring's PNG decoder": (bytes) => new PngDecoder().decode(bytes),
};

describe('PNG bombs', () => {
  it('are small on the wire', () => {
    expect(HUGE_HEADER.length).toBeLessThan(1024 * 1024);
    expect(HUGE_STREAM.length).toBeLessThan(1024 * 1024);
  });

  for (const [caller, decode] of Object.entries(CALLERS)) {
    it(`${caller} refuses a header declaring 10^10 pixels before inflating`, ({ task }) => {
      task.meta.hostile = CATEGORY;
      expect(() => decode(HUGE_HEADER)).toThrow(/more than the \d+ allowed/);
    });

    it(`${caller} stops inflating at the size the header declares`, ({ task }) => {
      task.meta.hostile = CATEGORY;
      expect(() => decode(HUGE_STREAM)).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
    });
  }

  it("monitoring's image decoder (fast path, then libvips) yields nothing larger than the header says", async ({
    task,
  }) => {
    task.meta.hostile = CATEGORY;
    const decoder = new ImageDecoder();
    expect(await decoder.decode(HUGE_HEADER)).toBeUndefined();
    const stream = await decoder.decode(HUGE_STREAM);
    if (stream !== undefined) expect(stream.pixels.length).toBeLessThanOrEqual(MODEL_PIXELS * 4);
  });
});
