// The shapes of one invocation: what a caller asks for and what the runtime reports back.
import type { FunctionVersion } from './model.js';

export interface InvokeInput {
  readonly fn: FunctionVersion;
  /** The event as JSON text; empty or absent means `{}`. */
  readonly payload?: string;
  /** Given by the caller when it already announced one (async retries keep theirs); generated otherwise. */
  readonly requestId?: string;
  /** Alias or version the caller named, for the invoked ARN (`...:function:name:qualifier`). */
  readonly qualifier?: string;
  /** Base64 JSON client context (X-Amz-Client-Context). */
  readonly clientContext?: string;
}

/** How an invocation ended, as Lambda's REPORT `Status` and the caller see it. */
export type InvocationStatus = 'success' | 'error' | 'timeout';

/** The error summary of a failed invocation; the full payload is in `payload`. */
export interface FunctionErrorSummary {
  readonly errorType: string;
  readonly errorMessage: string;
}

export interface InvocationResult {
  readonly requestId: string;
  readonly functionName: string;
  readonly executedVersion: string;
  readonly status: InvocationStatus;
  /** JSON text: the handler's result, or the error payload when `functionError` is set. */
  readonly payload: string;
  /** Set when the function failed (Lambda's X-Amz-Function-Error). */
  readonly functionError?: 'Unhandled';
  readonly error?: FunctionErrorSummary;
  /** The last 4 KB of this invocation's log, START to REPORT (X-Amz-Log-Result before base64). */
  readonly logTail: string;
  readonly logStream: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on a cold start. */
  readonly initDurationMs?: number;
}
