// `$$.Execution` / `$$.StateMachine` of an execution, from its row: the one source for starting, resuming and
// replaying, so run snapshots need not carry it.
import type { Json } from '../asl/json.js';
import type { ExecutionInfo } from '../asl/run-state.js';
import { isoTime } from '../asl/time.js';
import type { ExecutionsTable } from '../schema.js';

export type ExecutionInfoRow = Pick<
  ExecutionsTable,
  'arn' | 'name' | 'start_date' | 'role_arn' | 'input' | 'machine_arn' | 'machine_name'
> & { readonly version_arn?: string | null };

export function executionInfoOf(
  row: ExecutionInfoRow,
  input: Json = JSON.parse(row.input) as Json,
): ExecutionInfo {
  return {
    executionArn: row.arn,
    name: row.name,
    startTime: isoTime(row.start_date),
    roleArn: row.role_arn,
    input,
    redriveCount: 0,
    stateMachineArn: row.version_arn ?? row.machine_arn,
    stateMachineName: row.machine_name,
  };
}
