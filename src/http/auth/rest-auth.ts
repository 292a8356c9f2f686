// Authentication of the REST API (and /metrics): a dashboard session cookie, an API key (Bearer) or SigV4, then
// the permissions of the AWS operation each route mirrors.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { iamError, type Principal } from '../../modules/iam/index.js';
import { authError } from './auth-errors.js';
import {
  carriesNoCredentials,
  type EdgeAuth,
  enforceAccess,
  homeOf,
  rememberCaller,
  signedRequestOf,
} from './edge-auth.js';
import { restPermissions } from './rest-access.js';
import { cookieValue, csrfMatches, SESSION_COOKIE, type SessionStore } from './session-store.js';
import { readLimited } from './signed-body.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds the hooks to a scope holding REST routes: every route in it then needs a caller allowed to use it. */
export function requireAuthentication(scope: FastifyInstance, auth: EdgeAuth, sessions: SessionStore): void {
  scope.addHook('preParsing', async (request, _reply, payload) => {
    const session = await fromSession(auth, sessions, request);
    if (session) {
      rememberCaller(request, session, auth.region);
      return payload;
    }
    // Nothing to verify: refused before a byte of the body is read (an anonymous client cannot make us buffer it).
    if (carriesNoCredentials(request))
      throw iamError('MISSING_AUTHENTICATION', 'the request carries no credentials');
    const unsigned =
      !/^Bearer\s/i.test(String(request.headers.authorization ?? '')) &&
      request.headers['x-amz-content-sha256'] === undefined;
    // SigV4 without x-amz-content-sha256 signs the body's hash: read it first (JSON bodies, within the limit).
    const limit = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
    const body = unsigned ? await readLimited(payload, limit, request) : undefined;
    const bodySha256 = body === undefined ? undefined : createHash('sha256').update(body).digest('hex');
    const authenticated = await auth.iam.authenticate(signedRequestOf(request, bodySha256));
    rememberCaller(request, authenticated.principal, authenticated.sigv4?.region || auth.region);
    return body === undefined ? payload : Readable.from([body]);
  });
  scope.addHook('preHandler', async (request) => {
    const permissions = restPermissions(request.method, request.routeOptions.url ?? request.url, {
      params: (request.params ?? {}) as Record<string, string | undefined>,
      query: (request.query ?? {}) as Record<string, unknown>,
      region: homeOf(auth).region,
      accountId: homeOf(auth).accountId,
      body: request.body,
    });
    await enforceAccess(auth, request, permissions);
  });
}

/** The principal of the request's session cookie, unless an Authorization header takes precedence. */
async function fromSession(
  auth: EdgeAuth,
  sessions: SessionStore,
  request: FastifyRequest,
): Promise<Principal | undefined> {
  if (request.headers.authorization !== undefined) return undefined;
  const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (id === undefined) return undefined;
  const session = sessions.get(id);
  if (session === undefined)
    throw authError('SESSION_INVALID', 'the session has expired or was ended; log in again');
  // A key deactivated or deleted since login ends its sessions.
  if (session.principal.type === 'user') {
    const credential = await auth.iam.users.credentialFor(session.accessKeyId);
    if (!credential?.active) {
      sessions.delete(id);
      throw authError('SESSION_INVALID', 'the access key of this session is no longer active');
    }
  }
  const csrf = request.headers['x-csrf-token'];
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, typeof csrf === 'string' ? csrf : undefined))
    throw authError('CSRF_TOKEN_INVALID', 'requests that change state need the X-CSRF-Token of the session');
  return session.principal;
}
