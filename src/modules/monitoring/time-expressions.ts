// Instants as people type them: `now`, `-90m` / `-2h` / `-7d` (before now), ISO 8601, or epoch milliseconds.
import { monitoringError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseInstant(text: string, now: number): number {
  const value = text.trim();
  if (value === 'now') return now;
  const relative = /^-(\d+(?:\.\d+)?)([smhd])$/.exec(value);
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  if (/^\d{10,}$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  if (Number.isFinite(parsed) && /^\d{4}-\d{2}-\d{2}/.test(value)) return parsed;
  throw monitoringError(
    'INVALID_ARGUMENT',
    `cannot read the time ${JSON.stringify(text)}: use now, -30m, -2h, -1d, an ISO 8601 time or epoch milliseconds`,
  );
}
