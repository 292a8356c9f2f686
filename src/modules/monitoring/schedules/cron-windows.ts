// Cron arithmetic for schedules (croner, UTC): each tick closes the window that began at the tick before.
import { Cron } from 'croner';
import { errorMessage } from '../../../kernel/errors.js';
import type { TimeWindow } from '../capture/capture-reader.js';
import { monitoringError } from '../errors.js';

export const HOURLY = '0 * * * *';

export function parseCron(expression: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone: 'Etc/UTC' });
  } catch (error) {
    throw monitoringError(
      'INVALID_CRON',
      `invalid cron expression ${JSON.stringify(expression)}: ${errorMessage(error)}`,
    );
  }
}

/** The window a tick closes: [the tick before it, the tick). */
export function windowEndingAt(cron: Cron, tick: number): TimeWindow {
  const previous = cron.previousRuns(1, new Date(tick))[0];
  return { from: previous ? previous.getTime() : tick, to: tick };
}

/** Ticks in (after, until], oldest first, at most `limit` (the newest ones when there are more). */
export function ticksBetween(
  cron: Cron,
  after: number,
  until: number,
  limit: number,
): { ticks: number[]; skipped: number } {
  const ticks: number[] = [];
  let skipped = 0;
  let next = cron.nextRun(new Date(after));
  while (next && next.getTime() <= until) {
    ticks.push(next.getTime());
    if (ticks.length > limit) {
      ticks.shift();
      skipped++;
    }
    next = cron.nextRun(next);
  }
  return { ticks, skipped };
}
