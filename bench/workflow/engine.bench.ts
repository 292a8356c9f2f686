// Workflow engines compared: state transitions/s of a 1,000-state Pass chain, and executions/s and latency of the
// three-function pipeline (serialize -> classify -> filter, `lambda:invoke` with `OutputPath: $.Payload`), in
// EXPRESS (memory; as the service runs EXPRESS executions, keeping no history since Step Functions serves none
// of them, and with the full history, as TestState and the test runner keep it) and STANDARD (durable, SQLite) mode, against aws-local-stepfunctions on the same definitions (measured
// in alternating rounds with it), then through the real function runtime (Node guests).
// Run on purpose: `npx vitest bench --run bench/workflow` (BENCH_SECONDS sets the seconds per row, default 2).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import {
  ExpressRunner,
  type FunctionInvoker,
  type HistoryMode,
  type Json,
  type StateMachineDefinition,
  sqlExecutionJournal,
  WorkflowService,
  workflowDispatcher,
  workflowMigrations,
} from '../../src/modules/workflows/index.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { fixtureRuntime, nodeFixture, runtimeInvoker } from '../../test/support/runtime-invoker.js';
import { alsfMachine } from './alsf.js';
import { chain, echo, INPUT, NAMES, PIPELINE, STATES } from './machines.js';
import { compare, cpuRatio, type Measurement, measure, ratio } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const dir = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-bench-'));
const database = openSqliteDatabase({ file: path.join(dir, 'bench.db') });
await database.migrate(workflowMigrations);
const runtime = await fixtureRuntime();
const guests = runtimeInvoker(
  runtime,
  NAMES.map((name) => nodeFixture(name, 'noop', 'index.handler')),
);
let functions: FunctionInvoker = echo;
const service = new WorkflowService({
  database,
  journal: sqlExecutionJournal(database),
  functions: { invoke: (i) => functions.invoke(i) },
});
await service.startEngine();
const express = new ExpressRunner({
  dispatcher: workflowDispatcher({ functions: { invoke: (i) => functions.invoke(i) } }),
  timeScale: 0,
});
await service.machines.create({ name: 'chain', definition: JSON.stringify(chain()) });
await service.machines.create({ name: 'pipeline', definition: JSON.stringify(PIPELINE) });

let n = 0;
async function standard(machine: string, input: object): Promise<void> {
  const { executionArn } = await service.executions.start({
    stateMachineArn: machine,
    input: JSON.stringify(input),
  });
  const status = await service.executions.waitFor(executionArn);
  if (status !== 'SUCCEEDED') throw new Error(`execution ${status}`);
  n++;
}
async function inMemory(
  definition: StateMachineDefinition,
  input: Json,
  history: HistoryMode = 'full',
): Promise<void> {
  const result = await express.run({ definition, input, history });
  if (result.status !== 'SUCCEEDED') throw new Error(`run ${result.status}: ${result.error} ${result.cause}`);
}

const chainDefinition = chain();
const alsfChain = alsfMachine(chainDefinition, {});
const alsfPipeline = alsfMachine(
  PIPELINE,
  Object.fromEntries(NAMES.map((name) => [name, (event: unknown) => event])),
);

const rows: [string, Measurement][] = [];
const run = async (label: string, fn: () => Promise<void>, concurrency = 1) => {
  const m = await measure(fn, SECONDS, concurrency);
  rows.push([label, m]);
  return m;
};

const rivals = async <K extends string>(
  labels: Readonly<Record<K, string>>,
  fns: Readonly<Record<K, () => Promise<void>>>,
  concurrency = 1,
) => {
  const measured = await compare(fns, SECONDS, concurrency);
  for (const key of Object.keys(labels) as K[]) rows.push([labels[key], measured[key]]);
  return measured;
};

