// Runs the lifecycle sweep every `intervalMs` in the server: one pass at a time, none after stop().
import type { LifecycleSweep, SweepReport } from './lifecycle-sweep.js';

export class LifecycleSchedule {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly sweep: LifecycleSweep,
    private readonly intervalMs: number,
    private readonly onPass: (outcome: { report?: SweepReport; error?: unknown }) => void,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#arm();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.sweep
        .run()
        .then((report) => this.onPass({ report }))
        .catch((error: unknown) => this.onPass({ error }))
        .finally(() => {
          this.#running = undefined;
          this.#arm();
        });
    }, this.intervalMs);
    this.#timer.unref();
  }
}
