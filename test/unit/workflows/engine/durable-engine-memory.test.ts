// The durable engine alone, on the in-memory execution journal (no database): it runs executions, another engine
// takes over those of one that stopped dead, and an engine whose lease was taken lets its execution go.
import { afterEach, describe, expect, it } from 'vitest';
import { isSconesError } from '../../../../src/kernel/errors.js';
import { DurableEngine } from '../../../../src/modules/workflows/engine/durable/durable-engine.js';
import type { ExecutionJournal } from '../../../../src/modules/workflows/engine/durable/journal/execution-journal.js';
import { executionInfoOf } from '../../../../src/modules/workflows/engine/execution-info.js';
import { workflowDispatcher } from '../../../../src/modules/workflows/engine/tasks/workflow-dispatcher.js';
import { type FunctionInvoker, memoryExecutionJournal } from '../../../../src/modules/workflows/index.js';
import { parseDefinition } from '../../../../src/modules/workflows/state-machines.js';
import { until } from '../../../support/eventually.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function';
const engines: DurableEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** A function `name` answering with `answer` (a promise that may never settle: a task in flight). */
function invoker(answer: () => Promise<unknown>, calls: string[]): FunctionInvoker {
  return {
    async invoke(invocation) {
      calls.push(invocation.functionName);
      return { payload: JSON.stringify(await answer()), executedVersion: '$LATEST' };
    },
  };
}

function engine(journal: ExecutionJournal, functions: FunctionInvoker, now?: () => number): DurableEngine {
  const created = new DurableEngine({
    journal,
    dispatcher: workflowDispatcher({ functions }),
    pollMs: 20,
    ...(now === undefined ? {} : { clock: { now } }),
  });
  engines.push(created);
  return created;
}

const definitionText = JSON.stringify({
  StartAt: 'work',
  States: {
    work: {
      Type: 'Task',
      Resource: `${LAMBDA}:work`,
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 1 }],
      Next: 'done',
    },
    done: { Type: 'Pass', End: true },
  },
});

function begin(on: DurableEngine, name: string, text = definitionText): Promise<string> {
  const row = {
    arn: `arn:aws:states:us-east-1:000000000000:execution:m:${name}`,
    machine_arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
    machine_name: 'm',
    version_arn: null,
    alias_arn: null,
    name,
    status: 'RUNNING' as const,
    input: '{"n":1}',
    output: null,
    error: null,
    cause: null,
    start_date: 1_765_000_000_000,
    stop_date: null,
    role_arn: 'arn:aws:iam::000000000000:role/r',
    trace_header: null,
  };
  const info = executionInfoOf(row);
  const setup = { row, definitionText: text, definition: parseDefinition(text), info, input: { n: 1 } };
  return on.begin(setup).then(() => row.arn);
}

describe('durable engine on the memory journal', () => {
  it('runs an execution to its end and keeps its outcome', async () => {
    const journal = memoryExecutionJournal();
    const calls: string[] = [];
    const one = engine(
      journal,
      invoker(async () => ({ ok: true }), calls),
    );
    const arn = await begin(one, 'simple');
    const end = await (one.whenEnded(arn) ?? Promise.reject(new Error('not driven')));
    expect(end).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}' });
    expect((await journal.load(arn))?.row).toMatchObject({ status: 'SUCCEEDED', owner: null });
    expect(calls).toHaveLength(1);
  });

  it('lets another engine take over the executions of one that stopped dead', async () => {
    const journal = memoryExecutionJournal();
    const firstCalls: string[] = [];
    const first = engine(
      journal,
      invoker(() => new Promise(() => {}), firstCalls),
    );
    const arn = await begin(first, 'crashed');
    await until(() => firstCalls.length === 1, { what: 'the first engine to call the task' });
    await first.close({ release: false });
    const secondCalls: string[] = [];
    const second = engine(
      journal,
      invoker(async () => ({ again: true }), secondCalls),
    );
    const running = await journal.candidate(arn);
    expect(running?.owner).not.toBeNull();
    await second.start();
    expect(second.owns(arn)).toBe(true);
    const end = await (second.whenEnded(arn) ?? Promise.reject(new Error('not driven')));
    // The task in flight at the stop failed as lost; its Retry ran it again, on the second engine only.
    expect(end).toMatchObject({ status: 'SUCCEEDED', output: '{"again":true}' });
    expect([firstCalls.length, secondCalls.length]).toEqual([1, 1]);
  });

  it('lets an execution go when another engine took it over after its lease ran out', async () => {
    const journal = memoryExecutionJournal();
    let now = 1_765_000_000_000;
    const calls: string[] = [];
    const waitText = JSON.stringify({
      StartAt: 'w',
      States: { w: { Type: 'Wait', Seconds: 86_400, End: true } },
    });
    const first = engine(
      journal,
      invoker(async () => ({}), calls),
      () => now,
    );
    const arn = await begin(first, 'leased', waitText);
    const second = engine(
      journal,
      invoker(async () => ({}), calls),
      () => now,
    );
    expect(await second.adopt(arn)).toBe(false);
    now += 60 * 60_000; // far past the lease and its grace, with no renewal (the first engine hung)
    expect(await second.adopt(arn)).toBe(true);
    const lost = first.deliver(arn, 'root', { type: 'abort', error: 'Stale' });
    const error = await (lost ?? Promise.resolve()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSconesError(error) && error.code).toBe('WORKFLOW_EXECUTION_NOT_OWNED');
    expect(first.owns(arn)).toBe(false);
    await second.deliver(arn, 'root', { type: 'abort', error: 'Stopped' });
    expect((await journal.load(arn))?.row).toMatchObject({ status: 'ABORTED', error: 'Stopped' });
  });
});
