// Identity and access as one service: directories, policies, role sessions, authentication and authorization.
import type { Kysely } from 'kysely';
import { DEFAULT_HOME } from '../../kernel/arn.js';
import type { Clock } from '../../kernel/clock.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import type { AccessRequest } from './access/access-request.js';
import { arns } from './access/arns.js';
import { type Authenticated, Authenticator } from './authenticator.js';
import { Authorizer } from './authorizer.js';
import { iamError } from './errors.js';
import type { Decision } from './policy/evaluate.js';
import type { Policy } from './policy/policy-types.js';
import type { ContextInput } from './policy/request-context.js';
import { PolicyStore } from './policy-store.js';
import type { Principal } from './principal.js';
import { decideOnResource, type ResourceDecision } from './resource-access.js';
import { RoleDirectory } from './role-directory.js';
import { type AssumeRoleInput, RoleSessions, type TemporaryCredentials } from './role-sessions.js';
import type { IamTables } from './schema.js';
import { fileSecretBox, type SecretBox } from './secret-box.js';
import { serviceSessionPrincipal } from './session-principal.js';
import type { PostPolicySignature } from './sigv4/post-policy-verify.js';
import type { SignedRequest, VerifiedRequest } from './sigv4/sigv4-types.js';
import { UserDirectory } from './user-directory.js';

export interface IamOptions {
  readonly database: SqlDatabase;
  /** Where the secret-encryption key lives (created 0600 on first use), e.g. `$SCONES_HOME/iam.key`. */
  readonly keyFile?: string;
  /** Instead of `keyFile` (tests). */
  readonly secretBox?: SecretBox;
  readonly clock: Clock;
  /** The server's one region; SigV4 requests signed for another are refused. Default `us-east-1`. */
  readonly region?: string;
}

export interface SimulationResult {
  readonly principal: Principal;
  readonly decision: Decision;
}

export class IamService {
  readonly users: UserDirectory;
  readonly roles: RoleDirectory;
  readonly policies: PolicyStore;
  readonly sessions: RoleSessions;
  readonly #authenticator: Authenticator;
  readonly #authorizer: Authorizer;
  readonly #clock: Clock;

  constructor(options: IamOptions) {
    this.#clock = options.clock;
    const db = options.database.db as Kysely<IamTables>;
    const box = options.secretBox ?? fileSecretBox(requiredKeyFile(options.keyFile));
    this.users = new UserDirectory(db, box, options.clock);
    this.roles = new RoleDirectory(db, options.clock);
    this.policies = new PolicyStore(db, options.clock);
    this.sessions = new RoleSessions(db, this.roles, box, options.clock);
    this.#authenticator = new Authenticator(
      this.users,
      this.sessions,
      options.clock,
      options.region ?? DEFAULT_HOME.region,
    );
    this.#authorizer = new Authorizer(this.policies, options.clock);
  }

  /** SigV4 (header or presigned); throws an IAM error of kind `unauthorized` (or `invalid`). */
  verifySigV4(request: SignedRequest): Promise<VerifiedRequest<Principal>> {
    return this.#authenticator.verifySigV4(request);
  }

  /** The signature of a browser upload's POST policy (S3 POST object); the policy's own rules are S3's to check. */
  verifyPostPolicy(
    form: PostPolicySignature,
  ): Promise<{ readonly principal: Principal; readonly region: string }> {
    return this.#authenticator.verifyPostPolicy(form);
  }

  /** `Authorization: Bearer <accessKeyId>:<secret>[:<sessionToken>]`. */
  verifyApiKey(authorization: string): Promise<Principal> {
    return this.#authenticator.verifyApiKey(authorization);
  }

  /** Either scheme, chosen by the Authorization header (REST API and dashboard). */
  authenticate(request: SignedRequest): Promise<Authenticated> {
    return this.#authenticator.authenticate(request);
  }

  authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: ContextInput = {},
  ): Promise<Decision> {
    return this.#authorizer.authorize(principal, action, resource, context);
  }

  /** Throws IAM_ACCESS_DENIED unless every request is allowed. */
  enforce(
    principal: Principal,
    requests: AccessRequest | readonly AccessRequest[],
    context: ContextInput = {},
  ): Promise<Decision[]> {
    return this.#authorizer.enforce(principal, requests, context);
  }

  /**
   * A request on a resource that has its own policy (an S3 bucket policy): identity and resource policies
   * evaluated together; `principal` undefined is an anonymous caller. `request.context` holds every key.
   */
  decideOnResource(
    principal: Principal | undefined,
    request: AccessRequest,
    resourcePolicy: Policy | undefined,
  ): Promise<ResourceDecision> {
    const identity = (p: Principal, r: AccessRequest) =>
      this.#authorizer.authorize(p, r.action, r.resource, r.context);
    return decideOnResource(identity, principal, request, resourcePolicy, this.#clock.now());
  }

  /**
   * Temporary credentials for a role. A user caller needs both the role's trust and its own policy allowing
   * sts:AssumeRole on the role (stricter than AWS when the trust policy names the user directly).
   */
  async assumeRole(input: AssumeRoleInput, callerPrincipal?: Principal): Promise<TemporaryCredentials> {
    if (callerPrincipal)
      await this.enforce(callerPrincipal, {
        action: 'sts:AssumeRole',
        resource: arns.iamRole(input.roleName),
        context: {},
      });
    return this.sessions.assumeRole(input);
  }

  /** Evaluates as `user/NAME` or `role/NAME` (a role is simulated as one of its sessions). */
  async simulate(
    principal: string,
    action: string,
    resource: string,
    context: ContextInput = {},
  ): Promise<SimulationResult> {
    const resolved = await this.resolvePrincipal(principal);
    return { principal: resolved, decision: await this.authorize(resolved, action, resource, context) };
  }

  async resolvePrincipal(reference: string): Promise<Principal> {
    const match = /^(user|role)\/(.+)$/.exec(reference);
    if (!match)
      throw iamError(
        'INVALID_ARGUMENT',
        `principal ${JSON.stringify(reference)} must be user/NAME or role/NAME`,
      );
    const name = match[2] as string;
    if (match[1] === 'user') {
      const user = await this.users.getUser(name);
      return { type: 'user', name: user.name, id: user.id, arn: user.arn };
    }
    const role = await this.roles.getRole(name);
    return serviceSessionPrincipal(role, 'simulation', this.#clock.now());
  }
}

function requiredKeyFile(file: string | undefined): string {
  if (!file) throw iamError('KEY_FILE_UNREADABLE', 'IAM needs a key file path or a secret box');
  return file;
}
