// Work claimed outside the workflow engine, raced from two handles on one database (two SQLite connections to one
// file; two PostgreSQL pools), as two servers would: each piece of work is done once, and limits hold together.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSconesError } from '../../../src/kernel/errors.js';
import type { AsyncInvocationRecord } from '../../../src/modules/functions/ports.js';
import { AliasRegistry } from '../../../src/modules/functions/registry/alias-registry.js';
import { SqlAsyncInvocationQueue } from '../../../src/modules/functions/registry/async-queue.js';
import { FunctionRegistry } from '../../../src/modules/functions/registry/function-registry.js';
import type { VersionSpec } from '../../../src/modules/functions/registry/records.js';
import { type FunctionTables, functionsMigrations } from '../../../src/modules/functions/registry/schema.js';
import { IamService, iamMigrations } from '../../../src/modules/iam/index.js';
import { type FunctionInvoker, monitoringMigrations } from '../../../src/modules/monitoring/index.js';
import { ScheduleStore } from '../../../src/modules/monitoring/schedules/schedule-store.js';
import { ReportScheduler } from '../../../src/modules/monitoring/schedules/scheduler.js';
import type { MonitoringTables } from '../../../src/modules/monitoring/schema.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import { openMonitoring, recordingLogger, T0, TestClock } from '../../support/monitoring-service.js';

const HOUR = 3_600_000;
const clock = { now: () => T0 };

let root: string;
let underTest: DbUnderTest;
let a: SqlDatabase;
let b: SqlDatabase;

/**
 * The second server's handle for races of transactions. Two SQLite connections in one process cannot interleave
 * transactions: better-sqlite3 waits for the write lock synchronously, blocking the event loop the holder needs
 * to finish. SQLite's single writer is what serializes them there (across processes: BEGIN IMMEDIATE), so on
 * SQLite both "servers" share one handle; on PostgreSQL they are two pools.
 */
const transactional = () => (a.traits.concurrentWriters ? b : a);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isSconesError(error)) return error.code;
    throw error;
  }
}

function queued(i: number): AsyncInvocationRecord {
  return {
    requestId: `r-${String(i).padStart(4, '0')}`,
    functionName: 'f',
    payload: '{}',
    enqueuedAt: T0,
    status: 'queued',
    attempts: [],
    maxRetries: 2,
    notBefore: T0 + (i % 7),
  };
}

const spec: VersionSpec = {
  runtimeId: 'nodejs20.x',
  handler: 'index.handler',
  timeoutSeconds: 3,
  memoryMb: 128,
  environment: {},
  description: '',
  codeSha256: 'x',
  codeSize: 1,
  code: { kind: 'builtin', ref: 'x' },
};

