// `data prepare`: source -> chosen classes -> 32x32 PNGs, .lst files and dataset.json in the object store.
import type { Logger } from '../../kernel/logger.js';
import type { ProgressReporter } from '../../kernel/progress.js';
import { type ObjectStore, storageError } from '../storage/index.js';
import { datasetError } from './errors.js';
import { encodePng } from './images.js';
import {
  type DatasetClass,
  type DatasetManifest,
  datasetChecksum,
  LST_KEY,
  lstText,
  MANIFEST_KEY,
  md5,
  type PreparedImage,
  parseLst,
  SPLIT_PREFIX,
  splitSummary,
} from './manifest.js';
import type { SharedDownloads } from './ports.js';
import { openSource } from './readers/open-source.js';
import { type SourceRow, type SourceRows, SPLITS } from './readers/rows.js';
import { type ResolvedSource, resolveSource } from './sources/resolve-source.js';

export interface PrepareRequest {
  readonly source: string;
  readonly classes: readonly string[];
  readonly bucket: string;
}

export interface PrepareDeps {
  readonly store: ObjectStore;
  /** This node's copies of downloaded archives. */
  readonly cacheDir: string;
  /** Downloaded archives shared with other nodes, so that each archive is downloaded once. */
  readonly shared?: SharedDownloads;
  readonly cwd: string;
  readonly knownMd5: Readonly<Record<string, string>>;
  readonly progress: ProgressReporter;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

export interface PrepareReport {
  readonly bucket: string;
  readonly manifest: DatasetManifest;
  readonly keys: { readonly manifest: string; readonly train: string; readonly test: string };
  readonly objects: { readonly written: number; readonly unchanged: number; readonly removed: number };
  readonly downloaded: boolean;
}

const WRITE_BATCH = 32;

export async function prepareDataset(request: PrepareRequest, deps: PrepareDeps): Promise<PrepareReport> {
  const classes = checkClassList(request.classes);
  const source = await resolveSource(request.source, deps);
  const rows = await openSource(source);
  const dataset = describeClasses(rows, classes);
  const images = await encodeImages(await rows.select(new Set(classes)), dataset, deps.progress);
  checkCoverage(images, dataset);
  await deps.store.ensureBucket(request.bucket);
  const previous = await previousKeys(deps.store, request.bucket);
  const objects = await writeImages(deps.store, request.bucket, images, deps.progress);
  const manifest = await writeManifests(
    deps.store,
    request.bucket,
    images,
    dataset,
    describeSource(rows, source),
  );
  const removed = await removeStale(deps.store, request.bucket, previous, new Set(images.map((i) => i.key)));
  deps.logger.debug(
    { bucket: request.bucket, images: images.length, ...objects, removed },
    'dataset prepared',
  );
  return {
    bucket: request.bucket,
    manifest,
    keys: { manifest: MANIFEST_KEY, train: LST_KEY.train, test: LST_KEY.test },
    objects: { ...objects, removed },
    downloaded: source.kind === 'archive' && /^https?:/i.test(source.location) && !source.fromCache,
  };
}

function checkClassList(classes: readonly string[]): string[] {
  const names = classes.map((c) => c.trim()).filter((c) => c.length > 0);
  if (names.length < 2)
    throw datasetError(
      'INVALID_ARGUMENT',
      `--classes needs at least two class names (got ${JSON.stringify(classes)})`,
    );
  if (new Set(names).size !== names.length)
    throw datasetError('INVALID_ARGUMENT', `--classes names a class twice: ${names.join(',')}`);
  return names;
}

function describeClasses(rows: SourceRows, classes: readonly string[]): DatasetClass[] {
  const unknown = classes.filter((c) => !rows.labelNames.includes(c));
  if (unknown.length > 0) {
    const sample = rows.labelNames.slice(0, 12).join(', ');
    throw datasetError(
      'UNKNOWN_CLASS',
      `the source has no class named ${unknown.join(', ')} (it has: ${sample}${rows.labelNames.length > 12 ? ', ...' : ''})`,
      {
        unknown,
      },
    );
  }
  return classes.map((name, index) => {
    const label = rows.labelNames.indexOf(name);
    return { index, name, sourceLabel: rows.format === 'image-folder' ? null : label };
  });
}

async function encodeImages(
  rows: readonly SourceRow[],
  classes: readonly DatasetClass[],
  progress: ProgressReporter,
): Promise<PreparedImage[]> {
  const indexOf = new Map(classes.map((c) => [c.name, c.index]));
  const seen = new Set<string>();
  const task = progress.start('convert images', rows.length, 'images');
  const images: PreparedImage[] = [];
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    const pngs = await Promise.all(batch.map((row) => encodePng(row.rgb)));
    batch.forEach((row, j) => {
      const key = `${SPLIT_PREFIX[row.split]}${row.fileName}`;
      if (seen.has(key))
        throw datasetError('INVALID_LABELS', `two images would both be stored as ${key}`, { key });
      seen.add(key);
      const png = pngs[j] as Buffer;
      images.push({ row, key, classIndex: indexOf.get(row.className) as number, png, md5: md5(png) });
    });
    task.update(images.length);
  }
  task.finish(`${images.length} images`);
  return images;
}

