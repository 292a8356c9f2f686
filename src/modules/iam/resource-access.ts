// Identity and resource policies together, as AWS evaluates a request inside one account: an explicit Deny in
// either wins; otherwise an Allow in either allows; otherwise the implicit deny (which an S3 ACL may still lift).

import type { AccessRequest } from './access/access-request.js';
import { ACCOUNT_ID } from './access/arns.js';
import { timeContext } from './access/global-context.js';
import { iamError } from './errors.js';
import {
  type CallerIdentity,
  type Decision,
  type DecisionKind,
  evaluatePolicies,
} from './policy/evaluate.js';
import type { Policy } from './policy/policy-types.js';
import { type ContextInput, toConditionContext } from './policy/request-context.js';
import { type Principal, principalContext } from './principal.js';

export interface ResourceDecision {
  readonly decision: DecisionKind;
  /** Absent for an anonymous caller, who has no identity policies. */
  readonly identity: Decision | undefined;
  /** Absent when the resource has no policy. */
  readonly resource: Decision | undefined;
}

export type IdentityDecider = (principal: Principal, request: AccessRequest) => Promise<Decision>;

/** The identity a resource policy's Principal is matched against: a role session is its role, as in AWS. */
export function callerIdentityOf(principal: Principal): CallerIdentity {
  return { arn: principal.type === 'user' ? principal.arn : principal.roleArn, accountId: ACCOUNT_ID };
}

export async function decideOnResource(
  identityDecision: IdentityDecider,
  principal: Principal | undefined,
  request: AccessRequest,
  resourcePolicy: Policy | undefined,
  now: number,
): Promise<ResourceDecision> {
  const identity = principal ? await identityDecision(principal, request) : undefined;
  const resource = resourcePolicy
    ? evaluatePolicies([{ name: 'resource policy', policy: resourcePolicy }], {
        action: request.action,
        resource: request.resource,
        context: toConditionContext(
          timeContext(now),
          request.context,
          principal ? principalContext(principal) : ({} satisfies ContextInput),
        ),
        ...(principal ? { caller: callerIdentityOf(principal) } : {}),
      })
    : undefined;
  const kinds = [identity?.decision, resource?.decision];
  const decision: DecisionKind = kinds.includes('ExplicitDeny')
    ? 'ExplicitDeny'
    : kinds.includes('Allow')
      ? 'Allow'
      : 'ImplicitDeny';
  return { decision, identity, resource };
}

/** IAM_ACCESS_DENIED for a refused request; an anonymous caller gets S3's bare "Access Denied". */
export function resourceAccessDenied(
  principal: Principal | undefined,
  request: AccessRequest,
  result: ResourceDecision,
) {
  if (!principal)
    return iamError('ACCESS_DENIED', 'Access Denied', {
      action: request.action,
      resource: request.resource,
      decision: result.decision,
    });
  const why =
    result.decision === 'ExplicitDeny'
      ? result.resource?.decision === 'ExplicitDeny'
        ? 'with an explicit deny in a resource-based policy'
        : 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy or resource-based policy allows the ${request.action} action`;
  return iamError(
    'ACCESS_DENIED',
    `${principal.type === 'user' ? 'User' : 'Role session'}: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`,
    { action: request.action, resource: request.resource, decision: result.decision },
  );
}
