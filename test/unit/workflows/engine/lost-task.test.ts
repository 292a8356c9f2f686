// The failure of a task whose outcome a restart lost: Lambda.ServiceException for Lambda, States.TaskFailed else.
import { describe, expect, it } from 'vitest';
import type { RunTaskCommand } from '../../../../src/modules/workflows/asl/commands.js';
import { lostTask } from '../../../../src/modules/workflows/engine/durable/lost-task.js';

const command = (resource: string) =>
  ({ type: 'runTask', taskId: 'root/task1', stateName: 'S', resource, parameters: {} }) as RunTaskCommand;

describe('lostTask', () => {
  it.each([
    ['arn:aws:lambda:us-east-1:000000000000:function:step', 'Lambda.ServiceException'],
    ['arn:aws:lambda:us-east-1:000000000000:function:step:live', 'Lambda.ServiceException'],
    ['arn:aws:states:::lambda:invoke', 'Lambda.ServiceException'],
    ['arn:aws:states:::lambda:invoke.waitForTaskToken', 'Lambda.ServiceException'],
    ['arn:aws:states:::aws-sdk:lambda:invoke', 'Lambda.ServiceException'],
    ['arn:aws:states:::http:invoke', 'States.TaskFailed'],
    ['arn:aws:states:::states:startExecution.sync:2', 'States.TaskFailed'],
    ['arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint', 'States.TaskFailed'],
    ['not an arn', 'States.TaskFailed'],
  ])('fails %s with %s, saying the outcome was lost', (resource, error) => {
    expect(lostTask('root/task1', command(resource))).toEqual({
      type: 'taskFailed',
      taskId: 'root/task1',
      error,
      cause: expect.stringMatching(/^The outcome of this task was lost: .*stopped/),
    });
  });
});
