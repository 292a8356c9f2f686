// verifySigV4 against botocore's signers (boto3's), run once through python3 for a batch of request shapes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IAM_ERROR_CODES as CODES, type SignedRequest, verifySigV4 } from '../../../src/modules/iam/index.js';
import { AKID, lookupFor, SECRET, T0 } from './sigv4-support.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/iam/botocore_sign.py');
const TEMP = 'ASIABOTOCORE00000000';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE+token/==';
const HOST = 'localhost:8080';

interface Spec {
  name: string;
  service: string;
  method: string;
  path: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  expires?: number;
  temporary?: boolean;
}

const specs: Spec[] = [
  { name: 's3 list buckets', service: 's3', method: 'GET', path: '/' },
  {
    name: 's3 get key with spaces and unicode',
    service: 's3',
    method: 'GET',
    path: `/bucket/${encodeURIComponent('vélo 8/摩托车.png').replaceAll('%2F', '/')}`,
  },
  {
    name: 's3 list with form-encoded spaces',
    service: 's3',
    method: 'GET',
    path: '/bucket',
    params: { 'list-type': '2', prefix: 'with space/+plus', delimiter: '/' },
  },
  {
    name: 's3 put with body',
    service: 's3',
    method: 'PUT',
    path: '/bucket/k.json',
    body: '{"label": 48}',
    headers: { 'Content-Type': 'application/json', 'x-amz-meta-Note': 'a  b' },
  },
  {
    name: 's3 multipart create',
    service: 's3',
    method: 'POST',
    path: '/bucket/big',
    params: { uploads: '' },
  },
  { name: 's3 presigned get', service: 's3', method: 'GET', path: '/bucket/train/a.png', expires: 600 },
  {
    name: 's3 presigned put with params',
    service: 's3',
    method: 'PUT',
    path: '/bucket/up load',
    params: { partNumber: '1', uploadId: 'abc/def+=' },
    expires: 3600,
  },
  { name: 's3 temporary credentials', service: 's3', method: 'GET', path: '/bucket/k', temporary: true },
  {
    name: 's3 presigned with temporary credentials',
    service: 's3',
    method: 'GET',
    path: '/bucket/k',
    expires: 60,
    temporary: true,
  },
  {
    name: 'lambda invoke',
    service: 'lambda',
    method: 'POST',
    path: '/2015-03-31/functions/bikes-filter/invocations',
    body: '{"x": 1}',
  },
  {
    name: 'lambda invoke by ARN',
    service: 'lambda',
    method: 'POST',
    path: `/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:f')}/invocations`,
    params: { Qualifier: '$LATEST' },
    body: '',
  },
  {
    name: 'states start execution',
    service: 'states',
    method: 'POST',
    path: '/',
    body: '{"input": "{}"}',
    headers: {
      'X-Amz-Target': 'AWSStepFunctions.StartExecution',
      'Content-Type': 'application/x-amz-json-1.0',
    },
  },
  {
    name: 'sagemaker invoke endpoint',
    service: 'sagemaker',
    method: 'POST',
    path: '/endpoints/bikes/invocations',
    body: 'binary-ish',
    headers: { 'Content-Type': 'application/x-image' },
  },
  {
    name: 'lambda temporary credentials',
    service: 'lambda',
    method: 'GET',
    path: '/2015-03-31/functions/',
    temporary: true,
    body: '',
  },
];

function signAll(): SignedRequest[] {
  const input = specs.map((spec) => ({
    at: T0,
    akid: spec.temporary ? TEMP : AKID,
    secret: spec.temporary ? 'temp-secret' : SECRET,
    ...(spec.temporary ? { token: TOKEN } : {}),
    service: spec.service,
    region: 'us-east-1',
    method: spec.method,
    url: `http://${HOST}${spec.path.replaceAll(' ', '%20')}`,
    params: spec.params ?? {},
    headers: spec.headers ?? {},
    body: spec.body ?? '',
    ...(spec.expires ? { expires: spec.expires } : {}),
  }));
  const output = execFileSync('python3', [SCRIPT], { input: JSON.stringify(input), encoding: 'utf8' });
  return (JSON.parse(output) as SignedRequest[]).map((r) => ({
    ...r,
    headers: { ...r.headers, host: HOST },
  }));
}

const lookup = lookupFor({
  [AKID]: { secretAccessKey: SECRET },
  [TEMP]: {
    secretAccessKey: 'temp-secret',
    sessionTokenSha256: createHash('sha256').update(TOKEN).digest('hex'),
    expiresAt: T0 + 600_000,
  },
});

describe('verifySigV4 with botocore signatures', () => {
  const signed = signAll();

  it.each(specs.map((spec, i) => [spec.name, i] as const))('%s', async (_name, i) => {
    const request = signed[i] as SignedRequest;
    const spec = specs[i] as Spec;
    const verified = await verifySigV4(request, lookup, T0 + 1000);
    expect(verified).toMatchObject({ service: spec.service, form: spec.expires ? 'presigned' : 'header' });
    const wrong = { ...request, path: `${request.path}x` };
    expect(await verifySigV4(wrong, lookup, T0).catch((e: { code: string }) => e.code)).toBe(
      CODES.SIGNATURE_MISMATCH,
    );
  });
});
