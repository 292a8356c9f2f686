// Homes from before code lived in the object store: their unpacked `<home>/functions` tree is stored as objects at
// start (once; a second start finds nothing to move) and the functions run from the file cache as before.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openHome, PLATFORM_FIXTURES, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

it('moves an old home folder of code into the store once, and invokes from the cache', async () => {
  const home = await openHome();
  try {
    const code = { kind: 'path' as const, path: path.join(PLATFORM_FIXTURES, 'echo-v1') };
    const { record } = await home.service.deploy({
      name: 'echo',
      runtime: 'nodejs',
      handler: 'index.handler',
      code,
    });
    const ref = record.code.ref;
    // The home as an older Scones left it: the code only as a folder, nothing in the store or the cache.
    const old = path.join(home.home, 'functions');
    await mkdir(path.join(old, 'echo', 'code'), { recursive: true });
    await cp(code.path, path.join(old, 'echo', 'code', ref), { recursive: true });
    await mkdir(path.join(old, '.layers', 'opt', 'stale'), { recursive: true });
    await home.code.objects.delete(`functions/echo/${ref}.tar`);
    await rm(path.join(home.home, 'cache'), { recursive: true, force: true });

    expect(await home.service.migrateOldCode(old)).toBe(1);
    expect(await home.code.objects.list('functions/echo/')).toEqual([`functions/echo/${ref}.tar`]);
    expect(await readdir(home.home)).not.toContain('functions');
    expect(await home.service.migrateOldCode(old)).toBe(0);
    const result = await home.service.invoke('echo', { payload: '{"moved":true}' });
    expect(JSON.parse(result.payload)).toMatchObject({ revision: 1, event: { moved: true } });
  } finally {
    await home.close();
  }
});
