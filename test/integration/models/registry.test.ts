// The model registry on each real database (SQLite file, PostgreSQL) and the fs object store.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import {
  MODEL_ERROR_CODES as CODES,
  ModelRegistry,
  modelMigrations,
  type RegisterInput,
} from '../../../src/modules/models/index.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import { codeOf } from '../../support/error-code.js';

let root: string;
let store: ObjectStore;
let underTest: DbUnderTest;
let database: SqlDatabase;
let registry: ModelRegistry;

async function open() {
  database = await underTest.open();
  await database.migrate(modelMigrations);
  registry = new ModelRegistry(database, store, systemClock);
}

for (const engine of DB_MATRIX) {
  describe(`ModelRegistry on ${engine.name}`, () => {
    beforeEach(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'scones-models-'));
      store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
      await store.createBucket('models');
      underTest = await engine.create(root);
      await open();
    });
    afterEach(async () => {
      await database.close();
      await underTest.drop();
      await rm(root, { recursive: true, force: true });
    });

    async function run(
      runId: string,
      roles = ['tfjs-model', 'tfjs-weights', 'report', 'onnx'],
    ): Promise<RegisterInput> {
      const artifacts: Record<string, string> = {};
      for (const role of roles) {
        artifacts[role] = `${runId}/${role}`;
        await store.putObject('models', artifacts[role], Buffer.from(role));
      }
      return {
        runId,
        arch: 'resnet-small',
        artifactBucket: 'models',
        artifacts,
        hyperparameters: { epochs: 2 },
        metrics: { accuracy: 0.9 },
        lineage: { datasetChecksum: 'abc' },
        preprocessing: { size: 32 },
        temperature: 1.3,
      };
    }

    describe('ModelRegistry', () => {
      it('registers complete runs as numbered versions that survive a reopen', async () => {
        const first = await registry.register(await run('run-a'));
        const second = await registry.register(await run('run-b'));
        expect([first.version, second.version]).toEqual([1, 2]);
        expect(first.artifacts.find((a) => a.role === 'onnx')).toMatchObject({ key: 'run-a/onnx', size: 4 });
        await database.close();
        await open();
        expect((await registry.list()).map((v) => v.version)).toEqual([2, 1]);
        expect((await registry.get(1)).metrics).toEqual({ accuracy: 0.9 });
      });

      it('refuses incomplete versions: missing roles, missing files, no temperature, duplicate runs', async () => {
        expect(await codeOf(registry.register(await run('no-report', ['tfjs-model', 'tfjs-weights'])))).toBe(
          CODES.INCOMPLETE_VERSION,
        );
        const vanished = await run('vanished');
        await store.deleteObject('models', 'vanished/tfjs-weights');
        expect(await codeOf(registry.register(vanished))).toBe(CODES.INCOMPLETE_VERSION);
        expect(await codeOf(registry.register({ ...(await run('cold')), temperature: Number.NaN }))).toBe(
          CODES.INCOMPLETE_VERSION,
        );
        await registry.register(await run('twice'));
        expect(await codeOf(registry.register(await run('twice')))).toBe(CODES.DUPLICATE_RUN);
        expect((await registry.list()).map((v) => v.runId)).toEqual(['twice']);
      });

      it('resolves latest, approved and numbers; rejected versions are not latest', async () => {
        expect(await codeOf(registry.resolve('latest'))).toBe(CODES.NONE_REGISTERED);
        await registry.register(await run('r1'));
        await registry.register(await run('r2'));
        expect((await registry.resolve('latest')).version).toBe(2);
        expect(await codeOf(registry.resolve('approved'))).toBe(CODES.NONE_REGISTERED);
        await registry.setStatus(1, 'approved', 'passed review');
        await registry.setStatus(2, 'rejected');
        expect((await registry.resolve('approved')).statusReason).toBe('passed review');
        expect((await registry.resolve('latest')).version).toBe(1);
        expect((await registry.resolve('v2')).status).toBe('rejected');
        expect(await codeOf(registry.resolve('newest'))).toBe(CODES.INVALID_REFERENCE);
        expect(await codeOf(registry.resolve('9'))).toBe(CODES.NO_SUCH_VERSION);
      });

      it('deletes a version with its artifacts', async () => {
        await registry.register(await run('gone'));
        await registry.delete(1);
        expect(await codeOf(registry.get(1))).toBe(CODES.NO_SUCH_VERSION);
        expect((await store.listObjects('models', { prefix: 'gone/' })).keyCount).toBe(0);
      });
    });
  });
}
