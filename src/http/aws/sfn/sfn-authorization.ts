// IAM at the Step Functions edge: `AWSStepFunctions.<Operation>` -> `states:<Operation>` on the ARN the request
// names (state machine, version, alias or execution), plus iam:PassRole for a machine's role. Every ARN is checked
// as this server's (its partition, region and account): machines are found by name, so no other spelling of the
// ARN may escape a Deny written on the real one (the service then answers that a foreign ARN names nothing).
import type { HomeScope } from '../../../kernel/arn.js';
import {
  type AccessRequest,
  access,
  canonicalStatesArn,
  roleNameOf,
  STATES_OPERATIONS,
  type StatesOperation,
  statesAccess,
} from '../../../modules/iam/index.js';
import { SfnError } from './wire.js';

type Body = Readonly<Record<string, unknown>>;

/** Members naming the resource of operations `statesAccess` does not know (versions, aliases), in priority order. */
const ARN_MEMBERS = ['stateMachineAliasArn', 'stateMachineVersionArn', 'stateMachineArn', 'executionArn'];

export function sfnPermissions(operation: string, body: Body, home: HomeScope): AccessRequest[] {
  if (!isStatesOperation(operation)) {
    const named = ARN_MEMBERS.map((member) => body[member]).find((value) => typeof value === 'string');
    return [access(`states:${operation}`, typeof named === 'string' ? canonicalStatesArn(named, home) : '*')];
  }
  return statesAccess(operation, {
    region: home.region,
    accountId: home.accountId,
    ...optional('stateMachineArn', body.stateMachineArn),
    ...optional('stateMachineName', body.name),
    ...optional('executionArn', body.executionArn),
    ...optional('roleArn', body.roleArn),
  });
}

/**
 * With auth on, a machine runs as its role: a roleArn naming another account's (or partition's) role is one Step
 * Functions cannot assume here, refused as AWS refuses an unassumable role (never mapped onto a role of ours).
 */
export function assertAssumableRole(operation: string, body: Body, home: HomeScope): void {
  if (operation !== 'CreateStateMachine' && operation !== 'UpdateStateMachine') return;
  const role = body.roleArn;
  if (typeof role !== 'string' || roleNameOf(role, home.accountId) !== undefined) return;
  throw new SfnError(
    'AccessDeniedException',
    `Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role: '${role}'`,
  );
}

function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

function isStatesOperation(name: string): name is StatesOperation {
  return (STATES_OPERATIONS as readonly string[]).includes(name);
}
