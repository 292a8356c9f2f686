// ASL runtime errors (error name + cause) as the interpreter raises them, and the reserved States.* names.

export const StatesErrors = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  QueryEvaluationError: 'States.QueryEvaluationError',
  Permissions: 'States.Permissions',
} as const;

/** Errors whose cause AWS prefixes with "An error occurred while executing the state ...". */
const PREFIXED = new Set<string>([StatesErrors.Runtime, StatesErrors.QueryEvaluationError]);

/**
 * An ASL error raised while evaluating a state. `error`/`cause` null mean "not given" (a Fail state
 * without Error/Cause). Handlers throw it; the step loop turns it into Retry/Catch/failure.
 */
export class AslError extends Error {
  constructor(
    readonly error: string | null,
    override readonly cause: string | null,
    /** Raised outside the Retry/Catch boundary (InputPath, OutputPath, output size): always fails the run. */
    readonly fatal = false,
  ) {
    super(`${error ?? 'null'}: ${cause ?? ''}`);
    this.name = 'AslError';
  }
}

/** The same error, but outside the Retry/Catch boundary. */
export function fatal(error: AslError): AslError {
  return error.fatal ? error : new AslError(error.error, error.cause, true);
}

export function runtimeError(cause: string): AslError {
  return new AslError(StatesErrors.Runtime, cause);
}

export function queryError(cause: string): AslError {
  return new AslError(StatesErrors.QueryEvaluationError, cause);
}

export function intrinsicError(cause: string): AslError {
  return new AslError(StatesErrors.IntrinsicFailure, cause);
}

/** Adds the state-location prefix AWS puts on runtime and query-evaluation causes. */
export function locateCause(error: string | null, cause: string | null, state: string, enteredId: number) {
  if (error === null || !PREFIXED.has(error) || cause === null) return cause;
  return `An error occurred while executing the state '${state}' (entered at the event id #${enteredId}). ${cause}`;
}
