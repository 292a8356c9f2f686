// How a role session appears to policy evaluation: STS sessions, and the services that act as a role (Step
// Functions tasks, data capture, policy simulation) all build their caller here, so all look alike.
import { arns } from './access/arns.js';
import type { RoleSessionPrincipal } from './principal.js';
import type { IamRole } from './role-directory.js';

export interface SessionRole {
  readonly name: string;
  readonly id: string;
}

export function roleSessionPrincipal(
  role: SessionRole,
  session: string,
  issuedAt: number,
  expiresAt: number,
): RoleSessionPrincipal {
  return {
    type: 'assumed-role',
    roleName: role.name,
    roleArn: arns.iamRole(role.name),
    sessionName: session,
    id: `${role.id}:${session}`,
    arn: arns.assumedRole(role.name, session),
    issuedAt,
    expiresAt,
  };
}

/** A session of `role` begun at `now` that lasts the role's longest session, as a service assuming it gets. */
export function serviceSessionPrincipal(role: IamRole, session: string, now: number): RoleSessionPrincipal {
  return roleSessionPrincipal(role, session, now, now + role.maxSessionSeconds * 1000);
}
