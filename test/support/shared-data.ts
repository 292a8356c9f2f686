// Access to ../shared/data for tests: paths, label files and decoded reference pixels.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** `../shared/data` beside the project, or where SCONES_SHARED_DATA points. */
export const SHARED_DATA =
  process.env.SCONES_SHARED_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
export const PYTHON_ARCHIVE = path.join(SHARED_DATA, 'cifar-100-python.tar.gz');
export const BINARY_ARCHIVE = path.join(SHARED_DATA, 'cifar-100-binary.tar.gz');
export const PNG_FOLDER = path.join(SHARED_DATA, 'cifar100-bicycle-motorcycle');

export interface LabelRow {
  readonly split: 'train' | 'test';
  readonly filename: string;
  readonly label: number;
}

export async function readLabelCsv(split: 'train' | 'test'): Promise<LabelRow[]> {
  const text = await readFile(path.join(PNG_FOLDER, `${split}.csv`), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [filename, label] = line.split(',');
      return { split, filename: filename as string, label: Number(label) };
    });
}

/** Decodes any image to raw RGB bytes (alpha dropped). */
export async function rgbOf(image: string | Buffer): Promise<Buffer> {
  return sharp(image).removeAlpha().raw().toBuffer();
}

/**
 * The recorded AWS Step Functions conformance cases: `../shared/conformance/asl/cases` beside the repository, or
 * where SCONES_CONFORMANCE_CASES points. Throws, naming both, when the folder is missing: a suite that found no
 * cases must fail, not pass with nothing checked.
 */
export function conformanceCases(): string {
  const folder =
    process.env.SCONES_CONFORMANCE_CASES ??
    path.resolve(import.meta.dirname, '../../../shared/conformance/asl/cases');
  if (!existsSync(folder))
    throw new Error(
      `ASL conformance cases not found at ${folder}: check out ../shared beside the repository or set SCONES_CONFORMANCE_CASES`,
    );
  return folder;
}