for (const engine of DB_MATRIX) {
  describe(`claims from two handles on ${engine.name}`, () => {
    beforeEach(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'scones-claims-'));
      underTest = await engine.create(root);
      a = await underTest.open();
      b = await underTest.open();
    });
    afterEach(async () => {
      await Promise.all([a.close(), b.close()]);
      await underTest.drop();
      await rm(root, { recursive: true, force: true });
    });

    it('hands every async invocation to exactly one of two dispatchers', async () => {
      await a.migrate(functionsMigrations);
      const queues = [a, b].map((h) => new SqlAsyncInvocationQueue(h.db as Kysely<FunctionTables>, h.traits));
      const all = Array.from({ length: 300 }, (_, i) => queued(i));
      for (const record of all) await (queues[0] as SqlAsyncInvocationQueue).add(record);
      const drain = async (queue: SqlAsyncInvocationQueue) => {
        const got: string[] = [];
        for (;;) {
          const batch = await queue.claim(T0 + 10, 60_000, 7);
          if (batch.length === 0) return got;
          got.push(...batch.map((r) => r.requestId));
        }
      };
      const [first, second] = await Promise.all(queues.map(drain));
      const claimed = [...(first ?? []), ...(second ?? [])];
      expect(claimed).toHaveLength(all.length);
      expect(new Set(claimed).size).toBe(all.length);
    });

    it('runs each due monitoring window once when two schedulers poll together', async () => {
      await a.migrate(monitoringMigrations);
      const runs: string[] = [];
      // The first window run waits for the other scheduler's whole pass, so the two passes surely overlap.
      const firstPasses: Array<Promise<unknown>> = [];
      let gate = true;
      const schedulers = [a, b].map((h, i) => {
        const schedules = new ScheduleStore(h.db as Kysely<MonitoringTables>);
        return new ReportScheduler({
          schedules,
          clock,
          logger: recordingLogger(),
          captureOf: () => ({ bucket: 'scones', prefix: 'datacapture' }),
          run: async (endpoint, window) => {
            runs.push(`${endpoint}@${window.from}`);
            if (gate) {
              gate = false;
              await firstPasses[1 - i];
            }
            return {} as never;
          },
        });
      });
      const store = new ScheduleStore(a.db as Kysely<MonitoringTables>);
      for (const endpoint of ['bikes', 'cars', 'boats'])
        await store.put(
          { endpoint, cron: '0 * * * *', captureUri: 's3://scones/c', settleMs: 0 },
          T0 - 24 * HOUR,
        );
      firstPasses.push(...schedulers.map((s) => s.runDue()));
      const passes = await Promise.all([...firstPasses, ...schedulers.map((s) => s.runDue())]);
      expect(runs).toHaveLength(3 * 24);
      expect(new Set(runs).size).toBe(runs.length);
      expect((passes as unknown[][]).flat()).toHaveLength(runs.length);
      for (const schedule of await store.list()) expect(schedule.lastWindowEnd).toBe(T0);
    });

    it('changes an alarm state once, with one action, when two servers evaluate it together', async () => {
      const invoked: string[] = [];
      const functions: FunctionInvoker = {
        invoke: async (name) => {
          invoked.push(name);
          return { ok: true };
        },
      };
      const time = new TestClock();
      const monitors = await Promise.all(
        [a, transactional()].map((database) => openMonitoring({ functions }, { database, clock: time })),
      );
      const [one, two] = monitors as [(typeof monitors)[0], (typeof monitors)[0]];
      const alarm = {
        name: 'no-traffic',
        namespace: 'Scones/Endpoints',
        metricName: 'Invocations',
        dimensions: { EndpointName: 'bikes' },
        statistic: 'Sum',
        periodSeconds: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparison: 'LessThanThreshold',
        treatMissingData: 'breaching',
        alarmActions: [{ type: 'function', name: 'page-someone' }],
      };
      const puts = await Promise.all([one.service.alarms.put(alarm), two.service.alarms.put(alarm)]);
      expect(puts.map((p) => p.state)).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']);
      await Promise.all([one.service.alarms.evaluate(), two.service.alarms.evaluate()]);
      await Promise.all([one.service.actionsIdle(), two.service.actionsIdle()]);
      expect(invoked).toEqual(['page-someone']);
      const history = await one.service.alarms.history('no-traffic');
      expect(history.filter((h) => h.type === 'StateUpdate')).toHaveLength(1);
      expect(
        history
          .filter((h) => h.type === 'ConfigurationUpdate')
          .map((h) => h.summary)
          .sort(),
      ).toEqual(['Alarm "no-traffic" created', 'Alarm "no-traffic" updated']);
      await Promise.all(monitors.map((m) => m.close()));
    });

    it('keeps the reservations of functions written at once by two servers within the account limit', async () => {
      await a.migrate(functionsMigrations);
      // Limit 1000, unreserved minimum 100: 500 + 400 fits, another 400 does not (whichever two win).
      const registries = [a, transactional()].map(
        (h) => new FunctionRegistry(h.db as Kysely<FunctionTables>, clock, 1000),
      );
      const [ra, rb] = registries as [FunctionRegistry, FunctionRegistry];
      const rounds: string[][] = [];
      for (const name of ['f1', 'f2', 'f3']) await ra.create(name, spec);
      await ra.setReservedConcurrency('f1', 500);
      for (let round = 0; round < 5; round++) {
        const outcomes = await Promise.all([
          codeOf(ra.setReservedConcurrency('f2', 400)),
          codeOf(rb.setReservedConcurrency('f3', 400)),
        ]);
        rounds.push(outcomes.sort());
        await ra.setReservedConcurrency('f2', undefined);
        await ra.setReservedConcurrency('f3', undefined);
      }
      expect(rounds).toEqual(Array(5).fill(['FUNCTIONS_RESERVATION_OVER_LIMIT', 'ok']));
      const created = await Promise.all([
        codeOf(ra.create('g1', spec, 400)),
        codeOf(rb.create('g2', spec, 400)),
      ]);
      expect(created.sort()).toEqual(['FUNCTIONS_RESERVATION_OVER_LIMIT', 'ok']);
    });

    it('never leaves an alias on a version deleted at the same time', async () => {
      await a.migrate(functionsMigrations);
      const [ra, rb] = [a, transactional()].map(
        (h) => new FunctionRegistry(h.db as Kysely<FunctionTables>, clock),
      ) as [FunctionRegistry, FunctionRegistry];
      const aliases = new AliasRegistry(transactional().db as Kysely<FunctionTables>, clock);
      await ra.create('f', spec);
      const outcomes: string[] = [];
      for (let round = 0; round < 5; round++) {
        const { latest } = await ra.appendVersion('f', spec);
        const old = latest.version - 1;
        await ra.appendVersion('f', spec);
        const [deleted, aliased] = await Promise.all([
          codeOf(rb.deleteVersion('f', old)),
          codeOf(aliases.create('f', `a${round}`, old)),
        ]);
        outcomes.push(`${deleted}/${aliased}`);
        const alias = await aliases.find('f', `a${round}`);
        if (alias) expect(await ra.findVersion('f', alias.version)).toBeDefined();
      }
      for (const outcome of outcomes)
        expect(['FUNCTIONS_RESOURCE_IN_USE/ok', 'ok/FUNCTIONS_QUALIFIER_NOT_FOUND']).toContain(outcome);
    });

    it('gives a user at most two access keys and a role one creator, whichever server asks', async () => {
      await a.migrate(iamMigrations);
      const services = [a, transactional()].map(
        (database) => new IamService({ database, keyFile: path.join(root, 'iam.key'), clock }),
      );
      const [ia, ib] = services as [IamService, IamService];
      await ia.users.createUser('alice');
      const keys = await Promise.all(
        Array.from({ length: 6 }, (_, i) => codeOf((i % 2 ? ia : ib).users.createAccessKey('alice'))),
      );
      expect(keys.filter((c) => c === 'ok')).toHaveLength(2);
      expect(keys.filter((c) => c !== 'ok')).toEqual(Array(4).fill('IAM_LIMIT_EXCEEDED'));
      expect(await ia.users.listAccessKeys('alice')).toHaveLength(2);
      const roles = await Promise.all([
        codeOf(ia.roles.createRole('worker')),
        codeOf(ib.roles.createRole('worker')),
        codeOf(ia.users.createUser('bob')),
        codeOf(ib.users.createUser('bob')),
      ]);
      expect(roles.sort()).toEqual(['IAM_ALREADY_EXISTS', 'IAM_ALREADY_EXISTS', 'ok', 'ok']);
    });
  });
}
