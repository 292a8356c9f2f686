// Tables and migrations of monitoring: metric series and their per-minute aggregates, alarms and their
// history, monitoring schedules and the report runs of each window.
import type { Generated, Kysely, Migration } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

export interface MetricSeriesTable {
  id: Generated<number>;
  namespace: string;
  name: string;
  /** Canonical JSON object of the dimensions, keys sorted. */
  dimensions: string;
}

/**
 * One flushed aggregate of one series over one minute. A minute may have several rows (one per flush, and
 * one per process recording it); queries add them up, which the sketch makes exact.
 */
export interface MetricMinutesTable {
  series_id: number;
  /** Epoch minutes. */
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** The latest value recorded in the minute, and when. */
  last: number;
  last_at: number;
  /** JSON SketchJson. */
  sketch: string;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmsTable {
  name: string;
  /** JSON AlarmDefinition. */
  definition: string;
  state: AlarmStateValue;
  state_reason: string;
  /** JSON object: the datapoints the last evaluation saw. */
  state_reason_data: string;
  state_updated_at: number;
  created_at: number;
  updated_at: number;
}

export interface AlarmHistoryTable {
  id: Generated<number>;
  alarm_name: string;
  at: number;
  /** CloudWatch's history item types. */
  type: 'StateUpdate' | 'Action' | 'ConfigurationUpdate';
  summary: string;
  /** JSON object. */
  data: string;
}

export interface MonitoringSchedulesTable {
  endpoint: string;
  cron: string;
  /** Where the endpoint's capture files are: `s3://bucket/prefix`. */
  capture_uri: string;
  /** A window is reported this long after it ends, so that late capture files are in. */
  settle_ms: number;
  /** The end of the newest window reported; windows after it are due. */
  last_window_end: number;
  created_at: number;
  updated_at: number;
  /** While a scheduler runs the schedule's due windows: until when its claim holds, and whose it is. */
  lease_until: number | null;
  lease_owner: string | null;
}

export interface MonitoringRunsTable {
  endpoint: string;
  window_start: number;
  window_end: number;
  status: 'running' | 'completed' | 'failed';
  started_at: number;
  finished_at: number | null;
  report_uri: string | null;
  records: number | null;
  violations: number | null;
  error: string | null;
}

export interface MonitoringTables {
  monitoring_metric_series: MetricSeriesTable;
  monitoring_metric_minutes: MetricMinutesTable;
  monitoring_alarms: AlarmsTable;
  monitoring_alarm_history: AlarmHistoryTable;
  monitoring_schedules: MonitoringSchedulesTable;
  monitoring_runs: MonitoringRunsTable;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
type AnyDb = Kysely<any>;

const metrics: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('monitoring_metric_series')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('namespace', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('dimensions', 'text', (c) => c.notNull())
      .addUniqueConstraint('monitoring_metric_series_identity', ['namespace', 'name', 'dimensions'])
      .execute();
    await db.schema
      .createTable('monitoring_metric_minutes')
      .addColumn('series_id', 'integer', (c) => c.notNull())
      .addColumn('minute', 'integer', (c) => c.notNull())
      .addColumn('count', 'real', (c) => c.notNull())
      .addColumn('sum', 'real', (c) => c.notNull())
      .addColumn('min', 'real', (c) => c.notNull())
      .addColumn('max', 'real', (c) => c.notNull())
      .addColumn('last', 'real', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addColumn('sketch', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('monitoring_metric_minutes_series')
      .on('monitoring_metric_minutes')
      .columns(['series_id', 'minute'])
      .execute();
    await db.schema
      .createIndex('monitoring_metric_minutes_minute')
      .on('monitoring_metric_minutes')
      .column('minute')
      .execute();
  },
};

const alarms: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('monitoring_alarms')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_reason', 'text', (c) => c.notNull())
      .addColumn('state_reason_data', 'text', (c) => c.notNull())
      .addColumn('state_updated_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('monitoring_alarm_history')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('alarm_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('monitoring_alarm_history_alarm')
      .on('monitoring_alarm_history')
      .columns(['alarm_name', 'id'])
      .execute();
  },
};

const schedules: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('monitoring_schedules')
      .addColumn('endpoint', 'text', (c) => c.primaryKey())
      .addColumn('cron', 'text', (c) => c.notNull())
      .addColumn('capture_uri', 'text', (c) => c.notNull())
      .addColumn('settle_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_window_end', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('monitoring_runs')
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('window_end', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('report_uri', 'text')
      .addColumn('records', 'integer')
      .addColumn('violations', 'integer')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('monitoring_runs_window', ['endpoint', 'window_start', 'window_end'])
      .execute();
  },
};

// Schedules are claimed with a lease (a conditional update) so that two servers never run the same window.
const scheduleLeases: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('monitoring_schedules').addColumn('lease_until', 'bigint').execute();
    await db.schema.alterTable('monitoring_schedules').addColumn('lease_owner', 'text').execute();
  },
};

export const monitoringMigrations: Migrations = {
  'monitoring/0001-metrics': metrics,
  'monitoring/0002-alarms': alarms,
  'monitoring/0003-schedules': schedules,
  'monitoring/0004-schedule-leases': scheduleLeases,
};
