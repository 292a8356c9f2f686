// JSONata off the server's thread: expressions past the inline budget run in a worker pool that terminates
// runaways, with the same result (randomness included) as inline, and nothing else waits on them.
import { afterEach, describe, expect, it } from 'vitest';
import { AslError } from '../../../../src/modules/workflows/asl/errors.js';
import {
  evaluateJsonata,
  type JsonataScope,
} from '../../../../src/modules/workflows/asl/jsonata/evaluate.js';
import {
  type JsonataJob,
  type JsonataOffload,
  runJsonataJob,
} from '../../../../src/modules/workflows/asl/jsonata/run.js';
import { seededRandom } from '../../../../src/modules/workflows/asl/random.js';
import {
  ExpressionPool,
  ExpressRunner,
  type JsonataOffload as Offload,
  type StateMachineDefinition,
} from '../../../../src/modules/workflows/index.js';
import { until } from '../../../support/eventually.js';
import { dispatcherOf } from '../helpers.js';

/** Thirty million calls of a function: far past any timeout here even on a fast, idle machine (a million take about
 * a second), no big allocation. */
const RUNAWAY =
  '$reduce([1..999999], function($acc, $n) { $acc + $reduce([1..30], function($a, $b) { $a + $b }) }, 0)';
/** Past the inline budget (20,000 additions), well within any timeout. */
const BIG = '[$reduce([1..20000], function($acc, $n) { $acc + $n }, 0), $random(), $uuid()]';

let pool: ExpressionPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function scope(offload?: JsonataOffload): JsonataScope {
  return {
    states: { input: { n: 3 } },
    variables: { x: 2 },
    now: Date.UTC(2024, 0, 1),
    random: seededRandom('seed'),
    ...(offload === undefined ? {} : { offload }),
  };
}

async function failure(promise: Promise<unknown>): Promise<AslError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AslError);
  return error as AslError;
}

