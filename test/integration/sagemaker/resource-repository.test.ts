// SageMaker resources on both databases: names are case-insensitive identities, a second create of a name loses,
// and what is stored survives reopening the database; training jobs' log lines are kept in the order written.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../src/app/migrations.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { silentLogger } from '../../../src/kernel/logger.js';
import { ResourceRepository } from '../../../src/modules/sagemaker-control/resource-repository.js';
import { JobLog, TrainingLogRepository } from '../../../src/modules/sagemaker-control/training/job-log.js';
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

  it('keeps a training job’s log lines in the order written, per job, across a reopen', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'scones-sm-log-'));
    const target = await engine.create(root);
    try {
      let database = await target.open();
      await database.migrate(allMigrations);
      const log = new JobLog('Bikes-Job', new TrainingLogRepository(database), systemClock, silentLogger);
      for (let n = 1; n <= 50; n++) log.write(`line ${n}`);
      const other = new JobLog('other', new TrainingLogRepository(database), systemClock, silentLogger);
      other.write('other line');
      await Promise.all([log.flush(), other.flush()]);
      await database.close();
      database = await target.open();
      const logs = new TrainingLogRepository(database);
      const lines = await logs.lines('BIKES-JOB');
      expect(lines.map((line) => line.message)).toEqual(
        Array.from({ length: 50 }, (_, i) => `line ${i + 1}`),
      );
      expect((await logs.lines('other')).map((line) => line.message)).toEqual(['other line']);
      const extents = await logs.extents();
      expect([...extents.keys()].sort()).toEqual(['bikes-job', 'other']);
      expect(extents.get('bikes-job')).toEqual({
        firstTimestamp: lines[0]?.timestamp,
        lastTimestamp: lines.at(-1)?.timestamp,
        storedBytes: lines.reduce((sum, line) => sum + line.message.length, 0),
      });
      expect(extents.get('other')?.storedBytes).toBe('other line'.length);
      await database.close();
    } finally {
      await target.drop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
