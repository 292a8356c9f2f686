// Deterministic randomness (sampling, permutations): the same window always gives the same report.

/** mulberry32: a small, fast 32-bit generator; numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, as a seed. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Keeps a uniform random sample of at most `capacity` of the items offered (Algorithm R). */
export class Reservoir<T> {
  readonly items: T[] = [];
  #seen = 0;

  constructor(
    private readonly capacity: number,
    private readonly random: () => number,
  ) {}

  /** The slot the next item would take, or -1 when it is not sampled; lets callers skip costly work. */
  nextSlot(): number {
    this.#seen++;
    if (this.items.length < this.capacity) return this.items.length;
    const slot = Math.floor(this.random() * this.#seen);
    return slot < this.capacity ? slot : -1;
  }

  place(slot: number, item: T): void {
    this.items[slot] = item;
  }
}
