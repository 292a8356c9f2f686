// Who a request acts as: an IAM user, or a role session from AssumeRole; and the condition keys each carries.
import { ACCOUNT_ID } from './access/arns.js';
import type { ContextInput } from './policy/request-context.js';

export interface UserPrincipal {
  readonly type: 'user';
  readonly name: string;
  /** `AIDA...`, as aws:userid. */
  readonly id: string;
  readonly arn: string;
}

export interface RoleSessionPrincipal {
  readonly type: 'assumed-role';
  readonly roleName: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** `AROA...:session`, as aws:userid. */
  readonly id: string;
  /** `arn:aws:sts::000000000000:assumed-role/ROLE/SESSION`. */
  readonly arn: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type Principal = UserPrincipal | RoleSessionPrincipal;

/** The aws:* keys IAM derives from the principal (aws:username only for users, as AWS). */
export function principalContext(principal: Principal): ContextInput {
  const common = { 'aws:PrincipalAccount': ACCOUNT_ID, 'aws:userid': principal.id };
  if (principal.type === 'user')
    return {
      ...common,
      'aws:username': principal.name,
      'aws:PrincipalArn': principal.arn,
      'aws:PrincipalType': 'User',
    };
  return {
    ...common,
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalType': 'AssumedRole',
    'aws:TokenIssueTime': new Date(principal.issuedAt).toISOString(),
  };
}

/** `user/NAME` or `role/NAME`. */
export function principalLabel(principal: Principal): string {
  return principal.type === 'user'
    ? `user/${principal.name}`
    : `role/${principal.roleName} (session ${principal.sessionName})`;
}
