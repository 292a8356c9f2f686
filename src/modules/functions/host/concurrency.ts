// Counts running executions per function and in total, and refuses what exceeds the limits (throttling).

export type ThrottleReason =
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ConcurrentInvocationLimitExceeded';

/** Concurrent executions of the account when not configured (Lambda's default is 1000; one machine runs fewer). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 32;

/**
 * The concurrency reservations must leave to unreserved functions: Lambda's 100 at its default limit of 1000 and
 * above; a tenth of a smaller limit (at least one), so a machine-sized limit can still reserve most of its slots.
 */
export function unreservedMinimum(accountLimit: number): number {
  return Math.min(100, Math.max(1, Math.ceil(accountLimit / 10)));
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(private readonly accountLimit: number) {}

  /** Takes a slot, or says which limit is full. */
  tryAcquire(functionName: string, reserved: number | undefined): ThrottleReason | undefined {
    const current = this.running.get(functionName) ?? 0;
    if (reserved !== undefined && current >= reserved)
      return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    if (this.total >= this.accountLimit) return 'ConcurrentInvocationLimitExceeded';
    this.running.set(functionName, current + 1);
    this.total += 1;
    return undefined;
  }

  release(functionName: string): void {
    const current = this.running.get(functionName) ?? 0;
    if (current <= 1) this.running.delete(functionName);
    else this.running.set(functionName, current - 1);
    this.total = Math.max(0, this.total - 1);
  }
}
