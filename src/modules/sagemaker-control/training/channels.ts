// A training job's input channels (train, validation, train_lst, validation_lst; images in S3 by prefix or manifest)
// copied into a prepared Scones dataset: images, train.lst/test.lst, dataset.json. SageMaker's validation channel is
// Scones's test split; Scones holds its own validation share out of train.
import { createHash } from 'node:crypto';
import { type DatasetManifest, LST_KEY, MANIFEST_KEY, parseLst } from '../../datasets/index.js';
import { type ObjectStore, parseS3Uri } from '../../storage/index.js';
import { sagemakerControlError } from '../errors.js';

export interface Channel {
  readonly ChannelName: string;
  readonly ContentType?: string;
  readonly RecordWrapperType?: string;
  readonly InputMode?: string;
  readonly DataSource: {
    readonly S3DataSource?: { readonly S3DataType: string; readonly S3Uri: string };
    readonly FileSystemDataSource?: unknown;
  };
}

const CHANNELS = ['train', 'validation', 'train_lst', 'validation_lst'] as const;
type ChannelName = (typeof CHANNELS)[number];

/** Checks the channels before the job is accepted; returns them by name. */
export function checkChannels(channels: readonly Channel[]): Record<ChannelName, Channel> {
  const byName: Partial<Record<ChannelName, Channel>> = {};
  for (const channel of channels) {
    const name = channel.ChannelName;
    if (!(CHANNELS as readonly string[]).includes(name))
      throw invalid(`Channel ${name} is not one Scones reads: give ${CHANNELS.join(', ')}`);
    const type = channel.ContentType ?? 'application/x-image';
    if (type.includes('recordio') || channel.RecordWrapperType === 'RecordIO')
      throw invalid(
        `Channel ${name}: RecordIO input is not supported; give image files with .lst manifests (ContentType application/x-image)`,
      );
    if (type !== 'application/x-image')
      throw invalid(`Channel ${name}: ContentType ${type} is not supported; use application/x-image`);
    const source = channel.DataSource.S3DataSource;
    if (!source) throw invalid(`Channel ${name}: only S3DataSource is supported`);
    if (source.S3DataType !== 'S3Prefix' && source.S3DataType !== 'ManifestFile')
      throw invalid(
        `Channel ${name}: S3DataType ${source.S3DataType} is not supported; use S3Prefix or ManifestFile`,
      );
    if (channel.InputMode !== undefined && channel.InputMode !== 'File')
      throw invalid(`Channel ${name}: InputMode ${channel.InputMode} is not supported; use File`);
    byName[name as ChannelName] = channel;
  }
  const missing = CHANNELS.filter((name) => !byName[name]);
  if (missing.length > 0)
    throw invalid(
      `Scones trains from four channels (${CHANNELS.join(', ')}); missing: ${missing.join(', ')}`,
    );
  return byName as Record<ChannelName, Channel>;
}

/** The objects a channel holds: its root and the keys under it, as SageMaker would download them. */
async function channelObjects(store: ObjectStore, channel: Channel) {
  const source = channel.DataSource.S3DataSource as { S3DataType: string; S3Uri: string };
  if (source.S3DataType === 'S3Prefix') {
    const { bucket, key } = parseS3Uri(source.S3Uri);
    const keys: string[] = [];
    for await (const object of store.listAllObjects(bucket, key)) keys.push(object.key);
    const root = key === '' || key.endsWith('/') ? key : `${key.slice(0, key.lastIndexOf('/') + 1)}`;
    return { bucket, root, keys };
  }
  const { bucket, key } = parseS3Uri(source.S3Uri);
  const manifest = JSON.parse((await store.getObjectBytes(bucket, key)).toString('utf8')) as unknown[];
  const prefix = (manifest[0] as { prefix?: string } | undefined)?.prefix;
  if (typeof prefix !== 'string')
    throw invalid(`${source.S3Uri} is not a manifest file ([{"prefix": ...}, ...keys])`);
  const root = parseS3Uri(prefix);
  return {
    bucket: root.bucket,
    root: root.key,
    keys: manifest.slice(1).map((k) => `${root.key}${String(k)}`),
  };
}

/** Copies the channels into `bucket` as a prepared dataset of `numClasses` classes; returns the image counts. */
export async function stageDataset(
  store: ObjectStore,
  channels: Record<ChannelName, Channel>,
  bucket: string,
  numClasses: number,
): Promise<{ train: number; test: number }> {
  await store.ensureBucket(bucket);
  const counts = { train: 0, test: 0 };
  const hash = createHash('md5');
  for (const [split, images, lst] of [
    ['train', channels.train, channels.train_lst],
    ['test', channels.validation, channels.validation_lst],
  ] as const) {
    const source = await channelObjects(store, images);
    const lists = await channelObjects(store, lst);
    const lines: string[] = [];
    for (const key of lists.keys.filter((k) => k.endsWith('.lst'))) {
      for (const entry of parseLst((await store.getObjectBytes(lists.bucket, key)).toString('utf8'))) {
        const label = Math.trunc(entry.classIndex);
        if (!(label >= 0 && label < numClasses))
          throw invalid(
            `${key}: label ${entry.classIndex} of ${entry.key} is outside num_classes ${numClasses}`,
          );
        const from = `${source.root}${entry.key.trim()}`;
        const bytes = await store.getObjectBytes(source.bucket, from).catch(() => {
          throw invalid(
            `s3://${source.bucket}/${from}, listed in ${key}, is not in the ${images.ChannelName} channel`,
          );
        });
        const to = `${split}/${lines.length}-${entry.key.trim().replaceAll('/', '_')}`;
        await store.putObject(bucket, to, bytes);
        hash.update(`${to}\t${createHash('md5').update(bytes).digest('hex')}\n`);
        lines.push(`${lines.length}\t${label}\t${to}\n`);
      }
    }
    if (lines.length === 0) throw invalid(`The ${lst.ChannelName} channel lists no images (.lst files)`);
    await store.putObject(bucket, LST_KEY[split], Buffer.from(lines.join('')));
    counts[split] = lines.length;
  }
  await store.putObject(
    bucket,
    MANIFEST_KEY,
    Buffer.from(JSON.stringify(manifestOf(numClasses, hash.digest('hex'), channels))),
  );
  return counts;
}

function manifestOf(
  numClasses: number,
  checksum: string,
  channels: Record<ChannelName, Channel>,
): DatasetManifest {
  const classes = Array.from({ length: numClasses }, (_, index) => ({
    index,
    name: String(index),
    sourceLabel: index,
  }));
  const summary = (split: 'train' | 'test') => ({
    count: 0,
    perClass: {},
    prefix: `${split}/`,
    manifest: LST_KEY[split],
    manifestMd5: '',
  });
  return {
    format: 'scones-dataset/1',
    classes,
    splits: { train: summary('train'), test: summary('test') },
    image: { width: 32, height: 32, channels: 3, contentType: 'image/png' },
    source: {
      format: 'sagemaker-channels',
      location: channels.train.DataSource.S3DataSource?.S3Uri ?? '',
      md5: null,
      expectedMd5: null,
      checksumVerified: false,
    },
    checksum,
  };
}

function invalid(message: string) {
  return sagemakerControlError('VALIDATION', message);
}
