// Resuming after a crash, in process: an engine stops dead mid-run (no release, no final commit), a new one on the
// same database takes its executions over at once and finishes them. A task in flight at the crash is never run
// again silently: it fails with Lambda.ServiceException, which a declared Retry re-invokes and which otherwise
// fails the execution (AWS Standard workflows run a task at most once).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowService } from '../../../src/modules/workflows/index.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { until } from '../../support/eventually.js';
import { type Harness, harness, inProcessFunctions, invokeTask, LAMBDA } from './support.js';

let h: Harness;

/** A function that blocks until released, counting its calls per execution. */
function gate() {
  const calls = new Map<string, number>();
  let release: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    entered = resolve;
  });
  return {
    calls,
    reached,
    open: () => release(),
    reset: () => {
      opened = Promise.resolve();
    },
    handler: async (event: unknown) => {
      const id = (event as { id: string }).id;
      calls.set(id, (calls.get(id) ?? 0) + 1);
      entered();
      await opened;
      return { ...(event as object), slow: true };
    },
  };
}

const LOST = /outcome of this task was lost/;

/** The Retry the AWS console's Lambda task snippet declares (without its other errors). */
const retryLost = [
  { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
];

const definition = {
  StartAt: 'first',
  States: {
    first: invokeTask('count', 'slow'),
    slow: { ...invokeTask('slow', 'pause'), Retry: retryLost },
    pause: { Type: 'Wait', Seconds: 1, Next: 'fanout' },
    fanout: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'each', States: { each: invokeTask('count') } },
      ResultPath: '$.mapped',
      Next: 'last',
    },
    last: invokeTask('count'),
  },
};

