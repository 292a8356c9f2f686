// Who sent a request and whether they may do what it asks: SigV4 (or an API key) verified, then IAM enforced.
import type { FastifyRequest } from 'fastify';
import type { HomeScope } from '../../kernel/arn.js';
import {
  ACCOUNT_ID,
  type AccessRequest,
  globalContext,
  type IamService,
  iamError,
  PARTITION,
  type Principal,
  type SignedRequest,
  type VerifiedRequest,
} from '../../modules/iam/index.js';
import { headersAsText } from '../header-text.js';

/** Present when the server authenticates requests; plugins behave as before without it. */
export interface EdgeAuth {
  readonly iam: IamService;
  /**
   * The server's one region and account: every resource ARN a permission is checked on names them, whatever the
   * request was signed for or spelled (IAM refuses signatures for another region before this is reached).
   */
  readonly region: string;
  /** Default `000000000000`, IAM's account. */
  readonly accountId?: string;
}

interface Caller {
  readonly principal: Principal;
  readonly region: string;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** True when the request carries no credentials at all: no Authorization header and no presigned query. */
export function carriesNoCredentials(request: FastifyRequest): boolean {
  return request.headers.authorization === undefined && !/[?&]X-Amz-Credential=/i.test(request.url);
}

/** The request as SigV4 signed it: the path and query as sent (before the edge's internal rewrite). */
export function signedRequestOf(request: FastifyRequest, bodySha256?: string): SignedRequest {
  const url = request.originalUrl;
  const queryAt = url.indexOf('?');
  return {
    method: request.method,
    path: queryAt < 0 ? url : url.slice(0, queryAt),
    query: queryAt < 0 ? '' : url.slice(queryAt + 1),
    headers: headersAsText(request.headers),
    ...(bodySha256 === undefined ? {} : { bodySha256 }),
  };
}

/**
 * Verifies the SigV4 signature (header or presigned) and remembers the caller for `enforceAccess`. With `service`,
 * the credential scope must name it, as AWS requires: a signature made for one service is not valid for another.
 */
export async function verifyAws(
  auth: EdgeAuth,
  request: FastifyRequest,
  bodySha256?: string,
  service?: string,
): Promise<VerifiedRequest<Principal>> {
  const verified = await auth.iam.verifySigV4(signedRequestOf(request, bodySha256));
  if (service !== undefined && verified.service !== service)
    throw iamError('SIGNATURE_MISMATCH', `Credential should be scoped to correct service: '${service}'.`);
  rememberCaller(request, verified.principal, verified.region || auth.region);
  return verified;
}

export function rememberCaller(request: FastifyRequest, principal: Principal, region: string): void {
  callers.set(request, { principal, region });
}

export function callerOf(request: FastifyRequest): Caller | undefined {
  return callers.get(request);
}

/** Where the resources a request acts on live: always the server's region and account, never the caller's. */
export function homeOf(auth: EdgeAuth): HomeScope {
  return { partition: PARTITION, region: auth.region, accountId: auth.accountId ?? ACCOUNT_ID };
}

/** Throws IAM_ACCESS_DENIED unless the authenticated caller may make every one of `requests`. */
export async function enforceAccess(
  auth: EdgeAuth,
  request: FastifyRequest,
  requests: readonly AccessRequest[],
): Promise<void> {
  const caller = callers.get(request);
  if (caller === undefined) throw iamError('MISSING_AUTHENTICATION', 'the request is not authenticated');
  if (requests.length === 0) return;
  const userAgent = request.headers['user-agent'];
  await auth.iam.enforce(
    caller.principal,
    requests,
    globalContext({
      sourceIp: request.ip,
      secureTransport: request.protocol === 'https',
      region: caller.region,
      ...(typeof userAgent === 'string' ? { userAgent } : {}),
    }),
  );
}
