// Privilege escalation by alice, allowed `s3:Get*` on one bucket (and function and state machine creation without
// iam:PassRole): writing, reading elsewhere, listing, copying, passing the admin role, calling IAM and STS, and
// riding a dashboard session without its CSRF token.
import { expect } from 'vitest';
import { zipOf } from '../../support/zip.js';
import type { HostileCase, Outcome } from '../support/hostile-cases.js';
import {
  bearer,
  type HostileServer,
  OTHER_BUCKET,
  SECRET_KEY,
  VICTIM_BUCKET,
} from '../support/hostile-server.js';
import { type HttpCall, send } from '../support/http-client.js';
import type { Service } from '../support/sign.js';
import {
  ADMIN_ROLE,
  actors,
  DENIED,
  lambdaJson,
  REFUSED,
  sfnCall,
  sigv4As,
  VICTIM_FUNCTION,
} from './auth-actors.js';

const asAlice = (service: Service, call: HttpCall) => (s: HostileServer) =>
  sigv4As(s, service, call, actors.alice);
const restAsAlice = (call: HttpCall) => (s: HostileServer) =>
  send(s.url, { ...call, headers: { ...call.headers, authorization: bearer(actors.alice) } });

function deniedKeys(outcome: Outcome): void {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  expect(outcome.status).toBe(200);
  expect(outcome.text).toMatch(/<Error><Key>secret\.txt<\/Key><Code>AccessDenied<\/Code>/);
}