for (const db of DB_MATRIX)
  describe(`crash and resume (${db.name})`, () => {
    beforeEach(async () => {
      h = await harness(db);
    });
    afterEach(() => h.cleanup());

    it('resumes every execution from its last committed step, retrying the task in flight', async () => {
      const counted: string[] = [];
      const slow = gate();
      const handlers = {
        count: (e: unknown) => {
          const event = e as { id?: string; item?: number };
          counted.push(event.item === undefined ? `${event.id}` : `item${event.item}`);
          return e;
        },
        slow: slow.handler,
      };
      const first = await h.open({ functions: inProcessFunctions(handlers), timeScale: 0.05 });
      await first.service.startEngine();
      const { stateMachineArn } = await first.service.machines.create({
        name: 'm',
        definition: JSON.stringify(definition),
      });
      const start = (service: WorkflowService, id: string) =>
        service.executions.start({
          stateMachineArn,
          name: id,
          input: JSON.stringify({ id, items: [{ item: 1 }, { item: 2 }] }),
        });
      const arns = [
        (await start(first.service, 'a')).executionArn,
        (await start(first.service, 'b')).executionArn,
      ];
      await slow.reached;
      await until(() => slow.calls.size === 2);
      await first.service.engine.close({ release: false });
      await first.database.close();
      expect(counted).toEqual(['a', 'b']);

      slow.reset();
      slow.open();
      const second = await h.open({ functions: inProcessFunctions(handlers), timeScale: 0.05 });
      await second.service.startEngine();
      for (const arn of arns) expect(await second.service.executions.waitFor(arn)).toBe('SUCCEEDED');
      // The first task's result was committed before the crash: it never runs again, so each id is counted once by
      // `first` and once by `last`. The two executions run concurrently after the resume, in either order.
      const perExecution = counted.filter((c) => c === 'a' || c === 'b').sort();
      expect(perExecution).toEqual(['a', 'a', 'b', 'b']);
      // The slow task was in flight at the crash: it failed with Lambda.ServiceException and its Retry ran it again.
      expect([...slow.calls.values()]).toEqual([2, 2]);
      const output = JSON.parse((await second.service.queries.describe(arns[0] as string)).output as string);
      expect(output).toMatchObject({ id: 'a', slow: true, mapped: [{ item: 1 }, { item: 2 }] });
      const { events } = await second.service.queries.history({
        executionArn: arns[0] as string,
        maxResults: 1000,
      });
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(5);
      const failed = events.filter((e) => e.type === 'TaskFailed');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.taskFailedEventDetails).toMatchObject({
        error: 'Lambda.ServiceException',
        cause: expect.stringMatching(LOST),
        resourceType: 'lambda',
        resource: 'invoke',
      });
      // The journal of applied events replays to exactly the committed history, across the crash.
      for (const arn of arns) {
        const history = await second.service.queries.history({ executionArn: arn, maxResults: 1000 });
        expect(await second.service.replay(arn)).toEqual(history.events);
      }
    });

    it('fails a task in flight at the crash, in the root run or a Map iteration, when no Retry is declared', async () => {
      const slow = gate();
      const functions = inProcessFunctions({ slow: slow.handler });
      const first = await h.open({ functions, timeScale: 0.05 });
      await first.service.startEngine();
      const machine = async (name: string, state: Record<string, unknown>) =>
        (
          await first.service.machines.create({
            name,
            definition: JSON.stringify({ StartAt: 'step', States: { step: state } }),
          })
        ).stateMachineArn;
      // A plain Lambda function ARN (LambdaFunction* events), and lambda:invoke inside a Map iteration (a child run).
      const plain = await machine('plain', { Type: 'Task', Resource: `${LAMBDA}:slow`, End: true });
      const mapped = await machine('mapped', {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'each', States: { each: invokeTask('slow') } },
        End: true,
      });
      const arns = [
        (await first.service.executions.start({ stateMachineArn: plain, name: 'p', input: '{"id":"p"}' }))
          .executionArn,
        (
          await first.service.executions.start({
            stateMachineArn: mapped,
            name: 'm',
            input: '{"items":[{"id":"m"}]}',
          })
        ).executionArn,
      ];
      await until(() => slow.calls.size === 2);
      await first.service.engine.close({ release: false });
      await first.database.close();

      slow.open();
      const second = await h.open({ functions, timeScale: 0.05 });
      await second.service.startEngine();
      for (const arn of arns) expect(await second.service.executions.waitFor(arn)).toBe('FAILED');
      // Invoked once, before the crash; never again.
      expect(Object.fromEntries(slow.calls)).toEqual({ p: 1, m: 1 });
      for (const arn of arns) {
        const described = await second.service.queries.describe(arn);
        expect(described.error).toBe('Lambda.ServiceException');
        expect(described.cause).toMatch(LOST);
      }
      const plainEvents = (await second.service.queries.history({ executionArn: arns[0] as string })).events;
      expect(plainEvents.map((e) => e.type)).toContain('LambdaFunctionFailed');
      const mapEvents = (await second.service.queries.history({ executionArn: arns[1] as string })).events;
      expect(mapEvents.map((e) => e.type)).toEqual(
        expect.arrayContaining(['TaskFailed', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']),
      );
      for (const arn of arns) {
        const history = await second.service.queries.history({ executionArn: arn, maxResults: 1000 });
        expect(history.events.map((e) => e.id)).toEqual(history.events.map((_, i) => i + 1));
        expect(await second.service.replay(arn)).toEqual(history.events);
      }
    });

    it('leaves executions started without an engine to the next one that starts', async () => {
      const cli = await h.open();
      const { stateMachineArn } = await cli.service.machines.create({
        name: 'later',
        definition: JSON.stringify({
          StartAt: 'w',
          States: { w: { Type: 'Wait', Seconds: 0, Next: 'p' }, p: { Type: 'Pass', End: true } },
        }),
      });
      const { executionArn } = await cli.service.executions.start({
        stateMachineArn,
        name: 'x',
        input: '{"v":1}',
      });
      expect((await cli.service.queries.describe(executionArn)).status).toBe('RUNNING');
      const server = await h.open();
      await server.service.startEngine();
      expect(await server.service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      expect((await cli.service.queries.describe(executionArn)).output).toBe('{"v":1}');
    });

    it('delivers StopExecution and task tokens from a process that does not drive the execution', async () => {
      const definitionWithToken = {
        StartAt: 'callback',
        States: {
          callback: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'hand-over', Payload: { 'token.$': '$$.Task.Token' } },
            End: true,
          },
        },
      };
      const tokens: string[] = [];
      const functions = inProcessFunctions({
        'hand-over': (e) => void tokens.push((e as { token: string }).token),
      });
      const server = await h.open({ functions });
      await server.service.startEngine();
      const other = await h.open();
      const { stateMachineArn } = await server.service.machines.create({
        name: 'cb',
        definition: JSON.stringify(definitionWithToken),
      });
      const one = await server.service.executions.start({ stateMachineArn, name: 'one' });
      const two = await server.service.executions.start({ stateMachineArn, name: 'two' });
      await until(() => tokens.length === 2);
      await until(async () =>
        (await server.service.queries.history({ executionArn: two.executionArn })).events.some(
          (e) => e.type === 'TaskSubmitted',
        ),
      );
      await other.service.tasks.sendTaskSuccess(tokens[0] as string, '{"done":true}');
      await other.service.executions.stop(two.executionArn, 'Stopped', 'by a test');
      expect(await server.service.executions.waitFor(one.executionArn)).toBe('SUCCEEDED');
      expect(await server.service.executions.waitFor(two.executionArn)).toBe('ABORTED');
      expect((await other.service.queries.describe(one.executionArn)).output).toBe('{"done":true}');
      await expect(other.service.tasks.sendTaskSuccess(tokens[1] as string, '{}')).rejects.toMatchObject({
        code: 'WORKFLOW_TASK_TOKEN_NOT_FOUND',
      });
    });
  });
