// Where a test's functions keep code, as the app wires it: objects in the internal bucket of a store in the home,
// unpacked into the home's file cache.
import path from 'node:path';
import { internalObjects } from '../../src/app/internal-objects.js';
import { systemClock } from '../../src/kernel/clock.js';
import type { CodeStorage } from '../../src/modules/functions/index.js';
import { INTERNAL_BUCKET, ObjectStore } from '../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import { DiskFileCache } from '../../src/platform/file-cache/disk/disk-file-cache.js';

export interface TestCodeStorage extends CodeStorage {
  readonly store: ObjectStore;
  close(): Promise<void>;
}

/** `<home>/objects` (fs), `<home>/cache/files` and `<home>/tmp/code-staging`. */
export async function openCodeStorage(home: string, store?: ObjectStore): Promise<TestCodeStorage> {
  const own = store
    ? undefined
    : new ObjectStore(await openFsBlobStore(path.join(home, 'objects'), systemClock));
  const objects = (store ?? own) as ObjectStore;
  await objects.ensureBucket(INTERNAL_BUCKET);
  return {
    store: objects,
    objects: internalObjects(objects, 'code/'),
    cache: new DiskFileCache({
      root: path.join(home, 'cache', 'files'),
      maxBytes: 1024 ** 3,
      clock: systemClock,
    }),
    stagingDir: path.join(home, 'tmp', 'code-staging'),
    close: async () => {
      await own?.close();
    },
  };
}
