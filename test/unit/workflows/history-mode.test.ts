// History modes: a step that records no history ('none') changes states, commands, event ids, outputs and
// errors exactly as one that records it all ('full'); only the history events are left out.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/kernel/clock.js';
import {
  ExpressRunner,
  type HistoryMode,
  type Json,
  loadTestCases,
  type StateMachineDefinition,
  type TestCase,
} from '../../../src/modules/workflows/index.js';
import { stubDispatcher } from '../../../src/modules/workflows/testing/stub-dispatcher.js';
import { conformanceCases } from '../../support/shared-data.js';
import { dispatcherOf, ok, raise, runPure, START } from './helpers.js';

const CASES = conformanceCases();

const MIXED = {
  StartAt: 'Init',
  States: {
    Init: {
      Type: 'Pass',
      Assign: { n: 2 },
      Parameters: { 'items.$': 'States.ArrayRange(1, 5, 1)', 'id.$': 'States.UUID()' },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ToleratedFailureCount: 1,
      ResultPath: '$.results',
      ItemProcessor: {
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'work', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1, JitterStrategy: 'FULL' }],
            Next: 'Pause',
          },
          Pause: { Type: 'Wait', Seconds: 1, End: true },
        },
      },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'L',
          States: { L: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $random() %}', End: true } },
        },
        { StartAt: 'R', States: { R: { Type: 'Fail', Error: 'Boom', Cause: 'right' } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Bad' }],
      End: true,
    },
    Bad: { Type: 'Pass', Parameters: { 'missing.$': '$.nowhere' }, End: true },
  },
} as unknown as StateMachineDefinition;

describe('history modes in the pure core', () => {
  it('assigns the same ids and issues the same commands without recording history', async () => {
    let calls = 0;
    const onTask = (mode: HistoryMode) => {
      calls = 0;
      return runPure(
        MIXED,
        { start: true },
        (cmd) =>
          ++calls % 3 === 0
            ? { type: 'taskFailed', taskId: cmd.taskId, error: 'Flaky', cause: '' }
            : { type: 'taskSucceeded', taskId: cmd.taskId, output: { Payload: cmd.parameters } },
        { history: mode },
      );
    };
    const full = await onTask('full');
    const none = await onTask('none');

    expect(full.root.status).toBe('FAILED');
    expect(full.root.cause).toContain('entered at the event id #');
    expect(none.history).toEqual([]);
    expect(none.root).toEqual(full.root);
    expect(none.journal).toEqual(full.journal);
    expect(none.steps).toEqual(full.steps);
    expect(full.steps.reduce((sum, s) => sum + s.historyCount, 0)).toBe(full.history.length);
    expect(full.history.map((e) => e.id)).toEqual(full.history.map((_, i) => i + 1));
  });

  it('fails an oversized payload the same way whether or not its text is written', async () => {
    const big = 'x'.repeat(262_144);
    const definition = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Result: { big }, End: true } },
    } as unknown as StateMachineDefinition;
    const full = await runPure(definition, {}, undefined, { history: 'full' });
    const none = await runPure(definition, {}, undefined, { history: 'none' });
    expect(full.root.error).toBe('States.DataLimitExceeded');
    expect(none.root).toEqual(full.root);
  });
});

describe('history modes in the express runner', () => {
  const clock: Clock = { now: () => START };

  async function outcome(definition: object, mode: HistoryMode) {
    const runner = new ExpressRunner({
      dispatcher: dispatcherOf({ work: (p) => (p === 3 ? raise('Nope') : ok(p)) }),
      timeScale: 0,
      clock,
      entropy: () => 'fixed',
    });
    return runner.run({
      definition: definition as StateMachineDefinition,
      input: { start: true },
      name: 'run',
      history: mode,
    });
  }

  it("keeps no history with 'none', and ends the same way", async () => {
    const full = await outcome(MIXED, 'full');
    const none = await outcome(MIXED, 'none');
    expect(full.history.length).toBeGreaterThan(20);
    expect(none.history).toEqual([]);
    expect(none.status).toBe(full.status);
    expect(none.error).toBe(full.error);
    expect(none.cause).toBe(full.cause);
    expect(none.output).toEqual(full.output);
  });

  it('records the full history by default', async () => {
    const runner = new ExpressRunner({ dispatcher: dispatcherOf({}), timeScale: 0 });
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } as StateMachineDefinition;
    const result = await runner.run({ definition, input: { a: 1 } });
    expect(result.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('gives every conformance case the same status, output, error and cause in both modes', async () => {
    const cases = await loadTestCases([CASES]);
    expect(cases.length).toBe(529);
    const differences: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const testCase = cases[i] as TestCase;
        const [full, none] = [await runCase(testCase, 'full'), await runCase(testCase, 'none')];
        if (JSON.stringify(full) !== JSON.stringify(none)) differences.push(testCase.name);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(differences).toEqual([]);
    expect(ran).toBeGreaterThan(500);
  });

  let ran = 0;

  async function runCase(testCase: TestCase, mode: HistoryMode): Promise<Json> {
    const runner = new ExpressRunner({
      dispatcher: stubDispatcher(testCase.stubs),
      timeScale: 0,
      clock,
      entropy: () => 'fixed',
    });
    try {
      const result = await runner.run({
        definition: testCase.definition,
        input: testCase.input,
        mocks: testCase.mocks,
        name: 'case',
        history: mode,
      });
      ran += mode === 'none' ? 1 : 0;
      // The execution ARN ends with a random id; everything else is fixed by the clock and the entropy.
      const text = JSON.stringify({
        status: result.status,
        output: result.output ?? null,
        error: result.error ?? null,
        cause: result.cause ?? null,
      });
      return text.replaceAll(result.executionArn, '<arn>');
    } catch (error) {
      return { thrown: error instanceof Error ? error.message : String(error) };
    }
  }
});
