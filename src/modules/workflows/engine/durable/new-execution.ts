// How a new execution enters the durable engine: in memory at once, its row inserted by its first round.
import type { Insertable } from 'kysely';
import type { StateMachineDefinition } from '../../asl/definition.js';
import type { Json } from '../../asl/json.js';
import { type ExecutionInfo, newExecutionState } from '../../asl/run-state.js';
import type { ExecutionsTable } from '../../schema.js';
import { definitionHash } from './definition-cache.js';
import type { Ownership } from './journal/execution-journal.js';
import { WriteBatch } from './journal/write-batch.js';
import { type ExecutionHost, LiveExecution } from './live-execution.js';

export interface NewExecution {
  readonly row: Omit<
    Insertable<ExecutionsTable>,
    'owner' | 'owner_host' | 'owner_pid' | 'lease_until' | 'definition_hash'
  >;
  readonly definitionText: string;
  readonly definition: StateMachineDefinition;
  readonly info: ExecutionInfo;
  readonly input: Json;
}

/**
 * The live execution with its root run not started yet. The round applying its start event also inserts its
 * row (owned by this engine) and its definition, so the execution exists in the database exactly when its first
 * step does.
 */
export function newLiveExecution(
  setup: NewExecution,
  host: ExecutionHost,
  definitionHash: string,
  ownership: Ownership,
): LiveExecution {
  const execution = new LiveExecution(setup.info.executionArn, setup.definition, host, 1);
  const row = { ...setup.row, definition_hash: definitionHash, ...ownership };
  execution.insert = (batch) => {
    batch.definitions.set(definitionHash, setup.definitionText);
    batch.executions.push(row);
  };
  execution.runs.set('root', {
    state: newExecutionState(setup.info),
    parent: null,
    phase: 'pending',
    start: { input: setup.input },
  });
  return execution;
}

/**
 * The round that leaves a new execution for an engine to take over (started where no engine drives): its row,
 * owned by nobody, its definition, and its root run not started yet.
 */
export function undrivenRound(setup: Omit<NewExecution, 'definition'>): WriteBatch {
  const hash = definitionHash(setup.definitionText);
  const batch = new WriteBatch();
  batch.definitions.set(hash, setup.definitionText);
  batch.executions.push({
    ...setup.row,
    definition_hash: hash,
    owner: null,
    owner_host: null,
    owner_pid: null,
    lease_until: 0,
  });
  batch.putRun(setup.row.arn, 'root', () => ({
    execution_arn: setup.row.arn,
    run_id: 'root',
    parent_run_id: null,
    phase: 'pending',
    state: JSON.stringify(newExecutionState(setup.info)),
    start: JSON.stringify({ input: setup.input }),
  }));
  return batch;
}
