// How long a timer waits: only Wait and Retry delays follow an execution's time scale (0 fires them at once);
// task, heartbeat and execution timeouts keep real time, so a scaled test still times out as it would.
import type { TimerPurpose } from '../asl/commands.js';

const SCALED: ReadonlySet<TimerPurpose> = new Set<TimerPurpose>(['wait', 'retry']);

/** Milliseconds from `from` until a timer due at `fireAt` fires, scaled when its purpose is. */
export function timerDelay(fireAt: number, purpose: TimerPurpose, from: number, timeScale: number): number {
  return Math.max(0, fireAt - from) * (SCALED.has(purpose) ? timeScale : 1);
}
