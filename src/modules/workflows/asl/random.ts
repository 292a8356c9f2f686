// Deterministic randomness for one step: seeded from the entropy string the engine records with each event.

export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
  /** A version-4 UUID built from `next()`. */
  uuid(): string;
  /** The generator's position, to continue the same sequence elsewhere (another thread) or to rewind. */
  save(): RandomState;
  restore(state: RandomState): void;
}

/** sfc32's four words. */
export type RandomState = readonly [number, number, number, number];

/** sfc32 seeded by a 128-bit hash of `seed`: fast, small, and the same sequence on replay. */
export function seededRandom(seed: string): RandomSource {
  const source = randomFromState(hashSeed(seed));
  for (let i = 0; i < 12; i++) source.next();
  return source;
}

/** The sequence continued from a saved position. */
export function randomFromState(state: RandomState): RandomSource {
  let [a, b, c, d] = state;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  return {
    next,
    uuid: () => uuidFrom(next),
    save: () => [a, b, c, d],
    restore: (saved) => {
      [a, b, c, d] = saved;
    },
  };
}

function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

function uuidFrom(next: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
