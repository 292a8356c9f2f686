// Execution history events named and shaped as Step Functions' GetExecutionHistory returns them.

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionTimedOut'
  | 'ExecutionAborted'
  | `${StateKind}StateEntered`
  | `${StateKind}StateExited`
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'LambdaFunctionScheduled'
  | 'LambdaFunctionStarted'
  | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut'
  | 'WaitStateAborted'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapStateAborted'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapIterationAborted'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed'
  | 'ParallelStateAborted'
  | 'EvaluationFailed';

export type StateKind = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Map' | 'Parallel';

interface Truncated {
  readonly truncated: false;
}

/** Detail objects, keyed as AWS keys them; payloads (input/output/parameters) are JSON text. */
export interface HistoryDetails {
  readonly executionStartedEventDetails: {
    readonly input: string;
    readonly inputDetails: Truncated;
    readonly roleArn: string;
  };
  readonly executionSucceededEventDetails: { readonly output: string; readonly outputDetails: Truncated };
  readonly executionFailedEventDetails: { readonly error?: string; readonly cause?: string };
  readonly executionTimedOutEventDetails: { readonly error?: string; readonly cause?: string };
  readonly executionAbortedEventDetails: { readonly error?: string; readonly cause?: string };
  readonly stateEnteredEventDetails: {
    readonly name: string;
    readonly input: string;
    readonly inputDetails: Truncated;
  };
  readonly stateExitedEventDetails: {
    readonly name: string;
    readonly output: string;
    readonly outputDetails: Truncated;
    readonly assignedVariables?: Readonly<Record<string, string>>;
    readonly assignedVariablesDetails?: Truncated;
  };
  readonly taskScheduledEventDetails: {
    readonly resourceType: string;
    readonly resource: string;
    readonly region: string;
    readonly parameters: string;
    readonly timeoutInSeconds?: number;
    readonly heartbeatInSeconds?: number;
  };
  readonly taskStartedEventDetails: { readonly resourceType: string; readonly resource: string };
  readonly taskSubmittedEventDetails: TaskPayload;
  readonly taskSucceededEventDetails: TaskPayload;
  readonly taskFailedEventDetails: TaskError;
  readonly taskTimedOutEventDetails: TaskError;
  readonly lambdaFunctionScheduledEventDetails: {
    readonly resource: string;
    readonly input: string;
    readonly inputDetails: Truncated;
    readonly timeoutInSeconds?: number;
  };
  readonly lambdaFunctionSucceededEventDetails: {
    readonly output: string;
    readonly outputDetails: Truncated;
  };
  readonly lambdaFunctionFailedEventDetails: { readonly error?: string; readonly cause?: string };
  readonly lambdaFunctionTimedOutEventDetails: { readonly error?: string; readonly cause?: string };
  readonly mapStateStartedEventDetails: { readonly length: number };
  readonly mapIterationStartedEventDetails: MapIteration;
  readonly mapIterationSucceededEventDetails: MapIteration;
  readonly mapIterationFailedEventDetails: MapIteration;
  readonly mapIterationAbortedEventDetails: MapIteration;
  readonly mapRunStartedEventDetails: { readonly mapRunArn: string };
  readonly mapRunFailedEventDetails: { readonly error?: string; readonly cause?: string };
  readonly evaluationFailedEventDetails: {
    readonly error: string;
    readonly cause?: string;
    readonly location?: string;
    readonly state: string;
  };
}

interface TaskPayload {
  readonly resourceType: string;
  readonly resource: string;
  readonly output: string;
  readonly outputDetails: Truncated;
}

interface TaskError {
  readonly resourceType: string;
  readonly resource: string;
  readonly error?: string;
  readonly cause?: string;
}

interface MapIteration {
  readonly name: string;
  readonly index: number;
}

export type HistoryEvent = {
  readonly id: number;
  readonly previousEventId: number;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly type: HistoryEventType;
} & Partial<HistoryDetails>;

/**
 * What a step records: `full` builds every history event with its payload texts (STANDARD executions, and
 * whenever someone may read the history); `none` builds none, but assigns and chains event ids exactly as
 * `full` does, so states, commands, outputs and error causes are the same in both modes.
 */
export type HistoryMode = 'full' | 'none';

export const NOT_TRUNCATED: Truncated = { truncated: false };

/** Error/cause detail objects leave out what is null, as AWS does. */
export function errorDetails(error: string | null, cause: string | null): { error?: string; cause?: string } {
  return {
    ...(error === null ? {} : { error }),
    ...(cause === null ? {} : { cause }),
  };
}
