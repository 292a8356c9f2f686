// Drives one guest through its phases: init (load the handler) and one invocation, ending each phase with
// the guest's answer or with what the platform observed (timeout, exit, memory, oversized response).
import type { FunctionErrorSummary, InvocationStatus } from '../invocation.js';
import type { InvokeMessage } from '../protocol.js';
import {
  exitError,
  MAX_RESPONSE_BYTES,
  outOfMemoryError,
  responseTooLargeError,
  timeoutError,
} from './platform-errors.js';
import type { Worker, WorkerEvent } from './worker.js';

/** How long the host waits for a phase's output after the guest answered, or for a killed guest to end. */
const OUTPUT_WAIT_MS = 2000;

export interface PhaseOutcome {
  readonly status: InvocationStatus;
  /** JSON text: the result, or an error payload. */
  readonly payload: string;
  readonly error?: FunctionErrorSummary;
  /** A failure of the platform's (timeout, exit, memory), shown in REPORT's Status. */
  readonly platformFailure: boolean;
  /** The worker must not be reused. */
  readonly recycle: boolean;
  readonly durationMs: number;
}

export async function initGuest(
  worker: Worker,
  requestId: string,
  initTimeoutMs: number,
): Promise<PhaseOutcome> {
  const started = performance.now();
  const { answeredAt, ...outcome } = await awaitAnswer(worker, requestId, started + initTimeoutMs, () =>
    timeoutError(requestId, initTimeoutMs / 1000),
  );
  return { ...outcome, durationMs: answeredAt - started };
}

export async function invokeGuest(
  worker: Worker,
  message: InvokeMessage,
  timeoutSeconds: number,
): Promise<PhaseOutcome> {
  const started = performance.now();
  worker.send(message);
  const { answeredAt, ...outcome } = await awaitAnswer(
    worker,
    message.requestId,
    started + timeoutSeconds * 1000,
    () => timeoutError(message.requestId, timeoutSeconds),
  );
  return { ...outcome, durationMs: answeredAt - started };
}

type Answer = Omit<PhaseOutcome, 'durationMs'>;

async function awaitAnswer(
  worker: Worker,
  requestId: string,
  deadline: number,
  onTimeout: () => FunctionErrorSummary,
): Promise<Answer & { readonly answeredAt: number }> {
  worker.watchMemory(true);
  try {
    for (;;) {
      const event = await worker.events.take(deadline - performance.now());
      const answeredAt = performance.now();
      if (event === undefined) {
        worker.kill('timeout');
        await awaitExit(worker);
        return { ...platformFailure(onTimeout(), 'timeout'), answeredAt };
      }
      const answer = await interpret(worker, requestId, event);
      if (answer) return { ...answer, answeredAt };
    }
  } finally {
    worker.watchMemory(false);
  }
}

async function interpret(worker: Worker, requestId: string, event: WorkerEvent): Promise<Answer | undefined> {
  switch (event.kind) {
    case 'barrier':
      return undefined;
    case 'memory':
      await awaitExit(worker);
      return platformFailure(outOfMemoryError(requestId), 'error');
    case 'oversized':
      await awaitExit(worker);
      return { ...platformFailure(responseTooLargeError(), 'error'), platformFailure: false };
    case 'exit':
      return platformFailure(
        worker.killedFor === 'memory'
          ? outOfMemoryError(requestId)
          : exitError(requestId, event.code, event.signal),
        'error',
      );
    case 'message':
      // The kernel killed a process of the guest's over its memory (a subprocess, say) and the handler answered
      // anyway: Lambda ends such an invocation with Runtime.OutOfMemory all the same.
      if (worker.oomKilled()) {
        worker.kill('memory');
        await awaitExit(worker);
        return platformFailure(outOfMemoryError(requestId), 'error');
      }
      return answerFromMessage(worker, event.message);
  }
}

async function answerFromMessage(
  worker: Worker,
  message: Extract<WorkerEvent, { kind: 'message' }>['message'],
): Promise<Answer> {
  if (message.barrier) worker.expectBarrier();
  await worker.drainOutput(OUTPUT_WAIT_MS);
  switch (message.type) {
    case 'ready':
      return { status: 'success', payload: 'null', platformFailure: false, recycle: false };
    case 'result':
      if (Buffer.byteLength(message.payload, 'utf8') > MAX_RESPONSE_BYTES)
        return {
          ...platformFailure(responseTooLargeError(), 'error'),
          platformFailure: false,
          recycle: false,
        };
      return { status: 'success', payload: message.payload, platformFailure: false, recycle: false };
    case 'error':
    case 'init-error':
      return {
        status: 'error',
        payload: message.payload,
        error: { errorType: message.errorType, errorMessage: messageOf(message.payload) },
        platformFailure: false,
        recycle: message.type === 'init-error' || message.fatal,
      };
  }
}

function platformFailure(error: FunctionErrorSummary, status: InvocationStatus): Answer {
  return { status, payload: JSON.stringify(error), error, platformFailure: true, recycle: true };
}

async function awaitExit(worker: Worker): Promise<void> {
  const until = performance.now() + OUTPUT_WAIT_MS;
  while (!worker.exited) {
    const event = await worker.events.take(until - performance.now());
    if (event === undefined || event.kind === 'exit') return;
  }
}

function messageOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : '';
  } catch {
    return '';
  }
}
