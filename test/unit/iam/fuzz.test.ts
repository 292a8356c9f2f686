// Seeded fuzzing of the policy parser/evaluator and the SigV4 parser/verifier: no crash, only typed IAM errors.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
import { describe, expect, it } from 'vitest';
import { isSconesError } from '../../../src/kernel/errors.js';
import {
  analyzePolicy,
  evaluatePolicies,
  type PolicyKind,
  parsePolicy,
  type SignedRequest,
  toConditionContext,
  verifySigV4,
} from '../../../src/modules/iam/index.js';
import { prng, type Rng } from '../../support/prng.js';
import { AKID, lookupFor, presign, SECRET, signHeader, T0 } from './sigv4-support.js';

const KEYS = [
  'Version',
  'Id',
  'Statement',
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'Principal',
  'NotPrincipal',
  'Foo',
  '',
];
const OPERATORS = [
  'StringEquals',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'NumericLessThan',
  'NumericNotEquals',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'ArnNotEquals',
  'Null',
  'ForAnyValue:StringLike',
  'ForAllValues:NumericEqualsIfExists',
  'StringEqualsIfExists',
  'NullIfExists',
  'ForSome:StringEquals',
  'stringlike',
  'Bogus',
];
const CONTEXT_KEYS = [
  'aws:username',
  'aws:SourceIp',
  'aws:CurrentTime',
  's3:prefix',
  'aws:TagKeys',
  'aws:SecureTransport',
  'aws:SourceArn',
];
const STRINGS = [
  '*',
  '?',
  's3:GetObject',
  's3:*',
  'S3:get*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/${aws:username}/*',
  "arn:${aws:x, 'd'}:s3:::b",
  'arn:aws:lambda:*:000000000000:function:*',
  '${*}${?}${$}',
  '${',
  '}',
  'arn:aws',
  '10.0.0.0/8',
  '::ffff:10.0.0.1',
  '2001:db8::/129',
  '2026-01-15T12:00:00Z',
  '1768478400',
  'true',
  'FALSE',
  'QQ==',
  'Allow',
  'Deny',
  '2012-10-17',
  '2008-10-17',
  '',
  'é*摩?',
  '*'.repeat(40),
  `${'*a'.repeat(30)}b`,
  '\u0000',
  'a'.repeat(300),
];

const ACTIONS = ['*', 's3:Get*', 's3:GetObject', 'lambda:*', 'S3:?et*', 'sts:AssumeRole'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/${aws:username}/*',
  'arn:aws:*:*:*:*',
  "arn:aws:s3:::${s3:prefix, 'x'}*",
];
/** Operators with values of their own type, so most conditions validate and get evaluated. */
const TYPED_OPERATORS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['StringLike', ['a*', '${aws:username}', '*', 'é?']],
  ['ForAllValues:StringEquals', ['env', 'team', '*']],
  ['ForAnyValue:StringNotEqualsIgnoreCase', ['ENV', 'b']],
  ['NumericGreaterThanIfExists', ['1', '-2.5', '1e3']],
  ['DateLessThan', ['2026-01-15T12:00:00Z', '1768478400', '2026-01-15']],
  ['Bool', ['true', 'false']],
  ['IpAddress', ['10.0.0.0/8', '2001:db8::/32', '127.0.0.1']],
  ['NotIpAddressIfExists', ['192.0.2.0/24']],
  ['ArnLike', ['arn:aws:lambda:*:*:function:*', 'arn:aws:s3:::b/${aws:username}']],
  ['ArnNotEquals', ['arn:aws:s3:::b']],
  ['Null', ['true', 'false']],
];

function value(rng: Rng, depth: number): unknown {
  const roll = rng.int(depth > 3 ? 4 : 9);
  if (roll === 0) return rng.pick(STRINGS);
  if (roll === 1) return rng.int(3) === 0 ? rng.next() * 1e6 - 5e5 : rng.int(2) === 0;
  if (roll === 2) return rng.pick([null, undefined, 0, -1, Number.POSITIVE_INFINITY, Number.NaN]);
  if (roll === 3) return String.fromCharCode(...Array.from({ length: rng.int(12) }, () => rng.int(0x3000)));
  if (roll <= 5) return Array.from({ length: rng.int(4) }, () => value(rng, depth + 1));
  const object: Record<string, unknown> = {};
  const pool = rng.int(2) === 0 ? OPERATORS : rng.int(2) === 0 ? CONTEXT_KEYS : KEYS;
  for (let i = rng.int(5); i > 0; i--) object[rng.pick(pool)] = value(rng, depth + 1);
  return object;
}

/** Mostly well-formed statements with random damage, so the evaluator gets exercised too. */
function statement(rng: Rng): Record<string, unknown> {
  const s: Record<string, unknown> = {
    Effect: rng.int(8) === 0 ? value(rng, 3) : rng.pick(['Allow', 'Deny']),
    [rng.int(4) === 0 ? 'NotAction' : 'Action']:
      rng.int(8) === 0 ? [rng.pick(STRINGS), rng.pick(STRINGS)] : rng.pick(ACTIONS),
    [rng.int(4) === 0 ? 'NotResource' : 'Resource']:
      rng.int(8) === 0 ? rng.pick(STRINGS) : rng.pick(RESOURCES),
  };
  if (rng.int(2) === 0) {
    const condition: Record<string, unknown> = {};
    for (let i = rng.int(3) + 1; i > 0; i--) {
      const [operator, pool] = rng.int(6) === 0 ? [rng.pick(OPERATORS), STRINGS] : rng.pick(TYPED_OPERATORS);
      const values = rng.int(2) === 0 ? rng.pick(pool) : [rng.pick(pool), rng.pick(pool)];
      condition[operator] = { [rng.pick(CONTEXT_KEYS)]: values };
    }
    s.Condition = condition;
  }
  if (rng.int(12) === 0) s[rng.pick(KEYS)] = value(rng, 2);
  if (rng.int(10) === 0) s.Sid = rng.pick(['A', 'A', 'b 1', '']);
  return s;
}

