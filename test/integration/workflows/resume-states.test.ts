// What survives a crash besides plain tasks: Parallel branches waiting on timers, callback tasks already handed
// over (their token still works, the task is not invoked again), and retries waiting for their delay.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { until } from '../../support/eventually.js';
import { type Harness, harness, inProcessFunctions, invokeTask } from './support.js';

let h: Harness;

for (const db of DB_MATRIX)
  describe(`resuming (${db.name})`, () => {
    beforeEach(async () => {
      h = await harness(db);
    });
    afterEach(() => h.cleanup());

    it('resumes Parallel branches waiting on timers, callback tasks and retry delays', async () => {
      const calls: string[] = [];
      const tokens: string[] = [];
      let flaky = 0;
      const handlers = {
        'hand-over': (e: unknown) => {
          calls.push('hand-over');
          tokens.push((e as { token: string }).token);
        },
        flaky: () => {
          calls.push('flaky');
          flaky += 1;
          if (flaky === 1) {
            const error = new Error('try again');
            error.name = 'Lambda.ServiceException';
            throw error;
          }
          return { flaky: 'ok' };
        },
      };
      const definition = {
        StartAt: 'both',
        States: {
          both: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'w1',
                States: {
                  w1: { Type: 'Wait', Seconds: 1, Next: 'p1' },
                  p1: { Type: 'Pass', Result: 1, End: true },
                },
              },
              {
                StartAt: 'cb',
                States: {
                  cb: {
                    Type: 'Task',
                    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                    Parameters: { FunctionName: 'hand-over', Payload: { 'token.$': '$$.Task.Token' } },
                    End: true,
                  },
                },
              },
              {
                StartAt: 'retry',
                States: {
                  retry: {
                    ...invokeTask('flaky'),
                    Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 2 }],
                  },
                },
              },
            ],
            End: true,
          },
        },
      };
      const first = await h.open({ functions: inProcessFunctions(handlers), timeScale: 0.5 });
      await first.service.startEngine();
      const { stateMachineArn } = await first.service.machines.create({
        name: 'par',
        definition: JSON.stringify(definition),
      });
      const { executionArn } = await first.service.executions.start({ stateMachineArn, name: 'p' });
      await until(async () => {
        const { events } = await first.service.queries.history({ executionArn, maxResults: 1000 });
        return events.some((e) => e.type === 'TaskSubmitted') && events.some((e) => e.type === 'TaskFailed');
      });
      await first.service.engine.close({ release: false });
      await first.database.close();
      expect(calls.sort()).toEqual(['flaky', 'hand-over']);

      const second = await h.open({ functions: inProcessFunctions(handlers), timeScale: 0.5 });
      await second.service.startEngine();
      await until(() => second.service.engine.owns(executionArn));
      await second.service.tasks.sendTaskSuccess(tokens[0] as string, '"called back"');
      expect(await second.service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      expect(JSON.parse((await second.service.queries.describe(executionArn)).output as string)).toEqual([
        1,
        'called back',
        { flaky: 'ok' },
      ]);
      // The callback task was handed over before the crash: only its token was awaited afterwards.
      expect(calls.sort()).toEqual(['flaky', 'flaky', 'hand-over']);
      const { events } = await second.service.queries.history({ executionArn, maxResults: 1000 });
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(await second.service.replay(executionArn)).toEqual(events);
    });

    it('times an execution out across a restart', async () => {
      const definition = {
        TimeoutSeconds: 1,
        StartAt: 'w',
        States: { w: { Type: 'Wait', Seconds: 3600, End: true } },
      };
      const first = await h.open();
      await first.service.startEngine();
      const { stateMachineArn } = await first.service.machines.create({
        name: 'slow',
        definition: JSON.stringify(definition),
      });
      const { executionArn } = await first.service.executions.start({ stateMachineArn, name: 't' });
      await first.service.engine.close({ release: false });
      await first.database.close();
      const second = await h.open();
      await second.service.startEngine();
      expect(await second.service.executions.waitFor(executionArn)).toBe('TIMED_OUT');
      expect(await second.service.queries.describe(executionArn)).toMatchObject({ error: 'States.Timeout' });
    });
  });
