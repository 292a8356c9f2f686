// Where STANDARD executions spend their time on PostgreSQL: per execution, the statements and their server time
// (pg_stat_statements), transactions committed, WAL written and WAL flushes (each a disk sync the commit waits for,
// with synchronous_commit on), for the no-op pipeline one and 16 at once and for the 1,000-state Pass chain.
// Needs PostgreSQL binaries with pg_stat_statements (Debian's postgresql package has it); without them it says so.
// Run on purpose: `npx vitest bench --run bench/workflow/postgres-profile`.
import pg from 'pg';
import { afterAll, bench, describe } from 'vitest';
import {
  sqlExecutionJournal,
  WorkflowService,
  workflowMigrations,
} from '../../src/modules/workflows/index.js';
import type { SqlDatabase } from '../../src/platform/db/port.js';
import { openPostgresDatabase } from '../../src/platform/db/postgres/postgres-database.js';
import { adminQuery, type PostgresServer, startPostgresServer } from '../../test/support/postgres-server.js';
import { loadLine } from '../support/databases.js';
import { chain, echo, INPUT, PIPELINE } from './machines.js';

const STATEMENTS_SHOWN = 12;

interface Profiled {
  readonly server: PostgresServer;
  readonly database: SqlDatabase;
  readonly service: WorkflowService;
  readonly stats: pg.Client;
}

async function open(): Promise<Profiled | string> {
  const settings = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'];
  const server = await startPostgresServer({ settings }).catch((error: Error) => error.message);
  if (typeof server === 'string') return `PostgreSQL profile skipped: ${server.split('\n')[0]}`;
  await adminQuery(server.url, 'create database profile');
  const url = server.url.replace(/\/postgres$/, '/profile');
  await adminQuery(url, 'create extension pg_stat_statements');
  const database = await openPostgresDatabase({ url });
  await database.migrate(workflowMigrations);
  const service = new WorkflowService({ database, journal: sqlExecutionJournal(database), functions: echo });
  await service.startEngine();
  await service.machines.create({ name: 'chain', definition: JSON.stringify(chain()) });
  await service.machines.create({ name: 'pipeline', definition: JSON.stringify(PIPELINE) });
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  return { server, database, service, stats };
}

async function runMany(service: WorkflowService, machine: string, count: number, concurrency: number) {
  let left = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const input = JSON.stringify(machine === 'chain' ? { left } : INPUT);
        const { executionArn } = await service.executions.start({ stateMachineArn: machine, input });
        if ((await service.executions.waitFor(executionArn)) !== 'SUCCEEDED') throw new Error('failed');
      }
    }),
  );
}

interface Counters {
  readonly commits: number;
  readonly walBytes: number;
  readonly walSyncs: number;
}
async function counters(stats: pg.Client): Promise<Counters> {
  const { rows } = await stats.query<Counters>(
    `select (select xact_commit from pg_stat_database where datname = current_database())::float8 as commits,
            wal_bytes::float8 as "walBytes", wal_sync::float8 as "walSyncs" from pg_stat_wal`,
  );
  return rows[0] as Counters;
}

async function profile(p: Profiled, machine: string, count: number, concurrency: number): Promise<string> {
  await p.stats.query('select pg_stat_statements_reset()');
  const before = await counters(p.stats);
  const started = performance.now();
  await runMany(p.service, machine, count, concurrency);
  const ms = performance.now() - started;
  const after = await counters(p.stats);
  const { rows } = await p.stats.query<{ calls: number; ms: number; query: string }>(
    `select calls::float8 as calls, total_exec_time as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        and query not like '%pg_stat%' order by total_exec_time desc`,
  );
  const calls = rows.reduce((sum, r) => sum + r.calls, 0);
  const serverMs = rows.reduce((sum, r) => sum + r.ms, 0);
  const each = (v: number) => (v / count).toFixed(2);
  return [
    `${machine}, ${concurrency} at once, ${count} executions: ${(ms / count).toFixed(2)} ms of wall time each (${loadLine()})`,
    `  per execution: ${each(calls)} statements (${each(serverMs)} ms server execution time), ${each(after.commits - before.commits)} commits, ` +
      `${Math.round((after.walBytes - before.walBytes) / count).toLocaleString('en-US')} WAL bytes, ${each(after.walSyncs - before.walSyncs)} WAL flushes`,
    ...rows
      .slice(0, STATEMENTS_SHOWN)
      .map(
        (r) => `  ${each(r.calls).padStart(7)} x ${(r.ms / r.calls).toFixed(3).padStart(7)} ms  ${r.query}`,
      ),
  ].join('\n');
}

const profiled = await open();
const report: string[] = [];
if (typeof profiled === 'string') report.push(profiled);
else {
  await runMany(profiled.service, 'pipeline', 20, 4); // warm caches and the pool
  report.push(await profile(profiled, 'pipeline', 200, 1));
  report.push(await profile(profiled, 'pipeline', 400, 16));
  report.push(await profile(profiled, 'chain', 20, 1));
}
console.log(`\nSTANDARD executions on PostgreSQL, where the time goes\n${report.join('\n\n')}\n`);

describe('PostgreSQL profile', () => {
  afterAll(async () => {
    if (typeof profiled === 'string') return;
    await profiled.stats.end();
    await profiled.service.close();
    await profiled.database.close();
    await profiled.server.stop();
  });
  bench('no-op', () => {}, { time: 1, iterations: 1 });
});
