// Runaway user expressions never block the server (issue #12, item 3). While four hostile TestState calls spin
// in JSONata, /healthz, an S3 GetObject and a cheap JSONata TestState answer before any hostile call does (an
// ordering proof, not a clock); each hostile call then fails with States.QueryEvaluationError, and the worker
// threads that ran them are terminated. Latencies are printed, never asserted (see bench/workflow).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStateFailed, ROLE, SPINNING, suite } from './cases/expression-runaway.js';
import { describeSuites } from './support/hostile-cases.js';
import {
  type HostileServer,
  SECRET_KEY,
  startHostileServer,
  VICTIM_BUCKET,
} from './support/hostile-server.js';
import type { HttpReply } from './support/http-client.js';
import { sfn } from './support/sfn-request.js';

describeSuites([suite]);

describe('hostile: runaway expressions at once', () => {
  let server: HostileServer;
  beforeAll(async () => {
    // The default 10 s timeout: a generous window for the ordering proof on a loaded machine.
    server = await startHostileServer({ 'workflows.expressionWorkers': 2 });
  });
  afterAll(async () => server?.close());

  it('keeps /healthz, GetObject and cheap expressions answering while 4 runaways spin', {
    timeout: 120_000,
  }, async () => {
    const settled: string[] = [];
    const hostile = Object.entries(SPINNING).map(([what, definition]) =>
      sfn('TestState', { definition, roleArn: ROLE, input: '{}' })(server).then((reply) => {
        settled.push(what);
        return reply;
      }),
    );
    // Proof the runaways are running: the pool's workers are busy with them, and none has answered.
    const pool = server.app.expressions;
    while (pool.stats().busy < 2 && settled.length === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled, 'no runaway answered before its workers were busy').toEqual([]);
    const spinning = pool.stats().threadIds;

    const timed = async (what: string, call: () => Promise<HttpReply>) => {
      const start = performance.now();
      const reply = await call();
      console.log(`${what} answered in ${(performance.now() - start).toFixed(1)} ms during 4 runaways`);
      return reply;
    };
    const health = await timed('/healthz', () => server.send({ method: 'GET', path: '/healthz' }));
    const object = await timed('GetObject', () =>
      server.aws('s3', { method: 'GET', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` }),
    );
    const cheap = await timed('a cheap JSONata TestState', () =>
      sfn('TestState', {
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          StartAt: 's',
          States: { s: { Type: 'Pass', Output: '{% $sum([1..100]) %}', End: true } },
        }),
        roleArn: ROLE,
        input: '{}',
      })(server),
    );
    expect(settled, 'answered while every runaway was still running').toEqual([]);
    expect(pool.stats().busy, 'the runaways were still on their workers').toBe(2);
    expect(health.status).toBe(200);
    expect(object.status).toBe(200);
    expect(object.text).toBe('keep me');
    expect(JSON.parse(cheap.text)).toMatchObject({ status: 'SUCCEEDED', output: '5050' });

    for (const reply of await Promise.all(hostile)) expectStateFailed(reply, 'States.QueryEvaluationError');
    // The runaways' threads were terminated (their CPU released), not left spinning in the background.
    const after = pool.stats();
    expect(after.busy).toBe(0);
    expect(after.terminated).toBeGreaterThanOrEqual(2);
    for (const threadId of spinning) expect(after.threadIds).not.toContain(threadId);
  });
});