describe('JSONata expression pool', () => {
  it('evaluates small expressions inline: the pool never starts a worker', async () => {
    pool = new ExpressionPool({ size: 1 });
    const value = await evaluateJsonata(
      '$states.input.n * $x + $sum([1..1000])',
      'Output',
      scope(pool.evaluate),
    );
    expect(value).toBe(500_506);
    expect(pool.stats().workers).toBe(0);
  });

  it('hands a big expression to a worker with the same result and random sequence as inline', async () => {
    const jobs: JsonataJob[] = [];
    pool = new ExpressionPool({ size: 1 });
    const offload = pool.evaluate;
    const inline = scope();
    const offThread = scope((job) => {
      jobs.push(job);
      return offload(job);
    });
    expect(await evaluateJsonata(BIG, 'Output', offThread)).toEqual(
      await evaluateJsonata(BIG, 'Output', inline),
    );
    expect(jobs).toHaveLength(1);
    // The step continues the sequence where the worker left it.
    expect(offThread.random.next()).toBe(inline.random.next());
  });

  it('terminates a runaway at the timeout with States.QueryEvaluationError, and replaces its worker', async () => {
    pool = new ExpressionPool({ size: 1, timeoutMs: 2000 });
    const warm = await evaluateJsonata(BIG, 'Output', scope(pool.evaluate));
    expect(Array.isArray(warm)).toBe(true);
    const [runawayThread] = pool.stats().threadIds;
    expect(runawayThread).toBeDefined();

    const error = await failure(evaluateJsonata(RUNAWAY, 'Output', scope(pool.evaluate)));
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.cause).toMatch(/Evaluation timeout after 2000 milliseconds/);
    // The thread that ran it is gone: terminated, not left burning a core in the background.
    expect(pool.stats()).toMatchObject({ terminated: 1, workers: 0, busy: 0 });

    await evaluateJsonata(BIG, 'Output', scope(pool.evaluate));
    const { threadIds } = pool.stats();
    expect(threadIds).toHaveLength(1);
    expect(threadIds).not.toContain(runawayThread);
  });

  it('fails a job still waiting for a worker at the timeout, while the pool stays bounded', async () => {
    pool = new ExpressionPool({ size: 1, timeoutMs: 3000 });
    await evaluateJsonata(BIG, 'Output', scope(pool.evaluate));
    const runs = [1, 2, 3, 4].map(() => failure(evaluateJsonata(RUNAWAY, 'Output', scope(pool?.evaluate))));
    await until(() => pool?.stats().busy === 1);
    expect(pool.stats()).toMatchObject({ workers: 1, queued: 3 });
    for (const error of await Promise.all(runs)) expect(error.error).toBe('States.QueryEvaluationError');
    expect(pool.stats().terminated).toBeGreaterThanOrEqual(1);
    expect(pool.stats().workers).toBeLessThanOrEqual(1);
    expect(pool.stats().busy).toBe(0);
  });

  it('fails an expression that outgrows the worker heap instead of the server', async () => {
    pool = new ExpressionPool({ size: 1, timeoutMs: 120_000, memoryMb: 128 });
    const hog = '$count($map([1..1000], function($i) { [1..900000] }))';
    const error = await failure(evaluateJsonata(hog, 'Output', scope(pool.evaluate)));
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.cause).toMatch(/ran out of memory/);
  });

  it('maps errors, undefined and functions the same way off-thread as inline', async () => {
    pool = new ExpressionPool({ size: 1 });
    const sum = '$reduce([1..20000], function($acc, $n) { $acc + $n }, 0)';
    for (const body of [`${sum} + $error("boom")`, `${sum} > 0 ? $nothing : 1`, `${sum} > 0 ? $sum : 1`]) {
      const inline = await failure(evaluateJsonata(body, 'Output', scope()));
      const offThread = await failure(evaluateJsonata(body, 'Output', scope(pool.evaluate)));
      expect(offThread.cause).toBe(inline.cause);
    }
    expect(pool.stats().workers).toBe(1);
  });

  it('stops sequences at a million items, inline and off-thread alike', async () => {
    pool = new ExpressionPool({ size: 1 });
    const body = '$reduce([1..3000000], function($acc, $n) { $acc + $n }, 0)';
    const inline = await failure(evaluateJsonata(body, 'Output', scope()));
    const offThread = await failure(evaluateJsonata(body, 'Output', scope(pool.evaluate)));
    expect(offThread.cause).toBe(inline.cause);
    expect(offThread.cause).toMatch(/D2015/);
  });

  it('builds only literal ranges known to be small inline: a range is one native call', async () => {
    let offloaded = 0;
    const counting: JsonataOffload = (job) => {
      offloaded += 1;
      return runJsonataJob(job);
    };
    expect(await evaluateJsonata('$count([1..50])', 'Output', scope(counting))).toBe(50);
    expect(offloaded).toBe(0);
    expect(await evaluateJsonata('$count([1..$x])', 'Output', scope(counting))).toBe(2);
    expect(await evaluateJsonata('$count([1..200000])', 'Output', scope(counting))).toBe(200_000);
    expect(offloaded).toBe(2);
  });

  it('shares one inline budget between all expressions of a step: a long loop goes off-thread too', async () => {
    // 3,000 rounds of a Choice and a Pass in one step, each expression a handful of nodes.
    const loop = {
      QueryLanguage: 'JSONata',
      StartAt: 'init',
      States: {
        init: { Type: 'Pass', Assign: { i: 0 }, Next: 'more' },
        more: { Type: 'Choice', Choices: [{ Condition: '{% $i < 3000 %}', Next: 'add' }], Default: 'done' },
        add: { Type: 'Pass', Assign: { i: '{% $i + 1 %}' }, Next: 'more' },
        done: { Type: 'Pass', Output: '{% $i %}', End: true },
      },
    } as unknown as StateMachineDefinition;
    let offloaded = 0;
    const counting: Offload = (job) => {
      offloaded += 1;
      return runJsonataJob(job);
    };
    const run = (expressions?: Offload) =>
      new ExpressRunner({ dispatcher: dispatcherOf({}), ...(expressions ? { expressions } : {}) }).run({
        definition: loop,
        input: {},
        history: 'none',
      });
    const inline = await run();
    const shared = await run(counting);
    expect(shared).toMatchObject({ status: 'SUCCEEDED', output: 3000 });
    expect(shared.output).toEqual(inline.output);
    // About 3 nodes each: some 3,300 of the 6,002 expressions fit the step's budget, the rest ran past it.
    expect(offloaded).toBeGreaterThan(2000);
  });
});
