// The dashboard's login: `POST /api/session` with an access key -> an HttpOnly, SameSite=Strict session cookie;
// `GET /api/session` says who is logged in (and whether the server needs a login); `DELETE` logs out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Principal } from '../../modules/iam/index.js';
import { authError } from './auth-errors.js';
import type { EdgeAuth } from './edge-auth.js';
import { LoginThrottle } from './login-throttle.js';
import {
  cookieValue,
  csrfMatches,
  SESSION_COOKIE,
  type Session,
  type SessionStore,
} from './session-store.js';

const Login = Type.Object({
  accessKeyId: Type.String({ minLength: 16, maxLength: 128 }),
  secretAccessKey: Type.String({ minLength: 1, maxLength: 256 }),
  sessionToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
});
const tags = ['session'];

export const sessionRoutes: FastifyPluginAsyncTypebox<{
  auth: EdgeAuth | undefined;
  sessions: SessionStore;
}> = async (app, { auth, sessions }) => {
  const throttle = new LoginThrottle(() => Date.now());
  app.get('/api/session', { schema: { tags } }, async (request) => {
    if (!auth) return { authRequired: false, authenticated: false };
    const session = current(sessions, request);
    return session
      ? { authRequired: true, authenticated: true, ...describe(session) }
      : { authRequired: true, authenticated: false };
  });

  app.post('/api/session', { schema: { tags, body: Login } }, async (request, reply) => {
    if (!auth)
      throw authError('INVALID_LOGIN', 'this server does not authenticate requests: no login is needed');
    const { accessKeyId, secretAccessKey, sessionToken } = request.body;
    if ([accessKeyId, secretAccessKey, sessionToken ?? ''].some((part) => /[:\s]/.test(part)))
      throw authError(
        'INVALID_LOGIN',
        'access key ids, secrets and session tokens contain no colons or spaces',
      );
    const bearer = `Bearer ${[accessKeyId, secretAccessKey, ...(sessionToken ? [sessionToken] : [])].join(':')}`;
    const wait = throttle.retryAfter(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw authError(
        'TOO_MANY_ATTEMPTS',
        `too many failed logins from this address; try again in ${wait} s`,
      );
    }
    const principal = await auth.iam.verifyApiKey(bearer).catch((error: unknown) => {
      throttle.fail(request.ip);
      throw error;
    });
    throttle.succeed(request.ip);
    const previous = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (previous !== undefined) sessions.delete(previous);
    const session = sessions.create(principal, accessKeyId);
    setCookie(reply, request, session.id, Math.floor((session.expiresAt - Date.now()) / 1000));
    return reply.status(201).send({ authRequired: true, authenticated: true, ...describe(session) });
  });

  app.delete('/api/session', { schema: { tags } }, async (request, reply) => {
    const session = current(sessions, request);
    if (session) {
      const csrf = request.headers['x-csrf-token'];
      if (!csrfMatches(session, typeof csrf === 'string' ? csrf : undefined))
        throw authError('CSRF_TOKEN_INVALID', 'logging out needs the X-CSRF-Token of the session');
      sessions.delete(session.id);
    }
    setCookie(reply, request, '', 0);
    return reply.status(204).send();
  });
};

function current(sessions: SessionStore, request: FastifyRequest): Session | undefined {
  const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
  return id === undefined ? undefined : sessions.get(id);
}

function describe(session: Session) {
  return {
    principal: principalSummary(session.principal),
    accessKeyId: session.accessKeyId,
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

function principalSummary(principal: Principal) {
  return principal.type === 'user'
    ? { type: 'user', name: principal.name, arn: principal.arn }
    : { type: 'assumed-role', name: principal.roleName, arn: principal.arn };
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS. */
function setCookie(reply: FastifyReply, request: FastifyRequest, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  );
}
