// The dataset manifest (`dataset.json`) and SageMaker `.lst` files that describe a prepared dataset.
import { createHash } from 'node:crypto';
import type { Static } from 'typebox';
import type { DatasetClassSchema, DatasetManifestSchema, SplitSummarySchema } from './manifest-schema.js';
import type { SourceRow, Split } from './readers/rows.js';

export const MANIFEST_KEY = 'dataset.json';
export const LST_KEY: Readonly<Record<Split, string>> = { train: 'train.lst', test: 'test.lst' };
export const SPLIT_PREFIX: Readonly<Record<Split, string>> = { train: 'train/', test: 'test/' };

export type DatasetClass = Static<typeof DatasetClassSchema>;
export type SplitSummary = Static<typeof SplitSummarySchema>;
export type DatasetManifest = Static<typeof DatasetManifestSchema>;

export interface PreparedImage {
  readonly row: SourceRow;
  readonly key: string;
  readonly classIndex: number;
  readonly png: Buffer;
  readonly md5: string;
}

/** `index<TAB>class-index<TAB>key` per image, as SageMaker's image classification reads .lst files. */
export function lstText(images: readonly PreparedImage[]): string {
  return images.map((image, index) => `${index}\t${image.classIndex}\t${image.key}\n`).join('');
}

export function parseLst(text: string): Array<{ index: number; classIndex: number; key: string }> {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [index, classIndex, key] = line.split('\t');
      return { index: Number(index), classIndex: Number(classIndex), key: key ?? '' };
    });
}

export function splitSummary(
  split: Split,
  images: readonly PreparedImage[],
  classes: readonly DatasetClass[],
  lst: string,
): SplitSummary {
  const perClass = Object.fromEntries(
    classes.map((c) => [c.name, images.filter((i) => i.classIndex === c.index).length]),
  );
  return {
    count: images.length,
    perClass,
    prefix: SPLIT_PREFIX[split],
    manifest: LST_KEY[split],
    manifestMd5: md5(lst),
  };
}

export function datasetChecksum(images: readonly PreparedImage[]): string {
  const hash = createHash('md5');
  for (const image of images) hash.update(`${image.key}\t${image.md5}\n`);
  return hash.digest('hex');
}

export function md5(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}
