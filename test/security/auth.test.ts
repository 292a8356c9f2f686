// Authentication and authorization under attack, with `server.auth: 'on'`: every route (listed from the Fastify app)
// without credentials or with wrong ones, replayed signatures, skewed and expired signatures and presigned URLs,
// tampered signed requests, and a user allowed only `s3:Get*` on one bucket trying to escalate: write, read
// elsewhere, list, copy, pass a role, reach IAM, or ride a dashboard session without its CSRF token.
import { expect } from 'vitest';
import { executionOperations } from '../../src/http/aws/sfn/execution-operations.js';
import { machineOperations } from '../../src/http/aws/sfn/machine-operations.js';
import { zipOf } from './support/archives.js';
import { describeHostile, type HostileCase, type Outcome } from './support/hostile-cases.js';
import {
  bearer,
  createUserWithKey,
  type HostileServer,
  OTHER_BUCKET,
  SECRET_KEY,
  startHostileServer,
  VICTIM_BUCKET,
} from './support/hostile-server.js';
import { asOutcome, type HttpCall, type HttpReply, send, sendRaw } from './support/http-client.js';
import { listRoutes, type RouteInfo, sampleUrl, serviceOf } from './support/route-table.js';
import { type Credentials, type Service, type SignOptions, signCall } from './support/sign.js';

const server = await startHostileServer({ 'server.auth': 'on' });
const ADMIN_ROLE = 'arn:aws:iam::000000000000:role/admin-role';
const VICTIM_FUNCTION = 'victim-fn';

/** Alice may only read objects of the victim bucket, and create functions and state machines (but pass no role). */
const ALICE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::${VICTIM_BUCKET}/*` },
    {
      Effect: 'Allow',
      Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionConfiguration', 'states:CreateStateMachine'],
      Resource: '*',
    },
  ],
};
let alice: Credentials;
let carol: Credentials;

async function setup(s: HostileServer): Promise<void> {
  const { iam, functions, store } = s.app;
  alice = await createUserWithKey(s.app, 'alice', ALICE_POLICY);
  carol = await createUserWithKey(s.app, 'carol', ALICE_POLICY);
  await iam.users.setAccessKeyStatus(carol.accessKeyId, 'Inactive');
  await iam.roles.createRole('admin-role');
  await iam.policies.attach({ type: 'role', name: 'admin-role' }, 'all', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  await functions.create({
    name: VICTIM_FUNCTION,
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: { kind: 'zip', bytes: zipOf([{ name: 'index.js', content: 'exports.handler = async () => 1;' }]) },
  });
  await store.createBucket('victim-evil');
  await store.putObject('victim-evil', 'x.txt', Buffer.from('not yours'));
}

const AUTH_CODES =
  /^(IAM_[A-Z_]+|AUTH_[A-Z_]+|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|AuthorizationHeaderMalformed|AuthorizationQueryParametersError|RequestTimeTooSkewed|MissingAuthenticationToken|UnrecognizedClientException|InvalidSignatureException|IncompleteSignature|AccessDeniedException|XAmzContentSHA256Mismatch|InvalidRequest)$/;
const REFUSED = { status: [400, 401, 403], code: AUTH_CODES };
const DENIED = { status: 403, code: /^(AccessDenied|AccessDeniedException|IAM_ACCESS_DENIED)$/ };

/** Paths open to anyone: liveness, the OpenAPI document, the login itself, and the dashboard's files (GETs). */
const API_PATH = /^\/(api\/|__aws\/|20\d\d-\d\d-\d\d\/|endpoints\/|metrics$)/;
function isPublic(route: RouteInfo): boolean {
  if (['/healthz', '/api/v1/openapi.json', '/api/session'].includes(route.url)) return true;
  return route.method === 'GET' && !API_PATH.test(route.url) && !route.constraints.includes('amzTarget');
}

const sigv4As = async (
  s: HostileServer,
  service: Service,
  call: HttpCall,
  keys: Credentials,
  options: SignOptions = {},
) => send(s.url, await signCall(s.url, service, call, keys, options));

