// The persistent state of one run (an execution, a Map iteration or a Parallel branch): plain JSON data.
import type { Json } from './json.js';

export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What `$$.Execution` and `$$.StateMachine` show; fixed for the whole execution. */
export interface ExecutionInfo {
  readonly executionArn: string;
  readonly name: string;
  readonly startTime: string;
  readonly roleArn: string;
  readonly input: Json;
  readonly redriveCount: number;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
}

/** `$$.Map.Item` while a Map state builds an iteration's input. */
export interface ContextItem {
  readonly Index: number;
  readonly Value: Json;
  readonly Key?: string;
  readonly Source?: string;
}

export interface TaskWait {
  readonly kind: 'task';
  readonly taskId: string;
  readonly resource: string;
  readonly legacyLambda: boolean;
  readonly timeoutTimerId?: string;
  readonly heartbeatTimerId?: string;
  readonly heartbeatSeconds?: number;
}

export interface TimerWait {
  readonly kind: 'timer';
  readonly timerId: string;
}

/** Waiting for the delay of a retry; the state restarts when the timer fires. */
export interface RetryWait {
  readonly kind: 'retry';
  readonly timerId: string;
}

/** Progress of a Map state (its iterations) or Parallel state (its branches), both child runs. */
export interface ChildrenWait {
  readonly kind: 'children';
  readonly mode: 'map' | 'parallel';
  readonly scope: string;
  /** Items to iterate; when `prepared`, they are the final child inputs (branches, batches). */
  readonly items: Json[];
  readonly prepared: boolean;
  readonly effectiveInput: Json;
  readonly distributed: boolean;
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number | null;
  readonly toleratedFailurePercentage: number | null;
  nextIndex: number;
  /** childId -> index */
  running: Record<string, number>;
  results: Json[];
  succeeded: number;
  /** Indexes of failed iterations (tolerated ones keep {Error, Cause} in `results`). */
  failed: number[];
  /** ResultWriter requests still outstanding once all children ended, and the Map output they lead to. */
  pendingWrites?: string[];
  writerOutput?: Json;
}

/** Waiting for the ItemReader's object (or listing) from the store. */
export interface ItemsWait {
  readonly kind: 'items';
  readonly requestId: string;
  readonly effectiveInput: Json;
  /** ReaderConfig MaxItems / MaxItemsPath, resolved when the read was requested. */
  readonly maxItems?: number;
}

export type Wait = TaskWait | TimerWait | RetryWait | ChildrenWait | ItemsWait;

/** The state a run is in while it waits for something. */
export interface ActiveState {
  readonly name: string;
  readonly enteredEventId: number;
  readonly enteredTime: string;
  /** The state's raw input. */
  readonly input: Json;
  retryCount: number;
  /** Attempts used per retrier (index into Retry). */
  retryAttempts: number[];
  wait: Wait | null;
}

export interface RunState {
  readonly version: 1;
  readonly runId: string;
  /** JSON pointer of the run's machine in the definition ('' for the execution itself). */
  readonly scope: string;
  readonly topLevel: boolean;
  readonly execution: ExecutionInfo;
  /** Variables of enclosing scopes, readable but not assignable here. */
  readonly outerVariables: Readonly<Record<string, Json>>;
  variables: Record<string, Json>;
  status: RunStatus;
  lastEventId: number;
  /** Counter for task, timer, child and request ids, unique within the run. */
  seq: number;
  active: ActiveState | null;
  executionTimerId?: string;
  output?: Json;
  error?: string | null;
  cause?: string | null;
}

/** The initial state of an execution; apply a `start` event to begin it. */
export function newExecutionState(execution: ExecutionInfo, runId = 'root'): RunState {
  return {
    version: 1,
    runId,
    scope: '',
    topLevel: true,
    execution,
    outerVariables: {},
    variables: {},
    status: 'RUNNING',
    lastEventId: 0,
    seq: 0,
    active: null,
  };
}

/** The initial state of a child run started by a `startChild` command of `parent`. */
export function newChildState(
  parent: Pick<RunState, 'execution'>,
  childId: string,
  scope: string,
  variables: Readonly<Record<string, Json>>,
): RunState {
  return {
    version: 1,
    runId: childId,
    scope,
    topLevel: false,
    execution: parent.execution,
    outerVariables: variables,
    variables: {},
    status: 'RUNNING',
    lastEventId: 0,
    seq: 0,
    active: null,
  };
}
