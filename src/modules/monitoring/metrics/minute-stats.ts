// The aggregate of one series over one minute: count, sum, extremes, latest value and a quantile sketch.
import type { MetricMinutesTable } from '../schema.js';
import { LogSketch, type SketchJson } from '../stats/log-sketch.js';

export class MinuteStats {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  last = Number.NaN;
  lastAt = Number.NEGATIVE_INFINITY;
  readonly sketch = new LogSketch();

  add(value: number, at: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (at >= this.lastAt) {
      this.last = value;
      this.lastAt = at;
    }
    this.sketch.add(value);
  }

  merge(other: MinuteStats): void {
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    if (other.lastAt >= this.lastAt) {
      this.last = other.last;
      this.lastAt = other.lastAt;
    }
    this.sketch.merge(other.sketch);
  }

  static fromRow(row: Omit<MetricMinutesTable, 'series_id' | 'minute'>): MinuteStats {
    const stats = new MinuteStats();
    stats.count = row.count;
    stats.sum = row.sum;
    stats.min = row.min;
    stats.max = row.max;
    stats.last = row.last;
    stats.lastAt = Number(row.last_at);
    stats.sketch.merge(LogSketch.fromJSON(JSON.parse(row.sketch) as SketchJson));
    return stats;
  }
}
