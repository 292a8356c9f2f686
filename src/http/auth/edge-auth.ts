// Who sent a request and whether they may do what it asks: SigV4 (or an API key) verified, then IAM enforced.
import type { FastifyRequest } from 'fastify';
import {
  type AccessRequest,
  globalContext,
  type IamService,
  iamError,
  type Principal,
  type SignedRequest,
  type VerifiedRequest,
} from '../../modules/iam/index.js';

/** Present when the server authenticates requests; plugins behave as before without it. */
export interface EdgeAuth {
  readonly iam: IamService;
  /** Region of resource ARNs when the request names none (REST API, API keys). */
  readonly region: string;
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
    headers: request.headers,
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

/** The region a request's ARNs use: the one it was signed for, else the server's. */
export function regionOf(auth: EdgeAuth, request: FastifyRequest): string {
  return callers.get(request)?.region ?? auth.region;
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
