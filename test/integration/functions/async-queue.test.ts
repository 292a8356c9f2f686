// Event invocations persisted on each database (SQLite, PostgreSQL): atomic lease-based claims, take-over after a
// lease expires, and a restarted service finishing what a previous process queued.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { AsyncInvocationRecord } from '../../../src/modules/functions/index.js';
import { SqlAsyncInvocationQueue } from '../../../src/modules/functions/registry/async-queue.js';
import type { FunctionTables } from '../../../src/modules/functions/registry/schema.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { json, openHome, PLATFORM_FIXTURES, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

function record(requestId: string, notBefore: number): AsyncInvocationRecord {
  return {
    requestId,
    functionName: 'f',
    payload: '{}',
    enqueuedAt: notBefore,
    status: 'queued',
    attempts: [],
    maxRetries: 2,
    notBefore,
  };
}

for (const engine of DB_MATRIX) {
  describe(`SQL async invocation queue on ${engine.name}`, () => {
    it('hands each due record to one claimer, and again only after its lease ran out', async () => {
      const home = await openHome(undefined, {}, engine);
      const queue = new SqlAsyncInvocationQueue(
        home.database.db as Kysely<FunctionTables>,
        home.database.traits,
      );
      for (const [id, at] of [
        ['a', 100],
        ['b', 200],
        ['c', 300],
        ['later', 10_000],
      ] as const)
        await queue.add(record(id, at));
      expect(await queue.nextDueAt()).toBe(100);
      const [first, second] = await Promise.all([queue.claim(1000, 500, 2), queue.claim(1000, 500, 2)]);
      const claimed = [...(first ?? []), ...(second ?? [])].map((r) => r.requestId).sort();
      expect(claimed).toEqual(['a', 'b', 'c']);
      expect((await queue.get('a'))?.status).toBe('running');
      expect(await queue.claim(1200, 500, 10)).toEqual([]);
      expect(await queue.nextDueAt()).toBe(1500);
      // The dispatcher holding `a` died: once the lease has expired, another takes it over.
      const retaken = await queue.claim(1500, 500, 10);
      expect(retaken.map((r) => r.requestId).sort()).toEqual(['a', 'b', 'c']);
      expect(retaken[0]?.leaseUntil).toBe(2000);
      const done = {
        ...(retaken[0] as AsyncInvocationRecord),
        status: 'succeeded' as const,
        attempts: [{ startedAt: 1500, status: 'success' as const }],
      };
      const { leaseUntil: _, ...settled } = done;
      await queue.update(settled);
      expect(await queue.get(done.requestId)).toEqual(settled);
      expect(await queue.prune(1_000_000)).toBe(1);
      await home.close();
    });
  });

  describe(`asynchronous invocation through the service on ${engine.name}`, () => {
    it('queues in one process and runs in the next one started on the same home', async () => {
      const first = await openHome(undefined, { async: { retryDelaysMs: [10, 10] } }, engine);
      const code = { kind: 'path' as const, path: path.join(PLATFORM_FIXTURES, 'echo-v1') };
      await first.service.deploy({ name: 'later', runtime: 'nodejs', handler: 'index.handler', code });
      const queued = await first.service.invokeAsync('later', { payload: '{"queued":true}' });
      const failing = await first.service.invokeAsync('later', { payload: '{"fail":"always"}' });
      expect(queued.status).toBe('queued');
      await first.close();

      const second = await openHome(
        first.home,
        { async: { retryDelaysMs: [10, 10] }, asyncPollMs: 50 },
        engine,
      );
      second.service.start();
      const done = await second.service.asyncSettled(queued.requestId);
      expect(done.status).toBe('succeeded');
      expect(json(done.result?.payload ?? '{}')).toMatchObject({ revision: 1, event: { queued: true } });
      const failed = await second.service.asyncSettled(failing.requestId);
      expect(failed.status).toBe('failed');
      expect(failed.attempts.map((a) => a.errorType)).toEqual(['EchoFailed', 'EchoFailed', 'EchoFailed']);
      const stored = await second.service.asyncInvocation(queued.requestId);
      expect(stored.result?.requestId).toBe(queued.requestId);
      const logs = await second.service.logs({ functionName: 'later', requestId: queued.requestId });
      expect(logs.some((line) => line.message.includes('{"queued":true}'))).toBe(true);
      await second.close();
    });
  });
}