function checkCoverage(images: readonly PreparedImage[], classes: readonly DatasetClass[]): void {
  if (images.length === 0) {
    throw datasetError(
      'NO_MATCHING_CLASS',
      `the source holds no images of ${classes.map((c) => c.name).join(', ')}`,
    );
  }
  for (const split of SPLITS) {
    for (const c of classes) {
      if (!images.some((i) => i.row.split === split && i.classIndex === c.index)) {
        throw datasetError('NO_MATCHING_CLASS', `the source holds no ${split} images of class ${c.name}`, {
          split,
          class: c.name,
        });
      }
    }
  }
}

/** Writes changed images; if a write fails, the images this run created are removed again. */
async function writeImages(
  store: ObjectStore,
  bucket: string,
  images: readonly PreparedImage[],
  progress: ProgressReporter,
) {
  const created: string[] = [];
  let written = 0;
  const task = progress.start('store images', images.length, 'images');
  try {
    for (let i = 0; i < images.length; i += WRITE_BATCH) {
      const outcomes = await Promise.all(
        images.slice(i, i + WRITE_BATCH).map((image) => writeIfChanged(store, bucket, image)),
      );
      for (const [j, outcome] of outcomes.entries()) {
        if (outcome === 'created') created.push((images[i + j] as PreparedImage).key);
        if (outcome !== 'unchanged') written++;
      }
      task.update(Math.min(i + WRITE_BATCH, images.length));
    }
  } catch (error) {
    await Promise.allSettled(created.map((key) => store.deleteObject(bucket, key)));
    throw error;
  }
  task.finish(`${written} written, ${images.length - written} unchanged`);
  return { written, unchanged: images.length - written };
}

async function writeIfChanged(
  store: ObjectStore,
  bucket: string,
  image: PreparedImage,
): Promise<'created' | 'replaced' | 'unchanged'> {
  const existing = await store.headObject(bucket, image.key).catch(ignoreMissingKey);
  if (existing?.etag === image.md5) return 'unchanged';
  await store.putObject(bucket, image.key, image.png, { contentType: 'image/png' });
  return existing ? 'replaced' : 'created';
}

async function writeManifests(
  store: ObjectStore,
  bucket: string,
  images: readonly PreparedImage[],
  classes: readonly DatasetClass[],
  source: DatasetManifest['source'],
): Promise<DatasetManifest> {
  const splits = Object.fromEntries(
    SPLITS.map((split) => {
      const inSplit = images.filter((i) => i.row.split === split);
      const lst = lstText(inSplit);
      return [split, { lst, summary: splitSummary(split, inSplit, classes, lst) }];
    }),
  ) as Record<(typeof SPLITS)[number], { lst: string; summary: ReturnType<typeof splitSummary> }>;
  for (const split of SPLITS) {
    await store.putObject(bucket, LST_KEY[split], Buffer.from(splits[split].lst), {
      contentType: 'text/tab-separated-values',
    });
  }
  const manifest: DatasetManifest = {
    format: 'scones-dataset/1',
    classes,
    splits: { train: splits.train.summary, test: splits.test.summary },
    image: { width: 32, height: 32, channels: 3, contentType: 'image/png' },
    source,
    checksum: datasetChecksum(images),
  };
  // Written last: its presence says the images and .lst files it describes are complete.
  await store.putObject(bucket, MANIFEST_KEY, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), {
    contentType: 'application/json',
  });
  return manifest;
}

function describeSource(rows: SourceRows, source: ResolvedSource): DatasetManifest['source'] {
  if (source.kind === 'folder') {
    return {
      format: rows.format,
      location: source.location,
      md5: null,
      expectedMd5: null,
      checksumVerified: false,
    };
  }
  return {
    format: rows.format,
    location: source.location,
    md5: source.md5,
    expectedMd5: source.expectedMd5 ?? null,
    checksumVerified: source.expectedMd5 !== undefined && source.expectedMd5 === source.md5,
  };
}

/** Image keys the previous manifests listed, so images that left the dataset can be removed. */
async function previousKeys(store: ObjectStore, bucket: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const split of SPLITS) {
    const text = await store.getObjectBytes(bucket, LST_KEY[split]).catch(ignoreMissingKey);
    for (const entry of text ? parseLst(text.toString('utf8')) : []) {
      if (entry.key.startsWith(SPLIT_PREFIX[split])) keys.add(entry.key);
    }
  }
  return keys;
}

async function removeStale(
  store: ObjectStore,
  bucket: string,
  previous: ReadonlySet<string>,
  current: ReadonlySet<string>,
) {
  const stale = [...previous].filter((key) => !current.has(key));
  await Promise.all(stale.map((key) => store.deleteObject(bucket, key)));
  return stale.length;
}

function ignoreMissingKey(error: unknown): undefined {
  if ((error as { code?: string }).code === storageError.codes.NO_SUCH_KEY) return undefined;
  throw error;
}
