// One STANDARD execution waiting on an off-thread JSONata expression holds up only itself: the other STANDARD
// executions' events are applied and committed meanwhile. The "slow" expressions run on an offload port this
// test controls, so they last exactly until the test lets them go (no timing involved).
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  type JsonataJob,
  type JsonataOutcome,
  runJsonataJob,
} from '../../../src/modules/workflows/asl/jsonata/run.js';
import type { JsonataOffload } from '../../../src/modules/workflows/index.js';
import { type Harness, harness, inProcessFunctions, invokeTask, passChain } from './support.js';

/** Past the inline budget (so it goes to the offload port), a second of work at most. */
const BIG = '$reduce([1..20000], function($acc, $n) { $acc + $n }, 0)';
const RUNAWAY = '$reduce([1..999999999], function($acc, $n) { $acc + $n }, 0)';

interface Held {
  readonly job: JsonataJob;
  release(outcome: JsonataOutcome | Promise<JsonataOutcome>): void;
}

/** An offload port that holds every job until released, announcing each; once `let go`, it evaluates at once. */
function heldOffload(): { offload: JsonataOffload; next(): Promise<Held>; letGo(): void } {
  const all: Held[] = [];
  const arrived: Held[] = [];
  const listeners: ((held: Held) => void)[] = [];
  let holding = true;
  const offload: JsonataOffload = (job) => {
    if (!holding) return runJsonataJob(job);
    return new Promise((resolve) => {
      const held: Held = {
        job,
        release: (outcome) => {
          all.splice(all.indexOf(held), 1);
          resolve(outcome);
        },
      };
      all.push(held);
      const listener = listeners.shift();
      if (listener === undefined) arrived.push(held);
      else listener(held);
    });
  };
  const next = () => {
    const held = arrived.shift();
    return held === undefined
      ? new Promise<Held>((resolve) => listeners.push(resolve))
      : Promise.resolve(held);
  };
  return {
    offload,
    next,
    /** Evaluates from now on; jobs still held end as timed out (a test that failed must not hang its cleanup). */
    letGo: () => {
      holding = false;
      for (const held of [...all]) held.release(timedOut(held.job));
    },
  };
}

/** What the expression pool answers for a job past its timeout. */
const timedOut = (job: JsonataJob): JsonataOutcome => ({
  kind: 'error',
  message: 'D1012: Evaluation timeout after 10000 milliseconds. Check for infinite loop',
  random: job.random,
});

const jsonata = (states: Record<string, unknown>, startAt: string) =>
  JSON.stringify({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.cleanup());

describe('durable engine with an expression off-thread', () => {
  it('runs other STANDARD executions to the end while one waits on its expression', async () => {
    const held = heldOffload();
    onTestFinished(() => held.letGo());
    const functions = inProcessFunctions({ echo: (e) => e });
    const { service } = await h.open({ functions, expressions: held.offload });
    await service.startEngine();
    const runaway = await service.machines.create({
      name: 'runaway',
      definition: jsonata({ spin: { Type: 'Pass', Output: `{% ${RUNAWAY} %}`, End: true } }, 'spin'),
    });
    // The slow expression is the Map's Output, taken when the last iteration ends: the parent's writes of the
    // same round (start, iterations) wait with it.
    const mapped = await service.machines.create({
      name: 'mapped',
      definition: jsonata(
        {
          each: {
            Type: 'Map',
            Items: '{% [1, 2, 3] %}',
            ItemProcessor: { StartAt: 'one', States: { one: { Type: 'Pass', End: true } } },
            Output: `{% {"sum": ${BIG}, "items": $states.result} %}`,
            End: true,
          },
        },
        'each',
      ),
    });
    const quick = await service.machines.create({
      name: 'quick',
      definition: JSON.stringify({
        StartAt: 'first',
        States: {
          first: invokeTask('echo', 'chain'),
          chain: { Type: 'Parallel', Branches: [passChain(20)], End: true },
        },
      }),
    });

    const runawayStart = service.executions.start({ stateMachineArn: runaway.stateMachineArn, input: '{}' });
    const spinning = await held.next();
    const mappedStart = service.executions.start({ stateMachineArn: mapped.stateMachineArn, input: '{}' });
    const summing = await held.next();
    expect(spinning.job.expression).toBe(RUNAWAY);
    expect(summing.job.expression).toContain(BIG);

    // Both expressions are held: on a pump that waits for them, none of these could even start.
    const others = await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const { executionArn } = await service.executions.start({
          stateMachineArn: quick.stateMachineArn,
          input: JSON.stringify({ n }),
        });
        return { n, executionArn, status: await service.executions.waitFor(executionArn) };
      }),
    );
    expect(others.map((o) => o.status)).toEqual(Array(6).fill('SUCCEEDED'));
    for (const { n, executionArn } of others) {
      const described = await service.queries.describe(executionArn);
      expect(JSON.parse(described.output as string)).toEqual([{ n }]);
    }

    // Let them go: the runaway as the pool's timeout ends it; the sum, and later jobs (replay), evaluated.
    spinning.release(timedOut(spinning.job));
    summing.release(runJsonataJob(summing.job));
    held.letGo();
    const spun = await runawayStart;
    const summed = await mappedStart;
    expect(await service.executions.waitFor(spun.executionArn)).toBe('FAILED');
    expect(await service.queries.describe(spun.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
    });
    expect(await service.executions.waitFor(summed.executionArn)).toBe('SUCCEEDED');
    const output = JSON.parse((await service.queries.describe(summed.executionArn)).output as string);
    expect(output).toEqual({ sum: 200010000, items: [1, 2, 3] });
    const { events } = await service.queries.history({ executionArn: summed.executionArn, maxResults: 1000 });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(await service.replay(summed.executionArn)).toEqual(events);
  }, 60_000);

  it('applies events sent to a waiting execution after its step, in order', async () => {
    const held = heldOffload();
    onTestFinished(() => held.letGo());
    const functions = inProcessFunctions({ echo: (e) => e });
    const { service } = await h.open({ functions, expressions: held.offload });
    await service.startEngine();
    const { stateMachineArn } = await service.machines.create({
      name: 'stalls',
      definition: JSON.stringify({
        StartAt: 'first',
        States: {
          first: invokeTask('echo', 'sum'),
          sum: { Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% ${BIG} %}`, Next: 'rest' },
          rest: { Type: 'Wait', Seconds: 100000, End: true },
        },
      }),
    });
    const quick = await service.machines.create({ name: 'quick', definition: JSON.stringify(passChain(3)) });
    const { executionArn } = await service.executions.start({ stateMachineArn, input: '{}' });
    const summing = await held.next();
    // The stop waits behind the step (whenever it is queued); other executions do not.
    const stopping = service.executions.stop(executionArn, 'Halt', 'stopped while summing');
    for (let n = 0; n < 3; n++) {
      const other = await service.executions.start({ stateMachineArn: quick.stateMachineArn, input: '{}' });
      expect(await service.executions.waitFor(other.executionArn)).toBe('SUCCEEDED');
    }

    summing.release(runJsonataJob(summing.job));
    held.letGo();
    await stopping;
    expect(await service.executions.waitFor(executionArn)).toBe('ABORTED');
    const { events } = await service.queries.history({ executionArn, maxResults: 1000 });
    expect(events.map((e) => e.type).slice(-6)).toEqual([
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'WaitStateEntered',
      'ExecutionAborted',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(await service.replay(executionArn)).toEqual(events);
  }, 60_000);
});
