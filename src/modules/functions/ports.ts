// Ports the function runtime needs from the rest of Scones; adapters live outside this module.
import type { FileObjects } from '../../kernel/file-objects.js';
import type { InvocationResult } from './invocation.js';
import type { FunctionVersion } from './model.js';

/** One line of a function's log stream; START, END and REPORT lines are records too. */
export interface LogRecord {
  readonly functionName: string;
  readonly version: string;
  /** One stream per guest process, like a Lambda execution environment: `2024/01/31/[$LATEST]<hex>`. */
  readonly logStream: string;
  /** The request the line belongs to; init output belongs to the request that caused the cold start. */
  readonly requestId: string;
  /** Epoch milliseconds when the host read the line. */
  readonly timestamp: number;
  readonly message: string;
}

/** Receives log lines as they are produced; must not throw and should not block (buffer if needed). */
export interface LogSink {
  write(records: readonly LogRecord[]): void;
}

/** Finds the version to run for a name and optional qualifier (version or alias); used by async invocation. */
export interface FunctionResolver {
  resolve(functionName: string, qualifier?: string): Promise<FunctionVersion | undefined>;
}

/** Observes finished invocations and throttles (metrics, dashboards). */
export interface InvocationListener {
  onInvocation(result: InvocationResult): void;
  onThrottle(functionName: string): void;
}

export type AsyncInvocationStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface AsyncAttempt {
  readonly startedAt: number;
  readonly status: InvocationResult['status'] | 'throttled' | 'unresolved';
  readonly errorType?: string;
}

/** A queued `Event` invocation and, once settled, its kept result. */
export interface AsyncInvocationRecord {
  readonly requestId: string;
  readonly functionName: string;
  readonly qualifier?: string;
  readonly payload: string;
  readonly enqueuedAt: number;
  readonly status: AsyncInvocationStatus;
  /** Attempts that ran the function (throttles are retried without counting). */
  readonly attempts: readonly AsyncAttempt[];
  /** Retries allowed after the first attempt (Lambda: 0-2, default 2). */
  readonly maxRetries: number;
  /** Epoch milliseconds before which the record is not run. */
  readonly notBefore: number;
  /** While `running`: epoch milliseconds after which another dispatcher may take it over (crash recovery). */
  readonly leaseUntil?: number;
  readonly result?: InvocationResult;
}

/**
 * Durable queue of asynchronous invocations. Implementations must make `claim` atomic: a record is
 * handed to one caller, and only again once its lease has expired.
 */
export interface AsyncInvocationQueue {
  add(record: AsyncInvocationRecord): Promise<void>;
  /** Marks up to `limit` due records (queued with notBefore <= now, or running past their lease) running. */
  claim(now: number, leaseMs: number, limit: number): Promise<AsyncInvocationRecord[]>;
  /** Replaces the stored record with the same requestId. */
  update(record: AsyncInvocationRecord): Promise<void>;
  get(requestId: string): Promise<AsyncInvocationRecord | undefined>;
  /** Earliest `notBefore` (or lease end) among records not yet settled, for sleeping until then. */
  nextDueAt(): Promise<number | undefined>;
}

/** Reads code zips from Scones's object store (PublishLayerVersion's `Content.S3Bucket`/`S3Key`). */
export interface CodeObjectReader {
  /** The object's bytes; throws a not_found error when the bucket or key does not exist. */
  getObjectBytes(bucket: string, key: string): Promise<Buffer>;
}

/**
 * Where deployed code and layers are kept: objects of a bucket clients cannot reach, so that every node of a
 * scale-out sees them. Keys are relative to it.
 */
export interface CodeObjects extends FileObjects {
  has(key: string): Promise<boolean>;
  /** Every key under the prefix. */
  list(prefix: string): Promise<string[]>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}
