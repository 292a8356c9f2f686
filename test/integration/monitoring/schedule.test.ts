// Scheduled reports with an injected clock: each window a cron tick closes is reported once, windows missed
// while the service was down run when a new service (a restarted server) starts on the same state.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import {
  captured,
  pixelStatisticsPredictor,
  realImages,
  writeCaptureFiles,
} from '../../support/monitoring.js';
import {
  MINUTE,
  openMonitoring,
  T0,
  TestClock,
  type TestMonitoring,
} from '../../support/monitoring-service.js';

const HOUR = 60 * MINUTE;
let root: string;
let database: SqlDatabase;
let underTest: DbUnderTest;
let store: ObjectStore;
const clock = new TestClock(T0 + 10_000);
const predictors = () => pixelStatisticsPredictor;
const open = () =>
  openMonitoring(
    { predictors, scheduler: { pollMs: 30_000, settleMs: 2 * MINUTE } },
    { database, store, clock, root },
  );

for (const engine of DB_MATRIX) {
  describe(`monitoring schedules on ${engine.name}`, () => {
    beforeAll(async () => {
      clock.time = T0 + 10_000;
      root = await mkdtemp(path.join(os.tmpdir(), 'scones-schedule-'));
      underTest = await engine.create(root);
      database = await underTest.open();
      store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), clock));
      await store.ensureBucket('scones');
      const validation = await realImages('test', 60);
      await Promise.all(
        validation.map((png, i) =>
          store.putObject('scones', `val/${i}.png`, png, { contentType: 'image/png' }),
        ),
      );
      const traffic = await realImages('train', 40);
      for (let hour = 0; hour < 6; hour++) {
        const target = { bucket: 'scones', prefix: 'datacapture', endpoint: 'bikes', variant: 'AllTraffic' };
        await writeCaptureFiles(store, target, await captured(traffic, T0 + hour * HOUR + 5 * MINUTE), 20);
      }
    });
    afterAll(async () => {
      await database.close();
      await underTest.drop();
      await rm(root, { recursive: true, force: true });
    });

    describe('monitoring schedules', () => {
      let first: TestMonitoring;

      it('reports each closed window once, after the settle time', async () => {
        first = await open();
        const baseline = await first.service.baseline('bikes', { dataset: 's3://scones/val/' });
        expect(baseline.statistics.counts.images).toBe(60);
        const schedule = await first.service.schedule('bikes');
        expect(schedule).toMatchObject({
          cron: '0 * * * *',
          captureUri: 's3://scones/datacapture',
          lastWindowEnd: T0 + 10_000,
        });
        clock.time = T0 + HOUR + MINUTE;
        expect(await first.service.runDue()).toEqual([]);
        clock.time = T0 + 3 * HOUR + 3 * MINUTE;
        const due = await first.service.runDue();
        expect(due.map((d) => [d.window.from - T0, d.window.to - T0])).toEqual([
          [0, HOUR],
          [HOUR, 2 * HOUR],
          [2 * HOUR, 3 * HOUR],
        ]);
        expect(due.map((d) => d.report?.counts.records)).toEqual([40, 40, 40]);
        expect(await first.service.runDue()).toEqual([]);
        const runs = await first.service.runs('bikes');
        expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
        expect(runs[0]?.reportUri).toBe(
          's3://scones/monitoring/bikes/reports/20261126T070000Z-20261126T080000Z/report.json',
        );
        const violations = await first.service.metrics.query({
          namespace: 'Scones/ModelMonitor',
          name: 'ConstraintViolations',
          dimensions: { EndpointName: 'bikes' },
          statistics: ['SampleCount'],
          periodSeconds: 3600,
          start: T0,
          end: T0 + 4 * HOUR,
        });
        expect(violations.datapoints.map((d) => d.values.SampleCount)).toEqual([3]);
        await first.close();
      });

      it('runs the windows missed while down when a new service starts, and keeps reports idempotent', async () => {
        clock.time = T0 + 5 * HOUR + 3 * MINUTE;
        const restarted = await open();
        const due = await restarted.service.runDue();
        expect(due.map((d) => (d.window.to - T0) / HOUR)).toEqual([4, 5]);
        // Asked again, the first window's report is the one the first service wrote, not a new one.
        const again = await restarted.service.report('bikes', { from: T0, to: T0 + HOUR });
        expect(again.createdAt).toBe(new Date(T0 + 3 * HOUR + 3 * MINUTE).toISOString());
        expect((await restarted.service.runs('bikes')).length).toBe(5);
        await restarted.service.schedule('bikes', { cron: '*/30 * * * *' });
        expect((await restarted.service.schedules())[0]).toMatchObject({
          cron: '*/30 * * * *',
          lastWindowEnd: T0 + 5 * HOUR,
        });
        await expect(restarted.service.schedule('bikes', { cron: 'every hour' })).rejects.toMatchObject({
          code: 'MONITORING_INVALID_CRON',
        });
        await restarted.service.unschedule('bikes');
        await expect(restarted.service.unschedule('bikes')).rejects.toMatchObject({
          code: 'MONITORING_NO_SCHEDULE',
        });
        await restarted.close();
      });
    });
  });
}
