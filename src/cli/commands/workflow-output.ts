// Text output of `scones workflow`: tables of machines, executions and history, run results, test reports.
import type {
  ExecutionDescription,
  ExecutionSummary,
  HistoryEvent,
  Json,
  RunOutcome,
  TestReport,
} from '../../modules/workflows/index.js';
import { table } from '../text-table.js';

function when(millis: number | undefined): string {
  return millis === undefined ? '-' : new Date(millis).toISOString().replace('T', ' ').slice(0, 23);
}

export function machinesText(
  machines: readonly { name: string; type: string; creationDate: number }[],
): string {
  if (machines.length === 0)
    return 'no state machines yet; create one with `scones workflow create NAME --definition FILE`';
  return table(
    ['NAME', 'TYPE', 'CREATED'],
    machines.map((m) => [m.name, m.type, when(m.creationDate)]),
  );
}

export function executionsText(executions: readonly ExecutionSummary[]): string {
  if (executions.length === 0) return 'no executions';
  return table(
    ['NAME', 'STATUS', 'STARTED', 'STOPPED'],
    executions.map((e) => [e.name, e.status, when(e.startDate), when(e.stopDate)]),
  );
}

export function describeText(e: ExecutionDescription): string {
  return [
    `${e.executionArn}`,
    `status   ${e.status}`,
    `started  ${when(e.startDate)}`,
    `stopped  ${when(e.stopDate)}`,
    `input    ${e.input}`,
    ...(e.output === undefined ? [] : [`output   ${e.output}`]),
    ...(e.error === undefined ? [] : [`error    ${e.error}`]),
    ...(e.cause === undefined ? [] : [`cause    ${e.cause}`]),
  ].join('\n');
}

/** One line per event: id, time, type and the state it concerns (or its error). */
export function historyText(events: readonly HistoryEvent[]): string {
  return table(
    ['ID', 'TIME', 'TYPE', 'DETAIL'],
    events.map((e) => [String(e.id), when(e.timestamp), e.type, detail(e)]),
  );
}

function detail(event: HistoryEvent): string {
  for (const [field, value] of Object.entries(event)) {
    if (!field.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const details = value as { name?: string; error?: string; resource?: string };
    if (details.name !== undefined) return details.name;
    if (details.error !== undefined) return details.error;
    if (details.resource !== undefined) return details.resource;
  }
  return '';
}

/** `{status, output}` or `{status, error, cause}`, as `scones workflow run` prints it. */
export function runResult(outcome: RunOutcome): Record<string, Json> {
  if (outcome.status === 'SUCCEEDED') return { status: outcome.status, output: outcome.output ?? null };
  return { status: outcome.status, error: outcome.error ?? null, cause: outcome.cause ?? null };
}

export function testText(report: TestReport): string {
  const lines = report.cases.map((c) => (c.passed ? `PASS ${c.name}` : `FAIL ${c.name}: ${c.reason ?? ''}`));
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
