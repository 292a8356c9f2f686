// Timing helpers for the workflow bench: runs for a while with N callers, then throughput and latency percentiles.

export interface Measurement {
  readonly runs: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** Warms up, then calls `fn` from `concurrency` loops for `seconds`. */
export async function measure(
  fn: () => Promise<void>,
  seconds: number,
  concurrency = 1,
): Promise<Measurement> {
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmUntil) await fn();
  const latencies: number[] = [];
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
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    runs: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** a's throughput over b's, e.g. `1.42x`. */
export function ratio(a: Measurement, b: Measurement): string {
  return `${(a.perSecond / b.perSecond).toFixed(2)}x`;
}
