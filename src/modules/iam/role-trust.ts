// A role's trust policy decides who may take it on: STS AssumeRole checks it before issuing credentials, and Step
// Functions checks it each time it acts as a state machine's role (a trust edited after creation takes effect).
import { iamError } from './errors.js';
import { type CallerIdentity, evaluatePolicies } from './policy/evaluate.js';
import { parsePolicy } from './policy/policy-parse.js';
import { toConditionContext } from './policy/request-context.js';
import type { IamRole } from './role-directory.js';

/** Throws ASSUME_ROLE_DENIED unless the role's trust policy allows `sts:AssumeRole` by the caller. */
export function assertRoleTrusts(role: IamRole, caller: CallerIdentity): void {
  const decision = evaluatePolicies(
    [{ name: 'trust policy', policy: parsePolicy(role.trustPolicy, 'trust') }],
    {
      action: 'sts:AssumeRole',
      resource: role.arn,
      caller,
      context: toConditionContext({
        'aws:PrincipalArn': caller.arn,
        'aws:PrincipalServiceName': caller.service,
      }),
    },
  );
  if (!decision.allowed)
    throw iamError(
      'ASSUME_ROLE_DENIED',
      `${caller.service ?? caller.arn ?? 'the caller'} may not assume role ${role.name}: ${decision.reason}`,
      { role: role.name },
    );
}
