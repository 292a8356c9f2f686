// Reads a window's capture records into a profile. Every record counts (predictions, content types, image
// sizes); the pixels of a uniform sample of at most PIXEL_SAMPLE images are decoded for channel statistics
// and embeddings, which keeps a 100,000-record report within seconds at no loss for the drift tests (their
// power is bounded by the baseline's few hundred images).
import type { ObjectStore } from '../../storage/index.js';
import {
  type CaptureBatch,
  type CaptureLocation,
  listCaptureFiles,
  readCaptureFiles,
  type TimeWindow,
} from '../capture/capture-reader.js';
import type { CapturedRecord } from '../capture/capture-record.js';
import { ImageDecoder } from '../images/image-decoder.js';
import { pngSize } from '../images/png-decoder.js';
import { ProfileBuilder } from '../profile/profile-builder.js';
import { seededRandom } from '../stats/seeded-random.js';
import type { Baseline } from './drift.js';

/** Images per window whose pixels are read; windows with fewer records have all of them read. */
export const PIXEL_SAMPLE = 20_000;
/** Images embedded per window for embedding drift (a uniform sample of the pixel sample). */
export const WINDOW_EMBEDDINGS = 500;

export async function profileWindow(
  endpoint: string,
  window: TimeWindow,
  capture: CaptureLocation,
  store: ObjectStore,
  baseline: Baseline,
  seed: number,
): Promise<ProfileBuilder> {
  const builder = new ProfileBuilder({
    threshold: baseline.constraints.threshold,
    classes: baseline.statistics.classes,
    embeddingSample: WINDOW_EMBEDDINGS,
    seed,
  });
  const files = await listCaptureFiles(store, capture, endpoint, window);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const reader = new RecordReader(builder, seededRandom(seed ^ 0x5bd1e995));
  for await (const batch of readCaptureFiles(store, capture.bucket, files, window)) {
    reader.estimateFrom(batch, totalBytes);
    for (const reason of batch.unreadable) {
      builder.record();
      builder.invalid(reason);
    }
    for (const record of batch.records) await reader.read(record);
  }
  return builder;
}

class RecordReader {
  readonly #decoder = new ImageDecoder();
  /** Share of images whose pixels are read, set from the first file with records. */
  #rate: number | undefined;

  constructor(
    private readonly builder: ProfileBuilder,
    private readonly random: () => number,
  ) {}

  /** The window's record count estimated from its files' total size and the first file's density. */
  estimateFrom(batch: CaptureBatch, totalBytes: number): void {
    if (this.#rate !== undefined || batch.lines === 0) return;
    const estimated = (totalBytes * batch.lines) / batch.bytes;
    this.#rate = Math.min(1, PIXEL_SAMPLE / estimated);
  }

  async read(record: CapturedRecord): Promise<void> {
    const { builder } = this;
    builder.record();
    if (record.probabilities) builder.prediction(record.probabilities);
    else builder.invalid('missing or unreadable output');
    if (!record.input) {
      builder.invalid('missing input');
      return;
    }
    const { bytes, contentType } = record.input;
    const sampled = this.random() < (this.#rate ?? 1);
    // Outside the sample a PNG's header gives its size (its pixel stream is not checked).
    const image = sampled
      ? await this.#decoder.decode(bytes)
      : (pngSize(bytes) ?? (await this.#decoder.decode(bytes)));
    if (!image) builder.invalid('undecodable input');
    else if (sampled && 'pixels' in image) builder.image(contentType, image);
    else builder.imageSize(contentType, image.width, image.height);
  }
}
