// The REST API, /metrics and the dashboard session with auth on; /healthz stays open; auth is on by default for a
// server listening beyond loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_RULES } from '../../../src/http/auth/rest-access.js';
import { signRequest } from '../../../src/modules/iam/index.js';
import { startTestServer } from '../../support/scones-app.js';
import { type AuthServer, startAuthServer } from './support.js';

let server: AuthServer;
let url: string;

beforeAll(async () => {
  // Listening on every interface: auth comes on by itself.
  server = await startAuthServer({ 'server.host': '0.0.0.0', 'server.auth': 'auto' });
  url = server.server.url.replace('0.0.0.0', '127.0.0.1');
  await server.app.store.createBucket('shared');
});
afterAll(() => server?.close());

async function errorBody(response: Response): Promise<{ error: { code: string } }> {
  return (await response.json()) as { error: { code: string } };
}

describe('auth mode', () => {
  it('is on by default when the server listens beyond loopback, and off on loopback', async () => {
    expect(server.app.authEnabled).toBe(true);
    const local = await startTestServer();
    try {
      expect(local.app.authEnabled).toBe(false);
      expect((await fetch(`${local.server.url}/api/v1/buckets`)).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});

describe('REST API with auth on', () => {
  it('leaves /healthz and the OpenAPI document open and refuses anonymous API calls with 401', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);
    const anonymous = await fetch(`${url}/api/v1/buckets`);
    expect(anonymous.status).toBe(401);
    expect((await errorBody(anonymous)).error.code).toBe('IAM_MISSING_AUTHENTICATION');
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
  });

  it('takes the same keys as a Bearer API key and enforces the matching AWS action', async () => {
    const admin = { authorization: server.bearer(server.admin) };
    const reader = { authorization: server.bearer(server.reader) };
    expect((await fetch(`${url}/api/v1/buckets`, { headers: admin })).status).toBe(200);
    const denied = await fetch(`${url}/api/v1/buckets`, { headers: reader });
    expect(denied.status).toBe(403);
    expect((await errorBody(denied)).error.code).toBe('IAM_ACCESS_DENIED');
    const put = await fetch(`${url}/api/v1/buckets/shared/objects/public/r.txt`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'text/plain' },
      body: 'rest',
    });
    expect(put.status).toBeLessThan(300);
    const read = await fetch(`${url}/api/v1/buckets/shared/objects/public/r.txt`, { headers: reader });
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('rest');
    const wrong = await fetch(`${url}/api/v1/buckets`, {
      headers: { authorization: server.bearer({ ...server.admin, secretAccessKey: 'wrong' }) },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: admin })).status).toBe(200);
    expect((await fetch(`${url}/metrics`, { headers: reader })).status).toBe(403);
  });

  it('also takes SigV4-signed requests, the body hash included', async () => {
    const target = new URL(`${url}/api/v1/state-machines`);
    const body = JSON.stringify({
      name: 'signed',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    const sign = (keys: typeof server.admin, sentBody: string) =>
      signRequest({
        method: 'POST',
        url: target,
        headers: { 'content-type': 'application/json' },
        body: sentBody,
        service: 'states',
        region: 'us-east-1',
        credentials: keys,
        now: Date.now(),
      });
    const created = await fetch(target, { method: 'POST', headers: sign(server.admin, body), body });
    expect(created.status).toBe(201);
    const changed = await fetch(target, {
      method: 'POST',
      headers: sign(server.admin, body),
      body: body.replace('signed', 'forged'),
    });
    expect(changed.status).toBe(401);
    expect((await errorBody(changed)).error.code).toBe('IAM_SIGNATURE_MISMATCH');
  });

  it('has a rule for every route of the REST API', async () => {
    const document = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const missing: string[] = [];
    for (const [route, methods] of Object.entries(document.paths as Record<string, object>)) {
      const fastifyUrl = route.replace(/\{\*\}/g, '*').replace(/\{(\w+)\}/g, ':$1');
      if (!fastifyUrl.startsWith('/api/v1/') || fastifyUrl === '/api/v1/openapi.json') continue;
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${fastifyUrl}`;
        if (method !== 'head' && REST_RULES[key] === undefined) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('dashboard session', () => {
  it('logs in with an access key, sets an HttpOnly SameSite=Strict cookie, needs the CSRF token to change state', async () => {
    const before = await (await fetch(`${url}/api/session`)).json();
    expect(before).toEqual({ authRequired: true, authenticated: false });
    const refused = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...server.admin, secretAccessKey: 'wrong' }),
    });
    expect(refused.status).toBe(401);

    const login = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(server.admin),
    });
    expect(login.status).toBe(201);
    const cookieHeader = login.headers.get('set-cookie') ?? '';
    expect(cookieHeader).toMatch(
      /^scones_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    const session = (await login.json()) as { csrfToken: string };
    expect(session).toMatchObject({
      authenticated: true,
      principal: { type: 'user', name: 'admin' },
      accessKeyId: server.admin.accessKeyId,
    });
    expect(JSON.stringify(session)).not.toContain(server.admin.secretAccessKey);
    const cookie = cookieHeader.split(';')[0] as string;

    expect((await fetch(`${url}/api/v1/buckets`, { headers: { cookie } })).status).toBe(200);
    expect(await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()).toMatchObject({
      authenticated: true,
      csrfToken: session.csrfToken,
    });
    const noCsrf = await fetch(`${url}/api/v1/buckets/made-by-session`, {
      method: 'PUT',
      headers: { cookie },
    });
    expect(noCsrf.status).toBe(403);
    expect((await errorBody(noCsrf)).error.code).toBe('AUTH_CSRF_TOKEN_INVALID');
    const withCsrf = await fetch(`${url}/api/v1/buckets/made-by-session`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(withCsrf.status).toBe(201);

    const logout = await fetch(`${url}/api/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(logout.status).toBe(204);
    const after = await fetch(`${url}/api/v1/buckets`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect((await errorBody(after)).error.code).toBe('AUTH_SESSION_INVALID');
  });

  it('ends the sessions of a key that is deactivated', async () => {
    const keys = await server.app.iam.users.createAccessKey('admin');
    const login = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await fetch(`${url}/api/v1/buckets`, { headers: { cookie } })).status).toBe(200);
    await server.app.iam.users.setAccessKeyStatus(keys.accessKeyId, 'Inactive');
    expect((await fetch(`${url}/api/v1/buckets`, { headers: { cookie } })).status).toBe(401);
  });

  it('answers 429 with Retry-After after ten failed logins from one address in a minute', async () => {
    const attempt = () =>
      fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...server.reader, secretAccessKey: 'guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(9);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorBody(refused)).error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
  });
});
