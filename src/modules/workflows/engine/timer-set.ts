// Timers of one execution on the injected clock; Wait and Retry delays are multiplied by the time scale.
import type { Clock } from '../../../kernel/clock.js';
import type { TimerPurpose } from '../asl/commands.js';

const SCALED: ReadonlySet<TimerPurpose> = new Set<TimerPurpose>(['wait', 'retry']);

export class TimerSet {
  private readonly timers = new Map<string, { runId: string; cancel: () => void }>();

  constructor(
    private readonly clock: Clock,
    private readonly timeScale: number,
    private readonly fire: (runId: string, timerId: string) => void,
  ) {}

  start(runId: string, timerId: string, fireAt: number, purpose: TimerPurpose): void {
    const delay = Math.max(0, fireAt - this.clock.now()) * (SCALED.has(purpose) ? this.timeScale : 1);
    const onFire = () => {
      if (!this.timers.delete(timerId)) return;
      this.fire(runId, timerId);
    };
    if (delay === 0) {
      const handle = setImmediate(onFire);
      this.timers.set(timerId, { runId, cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(onFire, Math.min(delay, 2_147_483_647));
      this.timers.set(timerId, { runId, cancel: () => clearTimeout(handle) });
    }
  }

  cancel(timerId: string): void {
    this.timers.get(timerId)?.cancel();
    this.timers.delete(timerId);
  }

  cancelRun(runId: string): void {
    for (const [timerId, timer] of this.timers) if (timer.runId === runId) this.cancel(timerId);
  }

  cancelAll(): void {
    for (const timerId of [...this.timers.keys()]) this.cancel(timerId);
  }
}
