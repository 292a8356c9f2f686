// Rows and rounds for the execution-journal contract: an execution's first round, and small later rounds.
import { type JournalOwner, WriteBatch } from '../../src/modules/workflows/index.js';

export const NOW = 1_765_000_000_000;
export const DEFINITION = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';

export function owner(name: string): JournalOwner {
  return { id: `host-${name}:1:${name}`, host: `host-${name}`, pid: 1 };
}

export function arnOf(name: string): string {
  return `arn:aws:states:us-east-1:000000000000:execution:m:${name}`;
}

/** The round that starts an execution: its row (driven by `by`, or by nobody), first event, root run, a timer. */
export function firstRound(arn: string, by: JournalOwner | null, leaseUntil = NOW + 30_000): WriteBatch {
  const batch = new WriteBatch();
  batch.definitions.set('hash-1', DEFINITION);
  batch.executions.push({
    arn,
    machine_arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
    machine_name: 'm',
    version_arn: null,
    alias_arn: null,
    name: arn.split(':').at(-1) as string,
    status: 'RUNNING',
    input: '{}',
    output: null,
    error: null,
    cause: null,
    start_date: NOW,
    stop_date: null,
    definition_hash: 'hash-1',
    role_arn: 'arn:aws:iam::000000000000:role/r',
    trace_header: null,
    owner: by?.id ?? null,
    owner_host: by?.host ?? null,
    owner_pid: by?.pid ?? null,
    lease_until: by === null ? 0 : leaseUntil,
  });
  batch.history.push({ execution_arn: arn, id: 1, event: '{"type":"ExecutionStarted"}' });
  batch.journal.push({ execution_arn: arn, seq: 1, run_id: 'root', event: '{"type":"start"}' });
  batch.putRun(arn, 'root', () => runRow(arn, 'root', 'running'));
  batch.putTimer({ execution_arn: arn, timer_id: 't1', run_id: 'root', due_at: NOW + 1000 });
  return batch;
}

/** A later round of one execution: history event `id`, journal entry `id`. */
export function nextRound(arn: string, id: number): WriteBatch {
  const batch = new WriteBatch();
  batch.history.push({ execution_arn: arn, id, event: `{"id":${id}}` });
  batch.journal.push({ execution_arn: arn, seq: id, run_id: 'root', event: `{"seq":${id}}` });
  return batch;
}

export function runRow(arn: string, runId: string, phase: 'pending' | 'running' | 'ended') {
  return { execution_arn: arn, run_id: runId, parent_run_id: null, phase, state: '{}', start: null };
}

export function taskRow(arn: string, taskId: string) {
  return {
    execution_arn: arn,
    task_id: taskId,
    run_id: 'root',
    command: '{"type":"runTask"}',
    token: null,
    submitted: 0,
  };
}
