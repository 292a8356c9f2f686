// Opens a resolved source with the reader its layout calls for.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { datasetError } from '../errors.js';
import type { ResolvedSource } from '../sources/resolve-source.js';
import { isCifarBinary, readCifarBinary } from './cifar-binary.js';
import { isCifarPython, readCifarPython } from './cifar-python.js';
import { readImageFolder } from './image-folder.js';
import type { SourceRows } from './rows.js';
import { readTarGz } from './tar-gz.js';

const MEMBERS = new Set(['train', 'test', 'meta', 'train.bin', 'test.bin', 'fine_label_names.txt']);

export async function openSource(source: ResolvedSource): Promise<SourceRows> {
  if (source.kind === 'folder') return readImageFolder(source.folder);
  const what = path.basename(source.location);
  const names: string[] = [];
  const members = await readTarGz(
    createReadStream(source.file),
    (name) => {
      names.push(name);
      return MEMBERS.has(path.posix.basename(name));
    },
    what,
  );
  const kept = members.map((m) => m.name);
  if (isCifarPython(kept)) return readCifarPython(members, what);
  if (isCifarBinary(kept)) return readCifarBinary(members, what);
  throw datasetError(
    'UNKNOWN_FORMAT',
    `${what} is neither the CIFAR-100 python nor the binary archive (members: ${names.slice(0, 8).join(', ') || 'none'})`,
  );
}
