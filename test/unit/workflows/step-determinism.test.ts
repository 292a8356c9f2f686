// The pure core: replaying the journaled events on fresh state gives the same history and state; the state is
// plain JSON, so it survives a serialise/parse round trip between any two events.
import { describe, expect, it } from 'vitest';
import {
  type HistoryEvent,
  type Json,
  newChildState,
  newExecutionState,
  type RunState,
  type StateMachineDefinition,
  step,
} from '../../../src/modules/workflows/index.js';
import { executionInfo, runPure } from './helpers.js';

const DEFINITION = {
  QueryLanguage: 'JSONPath',
  StartAt: 'Init',
  States: {
    Init: {
      Type: 'Pass',
      Assign: { n: 2 },
      Parameters: { 'items.$': 'States.ArrayRange(1, 4, 1)', 'id.$': 'States.UUID()' },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            Retry: [{ ErrorEquals: ['States.ALL'], JitterStrategy: 'FULL' }],
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
        { StartAt: 'R', States: { R: { Type: 'Pass', End: true } } },
      ],
      End: true,
    },
  },
} as StateMachineDefinition;

describe('step determinism', () => {
  it('replays to the same histories and states, with JSON round trips of the state in between', async () => {
    let calls = 0;
    const original = await runPure(DEFINITION, { start: true }, (cmd) =>
      ++calls % 3 === 0
        ? { type: 'taskFailed', taskId: cmd.taskId, error: 'Flaky', cause: '' }
        : { type: 'taskSucceeded', taskId: cmd.taskId, output: cmd.parameters },
    );
    expect(original.root.status).toBe('SUCCEEDED');

    const states = new Map<string, RunState>([['root', newExecutionState(executionInfo({ start: true }))]]);
    const history: HistoryEvent[] = [];
    for (const { runId, event } of original.journal) {
      let state = states.get(runId);
      if (state === undefined) {
        const start = original.commands.find(
          (c) => c.command.type === 'startChild' && c.command.childId === runId,
        )?.command;
        if (start?.type !== 'startChild') throw new Error(`no start for ${runId}`);
        state = newChildState(states.get('root') as RunState, runId, start.scope, start.variables);
      }
      const result = await step(DEFINITION, JSON.parse(JSON.stringify(state)) as RunState, event);
      states.set(runId, result.state);
      history.push(...result.history);
    }
    expect(history).toEqual(original.history);
    expect(JSON.parse(JSON.stringify(states.get('root')))).toEqual(JSON.parse(JSON.stringify(original.root)));
  });

  it('ignores events for runs that ended and for work no longer awaited', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } as StateMachineDefinition;
    const run = await runPure(definition, {});
    const stale = {
      type: 'taskSucceeded',
      taskId: 'root/task9',
      output: {} as Json,
      at: 0,
      historyId: 99,
      entropy: 'x',
    } as const;
    const again = await step(definition, run.root, stale);
    expect(again.commands).toEqual([]);
    expect(again.history).toEqual([]);
  });
});
