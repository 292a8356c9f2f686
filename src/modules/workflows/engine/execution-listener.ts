// The execution listener port (metrics, dashboards): told when an execution of a state machine starts and ends,
// and the set that fans those events out, so one failing listener neither breaks an execution nor the others.
import { FanOut } from '../../../kernel/fan-out.js';
import type { Logger } from '../../../kernel/logger.js';
import type { ExecutionInfo, RunStatus } from '../asl/run-state.js';

export interface ExecutionEvent {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** RUNNING when the execution starts, its final status when it ends. */
  readonly status: RunStatus;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  /** When it ended; only on end events. */
  readonly stopDate?: number;
  /** The error name of an execution that ended FAILED, TIMED_OUT or ABORTED with one. */
  readonly error?: string;
}

export interface ExecutionListener {
  /** Called synchronously on the engine's path: record and return (no I/O). */
  onExecution(event: ExecutionEvent): void;
}

export class ExecutionListeners extends FanOut<ExecutionListener> implements ExecutionListener {
  constructor(logger: Logger) {
    super(logger, 'an execution listener failed');
  }

  onExecution(event: ExecutionEvent): void {
    this.each((listener) => listener.onExecution(event), { executionArn: event.executionArn });
  }
}

/** The event of an execution (described by its `$$.Execution` info) starting or ending. */
export function executionEvent(
  info: ExecutionInfo,
  type: ExecutionEvent['type'],
  status: RunStatus,
  end?: { readonly stopDate: number; readonly error?: string | null },
): ExecutionEvent {
  return {
    executionArn: info.executionArn,
    stateMachineArn: info.stateMachineArn,
    stateMachineName: info.stateMachineName,
    type,
    status,
    startDate: Date.parse(info.startTime),
    ...(end === undefined ? {} : { stopDate: end.stopDate }),
    ...(end?.error == null ? {} : { error: end.error }),
  };
}
