// Task ports that ask the authorizer first, as the execution's role: every service integration and every Map
// ItemReader/ResultWriter access of that execution is checked before it runs.
import { StatesErrors } from '../../asl/errors.js';
import type { ObjectStorePort, TaskAccess, TaskAuthorizer, TaskCaller, TaskDispatcher } from '../ports.js';
import { TaskFailure } from '../ports.js';
import type { TaskPorts } from './task-report.js';

/** How Step Functions names a refused call, by what the task was doing. */
function failureName(access: TaskAccess): string {
  if (access.kind === 'invokeFunction') return 'Lambda.AWSLambdaException';
  if (access.kind === 'invokeEndpoint') return 'SageMaker.AmazonSageMakerException';
  return StatesErrors.TaskFailed;
}

export function guardPorts(ports: TaskPorts, authorizer: TaskAuthorizer, caller: TaskCaller): TaskPorts {
  const check = async (access: TaskAccess) => {
    try {
      await authorizer.authorize(caller, access);
    } catch (error) {
      throw new TaskFailure(failureName(access), error instanceof Error ? error.message : String(error));
    }
  };
  const inner = ports.dispatcher;
  const dispatcher: TaskDispatcher = {
    invokeFunction: async (request) => {
      await check({
        kind: 'invokeFunction',
        functionName: request.functionName,
        ...(request.qualifier === undefined ? {} : { qualifier: request.qualifier }),
      });
      return inner.invokeFunction(request);
    },
    ...(inner.invokeEndpoint && {
      invokeEndpoint: async (request) => {
        await check({ kind: 'invokeEndpoint', endpointName: request.endpointName });
        return (inner.invokeEndpoint as NonNullable<TaskDispatcher['invokeEndpoint']>)(request);
      },
    }),
    ...(inner.startExecution && {
      startExecution: async (request) => {
        await check({ kind: 'startExecution', stateMachineArn: request.stateMachineArn });
        return (inner.startExecution as NonNullable<TaskDispatcher['startExecution']>)(request);
      },
    }),
    ...(inner.callService && {
      callService: async (service, action, parameters, signal) => {
        // HTTP Tasks name no AWS resource; their connection is the definition's business, as on AWS.
        if (!(service === 'http' && action === 'invoke'))
          await check({ kind: 'callService', service, action });
        return (inner.callService as NonNullable<TaskDispatcher['callService']>)(
          service,
          action,
          parameters,
          signal,
        );
      },
    }),
  };
  return {
    ...ports,
    dispatcher,
    ...(ports.objects === undefined ? {} : { objects: guardObjects(ports.objects, authorizer, caller) }),
  };
}

/** Storage commands fail as ItemReader/ResultWriter failures with the refusal as their cause. */
function guardObjects(
  objects: ObjectStorePort,
  authorizer: TaskAuthorizer,
  caller: TaskCaller,
): ObjectStorePort {
  return {
    readObject: async (bucket, key) => {
      await authorizer.authorize(caller, { kind: 'readObject', bucket, key });
      return objects.readObject(bucket, key);
    },
    writeObject: async (bucket, key, body, contentType) => {
      await authorizer.authorize(caller, { kind: 'writeObject', bucket, key });
      return objects.writeObject(bucket, key, body, contentType);
    },
    listObjects: async (bucket, prefix) => {
      await authorizer.authorize(caller, { kind: 'listObjects', bucket, prefix });
      return objects.listObjects(bucket, prefix);
    },
  };
}
