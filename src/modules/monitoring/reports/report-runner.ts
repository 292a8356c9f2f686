// Runs a report for a window and keeps its record: the run row (running, completed, failed) and, for a
// freshly computed report, its headline numbers as ModelMonitor metrics (what the drift alarm watches).
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import type { CaptureLocation, TimeWindow } from '../capture/capture-reader.js';
import { DIMENSIONS, MONITOR_METRICS, NAMESPACES } from '../metrics/metric-names.js';
import type { MetricsRecorder } from '../ports.js';
import type { ScheduleStore } from '../schedules/schedule-store.js';
import { findReport, type ReportDeps, type ReportDocument, runReport } from './report-job.js';

export interface ReportRunnerDeps extends ReportDeps {
  readonly runs: ScheduleStore;
  readonly metrics: MetricsRecorder & { flush(): Promise<void> };
  readonly clock: Clock;
}

export async function runReportWindow(
  endpoint: string,
  window: TimeWindow,
  capture: CaptureLocation,
  deps: ReportRunnerDeps,
  options: { readonly force?: boolean } = {},
): Promise<ReportDocument> {
  if (!options.force) {
    const existing = await findReport(deps.store, deps.location, endpoint, window);
    if (existing) return existing;
  }
  await deps.runs.startRun(endpoint, window, deps.clock.now());
  let report: ReportDocument;
  try {
    report = await runReport(endpoint, window, capture, deps, { force: true });
  } catch (error) {
    const failed = {
      status: 'failed',
      finished_at: deps.clock.now(),
      report_uri: null,
      records: null,
      violations: null,
      error: errorMessage(error),
    } as const;
    await deps.runs.finishRun(endpoint, window, failed);
    throw error;
  }
  await deps.runs.finishRun(endpoint, window, {
    status: 'completed',
    finished_at: deps.clock.now(),
    report_uri: report.files.report,
    records: report.counts.records,
    violations: report.violations.length,
    error: null,
  });
  await publish(report, deps);
  return report;
}

async function publish(report: ReportDocument, deps: ReportRunnerDeps): Promise<void> {
  const dimensions = { [DIMENSIONS.endpoint]: report.endpoint };
  const at = deps.clock.now();
  const put = (name: string, value: number) =>
    deps.metrics.put({ namespace: NAMESPACES.monitor, name, dimensions, value, at });
  put(MONITOR_METRICS.violations, report.violations.length);
  put(
    MONITOR_METRICS.driftViolations,
    report.violations.filter((v) => v.constraint_check_type === 'baseline_drift_check').length,
  );
  put(MONITOR_METRICS.records, report.counts.records);
  if (report.drift.embedding) put(MONITOR_METRICS.embeddingDrift, report.drift.embedding.mmd2);
  if (report.lowConfidenceRate !== null) put(MONITOR_METRICS.lowConfidenceRate, report.lowConfidenceRate);
  await deps.metrics.flush();
}