function mutateText(rng: Rng, text: string): string {
  const chars = Array.from(text);
  for (let i = rng.int(4) + 1; i > 0; i--) {
    const at = rng.int(chars.length + 1);
    const op = rng.int(4);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1)
      chars.splice(
        at,
        0,
        rng.pick(['{', '}', '"', ',', ':', '[', ']', '*', '$', '\\', 'x', '/', '=', ';', ' ', '%', 'é']),
      );
    else if (op === 2) chars.splice(at, rng.int(8));
    else chars.splice(at, 0, ...chars.slice(rng.int(chars.length), rng.int(chars.length)));
  }
  return chars.join('');
}

function randomContext(rng: Rng) {
  const input: Record<string, string | string[]> = {};
  for (let i = rng.int(5); i > 0; i--)
    input[rng.pick(CONTEXT_KEYS)] =
      rng.int(3) === 0 ? [rng.pick(STRINGS), rng.pick(STRINGS)] : rng.pick(STRINGS);
  return toConditionContext(input);
}

function expectTypedIamError(error: unknown) {
  expect(isSconesError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toMatch(/^IAM_/);
}

describe('fuzz: policies', () => {
  it('parses, validates and evaluates 3,000 random and damaged documents without crashing', () => {
    const rng = prng(20_260_115);
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const kind: PolicyKind = rng.int(5) === 0 ? 'trust' : 'identity';
      const doc =
        rng.int(4) === 0
          ? value(rng, 0)
          : {
              Version: rng.pick(['2012-10-17', '2012-10-17', '2008-10-17', 'x']),
              Statement: rng.int(3) === 0 ? statement(rng) : [statement(rng), statement(rng)],
            };
      const input = rng.int(3) === 0 ? mutateText(rng, JSON.stringify(doc) ?? 'null') : doc;
      const { policy, problems } = analyzePolicy(input, kind);
      expect(policy === undefined).toBe(problems.length > 0);
      for (const problem of problems)
        expect(problem.pointer === '' || problem.pointer.startsWith('/')).toBe(true);
      try {
        parsePolicy(input, kind);
      } catch (error) {
        expectTypedIamError(error);
      }
      if (!policy) continue;
      valid++;
      for (let j = 0; j < 10; j++) {
        const decision = evaluatePolicies([{ name: 'p', policy }], {
          action: rng.pick(['s3:GetObject', 'lambda:InvokeFunction', 'sts:AssumeRole', rng.pick(STRINGS)]),
          resource: rng.pick(['arn:aws:s3:::b/alice/k', 'arn:aws:s3:::b', '*', rng.pick(STRINGS)]),
          context: randomContext(rng),
          caller: { service: 'lambda.amazonaws.com' },
        });
        const matchedDeny = decision.matched.some((s) => s.effect === 'Deny');
        const matchedAllow = decision.matched.some((s) => s.effect === 'Allow');
        expect(decision.decision).toBe(
          matchedDeny ? 'ExplicitDeny' : matchedAllow ? 'Allow' : 'ImplicitDeny',
        );
      }
    }
    expect(valid).toBeGreaterThan(300);
  });
});

describe('fuzz: SigV4', () => {
  const lookup = lookupFor({ [AKID]: { secretAccessKey: SECRET } });

  async function outcome(request: SignedRequest): Promise<'ok' | 'error'> {
    try {
      await verifySigV4(request, lookup, T0);
      return 'ok';
    } catch (error) {
      expectTypedIamError(error);
      return 'error';
    }
  }

  it('refuses 2,000 damaged Authorization headers with typed errors only', async () => {
    const rng = prng(7);
    const base = await signHeader('s3', {
      method: 'GET',
      path: '/b/k',
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const header = String(base.headers.authorization);
    let ok = 0;
    for (let i = 0; i < 2000; i++) {
      const authorization = rng.int(10) === 0 ? String(value(rng, 0)) : mutateText(rng, header);
      const headers: Record<string, string | readonly string[] | undefined> = {
        ...base.headers,
        authorization,
      };
      if (rng.int(5) === 0) headers['x-amz-date'] = mutateText(rng, String(base.headers['x-amz-date']));
      if ((await outcome({ ...base, headers })) === 'ok') {
        ok++;
        // Only a no-op or a whitespace change may still verify.
        expect(authorization.replace(/\s/g, '')).toBe(header.replace(/\s/g, ''));
        expect(headers['x-amz-date']).toBe(base.headers['x-amz-date']);
      }
    }
    expect(ok).toBeLessThan(200);
  });

  it('refuses 1,000 damaged presigned queries and paths with typed errors only', async () => {
    const rng = prng(11);
    const base = await presign(
      's3',
      {
        method: 'GET',
        path: '/b/k',
        query: { a: '1' },
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      600,
    );
    for (let i = 0; i < 1000; i++) {
      const request = {
        ...base,
        query: mutateText(rng, base.query),
        path: rng.int(3) === 0 ? mutateText(rng, base.path) : base.path,
      };
      await outcome(request);
    }
  });
});
