// Executes runTask commands through the ports and reports the result in Step Functions' shapes.

import type { RunTaskCommand } from '../asl/commands.js';
import { StatesErrors } from '../asl/errors.js';
import { isObject, type Json, type JsonObject, parseJsonText, toJsonText } from '../asl/json.js';
import { lambdaFailure, lambdaInvokeResult } from '../asl/task/integration-results.js';
import { parseFunctionName, parseResource, type TaskResource } from '../asl/task/resource.js';
import type { InvokeFunctionRequest, ObjectStorePort, TaskDispatcher } from './ports.js';
import { TaskFailure } from './ports.js';

/** What a finished task reports: the event body the engine then applies to the run. */
export type TaskReport =
  | { readonly type: 'taskSucceeded'; readonly output: Json }
  | { readonly type: 'taskSubmitted'; readonly output: Json }
  | { readonly type: 'taskFailed'; readonly error: string; readonly cause: string };

/** A task's report with its task id: the event for its run, as it is. */
export type TaskEvent = TaskReport & { readonly taskId: string };

export interface TaskPorts {
  readonly dispatcher: TaskDispatcher;
  readonly objects?: ObjectStorePort;
  /** Milliseconds since the epoch, for response metadata. */
  now(): number;
  newRequestId(): string;
}

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

/** Makes a task's outcomes the events of its run. */
class Reporter {
  waits = false;

  constructor(private readonly taskId: string) {}

  value(output: Json): TaskEvent {
    return { type: this.waits ? 'taskSubmitted' : 'taskSucceeded', taskId: this.taskId, output };
  }

  failure(failure: { readonly error: string; readonly cause: string }): TaskEvent {
    return { type: 'taskFailed', taskId: this.taskId, error: failure.error, cause: failure.cause };
  }

  thrown(error: unknown): TaskEvent {
    if (error instanceof TaskFailure) return this.failure(error);
    const cause = error instanceof Error ? error.message : String(error);
    return this.failure({ error: StatesErrors.TaskFailed, cause });
  }

