// The run tree both execution kinds share: which commands start, stop and end runs, and the time-scale rule.
import { describe, expect, it } from 'vitest';
import type { Command, StartChildCommand } from '../../../../src/modules/workflows/asl/commands.js';
import { newExecutionState } from '../../../../src/modules/workflows/asl/run-state.js';
import { type RunEffects, type RunNode, RunTree } from '../../../../src/modules/workflows/engine/run-tree.js';
import { timerDelay } from '../../../../src/modules/workflows/engine/timer-delay.js';
import { executionInfo } from '../helpers.js';

/** Effects that write down what the tree asked for, in order. */
function recorder(): { effects: RunEffects<RunNode, string>; calls: string[] } {
  const calls: string[] = [];
  const effects: RunEffects<RunNode, string> = {
    startWork: (runId, id, command, ctx) => calls.push(`${ctx} work ${runId} ${id} ${command.type}`),
    cancelWork: (id) => calls.push(`cancelWork ${id}`),
    startTimer: (runId, command) => calls.push(`timer ${runId} ${command.timerId}`),
    cancelTimer: (timerId) => calls.push(`cancelTimer ${timerId}`),
    newChild: (parent, state) => ({ state, parent }),
    childStarted: (childId, child) => calls.push(`started ${childId} under ${child.parent}`),
    runStopped: (runId) => calls.push(`stopped ${runId}`),
    childEnded: (runId, _child, end) => calls.push(`ended ${runId} ${end.type}`),
    rootEnded: (root) => calls.push(`rootEnded ${root.state.runId}`),
  };
  return { effects, calls };
}

const startChild = (childId: string): StartChildCommand =>
  ({
    type: 'startChild',
    childId,
    scope: childId,
    variables: {},
    input: {},
    parentEventId: 1,
  }) as StartChildCommand;

function treeWithRoot(): { tree: RunTree<RunNode>; root: RunNode } {
  const tree = new RunTree<RunNode>();
  const root: RunNode = { state: newExecutionState(executionInfo()), parent: null };
  tree.set('root', root);
  return { tree, root };
}

describe('RunTree', () => {
  it('starts child runs from their parent and stops a run with everything under it', () => {
    const { tree, root } = treeWithRoot();
    const { effects, calls } = recorder();
    tree.apply('root', root, startChild('a'), effects, 'r1');
    tree.apply('a', tree.get('a') as RunNode, startChild('a/b'), effects, 'r1');
    tree.apply('root', root, startChild('c'), effects, 'r1');
    expect(tree.get('a/b')?.state.runId).toBe('a/b');
    expect(tree.get('a/b')?.state.execution).toBe(root.state.execution);
    tree.apply('root', root, { type: 'stopChild', childId: 'a' }, effects, 'r2');
    tree.apply('root', root, { type: 'stopChild', childId: 'a' }, effects, 'r2');
    expect(calls).toEqual([
      'started a under root',
      'started a/b under a',
      'started c under root',
      'stopped a',
      'stopped a/b',
    ]);
    expect([...tree.keys()]).toEqual(['root', 'c']);
  });

  it('tells the parent when a child ends, and the execution when the root does', () => {
    const { tree, root } = treeWithRoot();
    const { effects, calls } = recorder();
    tree.apply('root', root, startChild('a'), effects, 'r');
    const child = tree.get('a') as RunNode;
    tree.apply('a', child, { type: 'fail', status: 'FAILED', error: 'E', cause: 'c' }, effects, 'r');
    tree.apply('root', root, { type: 'complete', output: 1 }, effects, 'r');
    expect(calls).toEqual(['started a under root', 'ended a childFailed', 'rootEnded root']);
  });

  it('hands tasks and storage out as work with their ids, and passes the kind its context', () => {
    const { tree, root } = treeWithRoot();
    const { effects, calls } = recorder();
    const commands = [
      { type: 'runTask', taskId: 't1', stateName: 'S', resource: 'r', parameters: {} },
      { type: 'readObject', requestId: 'q1', bucket: 'b', key: 'k' },
      { type: 'cancelTask', taskId: 't1' },
      { type: 'startTimer', timerId: 'w1', fireAt: 5, purpose: 'wait' },
      { type: 'cancelTimer', timerId: 'w1' },
    ] as Command[];
    for (const command of commands) tree.apply('root', root, command, effects, 'ctx');
    expect(calls).toEqual([
      'ctx work root t1 runTask',
      'ctx work root q1 readObject',
      'cancelWork t1',
      'timer root w1',
      'cancelTimer w1',
    ]);
  });
});

describe('timerDelay', () => {
  it('scales only Wait and Retry delays', () => {
    expect(timerDelay(1_000, 'wait', 0, 0.5)).toBe(500);
    expect(timerDelay(1_000, 'retry', 0, 0)).toBe(0);
    expect(timerDelay(1_000, 'taskTimeout', 0, 0)).toBe(1_000);
    expect(timerDelay(1_000, 'executionTimeout', 0, 0.5)).toBe(1_000);
    expect(timerDelay(1_000, 'heartbeat', 0, 0.5)).toBe(1_000);
    expect(timerDelay(1_000, 'wait', 2_000, 1)).toBe(0);
  });
});
