// Tables of the workflows module: state machines, versions, aliases, and durable executions (see migrations.ts).
import type { Generated, Selectable } from 'kysely';

export interface StateMachinesTable {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  role_arn: string;
  description: string | null;
  /** JSON: LoggingConfiguration / TracingConfiguration as given. */
  logging: string;
  tracing: string;
  revision_id: string;
  created_at: number;
  updated_at: number;
}

/** A state machine as stored (the state machines and their versions both read it). */
export type MachineRow = Selectable<StateMachinesTable>;

export interface VersionsTable {
  machine_arn: string;
  version: number;
  arn: string;
  definition: string;
  role_arn: string;
  description: string | null;
  revision_id: string;
  created_at: number;
}

export interface AliasesTable {
  arn: string;
  machine_arn: string;
  name: string;
  description: string | null;
  /** JSON: [{stateMachineVersionArn, weight}] */
  routing: string;
  created_at: number;
  updated_at: number;
}

/** Definitions executions ran, by content hash, so each execution row stays small. */
export interface DefinitionsTable {
  hash: string;
  definition: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionsTable {
  arn: string;
  machine_arn: string;
  machine_name: string;
  version_arn: string | null;
  alias_arn: string | null;
  name: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  definition_hash: string;
  role_arn: string;
  trace_header: string | null;
  /** The engine instance driving the execution; null when none does (started from the CLI, or released). */
  owner: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  lease_until: number;
}

/** Step Functions history events, one row each; `event` is the event as JSON text. */
export interface HistoryTable {
  execution_arn: string;
  id: number;
  event: string;
}

/** Every event applied to an execution's runs, stamped (time, first history id, entropy), in order. */
export interface JournalTable {
  execution_arn: string;
  seq: number;
  run_id: string;
  /** JSON of the stamped WorkflowEvent. */
  event: string;
}

/**
 * Snapshots of the runs of running executions (the execution and its Map iterations / Parallel branches).
 * `pending`: created, its start event not applied yet (`start` holds it); `ended`: a child run that ended and
 * whose parent has not taken its result yet.
 */
export interface RunsTable {
  execution_arn: string;
  run_id: string;
  parent_run_id: string | null;
  phase: 'pending' | 'running' | 'ended';
  state: string;
  start: string | null;
}

/** Timers not fired yet; `due_at` is already scaled by the engine's time scale. */
export interface TimersTable {
  execution_arn: string;
  timer_id: string;
  run_id: string;
  due_at: number;
}

/** Work handed out and not answered yet: runTask and storage commands. */
export interface TasksTable {
  execution_arn: string;
  task_id: string;
  run_id: string;
  /** JSON of the command. */
  command: string;
  token: string | null;
  /** 1 once a `.waitForTaskToken` task was handed over: only SendTask* can end it now. */
  submitted: number;
}

/** Events for executions this process does not drive (StopExecution, SendTask* from the CLI or another process). */
export interface InboxTable {
  seq: Generated<number>;
  execution_arn: string;
  run_id: string;
  /** JSON of the event body. */
  event: string;
  created_at: number;
}

export interface WorkflowTables {
  workflow_state_machines: StateMachinesTable;
  workflow_versions: VersionsTable;
  workflow_aliases: AliasesTable;
  workflow_definitions: DefinitionsTable;
  workflow_executions: ExecutionsTable;
  workflow_history: HistoryTable;
  workflow_journal: JournalTable;
  workflow_runs: RunsTable;
  workflow_timers: TimersTable;
  workflow_tasks: TasksTable;
  workflow_inbox: InboxTable;
}
