// Dataset preparation on the real shared data: every source layout, idempotency, and pixel-exact output.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { loadDataset, type PrepareReport, parseLst } from '../../../src/modules/datasets/index.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import {
  BINARY_ARCHIVE,
  type LabelRow,
  PNG_FOLDER,
  PYTHON_ARCHIVE,
  readLabelCsv,
  rgbOf,
} from '../../support/shared-data.js';
import { prepareQuietly } from '../../support/small-dataset.js';

let root: string;
let store: ObjectStore;
let labels: LabelRow[];
const referencePixels = new Map<string, Buffer>();

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-prepare-'));
  store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
  labels = [...(await readLabelCsv('train')), ...(await readLabelCsv('test'))];
  await Promise.all(
    labels.map(async (row) =>
      referencePixels.set(
        `${row.split}/${row.filename}`,
        await rgbOf(path.join(PNG_FOLDER, row.split, row.filename)),
      ),
    ),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

function prepare(source: string, bucket: string) {
  return prepareQuietly(store, root, { source, bucket });
}

/** Every stored image with its label from the .lst files and its decoded pixels. */
async function storedImages(bucket: string) {
  const images: Array<{ key: string; classIndex: number; rgb: Buffer; contentType: string }> = [];
  for (const split of ['train', 'test']) {
    const lst = parseLst((await store.getObjectBytes(bucket, `${split}.lst`)).toString('utf8'));
    expect(lst.map((entry) => entry.index)).toEqual(lst.map((_, i) => i));
    for (const entry of lst) {
      const info = await store.headObject(bucket, entry.key);
      const png = await store.getObjectBytes(bucket, entry.key);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      images.push({
        key: entry.key,
        classIndex: entry.classIndex,
        rgb: await rgbOf(png),
        contentType: info.contentType,
      });
    }
  }
  return images;
}

function expectCounts(report: PrepareReport) {
  expect(report.manifest.splits.train).toMatchObject({
    count: 1000,
    perClass: { bicycle: 500, motorcycle: 500 },
  });
  expect(report.manifest.splits.test).toMatchObject({
    count: 200,
    perClass: { bicycle: 100, motorcycle: 100 },
  });
  expect(report.manifest.classes.map((c) => c.name)).toEqual(['bicycle', 'motorcycle']);
}

describe('data prepare', () => {
  it('turns the python archive into the shared PNGs, with labels equal to train.csv/test.csv', async () => {
    const report = await prepare(PYTHON_ARCHIVE, 'pyt');
    expectCounts(report);
    expect(report.manifest.classes.map((c) => c.sourceLabel)).toEqual([8, 48]);
    expect(report.manifest.source).toMatchObject({ format: 'cifar-100-python', checksumVerified: false });
    const images = await storedImages('pyt');
    expect(images).toHaveLength(1200);
    const expected = new Map(labels.map((row) => [`${row.split}/${row.filename}`, row.label]));
    for (const image of images) {
      expect(image.classIndex).toBe(expected.get(image.key));
      expect(image.rgb.equals(referencePixels.get(image.key) as Buffer)).toBe(true);
      expect(image.contentType).toBe('image/png');
    }
  });

  it('re-runs idempotently: same objects and manifests, nothing rewritten', async () => {
    const before = await store.headObject('pyt', 'dataset.json');
    const lst = await store.headObject('pyt', 'train.lst');
    const again = await prepare(PYTHON_ARCHIVE, 'pyt');
    expect(again.objects).toEqual({ written: 0, unchanged: 1200, removed: 0 });
    expect((await store.headObject('pyt', 'dataset.json')).etag).toBe(before.etag);
    expect((await store.headObject('pyt', 'train.lst')).etag).toBe(lst.etag);
  });

  it('reads the binary archive to the same pixels and labels', async () => {
    const report = await prepare(BINARY_ARCHIVE, 'bin');
    expectCounts(report);
    expect(report.manifest.source.format).toBe('cifar-100-binary');
    const byPixels = new Map(
      labels.map((row) => [hash(referencePixels.get(`${row.split}/${row.filename}`) as Buffer), row]),
    );
    const images = await storedImages('bin');
    const matched = new Set<string>();
    for (const image of images) {
      const row = byPixels.get(hash(image.rgb));
      expect(row, `no shared PNG has the pixels of ${image.key}`).toBeDefined();
      expect(image.classIndex).toBe(row?.label);
      expect(image.key.startsWith(`${row?.split}/`)).toBe(true);
      matched.add(`${row?.split}/${row?.filename}`);
    }
    expect(matched.size).toBe(1200);
  });

  it('reads an image folder with label files', async () => {
    const report = await prepare(PNG_FOLDER, 'folder');
    expectCounts(report);
    const images = await storedImages('folder');
    for (const image of images) expect(image.rgb.equals(referencePixels.get(image.key) as Buffer)).toBe(true);
  });

  it('removes images an earlier run stored that the new dataset no longer holds', async () => {
    await prepare(BINARY_ARCHIVE, 'switch');
    const report = await prepare(PYTHON_ARCHIVE, 'switch');
    expect(report.objects.removed).toBe(1200);
    const keys: string[] = [];
    for await (const object of store.listAllObjects('switch', 'train/')) keys.push(object.key);
    expect(keys).toHaveLength(1000);
  });
});

function hash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

describe('loadDataset', () => {
  it('decodes each split once into RGB bytes in manifest order with its labels', async () => {
    await prepare(PNG_FOLDER, 'loaded');
    const dataset = await loadDataset(store, 'loaded');
    expect(dataset.train.count).toBe(1000);
    expect(dataset.test.count).toBe(200);
    expect(dataset.train.classes).toEqual(['bicycle', 'motorcycle']);
    const expected = new Map(labels.map((row) => [`${row.split}/${row.filename}`, row.label]));
    dataset.test.keys.forEach((key, i) => {
      expect(dataset.test.labels[i]).toBe(expected.get(key));
      const pixels = Buffer.from(dataset.test.images.subarray(i * 3072, (i + 1) * 3072));
      expect(pixels.equals(referencePixels.get(key) as Buffer)).toBe(true);
    });
  });
});
