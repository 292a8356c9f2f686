// Ends an invocation's log (END, REPORT) and turns the phase outcome into the caller's result.
import type { InvocationResult } from '../invocation.js';
import type { FunctionVersion } from '../model.js';
import type { PhaseOutcome } from './guest-session.js';
import { endLine, type ReportFigures, reportLine } from './report-lines.js';
import type { Worker } from './worker.js';

export function closeInvocation(
  worker: Worker,
  fn: FunctionVersion,
  requestId: string,
  outcome: PhaseOutcome,
  initDurationMs: number | undefined,
): InvocationResult {
  const log = worker.log;
  if (outcome.platformFailure && outcome.error) log.platform(outcome.error.errorMessage);
  log.noteTruncation();
  log.platform(endLine(requestId));
  const figures = {
    durationMs: outcome.durationMs,
    billedDurationMs: Math.max(1, Math.ceil(outcome.durationMs)),
    memorySizeMb: fn.config.memoryMb,
    maxMemoryUsedMb: worker.peakMemoryMb(),
    ...(initDurationMs === undefined ? {} : { initDurationMs }),
  };
  log.platform(reportLine(requestId, { ...figures, ...platformStatus(outcome) }));
  log.flush();
  return {
    requestId,
    functionName: fn.config.name,
    executedVersion: fn.version,
    status: outcome.status,
    payload: outcome.payload,
    ...(outcome.status === 'success' ? {} : { functionError: 'Unhandled' as const }),
    ...(outcome.error ? { error: outcome.error } : {}),
    logTail: log.tailText(),
    logStream: worker.logStream,
    ...figures,
  };
}

// Lambda adds Status (and Error Type) to REPORT only when the platform ended the invocation.
function platformStatus(outcome: PhaseOutcome): Pick<ReportFigures, 'status' | 'errorType'> {
  if (!outcome.platformFailure || !outcome.error) return {};
  return { status: outcome.status === 'timeout' ? 'timeout' : 'error', errorType: outcome.error.errorType };
}
