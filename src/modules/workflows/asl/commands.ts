// Commands: what a step asks the engine to do. Plain data, executed (and journaled) by the engine.

import type { Json } from './json.js';
import type { ContextItem } from './run-state.js';

export type TimerPurpose = 'wait' | 'retry' | 'taskTimeout' | 'heartbeat' | 'executionTimeout';

export interface RunTaskCommand {
  readonly type: 'runTask';
  readonly taskId: string;
  readonly stateName: string;
  /** The Resource ARN as written; `asl.parseResource` classifies it. */
  readonly resource: string;
  /** The effective parameters (Parameters / Arguments), what the integration receives. */
  readonly parameters: Json;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** Set for `.waitForTaskToken`: the task completes when a SendTask* call names this token. */
  readonly taskToken?: string;
}

export type Command =
  | RunTaskCommand
  | { readonly type: 'cancelTask'; readonly taskId: string }
  | {
      readonly type: 'startTimer';
      readonly timerId: string;
      readonly fireAt: number;
      readonly purpose: TimerPurpose;
    }
  | { readonly type: 'cancelTimer'; readonly timerId: string }
  | StartChildCommand
  | { readonly type: 'stopChild'; readonly childId: string }
  | { readonly type: 'readObject'; readonly requestId: string; readonly bucket: string; readonly key: string }
  | {
      readonly type: 'listObjects';
      readonly requestId: string;
      readonly bucket: string;
      readonly prefix: string;
    }
  | {
      readonly type: 'writeObject';
      readonly requestId: string;
      readonly bucket: string;
      readonly key: string;
      readonly body: string;
    }
  | { readonly type: 'complete'; readonly output: Json }
  | {
      readonly type: 'fail';
      readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED';
      readonly error: string | null;
      readonly cause: string | null;
    };

/** Start a Map iteration or Parallel branch as a child run of this run. */
export interface StartChildCommand {
  readonly type: 'startChild';
  readonly childId: string;
  /** JSON pointer of the child's machine inside the definition. */
  readonly scope: string;
  readonly input: Json;
  /** Variables the child can read (the parent's scopes); none for Distributed Map children. */
  readonly variables: Readonly<Record<string, Json>>;
  readonly kind: 'iteration' | 'branch';
  /** Distributed Map children are separate executions in AWS; the engine may run them as such. */
  readonly distributed: boolean;
  readonly index: number;
  readonly item?: ContextItem;
  /** History id of MapIterationStarted / ParallelStateStarted, the child's first previousEventId. */
  readonly parentEventId: number;
}

export type CommandType = Command['type'];
