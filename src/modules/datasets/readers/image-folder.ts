// A folder of images with train.csv/test.csv label files (columns filename and class), like shared/data's PNGs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { datasetError } from '../errors.js';
import { decodeToRgb32 } from '../images.js';
import { type SourceRow, type SourceRows, SPLITS, type Split } from './rows.js';

interface LabelLine {
  readonly split: Split;
  readonly fileName: string;
  readonly className: string;
  readonly fineLabel: number | undefined;
}

export async function readImageFolder(folder: string): Promise<SourceRows> {
  const lines = (await Promise.all(SPLITS.map((split) => readLabels(folder, split)))).flat();
  return {
    format: 'image-folder',
    labelNames: [...new Set(lines.map((l) => l.className))],
    select: (classNames) =>
      decodeAll(
        folder,
        lines.filter((l) => classNames.has(l.className)),
      ),
  };
}

async function readLabels(folder: string, split: Split): Promise<LabelLine[]> {
  const file = path.join(folder, `${split}.csv`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw datasetError(
      'SOURCE_NOT_FOUND',
      `${folder} has no ${split}.csv label file (columns filename,class)`,
    );
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw datasetError('INVALID_LABELS', `${file}: ${(error as Error).message}`);
  }
  return records.map((record, i) => toLabelLine(record, split, `${file} line ${i + 2}`));
}

function toLabelLine(record: Record<string, string>, split: Split, where: string): LabelLine {
  const fileName = record.filename;
  const className = record.class;
  if (!fileName || !className)
    throw datasetError('INVALID_LABELS', `${where}: needs columns "filename" and "class"`);
  if (fileName.includes('/') || fileName.includes('\\') || fileName.startsWith('.')) {
    throw datasetError(
      'INVALID_LABELS',
      `${where}: file name ${JSON.stringify(fileName)} must be a plain name inside ${split}/`,
    );
  }
  const fine = record.fine_label === undefined ? undefined : Number(record.fine_label);
  return { split, fileName, className, fineLabel: Number.isInteger(fine) ? fine : undefined };
}

/** Decodes in batches; when images fail, names the first (in label-file order) and counts the rest. */
async function decodeAll(folder: string, lines: readonly LabelLine[]): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  const failures: unknown[] = [];
  const batch = 32;
  for (let i = 0; i < lines.length; i += batch) {
    const results = await Promise.allSettled(
      lines.slice(i, i + batch).map((line) => decodeLine(folder, line)),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') rows.push(result.value);
      else failures.push(result.reason);
    }
  }
  const [first] = failures;
  if (first instanceof Error && failures.length > 1)
    first.message += ` (and ${failures.length - 1} more images)`;
  if (first) throw first;
  return rows;
}

async function decodeLine(folder: string, line: LabelLine): Promise<SourceRow> {
  const rgb = await decodeToRgb32(
    path.join(folder, line.split, line.fileName),
    `${line.split}/${line.fileName}`,
  );
  return {
    split: line.split,
    fileName: line.fileName,
    className: line.className,
    sourceLabel: line.fineLabel,
    rgb,
  };
}
