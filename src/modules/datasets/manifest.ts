// The dataset manifest (`dataset.json`) and SageMaker `.lst` files that describe a prepared dataset.
import { createHash } from 'node:crypto';
import type { SourceRow, Split } from './readers/rows.js';

export const MANIFEST_KEY = 'dataset.json';
export const LST_KEY: Readonly<Record<Split, string>> = { train: 'train.lst', test: 'test.lst' };
export const SPLIT_PREFIX: Readonly<Record<Split, string>> = { train: 'train/', test: 'test/' };

export interface DatasetClass {
  readonly index: number;
  readonly name: string;
  /** Label number in the source archive; null for image folders. */
  readonly sourceLabel: number | null;
}

export interface SplitSummary {
  readonly count: number;
  readonly perClass: Readonly<Record<string, number>>;
  readonly prefix: string;
  readonly manifest: string;
  readonly manifestMd5: string;
}

export interface DatasetManifest {
  readonly format: 'scones-dataset/1';
  readonly classes: readonly DatasetClass[];
  readonly splits: Readonly<Record<Split, SplitSummary>>;
  readonly image: {
    readonly width: 32;
    readonly height: 32;
    readonly channels: 3;
    readonly contentType: 'image/png';
  };
  readonly source: {
    readonly format: string;
    readonly location: string;
    readonly md5: string | null;
    readonly expectedMd5: string | null;
    readonly checksumVerified: boolean;
  };
  /** MD5 over every image's key and ETag: the lineage id a trained model records. */
  readonly checksum: string;
}

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
