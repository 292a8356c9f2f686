// The report scheduler of `scones serve`: every poll it runs the windows each schedule's cron has closed
// since the last one reported (so windows missed while the server was down run when it is back).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { CaptureLocation, TimeWindow } from '../capture/capture-reader.js';
import type { ReportDocument } from '../reports/report-job.js';
import { parseCron, ticksBetween, windowEndingAt } from './cron-windows.js';
import type { Schedule, ScheduleStore } from './schedule-store.js';

export interface SchedulerDeps {
  readonly schedules: ScheduleStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly captureOf: (schedule: Schedule) => CaptureLocation;
  readonly run: (endpoint: string, window: TimeWindow, capture: CaptureLocation) => Promise<ReportDocument>;
}

export interface DueRun {
  readonly endpoint: string;
  readonly window: TimeWindow;
  readonly report?: ReportDocument;
  readonly error?: string;
}

/** Windows older than this many per schedule are not caught up (a week of hourly reports). */
export const MAX_CATCH_UP = 168;

/**
 * How long a claim on a schedule holds before another server may take it over (renewed before every window).
 * A crashed server's windows run again after it; one report running longer than this could run twice.
 */
export const SCHEDULE_LEASE_MS = 15 * 60_000;

export class ReportScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<DueRun[]> = Promise.resolve([]);
  /** This scheduler's name in schedule claims: servers sharing a database each claim a schedule in turn. */
  readonly #owner = randomUUID();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Runs every due window now, oldest first; never two passes at once. */
  runDue(): Promise<DueRun[]> {
    this.#running = this.#running.then(() => this.#runDueNow());
    return this.#running;
  }

  start(pollMs: number): void {
    if (this.#timer) return;
    void this.runDue();
    this.#timer = setInterval(() => void this.runDue(), pollMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #runDueNow(): Promise<DueRun[]> {
    const done: DueRun[] = [];
    for (const schedule of await this.deps.schedules.list()) {
      try {
        done.push(...(await this.#runSchedule(schedule)));
      } catch (error) {
        this.deps.logger.error(
          { endpoint: schedule.endpoint, err: errorMessage(error) },
          'monitoring schedule failed',
        );
      }
    }
    return done;
  }

  /** Runs the schedule's due windows under a claim; another server holding it runs them instead. */
  async #runSchedule(listed: Schedule): Promise<DueRun[]> {
    const { schedules, clock } = this.deps;
    const schedule = await schedules.claim(listed.endpoint, this.#owner, clock.now(), SCHEDULE_LEASE_MS);
    if (!schedule) return [];
    try {
      return await this.#runClaimed(schedule);
    } finally {
      await schedules.release(schedule.endpoint, this.#owner);
    }
  }

  async #runClaimed(schedule: Schedule): Promise<DueRun[]> {
    const cron = parseCron(schedule.cron);
    const until = this.deps.clock.now() - schedule.settleMs;
    const { ticks, skipped } = ticksBetween(cron, schedule.lastWindowEnd, until, MAX_CATCH_UP);
    if (skipped > 0)
      this.deps.logger.warn(
        { endpoint: schedule.endpoint, skipped },
        'monitoring windows too old to catch up were skipped',
      );
    const done: DueRun[] = [];
    for (const tick of ticks) {
      const window = windowEndingAt(cron, tick);
      if (!(await this.#renew(schedule.endpoint, tick))) break;
      try {
        const report = await this.deps.run(schedule.endpoint, window, this.deps.captureOf(schedule));
        done.push({ endpoint: schedule.endpoint, window, report });
      } catch (error) {
        // The failed run is recorded; `monitor run --from --to` repeats it.
        this.deps.logger.error(
          { endpoint: schedule.endpoint, window, err: errorMessage(error) },
          'monitoring report failed',
        );
        done.push({ endpoint: schedule.endpoint, window, error: errorMessage(error) });
      }
      await this.deps.schedules.markReported(schedule.endpoint, tick);
    }
    return done;
  }

  /** Extends the claim before the window ending at `tick`; false when it was lost or the window reported since. */
  async #renew(endpoint: string, tick: number): Promise<boolean> {
    const now = this.deps.clock.now();
    const renewed = await this.deps.schedules.claim(endpoint, this.#owner, now, SCHEDULE_LEASE_MS);
    if (renewed && renewed.lastWindowEnd < tick) return true;
    this.deps.logger.warn({ endpoint }, 'monitoring schedule claim lost to another server');
    return false;
  }
}
