// Signatures under attack: repeated, skewed and expired header signatures and presigned URLs, and signed requests
// tampered with after signing (method, path, body, headers, service scope).
import { expect } from 'vitest';
import type { HostileCase } from '../support/hostile-cases.js';
import { OTHER_BUCKET, SECRET_KEY, VICTIM_BUCKET } from '../support/hostile-server.js';
import { type HttpCall, send } from '../support/http-client.js';
import { type Service, signCall } from '../support/sign.js';
import { REFUSED, sfnCall, sigv4As, VICTIM_FUNCTION } from './auth-actors.js';

/**
 * Sends the same signed bytes twice. AWS accepts a valid signature any number of times within its 15-minute skew
 * window (boto3 signs no nonce: polling, waiters and identical calls in one second repeat it), so the repeat is
 * served exactly like the first; what bounds a captured request is the window (the timing cases) and that it cannot
 * be bent to another request (the tampering cases).
 */
function repeated(service: Service, call: HttpCall, firstStatus: number[]): HostileCase['act'] {
  return async (s) => {
    const signed = await signCall(s.url, service, call, s.credentials);
    const first = await send(s.url, signed);
    expect(firstStatus, first.text.slice(0, 200)).toContain(first.status);
    const again = await send(s.url, signed);
    expect(again.status, again.text.slice(0, 200)).toBe(first.status);
    return again;
  };
}

const repeats: HostileCase[] = [
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
  name: `a repeated ${what as string} signature is served again, as AWS does`,
  act: repeated(service as Service, call as HttpCall, first as number[]),
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

export const signatureCases: HostileCase[] = [...repeats, ...timing, ...tampering];
