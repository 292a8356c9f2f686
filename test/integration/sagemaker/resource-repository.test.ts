// SageMaker resources on both databases: names are case-insensitive identities, a second create of a name loses,
// and what is stored survives reopening the database.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../src/app/migrations.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { ResourceRepository } from '../../../src/modules/sagemaker-control/resource-repository.js';
import { DB_MATRIX } from '../../support/db-matrix.js';

describe.each(DB_MATRIX)('SageMaker resources on $name', (engine) => {
  it('creates once per case-insensitive name, reads, updates, lists and deletes', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'scones-sm-repo-'));
    const target = await engine.create(root);
    try {
      let database = await target.open();
      await database.migrate(allMigrations);
      let repository = new ResourceRepository(database, systemClock);
      const outcomes = await Promise.all([
        repository.create('model', 'Bikes', { ModelName: 'Bikes', n: 1 }),
        repository.create('model', 'bikes', { ModelName: 'bikes', n: 2 }),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await repository.create('endpoint', 'bikes', { EndpointName: 'bikes' })).toBe(true);
      await database.close();
      database = await target.open();
      repository = new ResourceRepository(database, systemClock);
      const found = await repository.get<{ n: number }>('model', 'BIKES');
      expect([1, 2]).toContain(found?.body.n);
      await repository.update('model', 'bikes', { ModelName: 'bikes', n: 3 });
      expect((await repository.get<{ n: number }>('model', 'bikes'))?.body.n).toBe(3);
      expect((await repository.list('model')).map((r) => r.body)).toEqual([{ ModelName: 'bikes', n: 3 }]);
      expect(await repository.delete('model', 'Bikes')).toBe(true);
      expect(await repository.delete('model', 'Bikes')).toBe(false);
      expect(await repository.get('endpoint', 'BIKES')).toBeDefined();
      await database.close();
    } finally {
      await target.drop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
