// Roles Scones itself relies on, created on first use (idempotent), and the helper that ensures one exists.
import { isSconesError } from '../kernel/errors.js';
import {
  ACCOUNT_ID,
  IAM_ERROR_CODES,
  type IamService,
  roleNameOf,
  trustPolicyForServices,
} from '../modules/iam/index.js';

/** Functions created without a Role run as this one: it has no policy, so their AWS calls are denied. */
export const DEFAULT_FUNCTION_ROLE = 'scones-function-default';
/** Model Monitor's role: the baseline and reports call InvokeEndpoint through the server. */
export const MONITORING_ROLE = 'scones-monitoring';

export interface RoleSpec {
  readonly name: string;
  readonly services: readonly string[];
  readonly description: string;
  /** Inline policies by name; each is attached (replaced) every time the role is ensured. */
  readonly policies: Readonly<Record<string, unknown>>;
}

/** Creates the role if missing and (re)attaches its policies, so reruns converge on the spec. */
export async function ensureRole(iam: IamService, spec: RoleSpec): Promise<void> {
  try {
    await iam.roles.createRole(spec.name, {
      trustPolicy: trustPolicyForServices(spec.services),
      description: spec.description,
    });
  } catch (error) {
    // Another caller (or server) created it first: that is success here.
    const exists =
      (isSconesError(error) && error.code === IAM_ERROR_CODES.ALREADY_EXISTS) ||
      (await iam.roles.getRole(spec.name).then(
        () => true,
        () => false,
      ));
    if (!exists) throw error;
  }
  for (const [name, document] of Object.entries(spec.policies))
    await iam.policies.attach({ type: 'role', name: spec.name }, name, document);
}

export function allow(actions: string | readonly string[], resources: string | readonly string[]) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] };
}

export const monitoringRole: RoleSpec = {
  name: MONITORING_ROLE,
  services: ['sagemaker.amazonaws.com'],
  description: 'Scones model monitoring: sends baseline and report images to endpoints',
  policies: {
    'invoke-endpoints': allow('sagemaker:InvokeEndpoint', `arn:aws:sagemaker:*:${ACCOUNT_ID}:endpoint/*`),
  },
};

export const defaultFunctionRole: RoleSpec = {
  name: DEFAULT_FUNCTION_ROLE,
  services: ['lambda.amazonaws.com'],
  description: 'execution role of functions created without one; attach policies to grant them access',
  policies: {},
};

/** A function's Role setting (an IAM role ARN, or a bare role name) as a role name. */
export function roleNameOfSetting(role: string | undefined): string | undefined {
  if (role === undefined || role === '') return undefined;
  return roleNameOf(role) ?? (/^[\w+=,.@-]{1,64}$/.test(role) ? role : undefined);
}
