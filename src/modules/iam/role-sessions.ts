// STS AssumeRole: temporary credentials (ASIA key, secret, session token, expiry) for a role's trusted callers.
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { iamError } from './errors.js';
import { awsId, newSecretAccessKey, newSessionToken } from './ids.js';
import { checkName } from './names.js';
import type { CallerIdentity } from './policy/evaluate.js';
import type { RoleSessionPrincipal } from './principal.js';
import type { RoleDirectory } from './role-directory.js';
import { assertRoleTrusts } from './role-trust.js';
import type { IamTables } from './schema.js';
import type { SecretBox } from './secret-box.js';
import { roleSessionPrincipal } from './session-principal.js';
import { sha256Hex } from './sigv4/canonical-request.js';
import type { SigningCredential } from './sigv4/sigv4-types.js';

export interface AssumeRoleInput {
  readonly roleName: string;
  /** Who asks: a service principal (`lambda.amazonaws.com`) or a user/session ARN. */
  readonly caller: CallerIdentity;
  readonly sessionName: string;
  /** 900 s up to the role's maximum; default 3600 (capped by the maximum). */
  readonly durationSeconds?: number;
}

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch ms. */
  readonly expiration: number;
  readonly principal: RoleSessionPrincipal;
}

export const MIN_SESSION_SECONDS = 900;

export class RoleSessions {
  constructor(
    private readonly db: Kysely<IamTables>,
    private readonly roles: RoleDirectory,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** Checks the role's trust policy for `sts:AssumeRole` by the caller, then issues credentials. */
  async assumeRole(input: AssumeRoleInput): Promise<TemporaryCredentials> {
    checkName('session', input.sessionName);
    const role = await this.roles.getRole(input.roleName);
    const now = this.clock.now();
    const duration = input.durationSeconds ?? Math.min(3600, role.maxSessionSeconds);
    if (!Number.isInteger(duration) || duration < MIN_SESSION_SECONDS || duration > role.maxSessionSeconds)
      throw iamError(
        'INVALID_ARGUMENT',
        `the session duration must be ${MIN_SESSION_SECONDS} to ${role.maxSessionSeconds} seconds`,
      );
    assertRoleTrusts(role, input.caller);
    await this.db.deleteFrom('iam_sessions').where('expires_at', '<=', now).execute();
    const accessKeyId = awsId('ASIA');
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken();
    const expiration = now + duration * 1000;
    await this.db
      .insertInto('iam_sessions')
      .values({
        access_key_id: accessKeyId,
        role_name: role.name,
        session_name: input.sessionName,
        secret_sealed: this.box.seal(secretAccessKey, accessKeyId),
        token_sha256: sha256Hex(sessionToken),
        issued_at: now,
        expires_at: expiration,
      })
      .execute();
    const principal = roleSessionPrincipal(role, input.sessionName, now, expiration);
    return { accessKeyId, secretAccessKey, sessionToken, expiration, principal };
  }

  /** The signing secret of a live or expired session (the verifier refuses expired ones with EXPIRED_TOKEN). */
  async credentialFor(accessKeyId: string): Promise<SigningCredential<RoleSessionPrincipal> | undefined> {
    const row = await this.db
      .selectFrom('iam_sessions')
      .innerJoin('iam_roles', 'iam_roles.name', 'iam_sessions.role_name')
      .selectAll('iam_sessions')
      .select('iam_roles.role_id')
      .where('iam_sessions.access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    if (!row) return undefined;
    const expiresAt = Number(row.expires_at);
    return {
      secretAccessKey: this.box.open(row.secret_sealed, accessKeyId),
      active: true,
      sessionTokenSha256: row.token_sha256,
      expiresAt,
      principal: roleSessionPrincipal(
        { name: row.role_name, id: row.role_id },
        row.session_name,
        Number(row.issued_at),
        expiresAt,
      ),
    };
  }
}
