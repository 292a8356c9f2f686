// Monitoring schedules and the runs of each report window, in SQL: what is due survives restarts.
import type { Kysely, Selectable } from 'kysely';
import type { MonitoringRunsTable, MonitoringSchedulesTable, MonitoringTables } from '../schema.js';

export interface Schedule {
  readonly endpoint: string;
  readonly cron: string;
  readonly captureUri: string;
  readonly settleMs: number;
  readonly lastWindowEnd: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ReportRun {
  readonly endpoint: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly status: MonitoringRunsTable['status'];
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly reportUri: string | null;
  readonly records: number | null;
  readonly violations: number | null;
  readonly error: string | null;
}

export class ScheduleStore {
  constructor(private readonly db: Kysely<MonitoringTables>) {}

  /** Creates or replaces the endpoint's schedule; a new cron keeps the reported-until mark. */
  async put(
    schedule: Omit<Schedule, 'createdAt' | 'updatedAt' | 'lastWindowEnd'>,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('monitoring_schedules')
      .values({
        endpoint: schedule.endpoint,
        cron: schedule.cron,
        capture_uri: schedule.captureUri,
        settle_ms: schedule.settleMs,
        last_window_end: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict((c) =>
        c.column('endpoint').doUpdateSet({
          cron: schedule.cron,
          capture_uri: schedule.captureUri,
          settle_ms: schedule.settleMs,
          updated_at: now,
        }),
      )
      .execute();
  }

  async get(endpoint: string): Promise<Schedule | undefined> {
    const row = await this.db
      .selectFrom('monitoring_schedules')
      .selectAll()
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return row ? toSchedule(row) : undefined;
  }

  async list(): Promise<Schedule[]> {
    return (await this.db.selectFrom('monitoring_schedules').selectAll().orderBy('endpoint').execute()).map(
      toSchedule,
    );
  }

  async delete(endpoint: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('monitoring_schedules')
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Claims the schedule for `owner` until `now + leaseMs` unless another owner's lease still holds; returns the
   * schedule as committed (its reported-until mark included) or undefined. One conditional UPDATE, so exactly one
   * of several servers racing wins, on any engine.
   */
  async claim(endpoint: string, owner: string, now: number, leaseMs: number): Promise<Schedule | undefined> {
    const row = await this.db
      .updateTable('monitoring_schedules')
      .set({ lease_until: now + leaseMs, lease_owner: owner })
      .where('endpoint', '=', endpoint)
      .where((eb) =>
        eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now), eb('lease_owner', '=', owner)]),
      )
      .returningAll()
      .executeTakeFirst();
    return row ? toSchedule(row) : undefined;
  }

  /** Gives the claim up (only the owner's own). */
  async release(endpoint: string, owner: string): Promise<void> {
    await this.db
      .updateTable('monitoring_schedules')
      .set({ lease_until: null, lease_owner: null })
      .where('endpoint', '=', endpoint)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async markReported(endpoint: string, windowEnd: number): Promise<void> {
    await this.db
      .updateTable('monitoring_schedules')
      .set({ last_window_end: windowEnd })
      .where('endpoint', '=', endpoint)
      .where('last_window_end', '<', windowEnd)
      .execute();
  }

  async startRun(endpoint: string, window: { from: number; to: number }, now: number): Promise<void> {
    await this.db
      .insertInto('monitoring_runs')
      .values({
        endpoint,
        window_start: window.from,
        window_end: window.to,
        status: 'running',
        started_at: now,
      })
      .onConflict((c) =>
        c
          .columns(['endpoint', 'window_start', 'window_end'])
          .doUpdateSet({ status: 'running', started_at: now, finished_at: null, error: null }),
      )
      .execute();
  }

  async finishRun(
    endpoint: string,
    window: { from: number; to: number },
    outcome: Pick<
      MonitoringRunsTable,
      'status' | 'finished_at' | 'report_uri' | 'records' | 'violations' | 'error'
    >,
  ): Promise<void> {
    await this.db
      .updateTable('monitoring_runs')
      .set(outcome)
      .where('endpoint', '=', endpoint)
      .where('window_start', '=', window.from)
      .where('window_end', '=', window.to)
      .execute();
  }

  /** Newest windows first. */
  async runs(endpoint: string, limit = 100): Promise<ReportRun[]> {
    const rows = await this.db
      .selectFrom('monitoring_runs')
      .selectAll()
      .where('endpoint', '=', endpoint)
      .orderBy('window_end', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }
}

function toSchedule(row: Selectable<MonitoringSchedulesTable>): Schedule {
  return {
    endpoint: row.endpoint,
    cron: row.cron,
    captureUri: row.capture_uri,
    settleMs: Number(row.settle_ms),
    lastWindowEnd: Number(row.last_window_end),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRun(row: Selectable<MonitoringRunsTable>): ReportRun {
  return {
    endpoint: row.endpoint,
    windowStart: Number(row.window_start),
    windowEnd: Number(row.window_end),
    status: row.status,
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    reportUri: row.report_uri,
    records: row.records,
    violations: row.violations,
    error: row.error,
  };
}
