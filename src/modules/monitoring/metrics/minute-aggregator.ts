// In-memory per-minute aggregates of every series this process records: the hot path only adds numbers
// here; the metrics service drains them to the database in batches.
import { MinuteStats } from './minute-stats.js';
import { matchesDimensions, type SeriesIdentity, seriesKey } from './series-identity.js';

export interface MinuteAggregate {
  readonly identity: SeriesIdentity;
  readonly minute: number;
  readonly stats: MinuteStats;
}

export class SeriesAccumulator {
  readonly key: string;
  readonly #pending = new Map<number, MinuteStats>();
  #minute = Number.NaN;
  #current: MinuteStats | undefined;
  /** Everything already drained, since the process started (Prometheus counters are cumulative). */
  readonly #drained = new MinuteStats();

  constructor(readonly identity: SeriesIdentity) {
    this.key = seriesKey(identity);
  }

  add(value: number, at: number): void {
    const minute = Math.floor(at / 60_000);
    if (minute !== this.#minute || !this.#current) {
      let stats = this.#pending.get(minute);
      if (!stats) {
        stats = new MinuteStats();
        this.#pending.set(minute, stats);
      }
      this.#minute = minute;
      this.#current = stats;
    }
    this.#current.add(value, at);
  }

  drain(): MinuteAggregate[] {
    const out: MinuteAggregate[] = [];
    for (const [minute, stats] of this.#pending) {
      out.push({ identity: this.identity, minute, stats });
      this.#drained.merge(stats);
    }
    this.#pending.clear();
    this.#current = undefined;
    this.#minute = Number.NaN;
    return out;
  }

  pending(fromMinute: number, toMinute: number): MinuteAggregate[] {
    const out: MinuteAggregate[] = [];
    for (const [minute, stats] of this.#pending)
      if (minute >= fromMinute && minute < toMinute) out.push({ identity: this.identity, minute, stats });
    return out;
  }

  cumulative(): MinuteStats {
    const total = new MinuteStats();
    total.merge(this.#drained);
    for (const stats of this.#pending.values()) total.merge(stats);
    return total;
  }
}

export class MinuteAggregator {
  readonly #series = new Map<string, SeriesAccumulator>();

  /** The accumulator of a series; callers on the hot path keep it rather than asking again. */
  series(identity: SeriesIdentity): SeriesAccumulator {
    const key = seriesKey(identity);
    let series = this.#series.get(key);
    if (!series) {
      series = new SeriesAccumulator(identity);
      this.#series.set(key, series);
    }
    return series;
  }

  drain(): MinuteAggregate[] {
    return [...this.#series.values()].flatMap((s) => s.drain());
  }

  all(): SeriesAccumulator[] {
    return [...this.#series.values()];
  }

  pending(
    namespace: string,
    name: string,
    dimensions: Readonly<Record<string, string>>,
    from: number,
    to: number,
  ) {
    return [...this.#series.values()]
      .filter(
        (s) =>
          s.identity.namespace === namespace &&
          s.identity.name === name &&
          matchesDimensions(s.identity.dimensions, dimensions),
      )
      .flatMap((s) => s.pending(from, to));
  }
}
