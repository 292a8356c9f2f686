// CIFAR-100 "python version": pickled dicts of file names, fine labels and an (N, 3072) uint8 array.
import { datasetError } from '../errors.js';
import { unpickle } from '../pickle/unpickler.js';
import { isTagged, type NdArray, type PickleValue } from '../pickle/values.js';
import { planarToRgb, type SourceRow, type SourceRows, SPLITS, type Split } from './rows.js';
import type { TarMember } from './tar-gz.js';

const ROW_BYTES = 3072;

export function isCifarPython(names: readonly string[]): boolean {
  return ['train', 'test', 'meta'].every((m) => names.some((n) => n.endsWith(`cifar-100-python/${m}`)));
}

export function readCifarPython(members: readonly TarMember[], what: string): SourceRows {
  const member = (name: string) => {
    const found = members.find((m) => m.name.endsWith(`cifar-100-python/${name}`));
    if (!found) throw datasetError('UNKNOWN_FORMAT', `${what}: member cifar-100-python/${name} is missing`);
    return found;
  };
  const meta = asDict(unpickle(member('meta').bytes, `${what}:meta`), `${what}:meta`);
  const labelNames = stringList(meta.get('fine_label_names'), `${what}:meta fine_label_names`);
  const splits = SPLITS.map((split) => ({
    split,
    dict: asDict(unpickle(member(split).bytes, `${what}:${split}`), `${what}:${split}`),
  }));
  return {
    format: 'cifar-100-python',
    labelNames,
    select: async (classNames) =>
      splits.flatMap(({ split, dict }) => splitRows(split, dict, labelNames, classNames, what)),
  };
}

function splitRows(
  split: Split,
  dict: Map<string, PickleValue>,
  labelNames: readonly string[],
  classNames: ReadonlySet<string>,
  what: string,
): SourceRow[] {
  const where = `${what}:${split}`;
  const fileNames = stringList(dict.get('filenames'), `${where} filenames`);
  const labels = numberList(dict.get('fine_labels'), `${where} fine_labels`);
  const data = dict.get('data');
  if (!data || !isTagged(data, 'ndarray')) throw invalid(where, 'has no data array');
  checkShape(data, fileNames.length, where);
  if (labels.length !== fileNames.length)
    throw invalid(where, 'has different counts of file names and labels');
  const rows: SourceRow[] = [];
  labels.forEach((label, i) => {
    const className = labelNames[label];
    if (className === undefined)
      throw invalid(where, `row ${i} has fine label ${label}, outside the label names`);
    if (!classNames.has(className)) return;
    const planar = data.data.subarray(i * ROW_BYTES, (i + 1) * ROW_BYTES);
    rows.push({
      split,
      fileName: fileNames[i] as string,
      className,
      sourceLabel: label,
      rgb: planarToRgb(planar),
    });
  });
  return rows;
}

function checkShape(data: NdArray, count: number, where: string): void {
  if (
    data.dtype !== 'u1' ||
    data.shape.length !== 2 ||
    data.shape[0] !== count ||
    data.shape[1] !== ROW_BYTES
  ) {
    throw invalid(
      where,
      `data must be a uint8 array of shape (${count}, ${ROW_BYTES}), got ${data.dtype} (${data.shape.join(', ')})`,
    );
  }
}

function asDict(value: PickleValue, where: string): Map<string, PickleValue> {
  if (!(value instanceof Map)) throw invalid(where, 'does not hold a dict');
  return value;
}

function stringList(value: PickleValue | undefined, where: string): string[] {
  if (!Array.isArray(value)) throw invalid(where, 'is not a list');
  return value.map((item) => {
    if (typeof item === 'string') return item;
    if (item instanceof Uint8Array) return Buffer.from(item).toString('latin1');
    throw invalid(where, 'holds a value that is not a string');
  });
}

function numberList(value: PickleValue | undefined, where: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number'))
    throw invalid(where, 'is not a list of integers');
  return value as number[];
}

function invalid(where: string, problem: string) {
  return datasetError('CORRUPT_ARCHIVE', `${where} ${problem}`, { where });
}
