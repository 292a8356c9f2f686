// Ports the engine runs tasks and storage commands through; `app` maps them onto functions, endpoints, store.

import type { Json } from '../asl/json.js';
import type { FunctionErrorPayload } from '../asl/task/integration-results.js';

export interface InvokeFunctionRequest {
  /** A function name, `name:qualifier`, or a (partial) Lambda ARN, as the definition names it. */
  readonly functionName: string;
  readonly qualifier?: string;
  readonly payload: Json;
  readonly invocationType?: 'RequestResponse' | 'Event';
  readonly signal: AbortSignal;
}

export type InvokeFunctionResult =
  | {
      readonly ok: true;
      readonly payload: Json;
      readonly executedVersion?: string;
      readonly requestId?: string;
    }
  | { readonly ok: false; readonly error: FunctionErrorPayload; readonly requestId?: string };

export interface InvokeEndpointRequest {
  readonly endpointName: string;
  readonly body: string;
  readonly contentType?: string;
  readonly accept?: string;
  readonly customAttributes?: string;
  readonly targetVariant?: string;
  readonly inferenceId?: string;
  readonly signal: AbortSignal;
}

export interface InvokeEndpointResult {
  readonly body: string;
  readonly contentType: string;
  readonly invokedProductionVariant?: string;
  readonly customAttributes?: string;
}

export interface StartExecutionRequest {
  readonly stateMachineArn: string;
  readonly input: Json;
  readonly name?: string;
  /** `.sync` / `.sync:2`: resolve when the child execution ends. */
  readonly waitForCompletion: boolean;
  readonly signal: AbortSignal;
}

export interface StartExecutionResult {
  readonly executionArn: string;
  readonly startDate: number;
  readonly status?: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly stopDate?: number;
}

/** Thrown by a port to fail the task with a specific ASL error name (e.g. `SageMakerRuntime.ModelErrorException`). */
export class TaskFailure extends Error {
  override readonly name = 'TaskFailure';
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

/** Runs the work of Task states. Methods a deployment lacks make those tasks fail with a clear error. */
export interface TaskDispatcher {
  invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResult>;
  invokeEndpoint?(request: InvokeEndpointRequest): Promise<InvokeEndpointResult>;
  startExecution?(request: StartExecutionRequest): Promise<StartExecutionResult>;
  /** Any other `arn:aws:states:::<service>:<action>` integration. */
  callService?(service: string, action: string, parameters: Json, signal: AbortSignal): Promise<Json>;
}

export interface StoredObject {
  readonly body: Uint8Array;
  readonly contentType?: string;
  readonly eTag?: string;
  readonly lastModified?: number;
}

export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  readonly eTag?: string;
  readonly lastModified?: number;
}

/** The object store as Map ItemReader/ResultWriter and the s3:getObject/putObject tasks need it. */
export interface ObjectStorePort {
  readObject(bucket: string, key: string): Promise<StoredObject>;
  writeObject(bucket: string, key: string, body: Uint8Array, contentType?: string): Promise<{ eTag: string }>;
  listObjects(bucket: string, prefix: string): Promise<readonly ObjectSummary[]>;
}

/** The execution a task or storage command runs for: its role governs what the command may do. */
export interface TaskCaller {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
}

/** What a service integration is about to do, for the authorizer to map onto permissions. */
export type TaskAccess =
  | { readonly kind: 'invokeFunction'; readonly functionName: string; readonly qualifier?: string }
  | { readonly kind: 'invokeEndpoint'; readonly endpointName: string }
  | { readonly kind: 'startExecution'; readonly stateMachineArn: string }
  | { readonly kind: 'readObject' | 'writeObject'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'listObjects'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'callService'; readonly service: string; readonly action: string };

/**
 * Decides whether an execution's role may make a call (Step Functions' execution role). Rejects with an Error whose
 * message is the refusal; the engine fails the task (or the Map's reader/writer) with it.
 */
export interface TaskAuthorizer {
  authorize(caller: TaskCaller, access: TaskAccess): Promise<void>;
}
