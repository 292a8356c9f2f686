// Training jobs on a small real dataset: register a version with its artifacts, resume after an interruption.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import type { ProgressReporter } from '../../../src/kernel/progress.js';
import { silentProgress } from '../../../src/kernel/progress.js';
import { ModelRegistry, modelMigrations } from '../../../src/modules/models/index.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import {
  TRAINING_JOB_ERROR_CODES as CODES,
  RUN_MARKER_KEY,
  runTrainingJob,
  type TrainingJobDeps,
} from '../../../src/modules/training-jobs/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';
import { prepareSmallDataset } from '../../support/small-dataset.js';

let root: string;
let store: ObjectStore;
let database: SqlDatabase;
let deps: TrainingJobDeps;
const options = { epochs: 2, batchSize: 16, seed: 3 };

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-trainjob-'));
  store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
  database = openSqliteDatabase({ file: path.join(root, 'scones.db') });
  await database.migrate(modelMigrations);
  deps = {
    store,
    registry: new ModelRegistry(database, store, systemClock),
    clock: systemClock,
    modelsBucket: 'models',
  };
  await prepareSmallDataset(store, root, 'data', 24);
});
afterAll(async () => {
  await database.close();
  await rm(root, { recursive: true, force: true });
});

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected a failure');
}

/** Aborts the run once the first epoch has been reported (and so checkpointed). */
function abortAfterFirstEpoch(controller: AbortController): ProgressReporter {
  return {
    start: () => ({
      update: (done) => {
        if (done >= 1) controller.abort();
      },
      finish: () => {},
    }),
  };
}

describe('training jobs', () => {
  it('refuses to resume when nothing was interrupted', async () => {
    expect(
      await failureCode(
        runTrainingJob({ datasetBucket: 'data', options, resume: true, progress: silentProgress }, deps),
      ),
    ).toBe(CODES.NOTHING_TO_RESUME);
  });

  it('stops on interruption without registering, refuses a second run, then resumes to a registered version', async () => {
    const stop = new AbortController();
    const interrupted = runTrainingJob(
      {
        datasetBucket: 'data',
        options,
        resume: false,
        progress: abortAfterFirstEpoch(stop),
        signal: stop.signal,
      },
      deps,
    );
    expect(await failureCode(interrupted)).toBe(CODES.INTERRUPTED);
    expect(await deps.registry.list()).toEqual([]);
    await expect(store.headObject('models', RUN_MARKER_KEY)).resolves.toBeDefined();
    expect(
      await failureCode(
        runTrainingJob({ datasetBucket: 'data', options, resume: false, progress: silentProgress }, deps),
      ),
    ).toBe(CODES.RUN_IN_PROGRESS);

    const resumed = await runTrainingJob(
      { datasetBucket: 'data', options: {}, resume: true, progress: silentProgress },
      deps,
    );
    expect(resumed.report.timing.resumedAtEpoch).toBe(1);
    expect(resumed.report.epochs).toBe(2);
    expect(resumed.version.version).toBe(1);
    expect(resumed.version.artifacts.map((a) => a.role).sort()).toEqual([
      'onnx',
      'preprocessing',
      'report',
      'tfjs-model',
      'tfjs-weights',
    ]);
    expect(resumed.lineage).toMatchObject({ datasetBucket: 'data', trainImages: 48, testImages: 12 });
    expect(resumed.version.lineage).toMatchObject({ datasetChecksum: resumed.lineage.datasetChecksum });
    expect(resumed.version.metrics).toMatchObject({ accuracy: resumed.report.metrics.accuracy });
    await expect(store.headObject('models', RUN_MARKER_KEY)).rejects.toMatchObject({
      code: 'STORAGE_NO_SUCH_KEY',
    });
    const report = JSON.parse(
      (await store.getObjectBytes('models', `${resumed.runId}/report.json`)).toString('utf8'),
    );
    expect(report).toMatchObject({
      runId: resumed.runId,
      lineage: { datasetChecksum: resumed.lineage.datasetChecksum },
    });
  });
});