const chains = await rivals(
  {
    none: 'Pass chain, Scones EXPRESS',
    full: 'Pass chain, Scones EXPRESS, full history',
    peer: 'Pass chain, aws-local-stepfunctions',
  },
  {
    none: () => inMemory(chainDefinition, { n: n++ }, 'none'),
    full: () => inMemory(chainDefinition, { n: n++ }),
    peer: () => alsfChain({ n: n++ }),
  },
);
const chainStandard = await run('Pass chain, Scones STANDARD', () => standard('chain', { n: n++ }));
const chainStandard4 = await run(
  'Pass chain, Scones STANDARD, 4 at once',
  () => standard('chain', { n: n++ }),
  4,
);
const pipelineRivals = {
  none: () => inMemory(PIPELINE, INPUT, 'none'),
  full: () => inMemory(PIPELINE, INPUT),
  peer: () => alsfPipeline(INPUT),
};
const pipe = await rivals(
  {
    none: 'pipeline, Scones EXPRESS',
    full: 'pipeline, Scones EXPRESS, full history',
    peer: 'pipeline, aws-local-stepfunctions',
  },
  pipelineRivals,
);
const pipe16 = await rivals(
  {
    none: 'pipeline, Scones EXPRESS, 16 at once',
    full: 'pipeline, Scones EXPRESS, full history, 16 at once',
    peer: 'pipeline, aws-local-stepfunctions, 16 at once',
  },
  pipelineRivals,
  16,
);
const pipeStandard = await run('pipeline, Scones STANDARD', () => standard('pipeline', INPUT));
const pipeStandard16 = await run(
  'pipeline, Scones STANDARD, 16 at once',
  () => standard('pipeline', INPUT),
  16,
);
functions = guests;
for (let i = 0; i < 50; i++) await inMemory(PIPELINE, INPUT, 'none');
const guestExpress = await run('pipeline, function runtime, Scones EXPRESS', () =>
  inMemory(PIPELINE, INPUT, 'none'),
);
const guestStandard = await run('pipeline, function runtime, Scones STANDARD', () =>
  standard('pipeline', INPUT),
);
await run('pipeline, function runtime, Scones STANDARD, 4 at once', () => standard('pipeline', INPUT), 4);

const tps = (m: Measurement) => `${Math.round(m.perSecond * STATES).toLocaleString('en-US')} transitions/s`;
const eps = (m: Measurement) => `${Math.round(m.perSecond).toLocaleString('en-US')} executions/s`;
const lat = (m: Measurement) => `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`;
const cpu = (m: Measurement) => `${m.cpuMicros.toFixed(1).padStart(8)} µs CPU each`;
const both = (a: Measurement, b: Measurement) => `${ratio(a, b)} (CPU per execution: ${cpuRatio(a, b)})`;
console.log(
  [
    '',
    `workflow engines (${SECONDS} s per row; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores)`,
    ...rows.map(
      ([label, m]) =>
        `  ${label.padEnd(52)} ${m.runs.toString().padStart(6)} runs ${eps(m).padStart(20)}  ${cpu(m)}  ${lat(m)}`,
    ),
    '',
    `1,000-state Pass chain: EXPRESS ${tps(chains.none)} (${tps(chains.full)} with full history); STANDARD ${tps(chainStandard)} (${tps(chainStandard4)} with 4 at once); aws-local-stepfunctions ${tps(chains.peer)}`,
    `  EXPRESS / peer = ${both(chains.none, chains.peer)}; with full history ${both(chains.full, chains.peer)}; STANDARD / peer = ${ratio(chainStandard, chains.peer)}`,
    `pipeline, in-process no-op handlers: EXPRESS ${eps(pipe.none)} (${eps(pipe16.none)} with 16 at once); with full history ${eps(pipe.full)} (${eps(pipe16.full)} with 16); STANDARD ${eps(pipeStandard)} (${eps(pipeStandard16)} with 16); peer ${eps(pipe.peer)} (${eps(pipe16.peer)} with 16)`,
    `  EXPRESS / peer = ${both(pipe.none, pipe.peer)} sequential, ${both(pipe16.none, pipe16.peer)} with 16 at once`,
    `  EXPRESS with full history / peer = ${both(pipe.full, pipe.peer)} sequential, ${both(pipe16.full, pipe16.peer)} with 16 at once`,
    `pipeline through the function runtime (Node no-op guests), one execution: EXPRESS ${lat(guestExpress)}, STANDARD ${lat(guestStandard)}`,
    '',
  ].join('\n'),
);

describe('workflow engines', () => {
  afterAll(async () => {
    await service.close();
    await database.close();
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });
  bench('pipeline, Scones STANDARD, function runtime', () => standard('pipeline', INPUT), { time: 500 });
});
