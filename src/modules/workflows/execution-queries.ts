// Reading executions back: DescribeExecution, ListExecutions (filters, paging) and GetExecutionHistory.
import type { Kysely, Selectable } from 'kysely';
import { type ArnScope, parseMachineRef } from './arns.js';
import type { HistoryEvent } from './asl/history.js';
import { isObject, type Json } from './asl/json.js';
import { workflowError } from './errors.js';
import { decodeToken, keysetPage, type Page, pageSize } from './paging.js';
import type { ExecutionStatus, ExecutionsTable, WorkflowTables } from './schema.js';

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: number;
  readonly stopDate?: number;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly traceHeader?: string;
  readonly redriveCount: number;
}

export type ExecutionSummary = Omit<
  ExecutionDescription,
  'input' | 'output' | 'error' | 'cause' | 'traceHeader'
>;

export interface ListExecutionsInput extends Page {
  readonly stateMachineArn: string;
  /** PENDING_REDRIVE is in AWS's filter set, but no Scones execution is ever in it (there is no redrive). */
  readonly statusFilter?: ExecutionStatus | 'PENDING_REDRIVE';
}

export interface HistoryInput extends Page {
  readonly executionArn: string;
  readonly reverseOrder?: boolean;
  readonly includeExecutionData?: boolean;
}

type ExecutionRow = Selectable<ExecutionsTable>;

/** What ListExecutions may filter by: a typo must be refused, not answered with an empty list. */
const STATUS_FILTERS: ReadonlySet<string> = new Set<ExecutionStatus | 'PENDING_REDRIVE'>([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);

export class ExecutionQueries {
  constructor(
    private readonly db: Kysely<WorkflowTables>,
    private readonly scope: ArnScope,
  ) {}

  async row(arn: string): Promise<ExecutionRow> {
    const row = await this.db
      .selectFrom('workflow_executions')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst();
    if (row === undefined)
      throw workflowError('EXECUTION_NOT_FOUND', `Execution Does Not Exist: '${arn}'`, { arn });
    return row;
  }

  async describe(arn: string): Promise<ExecutionDescription> {
    const row = await this.row(arn);
    return {
      ...summary(row),
      input: row.input,
      ...(row.output === null ? {} : { output: row.output }),
      ...(row.error === null ? {} : { error: row.error }),
      ...(row.cause === null ? {} : { cause: row.cause }),
      ...(row.trace_header === null ? {} : { traceHeader: row.trace_header }),
    };
  }

  /** Newest first; a version or alias ARN lists only the executions started through it. */
  async list(input: ListExecutionsInput): Promise<{ executions: ExecutionSummary[]; nextToken?: string }> {
    const ref = parseMachineRef(this.scope, input.stateMachineArn);
    if (input.statusFilter !== undefined && !STATUS_FILTERS.has(input.statusFilter))
      throw workflowError('INVALID_PARAMETER', `Unknown execution status filter '${input.statusFilter}'`, {
        statusFilter: input.statusFilter,
      });
    const size = pageSize(input.maxResults, 100);
    const after = decodeToken(input.nextToken, isPosition);
    if (input.statusFilter === 'PENDING_REDRIVE') return { executions: [] };
    let query = this.db.selectFrom('workflow_executions').selectAll();
    if (ref.kind === 'machine') query = query.where('machine_arn', '=', ref.machineArn);
    else if (ref.kind === 'version')
      query = query.where('version_arn', '=', `${ref.machineArn}:${ref.version}`);
    else query = query.where('alias_arn', '=', `${ref.machineArn}:${ref.alias}`);
    if (input.statusFilter !== undefined) query = query.where('status', '=', input.statusFilter);
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('start_date', '<', after.d),
          eb.and([eb('start_date', '=', after.d), eb('arn', '<', after.a)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('start_date', 'desc')
      .orderBy('arn', 'desc')
      .limit(size + 1)
      .execute();
    const { shown, next } = keysetPage(rows, size, (r) => ({ d: r.start_date, a: r.arn }));
    return { executions: shown.map(summary), ...next };
  }

  async history(input: HistoryInput): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    await this.row(input.executionArn);
    const size = pageSize(input.maxResults, 100);
    const from = decodeToken(input.nextToken, (v): v is number => typeof v === 'number');
    const reverse = input.reverseOrder === true;
    let query = this.db
      .selectFrom('workflow_history')
      .select(['id', 'event'])
      .where('execution_arn', '=', input.executionArn)
      .orderBy('id', reverse ? 'desc' : 'asc')
      .limit(size + 1);
    if (from !== undefined) query = query.where('id', reverse ? '<' : '>', from);
    const { shown, next } = keysetPage(await query.execute(), size, (r) => r.id);
    const strip = input.includeExecutionData === false;
    const events = shown.map((r) => {
      const event = JSON.parse(r.event) as HistoryEvent;
      return strip ? withoutData(event) : event;
    });
    return { events, ...next };
  }
}

/** What replaying an execution needs: its row, the definition it ran, and its journal in order. */
export async function journalOf(db: Kysely<WorkflowTables>, row: ExecutionRow) {
  const [definition, journal] = await Promise.all([
    db
      .selectFrom('workflow_definitions')
      .select('definition')
      .where('hash', '=', row.definition_hash)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('workflow_journal')
      .selectAll()
      .where('execution_arn', '=', row.arn)
      .orderBy('seq')
      .execute(),
  ]);
  return { definition: definition.definition, journal };
}

function summary(row: ExecutionRow): ExecutionSummary {
  return {
    executionArn: row.arn,
    stateMachineArn: row.machine_arn,
    name: row.name,
    status: row.status,
    startDate: row.start_date,
    ...(row.stop_date === null ? {} : { stopDate: row.stop_date }),
    ...(row.version_arn === null ? {} : { stateMachineVersionArn: row.version_arn }),
    ...(row.alias_arn === null ? {} : { stateMachineAliasArn: row.alias_arn }),
    redriveCount: 0,
  };
}

function isPosition(value: Json): value is { d: number; a: string } {
  return isObject(value) && typeof value.d === 'number' && typeof value.a === 'string';
}

/** includeExecutionData: false leaves inputs and outputs out of every event's details, as AWS does. */
function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [field, value] of Object.entries(event)) {
    if (!field.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
    copy[field] = rest;
  }
  return copy as HistoryEvent;
}
