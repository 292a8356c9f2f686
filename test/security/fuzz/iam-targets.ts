// IAM fuzz targets: policy documents (parser, validator, evaluator) and SigV4 (the edge's Authorization/presign
// reader and the verifier), damaged from valid ones. Only IAM_* errors may escape; the edge reader never throws.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
import { readAwsSignature } from '../../../src/http/aws/sigv4.js';
import {
  analyzePolicy,
  evaluatePolicies,
  parsePolicy,
  type SignedRequest,
  toConditionContext,
  verifySigV4,
} from '../../../src/modules/iam/index.js';
import type { Rng } from '../../support/prng.js';
import { type Credentials, signCall } from '../support/sign.js';
import { type FuzzFailure, fuzz, mutateText } from './fuzz-kit.js';

const POLICIES: readonly object[] = [
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::victim/*' }],
  },
  {
    Version: '2012-10-17',
    Statement: {
      Sid: 'own',
      Effect: 'Allow',
      Action: ['s3:*'],
      Resource: 'arn:aws:s3:::home/${aws:username}/*',
      Condition: {
        StringLike: { 's3:prefix': ['${aws:username}/*'] },
        IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
      },
    },
  },
  {
    Statement: [
      {
        Effect: 'Deny',
        NotAction: 'iam:*',
        NotResource: 'arn:aws:lambda:*:*:function:*',
        Condition: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
        },
      },
    ],
  },
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  },
];
const POLICY_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '*',
  '?',
  '${',
  '}',
  '${*}',
  '${aws:username',
  "', '",
  'arn:aws:',
  'Allow',
  'Deny',
  'Condition',
  'ForAnyValue:',
  'IfExists',
  'NotResource',
  '\\u0000',
  '1e400',
];

export async function fuzzPolicies(
  seed: number,
  count: number,
): Promise<{ failures: FuzzFailure[]; evaluated: number }> {
  let evaluated = 0;
  const failures = await fuzz({
    seed,
    count,
    generate: (rng) => {
      const index = rng.int(POLICIES.length);
      return {
        text: mutateText(rng, JSON.stringify(POLICIES[index]), POLICY_TOKENS),
        kind: index === 3 ? ('trust' as const) : ('identity' as const),
        rng,
      };
    },
    show: ({ text }) => text,
    accept: (error) => /^IAM_/.test((error as { code?: string }).code ?? ''),
    target: ({ text, kind, rng }) => {
      const { policy } = analyzePolicy(text, kind);
      if (!policy) return parsePolicy(text, kind);
      evaluated++;
      return evaluatePolicies([{ name: 'fuzz', policy }], {
        action: pickOne(rng, ['s3:GetObject', 's3:PutObject', 'iam:PassRole', 'sts:AssumeRole', 'S3:get*']),
        resource: pickOne(rng, [
          'arn:aws:s3:::victim/k',
          'arn:aws:s3:::home/alice/x',
          '*',
          'arn:aws:lambda:us-east-1:000000000000:function:f',
        ]),
        context: toConditionContext({
          'aws:username': 'alice',
          'aws:SourceIp': '10.1.2.3',
          's3:prefix': 'alice/',
        }),
        caller: { service: 'lambda.amazonaws.com' },
      });
    },
  });
  return { failures, evaluated };
}

function pickOne<T>(rng: Rng, items: readonly T[]): T {
  return rng.pick(items);
}

const CREDENTIALS: Credentials = { accessKeyId: 'AKIAFUZZFUZZFUZZFUZZ', secretAccessKey: 'fuzz-secret' };
const SIG_TOKENS = [
  ',',
  '=',
  '/',
  ' ',
  'AWS4-HMAC-SHA256',
  'Credential=',
  'SignedHeaders=',
  'Signature=',
  ';',
  'host',
  'x-amz-date',
  '%',
  '%2F',
  '&',
  'X-Amz-Expires=',
  '99999999999',
  'aws4_request',
  '\t',
  '\u00e9',
];

export async function fuzzSigV4(seed: number, count: number): Promise<FuzzFailure[]> {
  const base = 'http://127.0.0.1:8080';
  const now = Date.UTC(2026, 10, 26, 8, 0, 0);
  const signingDate = new Date(now);
  const seeds = await Promise.all([
    signCall(
      base,
      's3',
      { method: 'GET', path: '/victim/secret.txt?list-type=2&prefix=a%2Fb' },
      CREDENTIALS,
      { signingDate },
    ),
    signCall(
      base,
      'lambda',
      {
        method: 'POST',
        path: '/2015-03-31/functions/f/invocations',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
      CREDENTIALS,
      { signingDate },
    ),
    signCall(base, 's3', { method: 'GET', path: '/victim/secret.txt' }, CREDENTIALS, {
      signingDate,
      presignSeconds: 300,
    }),
  ]);
  const lookup = async (id: string) =>
    id === CREDENTIALS.accessKeyId
      ? { principal: id, active: true, secretAccessKey: CREDENTIALS.secretAccessKey }
      : undefined;
  return fuzz({
    seed,
    count,
    generate: (rng): SignedRequest => {
      const seed = rng.pick(seeds);
      const [path = '/', query = ''] = seed.path.split('?');
      const headers: Record<string, string> = { host: '127.0.0.1:8080' };
      for (const [name, value] of Object.entries(seed.headers ?? {})) headers[name] = String(value);
      const field = rng.int(4);
      if (field === 0 && headers.authorization)
        headers.authorization = mutateText(rng, headers.authorization, SIG_TOKENS);
      else if (field === 1)
        headers['x-amz-date'] = mutateText(rng, headers['x-amz-date'] ?? '20261126T080000Z', [
          'Z',
          'T',
          '9',
          '-',
        ]);
      const mutatedQuery = field === 2 ? mutateText(rng, query, SIG_TOKENS) : query;
      return {
        method: seed.method,
        path: field === 3 ? mutateText(rng, path, ['%', '..', '/', '%2e']) : path,
        query: mutatedQuery,
        headers,
        bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      };
    },
    accept: (error) => /^IAM_/.test((error as { code?: string }).code ?? ''),
    target: async (request) => {
      const edge = readAwsSignature(request.headers as Record<string, string>, request.query);
      if (!['sigv4', 'sigv2', 'unsigned', 'malformed'].includes(edge.kind))
        throw new Error(`edge read ${edge.kind}`);
      await verifySigV4(request, lookup, now);
    },
  });
}
