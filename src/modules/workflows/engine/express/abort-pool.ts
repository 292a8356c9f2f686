// AbortControllers for tasks, reused once a task ends without being aborted or observed.
import { getEventListeners } from 'node:events';

/** Controllers kept for reuse; more than enough for the tasks one runner has out at a time. */
const POOL_LIMIT = 256;

/**
 * Every task gets a signal, but a quick task never needs it: on Node 20, making an AbortSignal (an
 * EventTarget with two maps and a changed prototype) and collecting it costs more than a no-op Lambda task
 * itself, and slows every execution running beside it. So a controller whose task ended, that was never
 * aborted and that nobody still listens to, is as good as new and goes back here.
 */
export class AbortPool {
  private readonly free: AbortController[] = [];

  take(): AbortController {
    return this.free.pop() ?? new AbortController();
  }

  /** Takes back the controller of a task that ended; aborted or observed ones are dropped. */
  give(controller: AbortController): void {
    if (this.free.length >= POOL_LIMIT || controller.signal.aborted) return;
    if (getEventListeners(controller.signal, 'abort').length > 0) return;
    this.free.push(controller);
  }
}
