// Remembers header signatures until their skew window closes, so a captured request cannot be sent again.
//
// In memory, per process: enough for the embedded server. Presigned URLs are meant to be reused and are not
// tracked. When more than `maxEntries` signatures are live, the oldest are forgotten first (bounded memory).

export class ReplayCache {
  readonly #until = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** True when the signature is new (and is now remembered until `until`); false for a replay. */
  remember(signature: string, until: number, now: number): boolean {
    this.#prune(now);
    const seen = this.#until.get(signature);
    if (seen !== undefined && seen > now) return false;
    this.#until.set(signature, until);
    return true;
  }

  get size(): number {
    return this.#until.size;
  }

  #prune(now: number): void {
    for (const [signature, until] of this.#until) {
      if (until > now && this.#until.size < this.maxEntries) break;
      this.#until.delete(signature);
    }
  }
}
