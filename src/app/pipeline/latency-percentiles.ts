// p50 and p99 of a set of durations, as the `up` summary reports them (whole milliseconds; 0 when empty).

export function latencyPercentiles(ms: readonly number[]): { readonly p50: number; readonly p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99) };
}
