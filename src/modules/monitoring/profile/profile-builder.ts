// Accumulates one population (a baseline's dataset or a report's window) record by record, then summarises
// it as statistics.json plus the samples the drift tests need.
import { standardization } from '../embedding/mmd-test.js';
import { INPUT_FEATURES, type InputFeature, imageFeatures } from '../images/image-features.js';
import { type RawImage, toDecodedImage } from '../images/raw-image.js';
import type { DecodedImage, EmbeddingSource } from '../ports.js';
import { Reservoir, seededRandom } from '../stats/seeded-random.js';
import { equalWidthHistogram, summarize } from '../stats/summary.js';
import type { RecordCounts, StatisticsDocument } from './documents.js';
import { FloatColumn } from './float-column.js';

export interface ProfileOptions {
  readonly threshold: number;
  readonly classes: readonly string[];
  /** How many images (at most) are embedded for embedding drift. */
  readonly embeddingSample: number;
  readonly seed: number;
}

export interface ProfileSamples {
  readonly confidences: Float64Array;
  readonly features: Readonly<Record<InputFeature, Float64Array>>;
  readonly classCounts: readonly number[];
  readonly embeddings: readonly Float32Array[];
}

export interface Profile {
  readonly statistics: StatisticsDocument;
  readonly samples: ProfileSamples;
}

export type ProfileMeta = Pick<StatisticsDocument, 'kind' | 'endpoint' | 'createdAt' | 'window' | 'dataset'>;

export class ProfileBuilder {
  #records = 0;
  readonly #invalid = new Map<string, number>();
  readonly #confidences = new FloatColumn();
  readonly #classCounts: number[];
  #low = 0;
  readonly #contentTypes = new Map<string, number>();
  readonly #widths = new FloatColumn();
  readonly #heights = new FloatColumn();
  readonly #features = INPUT_FEATURES.map(() => new FloatColumn());
  readonly #row = new Float64Array(INPUT_FEATURES.length);
  readonly #sample: Reservoir<DecodedImage>;

  constructor(private readonly options: ProfileOptions) {
    this.#classCounts = options.classes.map(() => 0);
    this.#sample = new Reservoir(options.embeddingSample, seededRandom(options.seed));
  }

  record(): void {
    this.#records++;
  }

  invalid(reason: string): void {
    this.#invalid.set(reason, (this.#invalid.get(reason) ?? 0) + 1);
  }

  prediction(probabilities: readonly number[]): void {
    let best = 0;
    for (let i = 1; i < probabilities.length; i++)
      if ((probabilities[i] as number) > (probabilities[best] as number)) best = i;
    const confidence = probabilities[best] as number;
    this.#confidences.push(confidence);
    if (confidence < this.options.threshold) this.#low++;
    while (this.#classCounts.length <= best) this.#classCounts.push(0);
    this.#classCounts[best] = (this.#classCounts[best] as number) + 1;
  }

  /** An image whose size and type are counted, its pixels not read (outside the pixel sample). */
  imageSize(contentType: string, width: number, height: number): void {
    this.#contentTypes.set(contentType, (this.#contentTypes.get(contentType) ?? 0) + 1);
    this.#widths.push(width);
    this.#heights.push(height);
  }

  /** An image with its pixels; `image` may be a decoder's reused buffer: only one kept for embedding is copied. */
  image(contentType: string, image: RawImage): void {
    this.imageSize(contentType, image.width, image.height);
    imageFeatures(image, this.#row);
    for (let f = 0; f < INPUT_FEATURES.length; f++)
      (this.#features[f] as FloatColumn).push(this.#row[f] as number);
    const slot = this.#sample.nextSlot();
    if (slot >= 0) this.#sample.place(slot, toDecodedImage(image));
  }

  async finish(meta: ProfileMeta, embedding: EmbeddingSource | undefined): Promise<Profile> {
    const confidences = this.#confidences.sorted();
    const features = Object.fromEntries(
      INPUT_FEATURES.map((name, f) => [name, (this.#features[f] as FloatColumn).sorted()]),
    ) as Record<InputFeature, Float64Array>;
    const embeddings =
      embedding && this.#sample.items.length > 0 ? await embedding.embed(this.#sample.items) : [];
    const statistics: StatisticsDocument = {
      version: 1,
      ...meta,
      threshold: this.options.threshold,
      classes: this.#classNames(),
      counts: this.#counts(),
      prediction: this.#predictionSummary(confidences),
      input: {
        pixelSample: features.brightness.length,
        contentTypes: Object.fromEntries([...this.#contentTypes].sort()),
        width: summarize(this.#widths.values()) ?? null,
        height: summarize(this.#heights.values()) ?? null,
        features: Object.fromEntries(
          INPUT_FEATURES.map((name) => [name, summarize(features[name]) ?? null]),
        ) as StatisticsDocument['input']['features'],
      },
      embedding: embedding && embeddings.length > 0 ? embeddingSummary(embedding, embeddings) : null,
    };
    return {
      statistics,
      samples: { confidences, features, classCounts: [...this.#classCounts], embeddings },
    };
  }

  #classNames(): string[] {
    return this.#classCounts.map((_, i) => this.options.classes[i] ?? `class_${i}`);
  }

  #counts(): RecordCounts {
    return {
      records: this.#records,
      predictions: this.#confidences.length,
      images: this.#widths.length,
      invalid: Object.fromEntries([...this.#invalid].sort()),
    };
  }

  #predictionSummary(confidences: Float64Array): StatisticsDocument['prediction'] {
    const summary = summarize(confidences);
    const total = confidences.length;
    const names = this.#classNames();
    return {
      confidence: summary ? { ...summary, histogram: equalWidthHistogram(confidences, 0, 1, 20) } : null,
      lowConfidence: { count: this.#low, rate: total === 0 ? null : this.#low / total },
      classDistribution: Object.fromEntries(
        this.#classCounts.map((count, i) => [
          names[i] as string,
          { count, share: total === 0 ? 0 : count / total },
        ]),
      ),
    };
  }
}

function embeddingSummary(
  source: EmbeddingSource,
  vectors: readonly Float32Array[],
): StatisticsDocument['embedding'] {
  return {
    source: source.id,
    dimension: source.dimension,
    sampleSize: vectors.length,
    ...standardization(vectors, source.dimension),
  };
}
