// A small real dataset (a few shared CIFAR PNGs per class) prepared into a store, for fast training tests.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../../src/kernel/logger.js';
import { silentProgress } from '../../src/kernel/progress.js';
import { prepareDataset } from '../../src/modules/datasets/index.js';
import type { ObjectStore } from '../../src/modules/storage/index.js';
import { PNG_FOLDER, readLabelCsv } from './shared-data.js';

/** Copies `perClass` train and `perClass / 4` test images of each class into an image folder, then prepares it. */
export async function prepareSmallDataset(
  store: ObjectStore,
  workDir: string,
  bucket: string,
  perClass = 40,
) {
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
  return prepareDataset(
    { source: folder, classes: ['bicycle', 'motorcycle'], bucket },
    {
      store,
      cacheDir: path.join(workDir, 'cache'),
      cwd: workDir,
      knownMd5: {},
      progress: silentProgress,
      logger: silentLogger,
    },
  );
}
