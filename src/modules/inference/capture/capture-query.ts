// Reads an endpoint's newest Data Capture records back from the store, walking its hour folders newest first.
import type { ObjectStore } from '../../storage/index.js';

export interface CapturedInference {
  readonly variant: string;
  /** Milliseconds since the epoch (SageMaker writes inference times to the second). */
  readonly time: number;
  readonly eventId: string;
  readonly inferenceId: string | null;
  /** The request body as captured (base64), when input capture was on and the body was binary. */
  readonly input: { readonly contentType: string; readonly base64: string } | undefined;
  /** Class probabilities in class-index order, when output capture was on and the answer was a list. */
  readonly probabilities: readonly number[] | undefined;
}

interface CaptureData {
  readonly observedContentType?: unknown;
  readonly data?: unknown;
  readonly encoding?: unknown;
}

/** Called before each capture file is read (cached or not); throws to refuse the whole read. */
export type BeforeRead = (bucket: string, key: string) => Promise<void>;

/** Capture files are never rewritten (each flush writes a new object), so parsed files are kept by key and ETag. */
export class CaptureReader {
  readonly #parsed = new Map<string, CapturedInference[]>();
  #cachedRecords = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly maxCachedRecords = 20_000,
  ) {}

  /** The newest `limit` records under `<prefix>/<endpoint>/`, newest first; every variant is read. */
  async recent(
    location: { bucket: string; prefix: string },
    endpoint: string,
    limit: number,
    beforeRead: BeforeRead = async () => undefined,
  ): Promise<CapturedInference[]> {
    const base = captureBase(location.prefix, endpoint);
    const variants = await this.#folders(location.bucket, base);
    const perVariant = await Promise.all(
      variants.map((prefix) => this.#recentOfVariant(location.bucket, prefix, limit, beforeRead)),
    );
    return perVariant
      .flat()
      .sort((a, b) => b.time - a.time)
      .slice(0, limit);
  }

  async #recentOfVariant(
    bucket: string,
    variantPrefix: string,
    limit: number,
    beforeRead: BeforeRead,
  ): Promise<CapturedInference[]> {
    const variant = variantPrefix.split('/').at(-2) ?? '';
    const found: CapturedInference[] = [];
    // yyyy/mm/dd/hh: four levels of folders; names sort in time order.
    for await (const hour of this.#newestFolders(bucket, variantPrefix, 4)) {
      const files: { key: string; etag: string }[] = [];
      for await (const object of this.store.listAllObjects(bucket, hour))
        if (object.key.endsWith('.jsonl')) files.push(object);
      files.sort((a, b) => (a.key < b.key ? 1 : -1));
      for (const file of files) {
        await beforeRead(bucket, file.key);
        found.push(...(await this.#read(bucket, file, variant)));
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async *#newestFolders(bucket: string, prefix: string, depth: number): AsyncGenerator<string> {
    if (depth === 0) {
      yield prefix;
      return;
    }
    const children = await this.#folders(bucket, prefix);
    for (const child of children.reverse()) yield* this.#newestFolders(bucket, child, depth - 1);
  }

  /** The sub-folders of a prefix, in key order; none when the bucket does not exist. */
  async #folders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.store
        .listObjects(bucket, { prefix, delimiter: '/', ...(continuationToken ? { continuationToken } : {}) })
        .catch(() => undefined);
      if (!page) return [];
      folders.push(...page.commonPrefixes);
      continuationToken = page.nextContinuationToken;
    } while (continuationToken);
    return folders.sort();
  }

  /** A file's records, newest first. */
  async #read(
    bucket: string,
    file: { key: string; etag: string },
    variant: string,
  ): Promise<CapturedInference[]> {
    const cacheKey = `${bucket}/${file.key}/${file.etag}`;
    const cached = this.#parsed.get(cacheKey);
    if (cached) return cached;
    const text = (await this.store.getObjectBytes(bucket, file.key)).toString('utf8');
    const records = text
      .split('\n')
      .flatMap((line) => {
        const record = line.trim() ? parseCaptureRecord(line, variant) : undefined;
        return record ? [record] : [];
      })
      .reverse();
    this.#remember(cacheKey, records);
    return records;
  }

  #remember(cacheKey: string, records: CapturedInference[]): void {
    this.#parsed.set(cacheKey, records);
    this.#cachedRecords += records.length;
    for (const [key, value] of this.#parsed) {
      if (this.#cachedRecords <= this.maxCachedRecords) break;
      this.#parsed.delete(key);
      this.#cachedRecords -= value.length;
    }
  }
}

/** `<prefix>/<endpoint>/`: the folder holding every capture file of an endpoint. */
export function captureBase(prefix: string, endpoint: string): string {
  return `${prefix.replace(/\/+$/, '')}${prefix ? '/' : ''}${endpoint}/`;
}

/** One JSON Lines record, or undefined when the line is not a capture record. */
export function parseCaptureRecord(line: string, variant: string): CapturedInference | undefined {
  let parsed: {
    captureData?: { endpointInput?: CaptureData; endpointOutput?: CaptureData };
    eventMetadata?: { eventId?: unknown; inferenceId?: unknown; inferenceTime?: unknown };
  };
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const time = Date.parse(String(parsed.eventMetadata?.inferenceTime));
  if (!Number.isFinite(time)) return undefined;
  const input = parsed.captureData?.endpointInput;
  const inferenceId = parsed.eventMetadata?.inferenceId;
  return {
    variant,
    time,
    eventId: String(parsed.eventMetadata?.eventId ?? ''),
    inferenceId: typeof inferenceId === 'string' ? inferenceId : null,
    input:
      input && input.encoding === 'BASE64' && typeof input.data === 'string'
        ? { contentType: String(input.observedContentType ?? ''), base64: input.data }
        : undefined,
    probabilities: readProbabilities(parsed.captureData?.endpointOutput),
  };
}

function readProbabilities(output: CaptureData | undefined): number[] | undefined {
  if (!output || typeof output.data !== 'string') return undefined;
  const text =
    output.encoding === 'BASE64' ? Buffer.from(output.data, 'base64').toString('utf8') : output.data;
  let values: unknown;
  try {
    values = output.encoding === 'CSV' ? text.split(',').map(Number) : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? values : undefined;
}
