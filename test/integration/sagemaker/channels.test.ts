// A job's channels staged as a Scones dataset: images by S3 prefix or by SageMaker manifest file, .lst labels,
// and the dataset loading exactly as `scones train` loads a prepared one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { loadDataset } from '../../../src/modules/datasets/index.js';
import { checkChannels, stageDataset } from '../../../src/modules/sagemaker-control/training/channels.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';
import { PNG_FOLDER, readLabelCsv } from '../../support/shared-data.js';

const channel = (name: string, type: string, uri: string) => ({
  ChannelName: name,
  ContentType: 'application/x-image',
  DataSource: { S3DataSource: { S3DataType: type, S3Uri: uri } },
});

it('stages prefix and manifest-file channels into a dataset the trainer loads', async () => {
  const store = new ObjectStore(new MemoryBlobStore(systemClock));
  await store.ensureBucket('data');
  const rows = (await readLabelCsv('train')).slice(0, 6);
  for (const row of rows)
    await store.putObject(
      'data',
      `images/${row.filename}`,
      await readFile(path.join(PNG_FOLDER, 'train', row.filename)),
    );
  const lst = rows.map((row, i) => `${i}\t${row.label}.000000\t${row.filename}\n`).join('');
  await store.putObject('data', 'lst/train.lst', Buffer.from(lst));
  await store.putObject('data', 'lst-val/val.lst', Buffer.from(lst.split('\n').slice(0, 2).join('\n')));
  const manifest = [{ prefix: 's3://data/images/' }, ...rows.slice(0, 2).map((r) => r.filename)];
  await store.putObject('data', 'validation.manifest', Buffer.from(JSON.stringify(manifest)));
  const channels = checkChannels([
    channel('train', 'S3Prefix', 's3://data/images/'),
    channel('validation', 'ManifestFile', 's3://data/validation.manifest'),
    channel('train_lst', 'S3Prefix', 's3://data/lst/'),
    channel('validation_lst', 'S3Prefix', 's3://data/lst-val'),
  ]);
  expect(await stageDataset(store, channels, 'staged', 2)).toEqual({ train: 6, test: 2 });
  const dataset = await loadDataset(store, 'staged');
  expect(dataset.train.count).toBe(6);
  expect([...dataset.train.labels]).toEqual(rows.map((r) => r.label));
  expect(dataset.test.count).toBe(2);
  expect(dataset.manifest.classes.map((c) => c.name)).toEqual(['0', '1']);

  await store.putObject('data', 'lst-bad/bad.lst', Buffer.from('0\t5\tmissing.png\n'));
  const bad = { ...channels, validation_lst: channel('validation_lst', 'S3Prefix', 's3://data/lst-bad/') };
  await expect(stageDataset(store, bad, 'staged-2', 2)).rejects.toThrow(/label 5 .* outside num_classes 2/);
});