const escalation: HostileCase[] = [
  {
    name: 'alice (s3:Get* on victim/*) PutObject into victim',
    act: asAlice('s3', { method: 'PUT', path: `/${VICTIM_BUCKET}/new.txt`, body: 'x' }),
    refuse: DENIED,
  },
  {
    name: 'alice DeleteObject in victim',
    act: asAlice('s3', { method: 'DELETE', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` }),
    refuse: DENIED,
  },
  {
    name: 'alice GetObject in another bucket',
    act: asAlice('s3', { method: 'GET', path: `/${OTHER_BUCKET}/private/data.json` }),
    refuse: DENIED,
  },
  {
    name: 'alice GetObject in a bucket whose name starts with victim',
    act: asAlice('s3', { method: 'GET', path: '/victim-evil/x.txt' }),
    refuse: DENIED,
  },
  {
    name: 'alice ListObjectsV2 of victim (Get* is not List*)',
    act: asAlice('s3', { method: 'GET', path: `/${VICTIM_BUCKET}?list-type=2` }),
    refuse: DENIED,
  },
  { name: 'alice ListBuckets', act: asAlice('s3', { method: 'GET', path: '/' }), refuse: DENIED },
  {
    name: 'alice DeleteBucket victim',
    act: asAlice('s3', { method: 'DELETE', path: `/${VICTIM_BUCKET}` }),
    refuse: DENIED,
  },
  {
    name: 'alice CopyObject from another bucket into victim',
    act: asAlice('s3', {
      method: 'PUT',
      path: `/${VICTIM_BUCKET}/copied.json`,
      headers: { 'x-amz-copy-source': `/${OTHER_BUCKET}/private/data.json` },
    }),
    refuse: DENIED,
  },
  {
    name: 'alice CreateMultipartUpload in victim',
    act: asAlice('s3', { method: 'POST', path: `/${VICTIM_BUCKET}/big.bin?uploads` }),
    refuse: DENIED,
  },
  {
    name: 'alice DeleteObjects of victim keys (each key refused)',
    act: asAlice('s3', {
      method: 'POST',
      path: `/${VICTIM_BUCKET}?delete`,
      headers: { 'content-type': 'application/xml' },
      body: `<Delete><Object><Key>${SECRET_KEY}</Key></Object></Delete>`,
    }),
    check: deniedKeys,
  },
  {
    name: 'alice GetObject through ../ into another bucket',
    act: asAlice('s3', { method: 'GET', path: `/${VICTIM_BUCKET}/../${OTHER_BUCKET}/private/data.json` }),
    refuse: { status: [400, 403] },
  },
  {
    name: 'alice GetObject with an encoded slash in the bucket',
    act: asAlice('s3', { method: 'GET', path: `/${VICTIM_BUCKET}%2F..%2F${OTHER_BUCKET}/private/data.json` }),
    refuse: { status: [400, 403] },
  },
  {
    name: 'alice REST PUT object into victim',
    act: restAsAlice({ method: 'PUT', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects/new.txt`, body: 'x' }),
    refuse: DENIED,
  },
  {
    name: 'alice REST DELETE object in victim',
    act: restAsAlice({ method: 'DELETE', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects/${SECRET_KEY}` }),
    refuse: DENIED,
  },
  {
    name: 'alice REST GET object in another bucket',
    act: restAsAlice({ method: 'GET', path: `/api/v1/buckets/${OTHER_BUCKET}/objects/private/data.json` }),
    refuse: DENIED,
  },
  {
    name: 'alice REST list buckets',
    act: restAsAlice({ method: 'GET', path: '/api/v1/buckets' }),
    refuse: DENIED,
  },
  {
    name: 'alice REST create bucket',
    act: restAsAlice({ method: 'PUT', path: '/api/v1/buckets/alice-owned' }),
    refuse: DENIED,
  },
  {
    name: 'alice REST list functions',
    act: restAsAlice({ method: 'GET', path: '/api/v1/functions' }),
    refuse: DENIED,
  },
  {
    name: 'alice REST invoke a function',
    act: restAsAlice(lambdaJson('POST', `/api/v1/functions/${VICTIM_FUNCTION}/invoke`, {})),
    refuse: DENIED,
  },
  {
    name: 'alice Prometheus /metrics',
    act: restAsAlice({ method: 'GET', path: '/metrics' }),
    refuse: DENIED,
  },
  {
    name: 'alice CreateFunction passing the admin role (no iam:PassRole)',
    act: asAlice(
      'lambda',
      lambdaJson('POST', '/2015-03-31/functions', {
        FunctionName: 'alice-fn',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ADMIN_ROLE,
        Code: {
          ZipFile: zipOf([{ name: 'index.js', content: 'exports.handler=async()=>1' }]).toString('base64'),
        },
      }),
    ),
    refuse: DENIED,
  },
  {
    name: 'alice UpdateFunctionConfiguration giving a function the admin role',
    act: asAlice(
      'lambda',
      lambdaJson('PUT', `/2015-03-31/functions/${VICTIM_FUNCTION}/configuration`, { Role: ADMIN_ROLE }),
    ),
    refuse: DENIED,
  },
  {
    name: 'alice CreateStateMachine passing the admin role',
    act: asAlice(
      'states',
      sfnCall('CreateStateMachine', {
        name: 'alice-sm',
        roleArn: ADMIN_ROLE,
        definition: '{"StartAt":"a","States":{"a":{"Type":"Succeed"}}}',
      }),
    ),
    refuse: DENIED,
  },
  {
    name: 'alice REST create state machine passing the admin role',
    act: restAsAlice(
      lambdaJson('POST', '/api/v1/state-machines', {
        name: 'alice-sm',
        roleArn: ADMIN_ROLE,
        definition: { StartAt: 'a', States: { a: { Type: 'Succeed' } } },
      }),
    ),
    refuse: DENIED,
  },
  {
    name: 'alice Lambda Invoke (not granted)',
    act: asAlice('lambda', lambdaJson('POST', `/2015-03-31/functions/${VICTIM_FUNCTION}/invocations`, {})),
    refuse: DENIED,
  },
];

/** IAM and STS query-protocol calls: Scones serves no IAM API over HTTP, so they change nothing. */
const iamCalls: HostileCase[] = [
  [
    'iam',
    'Action=AttachUserPolicy&UserName=alice&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess&Version=2010-05-08',
  ],
  [
    'iam',
    'Action=PutUserPolicy&UserName=alice&PolicyName=all&PolicyDocument=%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D&Version=2010-05-08',
  ],
  ['iam', 'Action=CreateAccessKey&UserName=admin&Version=2010-05-08'],
  ['sts', `Action=AssumeRole&RoleArn=${encodeURIComponent(ADMIN_ROLE)}&RoleSessionName=x&Version=2011-06-15`],
].map(([service, body]) => ({
  name: `alice ${service?.toUpperCase()} ${/Action=(\w+)/.exec(body as string)?.[1]} over the query protocol`,
  act: asAlice(service as Service, {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body as string,
  }),
  refuse: { status: [400, 403, 404, 415] },
}));

/** Logs alice into a dashboard session; returns its cookie and CSRF token. */
async function aliceSession(s: HostileServer): Promise<{ cookie: string; csrf: string }> {
  const login = await send(
    s.url,
    lambdaJson('POST', '/api/session', {
      accessKeyId: actors.alice.accessKeyId,
      secretAccessKey: actors.alice.secretAccessKey,
    }),
  );
  expect(login.status, login.text).toBe(201);
  const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  return { cookie, csrf: String((JSON.parse(login.text) as { csrfToken?: string }).csrfToken) };
}

const sessions: HostileCase[] = [
  {
    name: 'a dashboard session changing state without its CSRF token',
    act: async (s) => {
      const { cookie } = await aliceSession(s);
      return send(s.url, { method: 'PUT', path: '/api/v1/buckets/csrf-made', headers: { cookie } });
    },
    refuse: { status: 403, code: 'AUTH_CSRF_TOKEN_INVALID' },
  },
  {
    name: 'a dashboard session with a forged cookie',
    act: (s) =>
      send(s.url, { method: 'GET', path: '/api/v1/buckets', headers: { cookie: 'scones_session=forged' } }),
    refuse: { status: 401, code: 'AUTH_SESSION_INVALID' },
  },
  {
    name: "alice's dashboard session doing what alice may not (with the CSRF token)",
    act: async (s) => {
      const { cookie, csrf } = await aliceSession(s);
      return send(s.url, {
        method: 'DELETE',
        path: `/api/v1/buckets/${VICTIM_BUCKET}/objects/${SECRET_KEY}`,
        headers: { cookie, 'x-csrf-token': csrf },
      });
    },
    refuse: DENIED,
  },
  {
    name: 'a dashboard login with a wrong secret',
    act: (s) =>
      send(
        s.url,
        lambdaJson('POST', '/api/session', {
          accessKeyId: actors.alice.accessKeyId,
          secretAccessKey: 'wrong',
        }),
      ),
    refuse: REFUSED,
  },
];

export const escalationCases: HostileCase[] = [...escalation, ...iamCalls, ...sessions];