/** A body each kind of route accepts, so it is the credentials that get refused, not the payload. */
function bodyFor(route: RouteInfo): Pick<HttpCall, 'headers' | 'body'> {
  if (['GET', 'DELETE'].includes(route.method)) return {};
  if (serviceOf(route) === 'sagemaker')
    return { headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50]) };
  if (serviceOf(route) === 's3') return { body: 'overwritten' };
  return { headers: { 'content-type': 'application/json' }, body: '{}' };
}

type Variant = (s: HostileServer, route: RouteInfo, call: HttpCall) => Promise<HttpReply>;
const WRONG_SECRET = (keys: Credentials): Credentials => ({
  ...keys,
  secretAccessKey: `${keys.secretAccessKey}x`,
});
const UNKNOWN_KEY: Credentials = { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'nope' };
/** Signed for S3 the call goes to the S3 edge by its signature; REST routes take SigV4 of any service. */
const signingService = (route: RouteInfo): Service => serviceOf(route) ?? 'execute-api';
const s3Path = (call: HttpCall) => ({ ...call, path: call.path.replace(/^\/__aws\/s3/, '') || '/' });

const VARIANTS: Readonly<Record<string, Variant>> = {
  'no credentials': (s, _route, call) => send(s.url, call),
  'a Bearer key that does not exist': (s, _route, call) =>
    send(s.url, { ...call, headers: { ...call.headers, authorization: bearer(UNKNOWN_KEY) } }),
  "the admin's key with a wrong secret (Bearer)": (s, _route, call) =>
    send(s.url, {
      ...call,
      headers: { ...call.headers, authorization: bearer(WRONG_SECRET(s.credentials)) },
    }),
  "SigV4 with the admin's key and a wrong secret": (s, route, call) =>
    sigv4As(
      s,
      signingService(route),
      serviceOf(route) === 's3' ? s3Path(call) : call,
      WRONG_SECRET(s.credentials),
    ),
  'SigV4 from an unknown access key': (s, route, call) =>
    sigv4As(s, signingService(route), serviceOf(route) === 's3' ? s3Path(call) : call, UNKNOWN_KEY),
  'a deactivated key (SigV4)': (s, route, call) =>
    sigv4As(s, signingService(route), serviceOf(route) === 's3' ? s3Path(call) : call, carol),
};

const everyRoute: HostileCase[] = listRoutes(server.running.http)
  .filter((route) => !isPublic(route) && !route.constraints.includes('amzTarget'))
  .flatMap((route) =>
    Object.entries(VARIANTS).map(([what, variant]) => ({
      name: `${route.method} ${route.url} with ${what}`,
      act: (s: HostileServer) =>
        variant(s, route, { method: route.method, path: sampleUrl(route), ...bodyFor(route) }),
      refuse: REFUSED,
    })),
  );

/** An anonymous client declaring a huge body is refused at once, never left to send (or make us buffer) it. */
const anonymousUploads: HostileCase[] = listRoutes(server.running.http)
  .filter((route) => !isPublic(route) && ['POST', 'PUT'].includes(route.method) && serviceOf(route) !== 's3')
  .map((route) => ({
    name: `${route.method} ${route.url} from an anonymous client declaring a 10 GB body`,
    act: async (s: HostileServer) =>
      asOutcome(
        await sendRaw(
          s.url,
          `${route.method} ${sampleUrl(route)} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 ** 3}\r\n${route.constraints.includes('amzTarget') ? 'X-Amz-Target: AWSStepFunctions.ListStateMachines\r\n' : ''}Connection: close\r\n\r\n{"a":`,
        ),
      ),
    refuse: {
      status: [401, 403, 413],
      code: /^(IAM_MISSING_AUTHENTICATION|MissingAuthenticationToken|RequestEntityTooLargeException|HTTP_FST_ERR_CTP_BODY_TOO_LARGE|ValidationError)$/,
    },
  }));

const sfnOperations = Object.keys({ ...machineOperations, ...executionOperations });
const sfnCall = (operation: string, body: unknown = {}): HttpCall => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
  body: JSON.stringify(body),
});
const everySfnOperation: HostileCase[] = sfnOperations.flatMap((operation) => [
  {
    name: `Step Functions ${operation} with no credentials`,
    act: (s) => send(s.url, sfnCall(operation)),
    refuse: REFUSED,
  },
  {
    name: `Step Functions ${operation} signed with a wrong secret`,
    act: (s) => sigv4As(s, 'states', sfnCall(operation), WRONG_SECRET(s.credentials)),
    refuse: REFUSED,
  },
]);

