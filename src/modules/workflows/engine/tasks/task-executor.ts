// Executes runTask commands through the ports and reports the result in Step Functions' shapes.

import type { RunTaskCommand } from '../../asl/commands.js';
import { StatesErrors } from '../../asl/errors.js';
import { isObject, type Json, type JsonObject } from '../../asl/json.js';
import { parseFunctionName, parseResource, type TaskResource } from '../../asl/task/resource.js';
import { TaskFailure } from '../ports.js';
import { functionRequest, invoke, payloadOf } from './lambda-task.js';
import { getObject, invokeEndpoint, putObject, startExecution } from './service-tasks.js';
import { Reporter, type TaskEvent, type TaskPorts, unsupported } from './task-report.js';

/**
 * Runs one task through the ports. Written with `then` rather than `async` layers, the integration's answer
 * made the run's event at once: a Lambda task of an EXPRESS execution is a few microseconds, and each layer
 * would add a promise, an object and a turn of the microtask queue.
 */
export function executeTask(
  command: RunTaskCommand,
  ports: TaskPorts,
  signal: AbortSignal,
): Promise<TaskEvent> {
  const report = new Reporter(command.taskId);
  try {
    const resource = parseResource(command.resource);
    if (resource === undefined)
      throw new TaskFailure(
        StatesErrors.Runtime,
        `The resource '${command.resource}' is not a valid Task resource`,
      );
    report.waits = 'pattern' in resource && resource.pattern === 'waitForTaskToken';
    return run(resource, command, ports, signal, report);
  } catch (error) {
    return Promise.resolve(report.thrown(error));
  }
}

/** Starts the task's integration; throws (synchronously) TaskFailure for parameters it cannot run with. */
function run(
  resource: TaskResource,
  command: RunTaskCommand,
  ports: TaskPorts,
  signal: AbortSignal,
  report: Reporter,
): Promise<TaskEvent> {
  const params = command.parameters;
  switch (resource.kind) {
    case 'lambda-function': {
      const request = functionRequest(resource.functionName, resource.qualifier, params, signal);
      return invoke(ports, request, false, report);
    }
    case 'lambda-invoke': {
      const p = objectParams(params, 'lambda:invoke');
      const target = typeof p.FunctionName === 'string' ? parseFunctionName(p.FunctionName) : undefined;
      if (target === undefined)
        throw new TaskFailure(StatesErrors.Runtime, 'The lambda:invoke parameters need a valid FunctionName');
      const qualifier = typeof p.Qualifier === 'string' ? p.Qualifier : target.qualifier;
      const request = functionRequest(target.functionName, qualifier, payloadOf(p.Payload), signal);
      if (p.InvocationType === 'Event') request.invocationType = 'Event';
      return invoke(ports, request, true, report);
    }
    case 'invoke-endpoint':
      return report.settle(invokeEndpoint(ports, objectParams(params, 'invokeEndpoint'), signal));
    case 's3-get-object':
      return report.settle(getObject(ports, objectParams(params, 's3:getObject')));
    case 's3-put-object':
      return report.settle(putObject(ports, objectParams(params, 's3:putObject')));
    case 'start-execution': {
      const p = objectParams(params, 'states:startExecution');
      return report.settle(startExecution(ports, resource.pattern, p, signal));
    }
    case 'service': {
      const call = ports.dispatcher.callService;
      if (call === undefined) throw unsupported(command.resource);
      return report.settle(call.call(ports.dispatcher, resource.service, resource.action, params, signal));
    }
    case 'activity':
      throw unsupported(command.resource);
  }
}

function objectParams(params: Json, what: string): JsonObject {
  if (!isObject(params))
    throw new TaskFailure(StatesErrors.Runtime, `The ${what} parameters must be a JSON object`);
  return params;
}
