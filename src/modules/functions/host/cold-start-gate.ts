// How many guests of one function start at once. A burst (a Map state fanning out over every test image) would
// otherwise start one guest per call together; on a small machine they share its cores, so each init takes many
// times longer and may exceed Lambda's 10 s init limit. Callers wait for a turn instead, and take a guest that
// became idle meanwhile rather than starting another: the burst is served by as many guests as it needs.
export type Turn<T> = { readonly warm: T } | { readonly release: () => void };

export class ColdStartGate {
  private starting = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** A warm guest from `idle` as soon as one is there, or a turn to start one (release it once started). */
  async enter<T>(idle: () => T | undefined): Promise<Turn<T>> {
    for (;;) {
      const warm = idle();
      if (warm !== undefined) return { warm };
      if (this.starting < this.limit) return { release: this.take() };
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Something changed (a guest went idle, the pool closed): the waiting callers look again. */
  nudge(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private take(): () => void {
    this.starting += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.starting -= 1;
      this.nudge();
    };
  }
}
