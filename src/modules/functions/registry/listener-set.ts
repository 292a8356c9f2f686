// Fans the runtime's invocation events out to any number of listeners (metrics, dashboards).
import { FanOut } from '../../../kernel/fan-out.js';
import type { Logger } from '../../../kernel/logger.js';
import type { InvocationResult } from '../invocation.js';
import type { InvocationListener } from '../ports.js';

export class ListenerSet extends FanOut<InvocationListener> implements InvocationListener {
  constructor(logger: Logger) {
    super(logger, 'an invocation listener failed');
  }

  onInvocation(result: InvocationResult): void {
    this.each((listener) => listener.onInvocation(result));
  }

  onThrottle(functionName: string): void {
    this.each((listener) => listener.onThrottle(functionName));
  }
}