  /** The event once `value` settles. */
  settle(value: Promise<Json>): Promise<TaskEvent> {
    return value.then(
      (output) => this.value(output),
      (error: unknown) => this.thrown(error),
    );
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

function functionRequest(
  functionName: string,
  qualifier: string | undefined,
  payload: Json,
  signal: AbortSignal,
): Mutable<InvokeFunctionRequest> {
  const request: Mutable<InvokeFunctionRequest> = { functionName, payload, signal };
  if (qualifier !== undefined) request.qualifier = qualifier;
  return request;
}

/**
 * A Lambda invocation. `wrap` (`lambda:invoke`) gives Lambda's response shape, and for `InvocationType: Event`
 * (the function is queued) Step Functions' StatusCode 202 without a payload; else the function's output as is.
 */
function invoke(
  ports: TaskPorts,
  request: InvokeFunctionRequest,
  wrap: boolean,
  report: Reporter,
): Promise<TaskEvent> {
  return ports.dispatcher.invokeFunction(request).then(
    (result) => {
      if (!result.ok) return report.failure(lambdaFailure(result.error));
      if (!wrap) return report.value(result.payload);
      const requestId = result.requestId ?? ports.newRequestId();
      const date = httpDate(ports.now());
      if (request.invocationType === 'Event')
        return report.value({ ...lambdaInvokeResult('', { requestId, date }), StatusCode: 202 });
      const version = result.executedVersion;
      const meta =
        version === undefined ? { requestId, date } : { requestId, date, executedVersion: version };
      return report.value(lambdaInvokeResult(result.payload, meta));
    },
    (error: unknown) => report.thrown(error),
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A string Payload holding JSON is sent as that JSON, as Step Functions does; other values as they are. */
function payloadOf(payload: Json | undefined): Json {
  if (payload === undefined) return {};
  if (typeof payload !== 'string') return payload;
  try {
    return parseJsonText(payload);
  } catch {
    return payload;
  }
}

async function invokeEndpoint(ports: TaskPorts, p: JsonObject, signal: AbortSignal): Promise<Json> {
  const call = ports.dispatcher.invokeEndpoint;
  if (call === undefined) throw unsupported('arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint');
  if (typeof p.EndpointName !== 'string')
    throw new TaskFailure(StatesErrors.Runtime, 'invokeEndpoint needs an EndpointName');
  const result = await call.call(ports.dispatcher, {
    endpointName: p.EndpointName,
    body: typeof p.Body === 'string' ? p.Body : toJsonText(p.Body ?? null),
    ...optionalString('contentType', p.ContentType),
    ...optionalString('accept', p.Accept),
    ...optionalString('customAttributes', p.CustomAttributes),
    ...optionalString('targetVariant', p.TargetVariant),
    ...optionalString('inferenceId', p.InferenceId),
    signal,
  });
  return {
    Body: result.body,
    ContentType: result.contentType,
    ...(result.invokedProductionVariant === undefined
      ? {}
      : { InvokedProductionVariant: result.invokedProductionVariant }),
    ...(result.customAttributes === undefined ? {} : { CustomAttributes: result.customAttributes }),
  };
}

async function getObject(ports: TaskPorts, p: JsonObject): Promise<Json> {
  const store = storeOf(ports);
  const object = await store.readObject(String(p.Bucket), String(p.Key));
  return {
    Body: Buffer.from(object.body).toString('utf8'),
    ContentLength: object.body.byteLength,
    ContentType: object.contentType ?? 'application/octet-stream',
    ...(object.eTag === undefined ? {} : { ETag: object.eTag }),
    ...(object.lastModified === undefined
      ? {}
      : { LastModified: new Date(object.lastModified).toISOString() }),
  };
}

async function putObject(ports: TaskPorts, p: JsonObject): Promise<Json> {
  const body = typeof p.Body === 'string' ? p.Body : toJsonText(p.Body ?? '');
  const contentType = typeof p.ContentType === 'string' ? p.ContentType : undefined;
  const { eTag } = await storeOf(ports).writeObject(
    String(p.Bucket),
    String(p.Key),
    Buffer.from(body, 'utf8'),
    contentType,
  );
  return { ETag: eTag };
}

async function startExecution(
  ports: TaskPorts,
  pattern: string,
  p: JsonObject,
  signal: AbortSignal,
): Promise<Json> {
  const call = ports.dispatcher.startExecution;
  if (call === undefined) throw unsupported('arn:aws:states:::states:startExecution');
  if (typeof p.StateMachineArn !== 'string')
    throw new TaskFailure(StatesErrors.Runtime, 'startExecution needs a StateMachineArn');
  const input = typeof p.Input === 'string' ? parseJson(p.Input) : (p.Input ?? {});
  const waitForCompletion = pattern === 'sync' || pattern === 'sync2';
  const result = await call.call(ports.dispatcher, {
    stateMachineArn: p.StateMachineArn,
    input,
    ...optionalString('name', p.Name),
    waitForCompletion,
    signal,
  });
  if (!waitForCompletion)
    return { ExecutionArn: result.executionArn, StartDate: new Date(result.startDate).toISOString() };
  if (result.status !== 'SUCCEEDED') {
    throw new TaskFailure(
      result.error ?? 'States.TaskFailed',
      result.cause ?? `The child execution ended with status ${result.status}`,
    );
  }
  const output = pattern === 'sync2' ? (result.output ?? null) : toJsonText(result.output ?? null);
  return {
    ExecutionArn: result.executionArn,
    Input: pattern === 'sync2' ? input : toJsonText(input),
    Output: output,
    StartDate: result.startDate,
    StopDate: result.stopDate ?? ports.now(),
    Status: result.status,
    StateMachineArn: p.StateMachineArn,
  };
}

function storeOf(ports: TaskPorts): ObjectStorePort {
  if (ports.objects === undefined) throw unsupported('arn:aws:states:::aws-sdk:s3');
  return ports.objects;
}

function objectParams(params: Json, what: string): JsonObject {
  if (!isObject(params))
    throw new TaskFailure(StatesErrors.Runtime, `The ${what} parameters must be a JSON object`);
  return params;
}

function optionalString<K extends string>(key: K, value: Json | undefined): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

function parseJson(text: string): Json {
  try {
    return parseJsonText(text);
  } catch {
    return text;
  }
}

function unsupported(resource: string): TaskFailure {
  return new TaskFailure(
    StatesErrors.Runtime,
    `The resource '${resource}' is not supported by this Scones deployment`,
  );
}

let lastSecond = Number.NaN;
let lastDate = '';

/** The HTTP Date header of a moment; the text changes once a second, so it is reused within one. */
function httpDate(millis: number): string {
  const second = Math.floor(millis / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastDate = new Date(second * 1000).toUTCString();
  }
  return lastDate;
}
