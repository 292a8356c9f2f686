// A small real dataset (a few shared CIFAR PNGs per class), as an image folder or prepared into a store.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../../src/kernel/logger.js';
import { silentProgress } from '../../src/kernel/progress.js';
import { prepareDataset } from '../../src/modules/datasets/index.js';
import type { ObjectStore } from '../../src/modules/storage/index.js';
import { PNG_FOLDER, readLabelCsv } from './shared-data.js';

/** An image folder (train/, test/, train.csv, test.csv): `perClass` train and `perClass / 4` test images per class. */
export async function makeSmallImageFolder(workDir: string, perClass: number): Promise<string> {
  const folder = path.join(workDir, 'small-dataset');
  for (const split of ['train', 'test'] as const) {
    await mkdir(path.join(folder, split), { recursive: true });
    const rows = await readLabelCsv(split);
    const wanted = split === 'train' ? perClass : Math.max(2, Math.floor(perClass / 4));
    const chosen = [0, 1].flatMap((label) => rows.filter((r) => r.label === label).slice(0, wanted));
    const lines = chosen.map((r) => `${r.filename},${r.label === 0 ? 'bicycle' : 'motorcycle'}`);
    await writeFile(path.join(folder, `${split}.csv`), `filename,class\n${lines.join('\n')}\n`);
    for (const r of chosen)
      await copyFile(path.join(PNG_FOLDER, split, r.filename), path.join(folder, split, r.filename));
  }
  return folder;
}

/** The small image folder, prepared into `bucket` of the store. */
export async function prepareSmallDataset(
  store: ObjectStore,
  workDir: string,
  bucket: string,
  perClass = 40,
) {
  const folder = await makeSmallImageFolder(workDir, perClass);
  return prepareQuietly(store, workDir, { source: folder, bucket });
}

/** `prepareDataset` as the tests run it: cache and cwd in `workDir`, no known checksums, nothing logged. */
export function prepareQuietly(
  store: ObjectStore,
  workDir: string,
  request: { source: string; bucket: string; classes?: readonly string[] },
  knownMd5: Readonly<Record<string, string>> = {},
) {
  return prepareDataset(
    {
      source: request.source,
      classes: [...(request.classes ?? ['bicycle', 'motorcycle'])],
      bucket: request.bucket,
    },
    {
      store,
      cacheDir: path.join(workDir, 'cache'),
      cwd: workDir,
      knownMd5,
      progress: silentProgress,
      logger: silentLogger,
    },
  );
}
