// Asynchronous (Event) invocations on SQLite and PostgreSQL side by side: batches of events queued durably from
// several callers and run by the service's dispatcher on a no-op Node handler, in alternating rounds (so a loaded
// machine slows both alike): queued/s, end-to-end invocations/s (first enqueue to last settled) and the
// enqueue-to-settled p50/p99, with the ratio PostgreSQL/SQLite. PostgreSQL is a throwaway server on this machine
// with durable settings (bench/support/databases.ts). Run on purpose: `npx vitest bench --run bench/functions/async`
// (ASYNC_BATCH sets the events per round, default 400).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { FunctionsService, functionsMigrations } from '../../src/modules/functions/index.js';
import { openCodeStorage } from '../../test/support/code-storage.js';
import { type BenchDatabase, benchDatabases, type EngineName, loadLine } from '../support/databases.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/functions');
const BATCH = Number(process.env.ASYNC_BATCH ?? 400);
const ROUNDS = 5;
const CALLERS = 8;

interface Engine {
  readonly opened: BenchDatabase;
  readonly service: FunctionsService;
  readonly home: string;
}

async function engine(open: () => Promise<BenchDatabase>): Promise<Engine> {
  const opened = await open();
  await opened.database.migrate(functionsMigrations);
  const home = await mkdtemp(path.join(os.tmpdir(), 'scones-async-bench-'));
  const service = new FunctionsService({
    database: opened.database,
    code: await openCodeStorage(home),
    workDir: path.join(home, 'tmp'),
  });
  const code = { kind: 'path' as const, path: path.join(FIXTURES, 'node', 'noop') };
  await service.deploy({ name: 'noop', runtime: 'nodejs', handler: 'index.handler', code });
  service.start();
  return { opened, service, home };
}

interface Round {
  readonly seconds: number;
  readonly enqueueSeconds: number;
  readonly latencies: number[];
}

/** Queues BATCH events from CALLERS loops and waits until every one has settled. */
async function round(service: FunctionsService): Promise<Round> {
  const started = performance.now();
  let enqueued = 0;
  const settled: Promise<number>[] = [];
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (enqueued < BATCH) {
        enqueued++;
        const at = performance.now();
        const record = await service.invokeAsync('noop', { payload: '{}' });
        settled.push(
          service.asyncSettled(record.requestId).then((done) => {
            if (done.status !== 'succeeded') throw new Error(`invocation ${done.status}`);
            return performance.now() - at;
          }),
        );
      }
    }),
  );
  const enqueueSeconds = (performance.now() - started) / 1000;
  const latencies = await Promise.all(settled);
  return { seconds: (performance.now() - started) / 1000, enqueueSeconds, latencies };
}

const databases = await benchDatabases();
const engines = new Map<EngineName, Engine>();
for (const open of databases.open) {
  const opened = await engine(open);
  engines.set(opened.opened.engine, opened);
}
for (const e of engines.values()) await round(e.service); // warm guests and caches
const rounds = new Map<EngineName, Round[]>([...engines.keys()].map((name) => [name, []]));
for (let i = 0; i < ROUNDS; i++)
  for (const [name, e] of engines) rounds.get(name)?.push(await round(e.service));

interface Summary {
  readonly perSecond: number;
  readonly queuedPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}
function summary(all: readonly Round[]): Summary {
  const latencies = all.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const seconds = all.reduce((sum, r) => sum + r.seconds, 0);
  const enqueueSeconds = all.reduce((sum, r) => sum + r.enqueueSeconds, 0);
  return {
    perSecond: latencies.length / seconds,
    queuedPerSecond: latencies.length / enqueueSeconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}
const summaries = new Map([...rounds].map(([name, all]) => [name, summary(all)]));
const sqlite = summaries.get('sqlite');
const postgres = summaries.get('postgres');
const line = (name: string, s: Summary | undefined) =>
  s === undefined
    ? `  ${name.padEnd(10)} -`
    : `  ${name.padEnd(10)} ${Math.round(s.perSecond).toLocaleString('en-US').padStart(6)} invocations/s end to end, ` +
      `${Math.round(s.queuedPerSecond).toLocaleString('en-US').padStart(6)} queued/s; enqueue to settled p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
console.log(
  [
    '',
    `asynchronous (Event) invocations, no-op Node handler, ${ROUNDS} alternating rounds of ${BATCH} events from ${CALLERS} callers (${loadLine()})`,
    ...(databases.skipped ? [`  ${databases.skipped}`] : []),
    line('SQLite', sqlite),
    line('PostgreSQL', postgres),
    ...(sqlite && postgres
      ? [
          `  PostgreSQL/SQLite: ${(postgres.perSecond / sqlite.perSecond).toFixed(2)}x end to end, ${(postgres.queuedPerSecond / sqlite.queuedPerSecond).toFixed(2)}x queued`,
        ]
      : []),
    '',
  ].join('\n'),
);

describe('asynchronous invocations by database', () => {
  afterAll(async () => {
    for (const e of engines.values()) {
      await e.service.close();
      await e.opened.close();
      await rm(e.home, { recursive: true, force: true });
    }
    await databases.close();
  });
  for (const [name, e] of engines)
    bench(`Event invoke, ${name}`, async () => {
      const record = await e.service.invokeAsync('noop', { payload: '{}' });
      await e.service.asyncSettled(record.requestId);
    });
});
