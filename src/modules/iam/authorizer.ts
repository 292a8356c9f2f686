// Decides whether a principal may perform an action on a resource, from the policies attached to it.
import type { Clock } from '../../kernel/clock.js';
import type { AccessRequest } from './access/access-request.js';
import { timeContext } from './access/global-context.js';
import { iamError } from './errors.js';
import { type Decision, evaluatePolicies } from './policy/evaluate.js';
import { type ContextInput, toConditionContext } from './policy/request-context.js';
import type { PolicyStore, PrincipalRef } from './policy-store.js';
import { type Principal, principalContext } from './principal.js';

export function principalRef(principal: Principal): PrincipalRef {
  return principal.type === 'user'
    ? { type: 'user', name: principal.name }
    : { type: 'role', name: principal.roleName };
}

export class Authorizer {
  constructor(
    private readonly policies: PolicyStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Evaluates the principal's identity policies. Context: aws:CurrentTime/aws:EpochTime from the clock unless
   * given, then `context`, then the principal's own keys (aws:username, aws:PrincipalArn, ...), which callers
   * cannot override.
   */
  async authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: ContextInput = {},
  ): Promise<Decision> {
    const policies = await this.policies.policiesOf(principalRef(principal));
    return evaluatePolicies(policies, {
      action,
      resource,
      context: toConditionContext(timeContext(this.clock.now()), context, principalContext(principal)),
    });
  }

  /** Every request must be allowed; the first refusal throws IAM_ACCESS_DENIED naming action and resource. */
  async enforce(
    principal: Principal,
    requests: AccessRequest | readonly AccessRequest[],
    context: ContextInput = {},
  ): Promise<Decision[]> {
    const list: readonly AccessRequest[] = Array.isArray(requests) ? requests : [requests as AccessRequest];
    const decisions: Decision[] = [];
    for (const request of list) {
      const decision = await this.authorize(principal, request.action, request.resource, {
        ...context,
        ...request.context,
      });
      if (!decision.allowed) throw accessDenied(principal, request, decision);
      decisions.push(decision);
    }
    return decisions;
  }
}

/** Worded as AWS words it, so users recognize the message. */
function accessDenied(principal: Principal, request: AccessRequest, decision: Decision) {
  const why =
    decision.decision === 'ExplicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return iamError(
    'ACCESS_DENIED',
    `${principal.type === 'user' ? 'User' : 'Role session'}: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`,
    {
      action: request.action,
      resource: request.resource,
      decision: decision.decision,
      decidedBy: decision.decidedBy,
    },
  );
}
