// Step Functions' execution roles: with auth on, every service integration of an execution (Lambda, SageMaker,
// nested executions, S3 reads and writes of Map and the s3 tasks) is authorized as its state machine's role.
import { parseFunctionName } from '../modules/functions/index.js';
import {
  type AccessRequest,
  access,
  assertRoleTrusts,
  type IamService,
  iamError,
  lambdaAccess,
  roleNameOf,
  s3Access,
  sagemakerAccess,
  serviceSessionPrincipal,
  statesAccess,
} from '../modules/iam/index.js';
import type { TaskAccess, TaskAuthorizer } from '../modules/workflows/index.js';
import { ensureRole, type RoleSpec } from './iam-roles.js';

const STATES_SERVICE = 'states.amazonaws.com';

/** State machines created without a roleArn get `role/scones-workflows`: it exists, with no permissions. */
export const DEFAULT_WORKFLOW_ROLE: RoleSpec = {
  name: 'scones-workflows',
  services: [STATES_SERVICE],
  description: 'execution role of state machines created without one; attach policies to grant them access',
  policies: {},
};

const SESSION = 'scones-states';

/** `home`: the server's region and account, in which every ARN a task's permission is checked on lives. */
export function executionRoleAuthorizer(
  iam: IamService,
  home: { readonly region: string; readonly accountId: string },
): TaskAuthorizer {
  let defaultRole: Promise<void> | undefined;
  return {
    async authorize(caller, request) {
      const roleName = roleNameOf(caller.roleArn, home.accountId);
      if (roleName === undefined)
        throw iamError('ACCESS_DENIED', `the execution role ${caller.roleArn} is not an IAM role ARN`);
      if (roleName === DEFAULT_WORKFLOW_ROLE.name) {
        defaultRole ??= ensureRole(iam, DEFAULT_WORKFLOW_ROLE);
        await defaultRole;
      }
      const role = await iam.roles.getRole(roleName).catch((error: unknown) => {
        throw iamError(
          'ACCESS_DENIED',
          `${STATES_SERVICE} cannot assume the execution role ${caller.roleArn}: no such role`,
          { roleArn: caller.roleArn },
          error,
        );
      });
      // Checked on every call, as AWS does: a trust policy edited after the machine was created takes effect.
      assertRoleTrusts(role, { service: STATES_SERVICE });
      await iam.enforce(serviceSessionPrincipal(role, SESSION, Date.now()), permissionsOf(request, home), {
        'aws:SourceArn': caller.stateMachineArn,
      });
    },
  };
}

/** The IAM permissions a task's call needs, as the matching AWS API call needs them. */
function permissionsOf(
  request: TaskAccess,
  { region, accountId }: { readonly region: string; readonly accountId: string },
): AccessRequest[] {
  switch (request.kind) {
    case 'invokeFunction': {
      const target = parseFunctionName(request.functionName, request.qualifier);
      // Definitions are portable: a Task naming the function by another account's ARN runs this server's
      // function of that name, so its permission is checked on that function's own ARN.
      return lambdaAccess('Invoke', {
        region,
        accountId,
        functionName: target.name,
        ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
      });
    }
    case 'invokeEndpoint':
      return sagemakerAccess('InvokeEndpoint', { region, accountId, name: request.endpointName });
    case 'startExecution':
      return statesAccess('StartExecution', { region, accountId, stateMachineArn: request.stateMachineArn });
    case 'readObject':
      return s3Access('GetObject', { bucket: request.bucket, key: request.key });
    case 'writeObject':
      return s3Access('PutObject', { bucket: request.bucket, key: request.key });
    case 'listObjects':
      return s3Access('ListObjectsV2', { bucket: request.bucket, prefix: request.prefix });
    case 'callService':
      return [access(`${request.service}:${request.action}`, '*')];
  }
}
