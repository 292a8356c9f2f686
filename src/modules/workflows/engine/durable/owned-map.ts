// A map of an execution's pending work or timers, also indexed by the run that owns each entry, so ending one of
// thousands of Map iterations does not scan the whole execution.
export class OwnedMap<V> implements Iterable<[string, V]> {
  private readonly items = new Map<string, V>();
  private readonly byRun = new Map<string, Set<string>>();

  constructor(private readonly runOf: (value: V) => string) {}

  get size(): number {
    return this.items.size;
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  get(id: string): V | undefined {
    return this.items.get(id);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.items.entries();
  }

  set(id: string, value: V): void {
    this.delete(id);
    this.items.set(id, value);
    const run = this.runOf(value);
    const ids = this.byRun.get(run);
    if (ids === undefined) this.byRun.set(run, new Set([id]));
    else ids.add(id);
  }

  delete(id: string): boolean {
    const value = this.items.get(id);
    if (value === undefined) return false;
    this.items.delete(id);
    const run = this.runOf(value);
    const ids = this.byRun.get(run);
    ids?.delete(id);
    if (ids?.size === 0) this.byRun.delete(run);
    return true;
  }

  /** The ids a run owns (a copy: callers delete while they go). */
  ofRun(runId: string): string[] {
    return [...(this.byRun.get(runId) ?? [])];
  }
}
