// Asynchronous (`Event`) invocations: queued behind a port, run in the background, retried twice on failure
// as Lambda retries them, throttles retried until the event is too old, and the final result kept.
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../kernel/clock.js';
import { isSconesError } from '../../../kernel/errors.js';
import { type Logger, silentLogger } from '../../../kernel/logger.js';
import { functionsError } from '../errors.js';
import type { InvocationResult } from '../invocation.js';
import type {
  AsyncAttempt,
  AsyncInvocationQueue,
  AsyncInvocationRecord,
  FunctionResolver,
} from '../ports.js';
import { checkPayload, MAX_ASYNC_REQUEST_BYTES } from './payload.js';
import type { FunctionRuntime } from './runtime.js';

export interface AsyncInvokeInput {
  readonly functionName: string;
  readonly qualifier?: string;
  /** JSON text; empty or absent means `{}`. */
  readonly payload?: string;
  /** Retries after a failed attempt, 0-2 (Lambda's MaximumRetryAttempts). Default 2. */
  readonly maxRetries?: number;
}

export interface AsyncInvokerOptions {
  readonly runtime: FunctionRuntime;
  readonly queue: AsyncInvocationQueue;
  readonly resolver: FunctionResolver;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Wait before the first and second retry. Default 1 and 2 minutes, as Lambda. */
  readonly retryDelaysMs?: readonly number[];
  /** Wait before retrying a throttled attempt. Default 1 s. */
  readonly throttleRetryMs?: number;
  /** Events older than this fail instead of being retried. Default 6 hours, as Lambda. */
  readonly maxEventAgeMs?: number;
  /** How long a claimed record is ours before another dispatcher may take it over. Default 20 minutes. */
  readonly leaseMs?: number;
  /** Attempts run at once. Default 4. */
  readonly concurrency?: number;
}

export interface AsyncInvoker {
  /** Queues an event (Lambda answers 202); the function must exist now. */
  enqueue(input: AsyncInvokeInput): Promise<AsyncInvocationRecord>;
  get(requestId: string): Promise<AsyncInvocationRecord>;
  /** Resolves once the invocation succeeded or finally failed. */
  settled(requestId: string): Promise<AsyncInvocationRecord>;
  /** Starts dispatching, including records a previous process left running. */
  start(): void;
  /** Stops taking work and waits for attempts in flight. */
  close(): Promise<void>;
}

export function createAsyncInvoker(options: AsyncInvokerOptions): AsyncInvoker {
  return new Dispatcher(options);
}

