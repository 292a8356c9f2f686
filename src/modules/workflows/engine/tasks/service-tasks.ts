// The other integrations' calls (SageMaker runtime, S3 objects, nested executions), answered in the shapes
// Step Functions gives them; they throw TaskFailure, which the Reporter makes the task's failure.
import { StatesErrors } from '../../asl/errors.js';
import { type Json, type JsonObject, parseJsonText, toJsonText } from '../../asl/json.js';
import type { ObjectStorePort } from '../ports.js';
import { TaskFailure } from '../ports.js';
import { type TaskPorts, unsupported } from './task-report.js';

export async function invokeEndpoint(ports: TaskPorts, p: JsonObject, signal: AbortSignal): Promise<Json> {
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

export async function getObject(ports: TaskPorts, p: JsonObject): Promise<Json> {
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

export async function putObject(ports: TaskPorts, p: JsonObject): Promise<Json> {
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

export async function startExecution(
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
