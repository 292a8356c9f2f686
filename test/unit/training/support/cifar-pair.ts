// Loads the real bicycle/motorcycle PNGs (../shared/data, or SCONES_SHARED_DATA) as decoded image sets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { CheckpointStore, ImageSet } from '../../../../src/modules/training/index.js';

const FOLDER = path.join(
  process.env.SCONES_SHARED_DATA ?? path.resolve(import.meta.dirname, '../../../../../shared/data'),
  'cifar100-bicycle-motorcycle',
);
export const CLASSES = ['bicycle', 'motorcycle'];

/** The first `perClass` images of each class of a split (all when omitted), in file order, RGB, alpha dropped. */
export async function loadPair(
  split: 'train' | 'test',
  perClass = Number.POSITIVE_INFINITY,
): Promise<ImageSet> {
  const rows = readFileSync(path.join(FOLDER, `${split}.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([file, label]) => ({ file: file as string, label: Number(label) }));
  const picked = rows.filter(
    (row, i) => rows.slice(0, i).filter((r) => r.label === row.label).length < perClass,
  );
  const images = new Uint8Array(picked.length * 3072);
  await Promise.all(
    picked.map(async (row, i) => {
      const pixels = await sharp(path.join(FOLDER, split, row.file))
        .removeAlpha()
        .raw()
        .toBuffer();
      images.set(pixels, i * 3072);
    }),
  );
  return { images, labels: Uint8Array.from(picked, (r) => r.label), count: picked.length, classes: CLASSES };
}

/** A checkpoint store in memory, counting saves. */
export function memoryStore(): CheckpointStore & { saves: number; bytes: Map<string, Uint8Array> } {
  const bytes = new Map<string, Uint8Array>();
  return {
    bytes,
    saves: 0,
    async save(name, data) {
      this.saves++;
      bytes.set(name, data.slice());
    },
    async load(name) {
      return bytes.get(name);
    },
  };
}