class Dispatcher implements AsyncInvoker {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly running = new Set<Promise<void>>();
  private readonly waiters = new Map<string, Array<(record: AsyncInvocationRecord) => void>>();
  private wake: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: AsyncInvokerOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  async enqueue(input: AsyncInvokeInput): Promise<AsyncInvocationRecord> {
    const payload = checkPayload(input.payload, MAX_ASYNC_REQUEST_BYTES);
    const maxRetries = input.maxRetries ?? 2;
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 2))
      throw functionsError('INVALID_CONFIG', 'maximum retry attempts must be 0, 1 or 2');
    if (!(await this.options.resolver.resolve(input.functionName, input.qualifier)))
      throw functionsError('FUNCTION_NOT_FOUND', `Function not found: ${input.functionName}`, { ...input });
    const now = this.clock.now();
    const record: AsyncInvocationRecord = {
      requestId: randomUUID(),
      functionName: input.functionName,
      ...(input.qualifier === undefined ? {} : { qualifier: input.qualifier }),
      payload,
      enqueuedAt: now,
      status: 'queued',
      attempts: [],
      maxRetries,
      notBefore: now,
    };
    await this.options.queue.add(record);
    this.kick();
    return record;
  }

  async get(requestId: string): Promise<AsyncInvocationRecord> {
    const record = await this.options.queue.get(requestId);
    if (!record) throw functionsError('INVOCATION_NOT_FOUND', `no asynchronous invocation ${requestId}`);
    return record;
  }

  async settled(requestId: string): Promise<AsyncInvocationRecord> {
    const waiting = new Promise<AsyncInvocationRecord>((resolve) => {
      this.waiters.set(requestId, [...(this.waiters.get(requestId) ?? []), resolve]);
    });
    const record = await this.get(requestId);
    if (isSettled(record)) this.notify(record);
    return waiting;
  }

  start(): void {
    this.started = true;
    this.kick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wake);
    await Promise.all(this.running);
  }

  private kick(): void {
    if (this.started && !this.stopped) void this.pump();
  }

  private async pump(): Promise<void> {
    // A kick while pumping (a new event, a finished attempt) must not be lost: pump again after.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.claimAndRun();
      } while (this.pumpAgain && !this.stopped);
      await this.scheduleWake();
    } catch (error) {
      this.logger.error({ err: error }, 'async invocation dispatch failed');
    } finally {
      this.pumping = false;
    }
  }

  private async claimAndRun(): Promise<void> {
    for (let free = this.freeSlots(); free > 0 && !this.stopped; free = this.freeSlots()) {
      const claimed = await this.options.queue.claim(
        this.clock.now(),
        this.options.leaseMs ?? 20 * 60_000,
        free,
      );
      if (claimed.length === 0) return;
      for (const record of claimed) this.track(this.attempt(record));
    }
  }

  private freeSlots(): number {
    return (this.options.concurrency ?? 4) - this.running.size;
  }

  private track(attempt: Promise<void>): void {
    // A failing queue leaves the record leased; it is taken over when the lease expires.
    const work = attempt.catch((error: unknown) =>
      this.logger.error({ err: error }, 'async invocation attempt failed'),
    );
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.kick();
    });
  }

  private async scheduleWake(): Promise<void> {
    clearTimeout(this.wake);
    const due = await this.options.queue.nextDueAt();
    if (due === undefined || this.stopped) return;
    this.wake = setTimeout(() => this.kick(), Math.max(0, due - this.clock.now()));
    this.wake.unref();
  }

  private async attempt(record: AsyncInvocationRecord): Promise<void> {
    const startedAt = this.clock.now();
    const fn = await this.options.resolver.resolve(record.functionName, record.qualifier);
    if (!fn) return this.settle(record, { startedAt, status: 'unresolved' }, 'failed');
    let result: InvocationResult;
    try {
      result = await this.options.runtime.invoke({
        fn,
        payload: record.payload,
        requestId: record.requestId,
        ...(record.qualifier === undefined ? {} : { qualifier: record.qualifier }),
      });
    } catch (error) {
      if (isSconesError(error) && error.code === functionsError.codes.TOO_MANY_REQUESTS)
        return this.retryThrottled(record);
      this.logger.warn(
        { err: error, requestId: record.requestId },
        'async invocation attempt failed to start',
      );
      return this.afterAttempt(record, { startedAt, status: 'error', errorType: 'ServiceException' });
    }
    const attempt: AsyncAttempt = {
      startedAt,
      status: result.status,
      ...(result.error ? { errorType: result.error.errorType } : {}),
    };
    return this.afterAttempt(record, attempt, result);
  }

  private async afterAttempt(
    record: AsyncInvocationRecord,
    attempt: AsyncAttempt,
    result?: InvocationResult,
  ): Promise<void> {
    if (attempt.status === 'success') return this.settle(record, attempt, 'succeeded', result);
    const retriesUsed = record.attempts.length;
    const tooOld = this.clock.now() - record.enqueuedAt > (this.options.maxEventAgeMs ?? 6 * 3_600_000);
    if (retriesUsed >= record.maxRetries || tooOld) return this.settle(record, attempt, 'failed', result);
    const delays = this.options.retryDelaysMs ?? [60_000, 120_000];
    const delay = delays[Math.min(retriesUsed, delays.length - 1)] ?? 0;
    const { leaseUntil: _, ...rest } = record;
    await this.options.queue.update({
      ...rest,
      status: 'queued',
      attempts: [...record.attempts, attempt],
      notBefore: this.clock.now() + delay,
      ...(result ? { result } : {}),
    });
  }

  private async retryThrottled(record: AsyncInvocationRecord): Promise<void> {
    const { leaseUntil: _, ...rest } = record;
    await this.options.queue.update({
      ...rest,
      status: 'queued',
      notBefore: this.clock.now() + (this.options.throttleRetryMs ?? 1000),
    });
  }

  private async settle(
    record: AsyncInvocationRecord,
    attempt: AsyncAttempt,
    status: 'succeeded' | 'failed',
    result?: InvocationResult,
  ): Promise<void> {
    const { leaseUntil: _, ...rest } = record;
    const settled: AsyncInvocationRecord = {
      ...rest,
      status,
      attempts: [...record.attempts, attempt],
      ...(result ? { result } : {}),
    };
    await this.options.queue.update(settled);
    this.notify(settled);
  }

  private notify(record: AsyncInvocationRecord): void {
    const waiting = this.waiters.get(record.requestId) ?? [];
    this.waiters.delete(record.requestId);
    for (const resolve of waiting) resolve(record);
  }
}

function isSettled(record: AsyncInvocationRecord): boolean {
  return record.status === 'succeeded' || record.status === 'failed';
}
