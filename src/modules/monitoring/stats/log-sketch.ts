// A mergeable quantile sketch: counts in fixed log-scale buckets (DDSketch's mapping), so per-minute sketches
// add up exactly and any percentile of any period comes out within 1% relative error.

const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Values closer to zero than this share one bucket and are reported as 0. */
const ZERO_WIDTH = 1e-9;

/** Worst relative error of a percentile read from the sketch: (gamma - 1) / (gamma + 1), about 0.0099. */
export const SKETCH_RELATIVE_ACCURACY = (GAMMA - 1) / (GAMMA + 1);

/** Sparse JSON form: bucket indexes and counts interleaved, `[i0, c0, i1, c1, ...]`. */
export interface SketchJson {
  readonly z: number;
  readonly p: readonly number[];
  readonly n: readonly number[];
}

export class LogSketch {
  /** Bucket i holds positive values in (gamma^(i-1), gamma^i]. */
  readonly positive = new Map<number, number>();
  /** The same buckets over magnitudes of negative values. */
  readonly negative = new Map<number, number>();
  zero = 0;
  count = 0;

  add(value: number, weight = 1): void {
    this.count += weight;
    if (value > ZERO_WIDTH) bump(this.positive, Math.ceil(Math.log(value) / LOG_GAMMA), weight);
    else if (value < -ZERO_WIDTH) bump(this.negative, Math.ceil(Math.log(-value) / LOG_GAMMA), weight);
    else this.zero += weight;
  }

  merge(other: LogSketch): void {
    for (const [index, count] of other.positive) bump(this.positive, index, count);
    for (const [index, count] of other.negative) bump(this.negative, index, count);
    this.zero += other.zero;
    this.count += other.count;
  }

  /** The value of rank ceil(q * count) (nearest rank); undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const index of [...this.negative.keys()].sort((a, b) => b - a)) {
      seen += this.negative.get(index) as number;
      if (seen >= rank) return -representative(index);
    }
    seen += this.zero;
    if (seen >= rank) return 0;
    for (const index of [...this.positive.keys()].sort((a, b) => a - b)) {
      seen += this.positive.get(index) as number;
      if (seen >= rank) return representative(index);
    }
    return representative(Math.max(...this.positive.keys()));
  }

  /** How many values are at most `bound`, as the sketch sees them (bucket representatives). */
  countAtMost(bound: number): number {
    let total = 0;
    for (const [index, count] of this.negative) if (-representative(index) <= bound) total += count;
    if (bound >= 0) total += this.zero;
    for (const [index, count] of this.positive) if (representative(index) <= bound) total += count;
    return total;
  }

  toJSON(): SketchJson {
    return { z: this.zero, p: flatten(this.positive), n: flatten(this.negative) };
  }

  static fromJSON(json: SketchJson): LogSketch {
    const sketch = new LogSketch();
    sketch.zero = json.z;
    sketch.count = json.z;
    for (const [target, pairs] of [
      [sketch.positive, json.p],
      [sketch.negative, json.n],
    ] as const) {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const count = pairs[i + 1] as number;
        target.set(pairs[i] as number, count);
        sketch.count += count;
      }
    }
    return sketch;
  }
}

/** The middle of bucket i in relative terms, so any value in it is within SKETCH_RELATIVE_ACCURACY. */
function representative(index: number): number {
  return (2 * GAMMA ** index) / (GAMMA + 1);
}

function bump(buckets: Map<number, number>, index: number, weight: number): void {
  buckets.set(index, (buckets.get(index) ?? 0) + weight);
}

function flatten(buckets: ReadonlyMap<number, number>): number[] {
  const out: number[] = [];
  for (const [index, count] of buckets) out.push(index, count);
  return out;
}
