// Reads a prepared dataset back from the store: the manifest, and each split decoded once into RGB bytes.
import sharp from 'sharp';
import type { ObjectStore } from '../storage/index.js';
import { datasetError } from './errors.js';
import { type DatasetManifest, LST_KEY, MANIFEST_KEY, parseLst } from './manifest.js';
import { IMAGE_SIDE, PIXELS, type Split } from './readers/rows.js';

/** `count` images of 32x32 RGB (HWC, 0..255) with one class index each. */
export interface DecodedSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly classes: readonly string[];
  readonly keys: readonly string[];
}

export interface LoadedDataset {
  readonly bucket: string;
  readonly manifest: DatasetManifest;
  readonly train: DecodedSplit;
  readonly test: DecodedSplit;
}

export async function loadManifest(store: ObjectStore, bucket: string): Promise<DatasetManifest> {
  const bytes = await store.getObjectBytes(bucket, MANIFEST_KEY).catch((error: unknown) => {
    throw datasetError(
      'SOURCE_NOT_FOUND',
      `s3://${bucket}/${MANIFEST_KEY} is missing: run \`scones data prepare\` first`,
      {},
      error,
    );
  });
  return JSON.parse(bytes.toString('utf8')) as DatasetManifest;
}

export async function loadDataset(store: ObjectStore, bucket: string): Promise<LoadedDataset> {
  const manifest = await loadManifest(store, bucket);
  const classes = manifest.classes.map((c) => c.name);
  const [train, test] = await Promise.all(
    (['train', 'test'] as const).map((split) => loadSplit(store, bucket, split, classes)),
  );
  return { bucket, manifest, train: train as DecodedSplit, test: test as DecodedSplit };
}

async function loadSplit(
  store: ObjectStore,
  bucket: string,
  split: Split,
  classes: readonly string[],
): Promise<DecodedSplit> {
  const entries = parseLst((await store.getObjectBytes(bucket, LST_KEY[split])).toString('utf8'));
  const images = new Uint8Array(entries.length * PIXELS * 3);
  const labels = new Uint8Array(entries.length);
  const batch = 64;
  for (let i = 0; i < entries.length; i += batch) {
    await Promise.all(
      entries.slice(i, i + batch).map(async (entry, j) => {
        const png = await store.getObjectBytes(bucket, entry.key);
        const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        if (info.width !== IMAGE_SIDE || info.height !== IMAGE_SIDE || info.channels !== 3) {
          throw datasetError(
            'INVALID_IMAGE',
            `s3://${bucket}/${entry.key} is ${info.width}x${info.height}x${info.channels}, not 32x32 RGB`,
          );
        }
        images.set(data, (i + j) * PIXELS * 3);
        labels[i + j] = entry.classIndex;
      }),
    );
  }
  return { images, labels, count: entries.length, classes, keys: entries.map((e) => e.key) };
}
