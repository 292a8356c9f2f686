// Fans the runtime's invocation events out to any number of listeners (metrics, dashboards); one failing
// listener neither breaks an invocation nor silences the others.
import type { Logger } from '../../../kernel/logger.js';
import type { InvocationResult } from '../invocation.js';
import type { InvocationListener } from '../ports.js';

export class ListenerSet implements InvocationListener {
  private readonly listeners = new Set<InvocationListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that removes the listener again. */
  add(listener: InvocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onInvocation(result: InvocationResult): void {
    this.each((listener) => listener.onInvocation(result));
  }

  onThrottle(functionName: string): void {
    this.each((listener) => listener.onThrottle(functionName));
  }

  private each(call: (listener: InvocationListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (error) {
        this.logger.error({ err: error }, 'an invocation listener failed');
      }
    }
  }
}
