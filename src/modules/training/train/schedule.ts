// One-cycle learning rate: cosine warm-up from peak/25 to the peak, then cosine decay to nearly zero.

export interface OneCycle {
  readonly peak: number;
  readonly totalSteps: number;
  /** Share of the steps spent warming up (default 0.15). */
  readonly warmup?: number;
}

const cosine = (from: number, to: number, t: number): number =>
  to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;

export function learningRate(schedule: OneCycle, step: number): number {
  const start = schedule.peak / 25;
  const end = start / 1e4;
  const warmSteps = Math.max(1, Math.round((schedule.warmup ?? 0.15) * schedule.totalSteps));
  if (step < warmSteps) return cosine(start, schedule.peak, step / warmSteps);
  const rest = Math.max(1, schedule.totalSteps - warmSteps);
  return cosine(schedule.peak, end, Math.min(1, (step - warmSteps) / rest));
}
