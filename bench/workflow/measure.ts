// Timing helpers for the workflow bench: runs for a while with N callers, then throughput and latency percentiles;
// rivals are measured in alternating rounds, so a shared, loaded machine slows them alike, and CPU time per call
// is measured too, which load changes much less than throughput.

export interface Measurement {
  readonly runs: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time of this process (all threads: GC too) per call, in microseconds. */
  readonly cpuMicros: number;
}

interface Sample {
  readonly latencies: number[];
  readonly seconds: number;
  readonly cpuMicros: number;
}

/** Warms up, then calls `fn` from `concurrency` loops for `seconds`. */
export async function measure(
  fn: () => Promise<void>,
  seconds: number,
  concurrency = 1,
): Promise<Measurement> {
  return summary([await sample(fn, seconds, concurrency)]);
}

/**
 * Measures each of `rivals` for `seconds` in all, in `rounds` alternating slices (A, B, C, A, B, C, ...):
 * throughput is all runs over all time, percentiles are over every call.
 */
export async function compare<K extends string>(
  rivals: Readonly<Record<K, () => Promise<void>>>,
  seconds: number,
  concurrency = 1,
  rounds = 5,
): Promise<Record<K, Measurement>> {
  const labels = Object.keys(rivals) as K[];
  const samples = new Map<K, Sample[]>(labels.map((label) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    for (const label of labels) {
      samples.get(label)?.push(await sample(rivals[label], seconds / rounds, concurrency));
    }
  }
  return Object.fromEntries(labels.map((label) => [label, summary(samples.get(label) ?? [])])) as Record<
    K,
    Measurement
  >;
}

async function sample(fn: () => Promise<void>, seconds: number, concurrency: number): Promise<Sample> {
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmUntil) await fn();
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const before = performance.now();
        await fn();
        latencies.push(performance.now() - before);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { latencies, seconds: (performance.now() - started) / 1000, cpuMicros: used.user + used.system };
}

function summary(samples: readonly Sample[]): Measurement {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const cpuMicros = samples.reduce((sum, s) => sum + s.cpuMicros, 0);
  return {
    runs: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMicros: cpuMicros / latencies.length,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** a's throughput over b's, e.g. `1.42x`. */
export function ratio(a: Measurement, b: Measurement): string {
  return `${(a.perSecond / b.perSecond).toFixed(2)}x`;
}

/** b's CPU time per call over a's: how many times less CPU a needs for the same work, e.g. `1.42x`. */
export function cpuRatio(a: Measurement, b: Measurement): string {
  return `${(b.cpuMicros / a.cpuMicros).toFixed(2)}x`;
}
