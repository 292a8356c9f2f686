// CIFAR-100 "binary version": fixed 3074-byte records (coarse label, fine label, 3072 planar pixels).
import { datasetError } from '../errors.js';
import { planarToRgb, type SourceRow, type SourceRows, SPLITS } from './rows.js';
import type { TarMember } from './tar-gz.js';

const RECORD_BYTES = 3074;

export function isCifarBinary(names: readonly string[]): boolean {
  return ['train.bin', 'test.bin', 'fine_label_names.txt'].every((m) =>
    names.some((n) => n.endsWith(`/${m}`)),
  );
}

export function readCifarBinary(members: readonly TarMember[], what: string): SourceRows {
  const member = (name: string) => {
    const found = members.find((m) => m.name.endsWith(`/${name}`));
    if (!found) throw datasetError('UNKNOWN_FORMAT', `${what}: member ${name} is missing`);
    return found.bytes;
  };
  const labelNames = member('fine_label_names.txt')
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const files = SPLITS.map((split) => ({ split, bytes: member(`${split}.bin`) }));
  for (const { split, bytes } of files) {
    if (bytes.length % RECORD_BYTES !== 0) {
      throw datasetError(
        'CORRUPT_ARCHIVE',
        `${what}:${split}.bin is ${bytes.length} bytes, not a multiple of ${RECORD_BYTES}`,
      );
    }
  }
  return {
    format: 'cifar-100-binary',
    labelNames,
    select: async (classNames) =>
      files.flatMap(({ split, bytes }) => {
        const rows: SourceRow[] = [];
        for (let i = 0; i * RECORD_BYTES < bytes.length; i++) {
          const record = bytes.subarray(i * RECORD_BYTES, (i + 1) * RECORD_BYTES);
          const label = record[1] as number;
          const className = labelNames[label];
          if (className === undefined) {
            throw datasetError(
              'CORRUPT_ARCHIVE',
              `${what}:${split}.bin record ${i} has fine label ${label}, outside the label names`,
            );
          }
          if (!classNames.has(className)) continue;
          // The binary layout carries no file names: name rows by class and record number.
          const fileName = `${className}_${String(i).padStart(5, '0')}.png`;
          rows.push({ split, fileName, className, sourceLabel: label, rgb: planarToRgb(record.subarray(2)) });
        }
        return rows;
      }),
  };
}
