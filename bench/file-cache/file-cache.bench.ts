// The file cache on the invoke path: a hit (what every invoke of a warm function pays to find its code) against a
// fill (a cold node: download the tar from the store, verify its SHA-256, unpack), for a 1 MiB, 40-file code folder.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { CodeStore } from '../../src/modules/functions/registry/code-store.js';
import { openCodeStorage } from '../../test/support/code-storage.js';

const home = await mkdtemp(path.join(os.tmpdir(), 'scones-file-cache-bench-'));
const source = path.join(home, 'source');
await mkdir(source);
for (let i = 0; i < 40; i++)
  await writeFile(path.join(source, `module${i}.py`), Buffer.alloc(26_214, 97 + (i % 26)));
const storage = await openCodeStorage(home);
const code = new CodeStore(storage, 'functions/');
const { ref } = await code.store('bench', { kind: 'path', path: source });
await code.folder('bench', ref);
afterAll(async () => {
  await storage.close();
  await rm(home, { recursive: true, force: true });
});

describe('code folder from the file cache', () => {
  bench('hit (entry present)', async () => {
    await code.folder('bench', ref);
  });
  bench('fill (download, verify, unpack)', async () => {
    await rm(path.join(home, 'cache'), { recursive: true, force: true });
    await code.folder('bench', ref);
  });
});
