// A checkpoint store in a directory: atomic writes (temp file, then rename), as an object store behaves.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointStore } from '../../../../src/modules/training/index.js';

export function fileStore(dir: string): CheckpointStore {
  return {
    async save(name, bytes) {
      const target = path.join(dir, name);
      await writeFile(`${target}.tmp`, bytes);
      await rename(`${target}.tmp`, target);
    },
    async load(name) {
      return readFile(path.join(dir, name)).then(
        (buffer) => new Uint8Array(buffer),
        () => undefined,
      );
    },
  };
}
