// Runaway expressions against a real server (issue #12, item 3): p50/p99 of /healthz and an S3 GetObject with
// no load, then while 4 runaway JSONata TestState calls are kept in flight; target: both answer within 200 ms
// during the runaways. Also what the inline budget costs: transitions/s of a JSONata Pass chain (EXPRESS) with
// and without the expression pool.
// Run on purpose: `npx vitest bench --run bench/workflow/expression-load.bench.ts` (BENCH_SECONDS: s per row).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp } from '../../src/app/container.js';
import { startServer } from '../../src/app/server.js';
import {
  ExpressionPool,
  ExpressRunner,
  type StateMachineDefinition,
  workflowDispatcher,
} from '../../src/modules/workflows/index.js';
import { send } from '../../test/security/support/http-client.js';
import { signCall } from '../../test/security/support/sign.js';
import { type Measurement, measure } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RUNAWAYS = 4;
/** 30 million function calls: a minute of CPU, stopped by the 10 s expression timeout. */
const SPIN =
  '$reduce([1..999999], function($acc, $n) { $acc + $reduce([1..30], function($a, $b) { $a + $b }) }, 0)';

const home = await mkdtemp(path.join(os.tmpdir(), 'scones-expr-bench-'));
const config = loadConfig({
  env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'silent' },
  cwd: home,
  overrides: { 'server.port': 0 },
});
const app = await createApp(config, { cwd: home });
const server = await startServer(app, config.server);
await app.store.createBucket('bench');
await app.store.putObject('bench', 'object.txt', Buffer.from('x'.repeat(1024)), {
  contentType: 'text/plain',
});

async function get(url: string): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
}
const healthz = () => get(`${server.url}/healthz`);
/** Path-style and signed, as an SDK sends it (unsigned, the path is not routed to S3). */
const S3_KEYS = { accessKeyId: 'AKIASCONESBENCH00001', secretAccessKey: 'scones-bench-secret' };
const getObject = async () => {
  const call = await signCall(server.url, 's3', { method: 'GET', path: '/bench/object.txt' }, S3_KEYS);
  const reply = await send(server.url, call);
  if (reply.status !== 200) throw new Error(`GetObject: ${reply.status}`);
};

async function testState(expression: string): Promise<string> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.TestState' },
    body: JSON.stringify({
      definition: JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 's',
        States: { s: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
      }),
      roleArn: 'arn:aws:iam::000000000000:role/bench',
      input: '{}',
    }),
  });
  return ((await response.json()) as { error?: string; status?: string }).error ?? 'none';
}

const rows: [string, Measurement][] = [];
rows.push(['/healthz, idle', await measure(healthz, SECONDS)]);
rows.push(['GetObject 1 KiB, idle', await measure(getObject, SECONDS)]);

// Keep RUNAWAYS runaway evaluations in flight while measuring.
let loading = true;
const errors = new Map<string, number>();
const runaways = Array.from({ length: RUNAWAYS }, async () => {
  while (loading) {
    const error = await testState(SPIN);
    errors.set(error, (errors.get(error) ?? 0) + 1);
  }
});
await new Promise((resolve) => setTimeout(resolve, 500));
rows.push([`/healthz, ${RUNAWAYS} runaways`, await measure(healthz, SECONDS)]);
rows.push([`GetObject 1 KiB, ${RUNAWAYS} runaways`, await measure(getObject, SECONDS)]);
loading = false;
await Promise.all(runaways);

// The inline budget's cost: a 100-state JSONata Pass chain, each state one small expression.
const STATES = 100;
const chain = {
  QueryLanguage: 'JSONata',
  StartAt: 'S0',
  States: Object.fromEntries(
    Array.from({ length: STATES }, (_, i) => [
      `S${i}`,
      {
        Type: 'Pass',
        Output: '{% {"n": $states.input.n + 1} %}',
        ...(i === STATES - 1 ? { End: true } : { Next: `S${i + 1}` }),
      },
    ]),
  ),
} as unknown as StateMachineDefinition;
const pool = new ExpressionPool({ size: 1 });
const runner = (withPool: boolean) =>
  new ExpressRunner({
    dispatcher: workflowDispatcher({}),
    timeScale: 0,
    ...(withPool ? { expressions: pool.evaluate } : {}),
  });
const inline = runner(false);
const pooled = runner(true);
const runChain = (r: ExpressRunner) => async () => {
  const result = await r.run({ definition: chain, input: { n: 0 }, history: 'none' });
  if (result.status !== 'SUCCEEDED') throw new Error(`${result.error}: ${result.cause}`);
};
const chainInline = await measure(runChain(inline), SECONDS);
const chainPooled = await measure(runChain(pooled), SECONDS);

const lat = (m: Measurement) => `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`;
const tps = (m: Measurement) => `${Math.round(m.perSecond * STATES).toLocaleString('en-US')} transitions/s`;
console.log(
  [
    '',
    `runaway expressions (${SECONDS} s per row; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores; target: p99 under 200 ms during the runaways)`,
    ...rows.map(([label, m]) => `  ${label.padEnd(34)} ${m.runs.toString().padStart(6)} calls  ${lat(m)}`),
    `  runaway TestState errors: ${[...errors].map(([error, count]) => `${error} x${count}`).join(', ')}`,
    `  pool: ${JSON.stringify(app.expressions?.stats())}`,
    `JSONata ${STATES}-state Pass chain, EXPRESS, no history: inline only ${tps(chainInline)}, with the pool ${tps(chainPooled)} (pool ${JSON.stringify(pool.stats())})`,
    '',
  ].join('\n'),
);

describe('runaway expressions', () => {
  afterAll(async () => {
    await pool.close();
    await server.close();
    await rm(home, { recursive: true, force: true });
  });
  bench('/healthz', healthz, { time: 200 });
});
