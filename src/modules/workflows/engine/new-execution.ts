// How a new execution enters the durable engine: in memory at once, its row inserted by its first round.
import type { Insertable } from 'kysely';
import type { StateMachineDefinition } from '../asl/definition.js';
import type { Json } from '../asl/json.js';
import { type ExecutionInfo, newExecutionState } from '../asl/run-state.js';
import type { ExecutionsTable } from '../schema.js';
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

export type Ownership = Pick<ExecutionsTable, 'owner' | 'owner_host' | 'owner_pid' | 'lease_until'>;

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
