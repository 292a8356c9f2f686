// Slows password guessing on the dashboard login: each address gets a few failed logins per minute.
export const MAX_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Seconds to wait before this address may try again, or 0. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < MAX_FAILURES_PER_MINUTE) return 0;
    return Math.max(1, Math.ceil(((recent[0] as number) + WINDOW_MS - this.now()) / 1000));
  }

  fail(address: string): void {
    if (!this.#failures.has(address) && this.#failures.size >= MAX_ADDRESSES) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    this.#failures.set(address, [...this.recent(address), this.now()]);
  }

  succeed(address: string): void {
    this.#failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = this.now() - WINDOW_MS;
    return (this.#failures.get(address) ?? []).filter((at) => at > since);
  }
}
