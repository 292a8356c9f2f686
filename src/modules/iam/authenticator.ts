// Authenticates requests with the same access keys: SigV4 (AWS APIs) or a Bearer API key (REST API, dashboard).
import type { Clock } from '../../kernel/clock.js';
import { parseBearer } from './api-key.js';
import { iamError } from './errors.js';
import type { Principal } from './principal.js';
import type { RoleSessions } from './role-sessions.js';
import { sha256Hex } from './sigv4/canonical-request.js';
import { signaturesEqual } from './sigv4/chunk-signature.js';
import { type PostPolicySignature, verifyPostPolicy } from './sigv4/post-policy-verify.js';
import type { SecretLookup, SignedRequest, SigningCredential, VerifiedRequest } from './sigv4/sigv4-types.js';
import { MAX_SKEW_MS, verifySigV4 } from './sigv4/sigv4-verify.js';
import type { UserDirectory } from './user-directory.js';

export interface Authenticated {
  readonly principal: Principal;
  readonly accessKeyId: string;
  readonly scheme: 'sigv4' | 'api-key';
  /** SigV4 only: the full verification (service, region, chunk verifier). */
  readonly sigv4?: VerifiedRequest<Principal>;
}

export class Authenticator {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: RoleSessions,
    private readonly clock: Clock,
    /** The server's region: requests signed for any other are refused (IAM_WRONG_REGION). */
    private readonly region: string,
  ) {}

  /** Long-term keys (AKIA...) and role-session keys (ASIA...). */
  readonly lookupSecret: SecretLookup<Principal> = async (accessKeyId) =>
    accessKeyId.startsWith('ASIA')
      ? this.sessions.credentialFor(accessKeyId)
      : this.users.credentialFor(accessKeyId);

  verifySigV4(request: SignedRequest): Promise<VerifiedRequest<Principal>> {
    return verifySigV4(request, this.lookupSecret, this.clock.now(), {
      maxSkewMs: MAX_SKEW_MS,
      region: this.region,
    });
  }

  /** A POST object form's signed policy (see sigv4/post-policy-verify.ts). */
  verifyPostPolicy(
    form: PostPolicySignature,
  ): Promise<{ readonly principal: Principal; readonly region: string }> {
    return verifyPostPolicy(form, this.lookupSecret, (credential, token) =>
      checkSessionToken(credential, token, this.clock.now()),
    );
  }

  async verifyApiKey(authorization: string): Promise<Principal> {
    const given = parseBearer(authorization);
    const credential = await this.lookupSecret(given.accessKeyId);
    if (!credential)
      throw iamError('INVALID_ACCESS_KEY_ID', `the access key id ${given.accessKeyId} does not exist`);
    if (!credential.active)
      throw iamError('INACTIVE_ACCESS_KEY', `the access key id ${given.accessKeyId} is inactive`);
    if (!signaturesEqual(credential.secretAccessKey, given.secretAccessKey))
      throw iamError('SIGNATURE_MISMATCH', 'the secret does not match the access key id');
    checkSessionToken(credential, given.sessionToken, this.clock.now());
    return credential.principal;
  }

  /** Bearer API key when the Authorization header says so, SigV4 (header or presigned) otherwise. */
  async authenticate(request: SignedRequest): Promise<Authenticated> {
    const header = request.headers.authorization ?? request.headers.Authorization;
    const authorization = typeof header === 'string' ? header : undefined;
    if (authorization && /^Bearer\s/i.test(authorization)) {
      const principal = await this.verifyApiKey(authorization);
      return { principal, accessKeyId: parseBearer(authorization).accessKeyId, scheme: 'api-key' };
    }
    const sigv4 = await this.verifySigV4(request);
    return { principal: sigv4.principal, accessKeyId: sigv4.accessKeyId, scheme: 'sigv4', sigv4 };
  }
}

function checkSessionToken(
  credential: SigningCredential<Principal>,
  token: string | undefined,
  now: number,
): void {
  if (credential.sessionTokenSha256 === undefined) {
    if (token !== undefined)
      throw iamError('INVALID_TOKEN', 'a session token was sent with a long-term access key');
    return;
  }
  if (credential.expiresAt !== undefined && now >= credential.expiresAt)
    throw iamError('EXPIRED_TOKEN', 'the temporary credentials have expired');
  if (token === undefined || !signaturesEqual(sha256Hex(token), credential.sessionTokenSha256))
    throw iamError('INVALID_TOKEN', 'the session token is missing or invalid');
}
