// The SageMaker SDK layer every home gets at start: version 1 once, however many servers start together, and a
// new version only when the shipped files change; on SQLite and PostgreSQL.
import { cp, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSdkLayer, PYTHON_SDK_DIR, SDK_LAYER_NAME } from '../../../src/app/sdk-layer.js';
import { silentLogger } from '../../../src/kernel/logger.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { openHome, removeTempDirs, type TestHome, tempDir } from './support.js';

afterAll(removeTempDirs);

async function filesUnder(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await filesUnder(root, relative)));
    else found.push(relative);
  }
  return found.sort();
}

const versions = async (home: TestHome) =>
  (await home.service.layers.listVersions(SDK_LAYER_NAME)).map((record) => record.version);

for (const engine of DB_MATRIX) {
  describe(`the sagemaker-sdk layer on ${engine.name}`, () => {
    it('is published once as version 1, by servers starting together and again after a restart', async () => {
      const first = await openHome(undefined, {}, engine);
      const second = await openHome(first.home);
      try {
        const tmp = path.join(first.home, 'tmp');
        const [a, b] = await Promise.all([
          ensureSdkLayer(first.service, tmp, silentLogger),
          ensureSdkLayer(second.service, tmp, silentLogger),
        ]);
        expect([a.version, b.version]).toEqual([1, 1]);
        expect(a.codeSha256).toBe(b.codeSha256);
        expect((await ensureSdkLayer(first.service, tmp, silentLogger)).version).toBe(1);
        expect(await versions(first)).toEqual([1]);
        const listed = await first.service.layers.list({ compatibleRuntime: 'python3.11' });
        expect(listed.map((record) => [record.name, record.version])).toEqual([[SDK_LAYER_NAME, 1]]);
        // What a function sees at /opt: the package's Python sources under python/, nothing else.
        const opt = await first.service.layers.optFolder([
          { arn: first.service.layers.arn(SDK_LAYER_NAME, 1), codeSize: a.codeSize },
        ]);
        const files = await filesUnder(opt);
        expect(files).toContain('python/sagemaker/__init__.py');
        expect(files).toContain('python/sagemaker/predictor.py');
        expect(files.every((file) => file.startsWith('python/sagemaker/') && file.endsWith('.py'))).toBe(
          true,
        );
      } finally {
        await second.close();
        await first.close();
      }
    });

    it('publishes version 2 only when the shipped files changed', async () => {
      const home = await openHome(undefined, {}, engine);
      try {
        const tmp = path.join(home.home, 'tmp');
        await ensureSdkLayer(home.service, tmp, silentLogger);
        // An upgraded Scones: the same layer built from different files.
        const upgraded = await tempDir('sdk-upgrade');
        await cp(path.join(PYTHON_SDK_DIR, 'sagemaker'), path.join(upgraded, 'python/sagemaker'), {
          recursive: true,
        });
        await writeFile(path.join(upgraded, 'python/sagemaker/added.py'), 'VALUE = 2\n');
        const publish = () =>
          home.service.layers.publishFolderIfChanged({ name: SDK_LAYER_NAME, folder: upgraded });
        expect(await publish()).toMatchObject({ published: true, record: { version: 2 } });
        expect(await publish()).toMatchObject({ published: false, record: { version: 2 } });
        expect(await versions(home)).toEqual([2, 1]);
      } finally {
        await home.close();
      }
    });
  });
}
