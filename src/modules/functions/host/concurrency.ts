// Counts running executions per function and in total, and refuses what exceeds the limits (throttling).

export type ThrottleReason =
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ConcurrentInvocationLimitExceeded';

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
