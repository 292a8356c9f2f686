// What the control plane needs of Scones's monitoring (`app` gives it the MonitoringService): one schedule per
// endpoint and the report runs of an endpoint, so a schedule made through SageMaker's API is the schedule
// `scones monitor` and the dashboard show; and each report and baseline, to publish them in SageMaker's formats.
import type { BaselineDocuments, ReportDocument } from '../../monitoring/index.js';

export interface MonitorRun {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly status: 'running' | 'completed' | 'failed';
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly reportUri: string | null;
  readonly violations: number | null;
  readonly error: string | null;
}

export interface MonitorPort {
  /** Creates or replaces the endpoint's schedule (5-field UTC cron; capture `s3://bucket/prefix` or the default). */
  schedule(endpoint: string, options: { cron: string; capture?: string }): Promise<unknown>;
  unschedule(endpoint: string): Promise<void>;
  /** Newest windows first. */
  runs(endpoint: string, limit?: number): Promise<readonly MonitorRun[]>;
  /** Calls `listener` after every report run (scheduled or on demand). */
  onReport(listener: (report: ReportDocument) => Promise<void>): void;
  /** The endpoint's current baseline, or undefined when none was made. */
  currentBaseline(endpoint: string): Promise<BaselineDocuments | undefined>;
  /** Calls `listener` after every new baseline (and constraints edit). */
  onBaseline(listener: (baseline: BaselineDocuments) => Promise<void>): void;
}
