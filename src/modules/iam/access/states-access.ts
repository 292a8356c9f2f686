// Step Functions API operations -> IAM actions on state machine / execution ARNs.

import { parseArn } from '../../../kernel/arn.js';
import { type AccessRequest, access } from './access-request.js';
import { ACCOUNT_ID, arns, canonicalRoleArn, PARTITION } from './arns.js';

type Scope = 'stateMachine' | 'execution' | 'activity' | 'all';
const OPERATIONS = {
  CreateStateMachine: ['states:CreateStateMachine', 'stateMachine'],
  DeleteStateMachine: ['states:DeleteStateMachine', 'stateMachine'],
  DescribeStateMachine: ['states:DescribeStateMachine', 'stateMachine'],
  UpdateStateMachine: ['states:UpdateStateMachine', 'stateMachine'],
  ListStateMachines: ['states:ListStateMachines', 'all'],
  StartExecution: ['states:StartExecution', 'stateMachine'],
  StartSyncExecution: ['states:StartSyncExecution', 'stateMachine'],
  ListExecutions: ['states:ListExecutions', 'stateMachine'],
  DescribeExecution: ['states:DescribeExecution', 'execution'],
  DescribeStateMachineForExecution: ['states:DescribeStateMachineForExecution', 'execution'],
  StopExecution: ['states:StopExecution', 'execution'],
  GetExecutionHistory: ['states:GetExecutionHistory', 'execution'],
  RedriveExecution: ['states:RedriveExecution', 'execution'],
  CreateActivity: ['states:CreateActivity', 'activity'],
  DeleteActivity: ['states:DeleteActivity', 'activity'],
  DescribeActivity: ['states:DescribeActivity', 'activity'],
  GetActivityTask: ['states:GetActivityTask', 'activity'],
  ListActivities: ['states:ListActivities', 'all'],
  SendTaskSuccess: ['states:SendTaskSuccess', 'all'],
  SendTaskFailure: ['states:SendTaskFailure', 'all'],
  SendTaskHeartbeat: ['states:SendTaskHeartbeat', 'all'],
  TagResource: ['states:TagResource', 'stateMachine'],
  UntagResource: ['states:UntagResource', 'stateMachine'],
  ListTagsForResource: ['states:ListTagsForResource', 'stateMachine'],
  ValidateStateMachineDefinition: ['states:ValidateStateMachineDefinition', 'all'],
} as const satisfies Record<string, readonly [string, Scope]>;

export type StatesOperation = keyof typeof OPERATIONS;
export const STATES_OPERATIONS = Object.keys(OPERATIONS) as readonly StatesOperation[];

/** Give the ARN the request names, or the region and names to build it (CreateStateMachine has only a name). */
export interface StatesTarget {
  /** The server's region and account, for ARNs built from a name. */
  readonly region: string;
  readonly accountId?: string;
  readonly stateMachineArn?: string;
  readonly stateMachineName?: string;
  readonly executionArn?: string;
  readonly activityArn?: string;
  /** CreateStateMachine / UpdateStateMachine with a role also need iam:PassRole on it. */
  readonly roleArn?: string;
}

function resourceOf(scope: Scope, target: StatesTarget): string {
  if (scope === 'all') return '*';
  const named =
    scope === 'execution'
      ? (target.executionArn ?? '')
      : scope === 'activity'
        ? (target.activityArn ?? '')
        : target.stateMachineArn;
  if (named !== undefined) return canonicalStatesArn(named, target);
  return arns.stateMachine(target.region, target.stateMachineName ?? '', target.accountId);
}

/**
 * A Step Functions ARN as this server's (its partition, region and account), anything else as given. Machines are
 * found by name: the permission is checked on the ARN of the resource acted on, so no spelling of the partition,
 * region or account escapes a Deny written on the real ARN (the service answers that a foreign one names nothing).
 */
export function canonicalStatesArn(value: string, home: { region: string; accountId?: string }): string {
  const arn = parseArn(value);
  if (arn === undefined || arn.service !== 'states') return value;
  return `arn:${PARTITION}:states:${home.region}:${home.accountId ?? ACCOUNT_ID}:${arn.resource}`;
}

export function statesAccess(operation: StatesOperation, target: StatesTarget): AccessRequest[] {
  const [action, scope] = OPERATIONS[operation];
  const requests = [access(action, resourceOf(scope, target))];
  if (target.roleArn && (operation === 'CreateStateMachine' || operation === 'UpdateStateMachine'))
    requests.push(
      access('iam:PassRole', canonicalRoleArn(target.roleArn, target.accountId), {
        'iam:PassedToService': 'states.amazonaws.com',
      }),
    );
  return requests;
}
