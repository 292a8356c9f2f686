// Functions run with temporary credentials of their execution role (Lambda's model), so their SDK calls back into
// Scones are signed and limited by the role's policies.
import { errorMessage } from '../kernel/errors.js';
import { functionsError, type GuestCredentialsProvider } from '../modules/functions/index.js';
import type { IamService } from '../modules/iam/index.js';
import { defaultFunctionRole, ensureRole, roleNameOfSetting } from './iam-roles.js';

/** One hour: a guest is retired (and a new one gets fresh credentials) before they run out. */
const SESSION_SECONDS = 3600;

export function executionRoleCredentials(iam: IamService): GuestCredentialsProvider {
  let defaultRole: Promise<void> | undefined;
  return async (fn) => {
    const configured = roleNameOfSetting(fn.config.role);
    // A Role naming another account's (or partition's) role is no role here: never this account's default instead.
    if (configured === undefined && fn.config.role)
      throw functionsError(
        'INVALID_PARAMETER',
        `The role defined for the function cannot be assumed by Lambda (${fn.config.role}): it names no role of this account`,
        { role: fn.config.role },
      );
    if (configured === undefined) {
      defaultRole ??= ensureRole(iam, defaultFunctionRole).catch((error: unknown) => {
        defaultRole = undefined;
        throw error;
      });
      await defaultRole;
    }
    const roleName = configured ?? defaultFunctionRole.name;
    try {
      const session = await iam.assumeRole({
        roleName,
        caller: { service: 'lambda.amazonaws.com' },
        sessionName: fn.config.name.length >= 2 ? fn.config.name : `fn-${fn.config.name}`,
        durationSeconds: SESSION_SECONDS,
      });
      return {
        accessKeyId: session.accessKeyId,
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration,
      };
    } catch (error) {
      throw functionsError(
        'INVALID_PARAMETER',
        `The role defined for the function cannot be assumed by Lambda (${roleName}): ${errorMessage(error)}`,
        { role: roleName },
        error,
      );
    }
  };
}
