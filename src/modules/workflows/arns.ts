// Step Functions ARNs: building them, telling machines, versions, aliases and executions apart, and name rules.
import { foreignPart } from '../../kernel/arn.js';
import { workflowError } from './errors.js';

export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

/** What a `stateMachineArn` parameter names: the machine itself, one of its versions, or an alias. */
export type MachineRef =
  | { readonly kind: 'machine'; readonly name: string; readonly machineArn: string }
  | { readonly kind: 'version'; readonly name: string; readonly machineArn: string; readonly version: number }
  | { readonly kind: 'alias'; readonly name: string; readonly machineArn: string; readonly alias: string };

/** Characters AWS refuses in state machine, alias and execution names (besides control characters). */
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

function hasControl(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

export function assertName(name: string, what: string): void {
  if (name.length === 0 || name.length > 80 || FORBIDDEN.test(name) || hasControl(name)) {
    throw workflowError(
      'INVALID_NAME',
      `Invalid ${what} name '${name}': use 1 to 80 characters without whitespace, brackets, wildcards or punctuation like : / # % $ & , ; | ~ ^`,
      { name },
    );
  }
}

export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArn(scope: ArnScope, machine: string, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${machine}:${name}`;
}

export function expressExecutionArn(scope: ArnScope, machine: string, name: string, id: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:express:${machine}:${name}:${id}`;
}

const MACHINE = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)(?::([^:]+))?$/;
const EXECUTION = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:([^:]+):([^:]+)$/;

/** Parses a state machine, version or alias ARN; a bare name is taken as the machine's name. */
export function parseMachineRef(scope: ArnScope, value: string): MachineRef {
  if (!value.startsWith('arn:')) {
    assertName(value, 'state machine');
    return { kind: 'machine', name: value, machineArn: stateMachineArn(scope, value) };
  }
  const match = MACHINE.exec(value);
  if (match === null)
    throw workflowError('INVALID_ARN', `Invalid state machine ARN: '${value}'`, { arn: value });
  const name = match[3] as string;
  const machineArn = stateMachineArn(scope, name);
  assertHome(scope, value, match);
  const qualifier = match[4];
  if (qualifier === undefined) return { kind: 'machine', name, machineArn };
  if (/^[1-9]\d*$/.test(qualifier)) return { kind: 'version', name, machineArn, version: Number(qualifier) };
  return { kind: 'alias', name, machineArn, alias: qualifier };
}

/**
 * An ARN in another partition, region or account names a machine of that region or account: none exists here, and the
 * name alone must never select this server's machine of that name (an IAM Deny is written on its real ARN).
 */
function assertHome(scope: ArnScope, value: string, match: RegExpExecArray): void {
  const partition = /^arn:([^:]+):/.exec(value)?.[1] ?? '';
  const foreign = foreignPart(
    { partition: 'aws', region: scope.region, accountId: scope.accountId },
    { partition, region: match[1] as string, accountId: match[2] as string },
  );
  if (foreign !== undefined)
    throw workflowError('STATE_MACHINE_NOT_FOUND', `State Machine Does Not Exist: '${value}'`, {
      arn: value,
      foreign,
    });
}

/** Machine and execution names of an execution ARN; throws WORKFLOW_INVALID_ARN for anything else. */
export function parseExecutionArn(value: string): { readonly machine: string; readonly name: string } {
  const match = EXECUTION.exec(value);
  if (match === null) throw workflowError('INVALID_ARN', `Invalid execution ARN: '${value}'`, { arn: value });
  return { machine: match[1] as string, name: match[2] as string };
}

/** An IAM role ARN, path optional: `arn:aws:iam::123456789012:role/service-role/name` (AWS allows 256 characters). */
const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;

/** The role a state machine runs as must name an IAM role; throws WORKFLOW_INVALID_ARN (AWS's InvalidArn) if not. */
export function assertRoleArn(value: string): void {
  if (value.length > 256 || !ROLE.test(value))
    throw workflowError('INVALID_ARN', `Invalid Role Arn: '${value}'`, { arn: value });
}
