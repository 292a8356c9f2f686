// A single-consumer queue of events with a timed take, so a worker's phases read as straight-line code.

export class EventQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | undefined) => void) | undefined;

  push(item: T): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(item);
    } else {
      this.items.push(item);
    }
  }

  /** The next event, or undefined when `timeoutMs` passes first. */
  take(timeoutMs: number): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiter = undefined;
          resolve(undefined);
        },
        Math.max(0, timeoutMs),
      );
      this.waiter = (next) => {
        clearTimeout(timer);
        resolve(next);
      };
    });
  }
}
