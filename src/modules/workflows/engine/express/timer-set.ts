// Timers of one EXPRESS execution on the injected clock (the delay rule is `timerDelay`'s).
import type { Clock } from '../../../../kernel/clock.js';
import type { TimerPurpose } from '../../asl/commands.js';
import { timerDelay } from '../timer-delay.js';

export class TimerSet {
  private readonly timers = new Map<string, { runId: string; cancel: () => void }>();

  constructor(
    private readonly clock: Clock,
    private readonly timeScale: number,
    private readonly fire: (runId: string, timerId: string) => void,
  ) {}

  start(runId: string, timerId: string, fireAt: number, purpose: TimerPurpose): void {
    const delay = timerDelay(fireAt, purpose, this.clock.now(), this.timeScale);
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
