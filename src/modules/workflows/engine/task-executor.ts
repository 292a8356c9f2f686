// Executes runTask commands through the ports and reports the result in Step Functions' shapes.

import type { RunTaskCommand } from '../asl/commands.js';
import { StatesErrors } from '../asl/errors.js';
import { isObject, type Json, type JsonObject, parseJsonText, toJsonText } from '../asl/json.js';
import { lambdaFailure, lambdaInvokeResult } from '../asl/task/integration-results.js';
import { parseFunctionName, parseResource, type TaskResource } from '../asl/task/resource.js';
import type { ObjectStorePort, TaskDispatcher } from './ports.js';
import { TaskFailure } from './ports.js';

/** What a finished task reports: the event body the engine then applies to the run. */
export type TaskReport =
  | { readonly type: 'taskSucceeded'; readonly output: Json }
  | { readonly type: 'taskSubmitted'; readonly output: Json }
  | { readonly type: 'taskFailed'; readonly error: string; readonly cause: string };

export interface TaskPorts {
  readonly dispatcher: TaskDispatcher;
  readonly objects?: ObjectStorePort;
  /** Milliseconds since the epoch, for response metadata. */
  now(): number;
  newRequestId(): string;
}

export async function executeTask(
  command: RunTaskCommand,
  ports: TaskPorts,
  signal: AbortSignal,
): Promise<TaskReport> {
  const resource = parseResource(command.resource);
  try {
    if (resource === undefined)
      throw new TaskFailure(
        StatesErrors.Runtime,
        `The resource '${command.resource}' is not a valid Task resource`,
      );
    const output = await run(resource, command, ports, signal);
    if ('failure' in output) return { type: 'taskFailed', ...output.failure };
    const waits = 'pattern' in resource && resource.pattern === 'waitForTaskToken';
    return { type: waits ? 'taskSubmitted' : 'taskSucceeded', output: output.value };
  } catch (error) {
    if (error instanceof TaskFailure) return { type: 'taskFailed', error: error.error, cause: error.cause };
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'taskFailed', error: StatesErrors.TaskFailed, cause: message };
  }
}

type RunResult = { readonly value: Json } | { readonly failure: { error: string; cause: string } };

async function run(
  resource: TaskResource,
  command: RunTaskCommand,
  ports: TaskPorts,
  signal: AbortSignal,
): Promise<RunResult> {
  const params = command.parameters;
  switch (resource.kind) {
    case 'lambda-function':
      return invoke(
        ports,
        { functionName: resource.functionName, ...qualifier(resource.qualifier) },
        params,
        false,
        signal,
      );
    case 'lambda-invoke': {
      const p = objectParams(params, 'lambda:invoke');
      const target = typeof p.FunctionName === 'string' ? parseFunctionName(p.FunctionName) : undefined;
      if (target === undefined)
        throw new TaskFailure(StatesErrors.Runtime, 'The lambda:invoke parameters need a valid FunctionName');
      const explicit = typeof p.Qualifier === 'string' ? { qualifier: p.Qualifier } : {};
      if (p.InvocationType === 'Event')
        return invokeAsync(ports, { ...target, ...explicit }, payloadOf(p.Payload), signal);
      return invoke(ports, { ...target, ...explicit }, payloadOf(p.Payload), true, signal);
    }
    case 'invoke-endpoint':
      return { value: await invokeEndpoint(ports, objectParams(params, 'invokeEndpoint'), signal) };
    case 's3-get-object':
      return { value: await getObject(ports, objectParams(params, 's3:getObject')) };
    case 's3-put-object':
      return { value: await putObject(ports, objectParams(params, 's3:putObject')) };
    case 'start-execution':
      return {
        value: await startExecution(
          ports,
          resource.pattern,
          objectParams(params, 'states:startExecution'),
          signal,
        ),
      };
    case 'service': {
      const call = ports.dispatcher.callService;
      if (call === undefined) throw unsupported(command.resource);
      return { value: await call.call(ports.dispatcher, resource.service, resource.action, params, signal) };
    }
    case 'activity':
      throw unsupported(command.resource);
  }
}

async function invoke(
  ports: TaskPorts,
  target: { functionName: string; qualifier?: string },
  payload: Json,
  wrap: boolean,
  signal: AbortSignal,
): Promise<RunResult> {
  const result = await ports.dispatcher.invokeFunction({ ...target, payload, signal });
  if (!result.ok) return { failure: lambdaFailure(result.error) };
  if (!wrap) return { value: result.payload };
  const requestId = result.requestId ?? ports.newRequestId();
  const date = httpDate(ports.now());
  const meta =
    result.executedVersion === undefined
      ? { requestId, date }
      : { requestId, date, executedVersion: result.executedVersion };
  return { value: lambdaInvokeResult(result.payload, meta) };
}

/** `InvocationType: Event`: the function is queued; Step Functions reports StatusCode 202 and no payload. */
async function invokeAsync(
  ports: TaskPorts,
  target: { functionName: string; qualifier?: string },
  payload: Json,
  signal: AbortSignal,
): Promise<RunResult> {
  const result = await ports.dispatcher.invokeFunction({
    ...target,
    payload,
    invocationType: 'Event',
    signal,
  });
  if (!result.ok) return { failure: lambdaFailure(result.error) };
  const requestId = result.requestId ?? ports.newRequestId();
  const date = httpDate(ports.now());
  return { value: { ...lambdaInvokeResult('', { requestId, date }), StatusCode: 202 } };
}

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

function qualifier(value: string | undefined): { qualifier?: string } {
  return value === undefined ? {} : { qualifier: value };
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
