// STANDARD (durable) workflows on SQLite and PostgreSQL side by side: state transitions/s of a 1,000-state Pass
// chain and executions/s with p50/p99 of the no-op pipeline, measured in alternating rounds (so a loaded machine
// slows both alike), with the ratio PostgreSQL/SQLite. PostgreSQL is a throwaway server on this machine with
// durable settings (bench/support/databases.ts). Run on purpose: `npx vitest bench --run bench/workflow/databases`
// (BENCH_SECONDS sets the seconds per row, default 2).
import { afterAll, bench, describe } from 'vitest';
import {
  sqlExecutionJournal,
  WorkflowService,
  workflowMigrations,
} from '../../src/modules/workflows/index.js';
import { type BenchDatabase, benchDatabases, type EngineName, loadLine } from '../support/databases.js';
import { chain, echo, INPUT, PIPELINE, STATES } from './machines.js';
import { compare, type Measurement } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

interface Engine {
  readonly opened: BenchDatabase;
  readonly service: WorkflowService;
}

async function engine(open: () => Promise<BenchDatabase>): Promise<Engine> {
  const opened = await open();
  await opened.database.migrate(workflowMigrations);
  const service = new WorkflowService({
    database: opened.database,
    journal: sqlExecutionJournal(opened.database),
    functions: echo,
  });
  await service.startEngine();
  await service.machines.create({ name: 'chain', definition: JSON.stringify(chain()) });
  await service.machines.create({ name: 'pipeline', definition: JSON.stringify(PIPELINE) });
  return { opened, service };
}

let n = 0;
async function standard(service: WorkflowService, machine: string, input: object): Promise<void> {
  const { executionArn } = await service.executions.start({
    stateMachineArn: machine,
    input: JSON.stringify(input),
  });
  const status = await service.executions.waitFor(executionArn);
  if (status !== 'SUCCEEDED') throw new Error(`execution ${status}`);
}

const databases = await benchDatabases();
const engines = new Map<EngineName, Engine>();
for (const open of databases.open) {
  const opened = await engine(open);
  engines.set(opened.opened.engine, opened);
}

type Rivals = Partial<Record<EngineName, () => Promise<void>>>;
const each = (machine: string, input: () => object): Rivals =>
  Object.fromEntries(
    [...engines].map(([name, e]) => [name, () => standard(e.service, machine, input())]),
  ) as Rivals;

type Measured = Partial<Record<EngineName, Measurement>>;
const rows: { label: string; unit: 'transitions' | 'executions'; load: string; m: Measured }[] = [];
async function row(label: string, unit: 'transitions' | 'executions', rivals: Rivals, concurrency: number) {
  // Only the engines at hand are keys: compare() measures exactly those.
  const measured: Measured = await compare(
    rivals as Record<EngineName, () => Promise<void>>,
    SECONDS,
    concurrency,
  );
  rows.push({ label, unit, load: loadLine(), m: measured });
}
await row(
  'Pass chain (1,000 states), 1 at once',
  'transitions',
  each('chain', () => ({ n: n++ })),
  1,
);
await row(
  'Pass chain (1,000 states), 4 at once',
  'transitions',
  each('chain', () => ({ n: n++ })),
  4,
);
await row(
  'no-op pipeline, 1 at once',
  'executions',
  each('pipeline', () => INPUT),
  1,
);
await row(
  'no-op pipeline, 16 at once',
  'executions',
  each('pipeline', () => INPUT),
  16,
);

const rate = (m: Measurement | undefined, unit: string) => {
  if (m === undefined) return '-'.padStart(16);
  const perSecond = unit === 'transitions' ? m.perSecond * STATES : m.perSecond;
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`.padStart(16);
};
// CPU time of this process per execution: load changes it much less than throughput (SQLite's includes its
// database work, which runs in this process; PostgreSQL's is the driver's and Kysely's).
const latency = (m: Measurement | undefined) =>
  m === undefined
    ? ''
    : `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, ${(m.cpuMicros / 1000).toFixed(2)} ms CPU each`;
const lines = rows.flatMap(({ label, unit, load, m }) => {
  const { sqlite, postgres } = m;
  const ratio = sqlite && postgres ? `${(postgres.perSecond / sqlite.perSecond).toFixed(2)}x` : '-';
  return [
    `  ${label.padEnd(40)} ${unit.padEnd(11)} SQLite ${rate(sqlite, unit)}  PostgreSQL ${rate(postgres, unit)}  PostgreSQL/SQLite ${ratio}  (${load})`,
    `  ${''.padEnd(40)} ${''.padEnd(11)} SQLite ${latency(sqlite)}; PostgreSQL ${latency(postgres)}`,
  ];
});
console.log(
  [
    '',
    `STANDARD workflows, SQLite vs PostgreSQL (${SECONDS} s per row in 5 alternating rounds; no-op handlers in this process)`,
    ...(databases.skipped ? [`  ${databases.skipped}`] : []),
    ...lines,
    '',
  ].join('\n'),
);

describe('STANDARD workflows by database', () => {
  afterAll(async () => {
    for (const e of engines.values()) {
      await e.service.close();
      await e.opened.close();
    }
    await databases.close();
  });
  for (const [name, e] of engines)
    bench(`no-op pipeline, ${name}`, () => standard(e.service, 'pipeline', INPUT), { time: 500 });
});
