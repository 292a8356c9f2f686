// Fans events out to any number of listeners (metrics, dashboards): one listener that throws is logged and neither
// breaks the caller's work nor silences the others.
import type { Logger } from './logger.js';

export class FanOut<L> {
  readonly #listeners = new Set<L>();

  /** `failure` is the log message when a listener throws, e.g. "an invocation listener failed". */
  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
  ) {}

  /** Returns the function that removes the listener again. */
  add(listener: L): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener; `context` is logged with a failure. */
  protected each(call: (listener: L) => void, context: Record<string, unknown> = {}): void {
    for (const listener of this.#listeners) {
      try {
        call(listener);
      } catch (error) {
        this.logger.error({ err: error, ...context }, this.failure);
      }
    }
  }
}