/** Sends the same signed bytes twice: the first is served, the replay refused. */
function replayed(service: Service, call: HttpCall, firstStatus: number[]): HostileCase['act'] {
  return async (s) => {
    const signed = await signCall(s.url, service, call, s.credentials);
    const first = await send(s.url, signed);
    expect(firstStatus, first.text.slice(0, 200)).toContain(first.status);
    return send(s.url, signed);
  };
}

const replays: HostileCase[] = [
  ['S3 GetObject', 's3', { method: 'GET', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` }, [200]],
  ['S3 ListObjectsV2', 's3', { method: 'GET', path: `/${VICTIM_BUCKET}?list-type=2` }, [200]],
  ['Lambda ListFunctions', 'lambda', { method: 'GET', path: '/2015-03-31/functions' }, [200]],
  ['Step Functions ListStateMachines', 'states', sfnCall('ListStateMachines'), [200]],
  [
    'SageMaker InvokeEndpoint',
    'sagemaker',
    {
      method: 'POST',
      path: '/endpoints/none/invocations',
      headers: { 'content-type': 'image/png' },
      body: 'x',
    },
    [400, 404],
  ],
  ['REST GET /api/v1/buckets (SigV4)', 'execute-api', { method: 'GET', path: '/api/v1/buckets' }, [200]],
].map(([what, service, call, first]) => ({
  name: `a replayed ${what as string} signature`,
  act: replayed(service as Service, call as HttpCall, first as number[]),
  refuse: REFUSED,
}));

const MINUTE = 60_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs);
const GET_SECRET: HttpCall = { method: 'GET', path: `/${VICTIM_BUCKET}/${SECRET_KEY}` };

const timing: HostileCase[] = [
  {
    name: 'S3 signed 20 minutes ago',
    act: (s) => sigv4As(s, 's3', GET_SECRET, s.credentials, { signingDate: at(-20 * MINUTE) }),
    refuse: REFUSED,
  },
  {
    name: 'S3 signed 20 minutes ahead',
    act: (s) => sigv4As(s, 's3', GET_SECRET, s.credentials, { signingDate: at(20 * MINUTE) }),
    refuse: REFUSED,
  },
  {
    name: 'Lambda signed 16 minutes ago',
    act: (s) =>
      sigv4As(s, 'lambda', { method: 'GET', path: '/2015-03-31/functions' }, s.credentials, {
        signingDate: at(-16 * MINUTE),
      }),
    refuse: REFUSED,
  },
  {
    name: 'REST signed an hour ago',
    act: (s) =>
      sigv4As(s, 'execute-api', { method: 'GET', path: '/api/v1/buckets' }, s.credentials, {
        signingDate: at(-60 * MINUTE),
      }),
    refuse: REFUSED,
  },
  {
    name: 'an S3 presigned URL that expired an hour ago',
    act: (s) =>
      sigv4As(s, 's3', GET_SECRET, s.credentials, { signingDate: at(-120 * MINUTE), presignSeconds: 3600 }),
    refuse: REFUSED,
  },
  {
    name: 'an S3 presigned URL dated 30 minutes ahead',
    act: (s) =>
      sigv4As(s, 's3', GET_SECRET, s.credentials, { signingDate: at(30 * MINUTE), presignSeconds: 3600 }),
    refuse: REFUSED,
  },
  {
    name: 'an S3 presigned URL valid for more than 7 days',
    act: async (s) => {
      const signed = await signCall(s.url, 's3', GET_SECRET, s.credentials, { presignSeconds: 3600 });
      return send(s.url, {
        ...signed,
        path: signed.path.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801'),
      });
    },
    refuse: REFUSED,
  },
];

/** A presigned or header-signed request changed after signing. */
function tampered(
  what: string,
  service: Service,
  call: HttpCall,
  change: (signed: HttpCall) => HttpCall,
  presign = false,
): HostileCase {
  return {
    name: `a signed request with ${what}`,
    act: async (s) =>
      send(
        s.url,
        change(await signCall(s.url, service, call, s.credentials, presign ? { presignSeconds: 300 } : {})),
      ),
    refuse: REFUSED,
  };
}

const tampering: HostileCase[] = [
  tampered(
    'a presigned GET used for PUT',
    's3',
    GET_SECRET,
    (c) => ({ ...c, method: 'PUT', body: 'overwritten' }),
    true,
  ),
  tampered(
    'a presigned URL pointed at another key',
    's3',
    GET_SECRET,
    (c) => ({ ...c, path: c.path.replace(SECRET_KEY, 'other.txt') }),
    true,
  ),
  tampered(
    'a presigned URL pointed at another bucket',
    's3',
    GET_SECRET,
    (c) => ({ ...c, path: c.path.replace(`/${VICTIM_BUCKET}/`, `/${OTHER_BUCKET}/`) }),
    true,
  ),
  tampered(
    'an unsigned response-content-type added to a presigned URL',
    's3',
    GET_SECRET,
    (c) => ({ ...c, path: `${c.path}&response-content-type=text%2Fhtml` }),
    true,
  ),
  tampered(
    'a presigned URL also carrying an Authorization header',
    's3',
    GET_SECRET,
    (c) => ({
      ...c,
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIANOSUCHKEY0000000/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    }),
    true,
  ),
  tampered(
    'a body other than the one signed (S3 PutObject)',
    's3',
    { method: 'PUT', path: `/${VICTIM_BUCKET}/${SECRET_KEY}`, body: 'signed body' },
    (c) => ({ ...c, body: 'other body!' }),
  ),
  tampered(
    'a body other than the one signed (Lambda Invoke)',
    'lambda',
    { method: 'POST', path: `/2015-03-31/functions/${VICTIM_FUNCTION}/invocations`, body: '{"a":1}' },
    (c) => ({ ...c, body: '{"a":2}' }),
  ),
  tampered(
    'a signed x-amz-meta header changed',
    's3',
    {
      method: 'PUT',
      path: `/${VICTIM_BUCKET}/${SECRET_KEY}`,
      headers: { 'x-amz-meta-owner': 'me' },
      body: 'x',
    },
    (c) => ({ ...c, headers: { ...c.headers, 'x-amz-meta-owner': 'attacker' } }),
  ),
  tampered(
    'an unsigned x-amz-meta header added',
    's3',
    { method: 'PUT', path: `/${VICTIM_BUCKET}/${SECRET_KEY}`, body: 'x' },
    (c) => ({ ...c, headers: { ...c.headers, 'x-amz-meta-injected': 'yes' } }),
  ),
  tampered(
    'the signed path changed (Lambda)',
    'lambda',
    { method: 'GET', path: `/2015-03-31/functions/${VICTIM_FUNCTION}` },
    (c) => ({ ...c, path: '/2015-03-31/functions/other-fn' }),
  ),
  tampered(
    'a signature scoped to SageMaker used on Lambda',
    'sagemaker',
    { method: 'DELETE', path: `/2015-03-31/functions/${VICTIM_FUNCTION}` },
    (c) => c,
  ),
  tampered(
    'a signature scoped to Lambda used on Step Functions',
    'lambda',
    sfnCall('DeleteStateMachine', {
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:none',
    }),
    (c) => c,
  ),
];

const asAlice = (service: Service, call: HttpCall) => (s: HostileServer) => sigv4As(s, service, call, alice);
const restAsAlice = (call: HttpCall) => (s: HostileServer) =>
  send(s.url, { ...call, headers: { ...call.headers, authorization: bearer(alice) } });
const lambdaJson = (method: string, path: string, body: unknown): HttpCall => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

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
      accessKeyId: alice.accessKeyId,
      secretAccessKey: alice.secretAccessKey,
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
        lambdaJson('POST', '/api/session', { accessKeyId: alice.accessKeyId, secretAccessKey: 'wrong' }),
      ),
    refuse: REFUSED,
  },
];

describeHostile(
  'authentication and authorization',
  [
    ...everyRoute,
    ...anonymousUploads,
    ...everySfnOperation,
    ...replays,
    ...timing,
    ...tampering,
    ...escalation,
    ...iamCalls,
    ...sessions,
  ],
  { server, setup },
);
