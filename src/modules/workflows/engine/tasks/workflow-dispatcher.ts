// The TaskDispatcher of a Scones deployment: functions through a FunctionInvoker, HTTP Tasks, nested executions,
// and whatever other integrations the composition root supplies.
import type { Json } from '../../asl/json.js';
import { type TaskDispatcher, TaskFailure } from '../ports.js';
import { type FunctionInvoker, invokeThrough } from './function-invoker.js';
import { invokeHttp } from './http-task.js';

export interface DispatcherParts {
  /** Without one, Lambda tasks fail with a clear States.TaskFailed cause. */
  readonly functions?: FunctionInvoker;
  readonly startExecution?: TaskDispatcher['startExecution'];
  readonly invokeEndpoint?: TaskDispatcher['invokeEndpoint'];
  /** Other `arn:aws:states:::<service>:<action>` integrations. */
  readonly callService?: TaskDispatcher['callService'];
}

export function workflowDispatcher(parts: DispatcherParts): TaskDispatcher {
  return {
    invokeFunction: (request) => invokeThrough(parts.functions, request),
    ...(parts.startExecution === undefined ? {} : { startExecution: parts.startExecution }),
    ...(parts.invokeEndpoint === undefined ? {} : { invokeEndpoint: parts.invokeEndpoint }),
    callService: (service: string, action: string, parameters: Json, signal: AbortSignal) => {
      if (service === 'http' && action === 'invoke') return invokeHttp(parameters, signal);
      if (parts.callService !== undefined) return parts.callService(service, action, parameters, signal);
      throw new TaskFailure(
        'States.Runtime',
        `The resource 'arn:aws:states:::${service}:${action}' is not supported by this Scones deployment`,
      );
    },
  };
}
