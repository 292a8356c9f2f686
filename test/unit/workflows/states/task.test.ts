// Task state: runTask commands, results through ResultSelector/ResultPath, history, timeouts, heartbeats, tokens.
import { describe, expect, it } from 'vitest';
import { runPure, START, single, types } from '../helpers.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:echo';

describe('Task state', () => {
  it('sends the effective parameters and finishes with the result', async () => {
    const def = single({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
      ResultSelector: { 'p.$': '$.Payload' },
      ResultPath: '$.result',
    });
    const run = await runPure(def, { a: 1 }, (cmd) => ({
      type: 'taskSucceeded',
      taskId: cmd.taskId,
      output: { Payload: { b: 2 } },
    }));
    const task = run.commands.find((c) => c.command.type === 'runTask')?.command;
    expect(task).toMatchObject({
      resource: 'arn:aws:states:::lambda:invoke',
      parameters: { FunctionName: 'echo', Payload: { a: 1 } },
      stateName: 'S',
    });
    expect(run.root.output).toEqual({ a: 1, result: { p: { b: 2 } } });
    expect(types(run.history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(run.history[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
    });
  });

  it('uses LambdaFunction* history events for a plain function ARN', async () => {
    const run = await runPure(single({ Type: 'Task', Resource: FN }), { a: 1 }, (cmd) => ({
      type: 'taskSucceeded',
      taskId: cmd.taskId,
      output: cmd.parameters,
    }));
    expect(types(run.history)).toContain('LambdaFunctionScheduled');
    expect(types(run.history)).toContain('LambdaFunctionSucceeded');
    expect(run.root.output).toEqual({ a: 1 });
  });

  it('JSONata Arguments become the parameters and Output defaults to the result', async () => {
    const def = single({
      Type: 'Task',
      QueryLanguage: 'JSONata',
      Resource: FN,
      Arguments: { x: '{% $states.input.v + 1 %}' },
    });
    const run = await runPure(def, { v: 1 }, (cmd) => ({
      type: 'taskSucceeded',
      taskId: cmd.taskId,
      output: cmd.parameters,
    }));
    expect(run.root.output).toEqual({ x: 2 });
  });

  it('a failed task fails the execution with the reported error and cause', async () => {
    const run = await runPure(single({ Type: 'Task', Resource: FN }), {}, (cmd) => ({
      type: 'taskFailed',
      taskId: cmd.taskId,
      error: 'ValueError',
      cause: '{"errorMessage":"bad","errorType":"ValueError"}',
    }));
    expect(run.root).toMatchObject({
      status: 'FAILED',
      error: 'ValueError',
      cause: '{"errorMessage":"bad","errorType":"ValueError"}',
    });
    expect(types(run.history)).toContain('LambdaFunctionFailed');
  });

  it('times out with States.Timeout after TimeoutSeconds and cancels the task', async () => {
    const run = await runPure(
      single({ Type: 'Task', Resource: FN, TimeoutSeconds: 10 }),
      {},
      () => ({}) as never,
    );
    expect(run.root.error).toBe('States.Timeout');
    expect(run.commands.map((c) => c.command.type)).toContain('cancelTask');
    expect(run.history.at(-1)?.timestamp).toBe(START + 10_000);
  });

  it('times out with States.HeartbeatTimeout when no heartbeat arrives', async () => {
    const def = single({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'f', 'Payload.$': '$$.Task.Token' },
      HeartbeatSeconds: 5,
      TimeoutSeconds: 60,
    });
    const run = await runPure(def, {}, () => ({}) as never);
    expect(run.root.error).toBe('States.HeartbeatTimeout');
    const task = run.commands.find((c) => c.command.type === 'runTask')?.command;
    if (task?.type !== 'runTask') throw new Error('no task');
    expect(task).toMatchObject({ heartbeatSeconds: 5, timeoutSeconds: 60 });
    expect(typeof task.taskToken).toBe('string');
    expect(task.parameters).toEqual({ FunctionName: 'f', Payload: task.taskToken });
  });

  it('reads TimeoutSecondsPath from the input', async () => {
    const run = await runPure(
      single({ Type: 'Task', Resource: FN, TimeoutSecondsPath: '$.t' }),
      { t: 3 },
      () => ({}) as never,
    );
    expect(run.commands.find((c) => c.command.type === 'runTask')?.command).toMatchObject({
      timeoutSeconds: 3,
    });
    const bad = await runPure(
      single({ Type: 'Task', Resource: FN, TimeoutSecondsPath: '$.t' }),
      { t: 'x' },
      () => ({}) as never,
    );
    expect(bad.root.error).toBe('States.Runtime');
  });

  it('fails with States.DataLimitExceeded when a task result is over 256 KiB', async () => {
    const run = await runPure(single({ Type: 'Task', Resource: FN }), {}, (cmd) => ({
      type: 'taskSucceeded',
      taskId: cmd.taskId,
      output: 'x'.repeat(300_000),
    }));
    expect(run.root.error).toBe('States.DataLimitExceeded');
  });
});
