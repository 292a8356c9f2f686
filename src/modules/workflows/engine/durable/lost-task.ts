// The failure a task gets when the engine that handed it out stopped before its outcome was committed.
import type { RunTaskCommand } from '../../asl/commands.js';
import { StatesErrors } from '../../asl/errors.js';
import { parseResource } from '../../asl/task/resource.js';

/** What AWS reports when Lambda itself fails an invocation; the console's Lambda task snippet retries it. */
export const LAMBDA_SERVICE_EXCEPTION = 'Lambda.ServiceException';

export const LOST_TASK_CAUSE =
  'The outcome of this task was lost: the workflow engine driving the execution stopped (the server was ' +
  'stopped or killed) while the task was in flight. Scones runs a task at most once; declare a Retry on ' +
  'this error to run it again.';

/**
 * The `taskFailed` event for a task that was handed out (its row committed) but never answered. Its function may
 * or may not have run, so it is not run again unless the state's Retry says so: Lambda tasks fail with the error
 * of a Lambda service failure, the other integrations with States.TaskFailed.
 */
export function lostTask(taskId: string, command: RunTaskCommand) {
  return {
    type: 'taskFailed',
    taskId,
    error: isLambda(command.resource) ? LAMBDA_SERVICE_EXCEPTION : StatesErrors.TaskFailed,
    cause: LOST_TASK_CAUSE,
  } as const;
}

function isLambda(resource: string): boolean {
  const parsed = parseResource(resource);
  if (parsed === undefined) return false;
  if (parsed.kind === 'lambda-function' || parsed.kind === 'lambda-invoke') return true;
  return parsed.kind === 'service' && (parsed.service === 'aws-sdk:lambda' || parsed.service === 'lambda');
}
