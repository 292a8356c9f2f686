// ListMonitoringExecutions and a schedule's last execution: the report runs of the schedule's endpoint since the
// schedule was made, in SageMaker's MonitoringExecutionSummary shape (a run's window end is its scheduled time).
import { type ListQuery, listPage } from '../listing.js';
import type { MonitorPort, MonitorRun } from './monitor-port.js';

export interface ScheduleRef {
  readonly MonitoringScheduleName: string;
  readonly EndpointName: string;
  readonly MonitoringScheduleConfig: { readonly MonitoringJobDefinitionName?: string };
}

export interface ExecutionQuery extends ListQuery {
  readonly ScheduledTimeAfter?: number;
  readonly ScheduledTimeBefore?: number;
}

/** Enough for a schedule's history: the scheduler keeps at most 168 missed windows per schedule. */
const RUNS_READ = 1000;

function statusOf(run: MonitorRun): string {
  if (run.status === 'running') return 'InProgress';
  if (run.status === 'failed') return 'Failed';
  return (run.violations ?? 0) > 0 ? 'CompletedWithViolations' : 'Completed';
}

export function executionSummary(schedule: ScheduleRef, run: MonitorRun) {
  return {
    MonitoringScheduleName: schedule.MonitoringScheduleName,
    ScheduledTime: run.windowEnd,
    CreationTime: run.startedAt,
    LastModifiedTime: run.finishedAt ?? run.startedAt,
    MonitoringExecutionStatus: statusOf(run),
    EndpointName: schedule.EndpointName,
    MonitoringJobDefinitionName: schedule.MonitoringScheduleConfig.MonitoringJobDefinitionName,
    MonitoringType: 'DataQuality',
    ...(run.error !== null ? { FailureReason: run.error } : {}),
  };
}

/** The runs a schedule made: its endpoint's windows that closed after the schedule was created. */
export async function runsOf(
  monitor: MonitorPort,
  schedule: ScheduleRef,
  createdAt: number,
): Promise<MonitorRun[]> {
  const runs = await monitor.runs(schedule.EndpointName, RUNS_READ);
  return runs.filter((run) => run.windowEnd > createdAt);
}

export function executionPage(
  schedules: readonly { readonly ref: ScheduleRef; readonly runs: readonly MonitorRun[] }[],
  query: ExecutionQuery,
) {
  // SortBy Status is served as CreationTime (the default order).
  const byScheduled = query.SortBy === 'ScheduledTime';
  const within = (at: number, after?: number, before?: number) =>
    (after === undefined || at > after) && (before === undefined || at < before);
  const items = schedules
    .flatMap(({ ref, runs }) => runs.map((run) => executionSummary(ref, run)))
    .filter(
      (e) =>
        within(e.ScheduledTime, query.ScheduledTimeAfter, query.ScheduledTimeBefore) &&
        within(e.CreationTime, query.CreationTimeAfter, query.CreationTimeBefore),
    )
    .map((summary) => ({
      summary,
      name: summary.MonitoringScheduleName,
      status: summary.MonitoringExecutionStatus,
      createdAt: byScheduled ? summary.ScheduledTime : summary.CreationTime,
    }));
  const { page, next } = listPage(items, {
    ...(query.StatusEquals !== undefined ? { StatusEquals: query.StatusEquals } : {}),
    SortOrder: query.SortOrder,
    MaxResults: query.MaxResults,
    NextToken: query.NextToken,
  });
  return { MonitoringExecutionSummaries: page.map((i) => i.summary), ...(next ? { NextToken: next } : {}) };
}
