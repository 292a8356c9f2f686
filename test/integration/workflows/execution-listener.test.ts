// The workflow service tells execution listeners when executions start and end: STANDARD ones once their end is
// committed, EXPRESS ones (StartExecution, StartSyncExecution, nested `.sync`) when they finish in memory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionEvent, WorkflowService } from '../../../src/modules/workflows/index.js';
import { type Harness, harness } from './support.js';

let h: Harness;
let events: ExecutionEvent[];
let service: WorkflowService;

beforeEach(async () => {
  h = await harness();
  events = [];
  ({ service } = await h.open({ listener: { onExecution: (e) => events.push(e) } }));
  await service.startEngine();
});
afterEach(() => h.cleanup());

const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const fail = JSON.stringify({
  StartAt: 'F',
  States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'no' } },
});

const ends = () => events.filter((e) => e.status !== 'RUNNING');

describe('execution listeners', () => {
  it('hears a STANDARD execution start and end, with its machine, status and times', async () => {
    const { stateMachineArn } = await service.machines.create({ name: 'std', definition: pass });
    const { executionArn } = await service.executions.start({ stateMachineArn, name: 'one' });
    expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
    expect(events.map((e) => [e.executionArn, e.status])).toEqual([
      [executionArn, 'RUNNING'],
      [executionArn, 'SUCCEEDED'],
    ]);
    const [started, ended] = events as [ExecutionEvent, ExecutionEvent];
    expect(started).toMatchObject({ stateMachineName: 'std', stateMachineArn, type: 'STANDARD' });
    expect(started.stopDate).toBeUndefined();
    expect(ended).toMatchObject({ stateMachineName: 'std', type: 'STANDARD', startDate: started.startDate });
    expect(ended.stopDate).toBeGreaterThanOrEqual(ended.startDate);
  });

  it('carries the error of a failed execution', async () => {
    const { stateMachineArn } = await service.machines.create({ name: 'bad', definition: fail });
    const { executionArn } = await service.executions.start({ stateMachineArn });
    expect(await service.executions.waitFor(executionArn)).toBe('FAILED');
    expect(ends()).toEqual([expect.objectContaining({ status: 'FAILED', error: 'Custom.Error' })]);
  });

  it('hears EXPRESS executions: started, sync and nested', async () => {
    const express = await service.machines.create({ name: 'fast', definition: pass, type: 'EXPRESS' });
    const failing = await service.machines.create({ name: 'fastbad', definition: fail, type: 'EXPRESS' });
    const sync = await service.executions.startSync({ stateMachineArn: express.stateMachineArn });
    expect(sync.status).toBe('SUCCEEDED');
    expect((await service.executions.startSync({ stateMachineArn: failing.stateMachineArn })).status).toBe(
      'FAILED',
    );
    const parent = await service.machines.create({
      name: 'parent',
      definition: JSON.stringify({
        StartAt: 'Child',
        States: {
          Child: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: express.stateMachineArn, Input: {} },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = await service.executions.start({ stateMachineArn: parent.stateMachineArn });
    expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
    const expressEvents = events.filter((e) => e.type === 'EXPRESS');
    expect(expressEvents.map((e) => [e.stateMachineName, e.status])).toEqual([
      ['fast', 'RUNNING'],
      ['fast', 'SUCCEEDED'],
      ['fastbad', 'RUNNING'],
      ['fastbad', 'FAILED'],
      ['fast', 'RUNNING'],
      ['fast', 'SUCCEEDED'],
    ]);
    expect(expressEvents[1]).toMatchObject({ executionArn: sync.executionArn, stopDate: sync.stopDate });
    expect(expressEvents[3]).toMatchObject({ error: 'Custom.Error' });
  });

  it('keeps going when a listener throws, and stops telling a removed one', async () => {
    let heard = 0;
    const remove = service.addExecutionListener({
      onExecution: () => {
        heard++;
        throw new Error('listener bug');
      },
    });
    const { stateMachineArn } = await service.machines.create({ name: 'std', definition: pass });
    const first = await service.executions.start({ stateMachineArn });
    expect(await service.executions.waitFor(first.executionArn)).toBe('SUCCEEDED');
    remove();
    expect(heard).toBe(2);
    const second = await service.executions.start({ stateMachineArn });
    expect(await service.executions.waitFor(second.executionArn)).toBe('SUCCEEDED');
    expect(ends().map((e) => e.executionArn)).toEqual([first.executionArn, second.executionArn]);
    expect(heard).toBe(2);
  });
});
