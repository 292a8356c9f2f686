// How the dashboard colours an execution graph: each state's outcome read from the event history.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../web/src/api/types.js';
import { stateRuns } from '../../../web/src/views/state-outcomes.js';

/** Events chained by previousEventId, as Step Functions numbers them. */
function history(
  ...events: readonly (readonly [string, Record<string, unknown>?, number?])[]
): HistoryEvent[] {
  return events.map(([type, details = {}, previous], i) => ({
    id: i + 1,
    previousEventId: previous ?? i,
    timestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    type,
    ...details,
  }));
}

const entered = (name: string, input = '{}') =>
  ['TaskStateEntered', { stateEnteredEventDetails: { name, input } }] as const;
const exited = (name: string, output = '{}') =>
  ['TaskStateExited', { stateExitedEventDetails: { name, output } }] as const;
const failed = (error: string) =>
  ['TaskFailed', { taskFailedEventDetails: { error, cause: 'why' } }] as const;

describe('state outcomes', () => {
  it('marks the failing task failed and the ones before it succeeded', () => {
    const runs = stateRuns(
      history(
        ['ExecutionStarted'],
        entered('a', '{"x":1}'),
        ['TaskScheduled'],
        ['TaskSucceeded'],
        exited('a', '{"y":2}'),
        entered('b'),
        ['TaskScheduled'],
        failed('THRESHOLD_CONFIDENCE_NOT_MET'),
        ['ExecutionFailed', { executionFailedEventDetails: { error: 'THRESHOLD_CONFIDENCE_NOT_MET' } }],
      ),
      true,
    );
    expect(runs.get('a')).toMatchObject({ outcome: 'succeeded', input: '{"x":1}', output: '{"y":2}' });
    expect(runs.get('b')).toMatchObject({
      outcome: 'failed',
      failed: 1,
      error: 'THRESHOLD_CONFIDENCE_NOT_MET',
    });
  });

  it('counts a task that failed and then succeeded on retry as succeeded', () => {
    const runs = stateRuns(
      history(
        entered('a'),
        ['TaskScheduled'],
        failed('Lambda.ServiceException'),
        ['TaskScheduled'],
        ['TaskSucceeded'],
        exited('a'),
      ),
      true,
    );
    expect(runs.get('a')).toMatchObject({ outcome: 'succeeded', failed: 0, succeeded: 1 });
  });

  it('marks a failure a Catch handled as caught, and its handler as run', () => {
    const runs = stateRuns(
      history(
        entered('a'),
        ['TaskScheduled'],
        failed('States.TaskFailed'),
        exited('a'),
        ['PassStateEntered', { stateEnteredEventDetails: { name: 'handler', input: '{}' } }],
        ['PassStateExited', { stateExitedEventDetails: { name: 'handler', output: '{}' } }],
      ),
      true,
    );
    expect(runs.get('a')).toMatchObject({ outcome: 'caught', caught: 1, error: 'States.TaskFailed' });
    expect(runs.get('handler')?.outcome).toBe('succeeded');
  });

  it('shows a state still entered as running, or cancelled once the execution ended', () => {
    const events = history(entered('a'), ['TaskScheduled'], ['TaskStarted']);
    expect(stateRuns(events, false).get('a')?.outcome).toBe('running');
    expect(stateRuns(events, true).get('a')?.outcome).toBe('aborted');
  });

  it('adds up the iterations of a Map state that run side by side', () => {
    const events = history(
      ['MapStateEntered', { stateEnteredEventDetails: { name: 'map', input: '[1,2]' } }],
      ['MapIterationStarted', {}, 1],
      ['MapIterationStarted', {}, 1],
      ['TaskStateEntered', { stateEnteredEventDetails: { name: 'one', input: '1' } }, 2],
      ['TaskStateEntered', { stateEnteredEventDetails: { name: 'one', input: '2' } }, 3],
      ['TaskFailed', { taskFailedEventDetails: { error: 'Boom' } }, 4],
      ['TaskSucceeded', {}, 5],
      ['TaskStateExited', { stateExitedEventDetails: { name: 'one', output: '2' } }, 7],
    );
    expect(stateRuns(events, false).get('one')).toMatchObject({
      outcome: 'failed',
      entered: 2,
      succeeded: 1,
      failed: 1,
    });
  });
});
