// Identity-policy evaluation: wildcards, NotAction/NotResource, variables, deny precedence, several policies.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
import { describe, expect, it } from 'vitest';
import { allow, decide, deny, policy } from './policy-support.js';

const OBJ = 'arn:aws:s3:::data/train/a.png';
const BUCKET = 'arn:aws:s3:::data';

describe('actions', () => {
  it.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:GetObjectTagging', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:*Object', 's3:DeleteObject', true],
    ['s3:?etObject', 's3:GetObject', true],
    ['s3:?etObject', 's3:GeetObject', false],
    ['*', 'lambda:InvokeFunction', true],
    ['s3:*', 'lambda:InvokeFunction', false],
    ['S3:getobject', 's3:GetObject', true],
    ['iam:*AccessKey*', 'iam:ListAccessKeys', true],
    ['states:Start*Execution', 'states:StartSyncExecution', true],
  ])('Action %s vs %s -> %s', (pattern, action, expected) => {
    expect(decide(policy(allow({ Action: pattern, Resource: '*' })), action, OBJ).allowed).toBe(expected);
  });

  it('a list of actions matches any of them', () => {
    const doc = policy(allow({ Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' }));
    expect(decide(doc, 's3:GetObject', OBJ).allowed).toBe(true);
    expect(decide(doc, 's3:DeleteObject', OBJ).allowed).toBe(false);
  });

  it('NotAction allows everything but the listed actions', () => {
    const doc = policy(allow({ NotAction: ['iam:*', 'sts:*'], Resource: '*' }));
    expect(decide(doc, 's3:GetObject', OBJ).allowed).toBe(true);
    expect(decide(doc, 'iam:CreateUser', '*').decision).toBe('ImplicitDeny');
  });

  it('Deny with NotAction denies every other action (AWS example: deny all but s3)', () => {
    const docs = [
      policy(allow({ Action: '*', Resource: '*' })),
      policy(deny({ NotAction: 's3:*', Resource: '*' })),
    ];
    expect(decide(docs, 's3:PutObject', OBJ).decision).toBe('Allow');
    expect(decide(docs, 'lambda:InvokeFunction', '*').decision).toBe('ExplicitDeny');
  });
});

describe('resources', () => {
  it.each([
    ['arn:aws:s3:::data/*', OBJ, true],
    ['arn:aws:s3:::data/*', BUCKET, false],
    ['arn:aws:s3:::data*', BUCKET, true],
    ['arn:aws:s3:::data*', OBJ, true],
    ['arn:aws:s3:::data/train/*', 'arn:aws:s3:::data/test/a.png', false],
    ['arn:aws:s3:::data/train/?.png', OBJ, true],
    ['arn:aws:s3:::DATA/*', OBJ, false],
    ['arn:aws:s3:::*', OBJ, true],
    ['*', OBJ, true],
    [
      'arn:aws:lambda:*:000000000000:function:bikes-*',
      'arn:aws:lambda:eu-west-1:000000000000:function:bikes-filter',
      true,
    ],
    [
      'arn:aws:lambda:*:000000000000:function:bikes-*',
      'arn:aws:lambda:eu-west-1:111111111111:function:bikes-filter',
      false,
    ],
    [
      'arn:aws:lambda:us-east-1:000000000000:function:f',
      'arn:aws:lambda:us-east-1:000000000000:function:f:prod',
      false,
    ],
    [
      'arn:aws:lambda:us-east-1:000000000000:function:f:*',
      'arn:aws:lambda:us-east-1:000000000000:function:f:prod',
      true,
    ],
    [
      'arn:aws:states:*:*:execution:pipeline:*',
      'arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1',
      true,
    ],
    ['arn:aws:*:*:*:*', 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes', true],
    ['arn:aws:s3:*:*:data/*', OBJ, true],
    [
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes',
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes',
      true,
    ],
    ['arn:aws:s3:::data/*', 'not-an-arn', false],
  ])('Resource %s vs %s -> %s', (pattern, resource, expected) => {
    expect(decide(policy(allow({ Action: '*', Resource: pattern })), 's3:GetObject', resource).allowed).toBe(
      expected,
    );
  });

  it('NotResource allows everything but the listed resources', () => {
    const doc = policy(
      allow({ Action: 's3:*', NotResource: ['arn:aws:s3:::secrets', 'arn:aws:s3:::secrets/*'] }),
    );
    expect(decide(doc, 's3:GetObject', OBJ).allowed).toBe(true);
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::secrets/k').allowed).toBe(false);
  });

  it('Deny with NotResource protects everything outside a bucket', () => {
    const docs = policy(
      allow({ Action: 's3:*', Resource: '*' }),
      deny({ Action: 's3:*', NotResource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'] }),
    );
    expect(decide(docs, 's3:GetObject', OBJ).decision).toBe('Allow');
    expect(decide(docs, 's3:GetObject', 'arn:aws:s3:::other/k').decision).toBe('ExplicitDeny');
  });
});

describe('policy variables', () => {
  const home = policy(allow({ Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }));

  it('substitutes ${aws:username} in Resource', () => {
    expect(
      decide(home, 's3:GetObject', 'arn:aws:s3:::home/alice/x', { 'aws:username': 'alice' }).allowed,
    ).toBe(true);
    expect(decide(home, 's3:GetObject', 'arn:aws:s3:::home/bob/x', { 'aws:username': 'alice' }).allowed).toBe(
      false,
    );
  });

  it('a missing variable matches nothing; a default value fills in', () => {
    expect(decide(home, 's3:GetObject', 'arn:aws:s3:::home//x').allowed).toBe(false);
    const withDefault = policy(
      allow({ Action: 's3:*', Resource: "arn:aws:s3:::home/${aws:username, 'guest'}/*" }),
    );
    expect(decide(withDefault, 's3:GetObject', 'arn:aws:s3:::home/guest/x').allowed).toBe(true);
  });

  it('a pattern whose variable has no value matches nothing and keeps Not- elements from holding', () => {
    const notResource = policy(deny({ Action: '*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }));
    // Another service, or another resource type, can never match the pattern whatever the variable holds.
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:f';
    expect(decide(notResource, 'lambda:InvokeFunction', fn).decision).toBe('ExplicitDeny');
    const fnPattern = policy(
      deny({ Action: '*', NotResource: 'arn:aws:lambda:*:*:function:${aws:username}' }),
    );
    expect(decide(fnPattern, 'lambda:InvokeFunction', fn).decision).toBe('ImplicitDeny');
    expect(decide(fnPattern, 'lambda:GetLayerVersion', fn.replace('function:f', 'layer:l')).decision).toBe(
      'ExplicitDeny',
    );
    expect(decide(notResource, 's3:GetObject', 'arn:aws:s3:::other/x').decision).toBe('ImplicitDeny');
    expect(
      decide(notResource, 's3:GetObject', 'arn:aws:s3:::other/x', { 'aws:username': 'a' }).decision,
    ).toBe('ExplicitDeny');
    const either = policy(
      allow({ Action: 's3:*', Resource: ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::public/*'] }),
    );
    expect(decide(either, 's3:GetObject', 'arn:aws:s3:::public/x').decision).toBe('Allow');
    const notEquals = policy(
      deny({
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 's3:prefix': ['${aws:username}/', 'shared/'] } },
      }),
    );
    expect(decide(notEquals, 's3:ListBucket', BUCKET, { 's3:prefix': 'x/' }).decision).toBe('ImplicitDeny');
    expect(
      decide(notEquals, 's3:ListBucket', BUCKET, { 's3:prefix': 'x/', 'aws:username': 'a' }).decision,
    ).toBe('ExplicitDeny');
    const like = policy(
      allow({
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { 's3:prefix': ['${aws:username}/*', 'shared/*'] } },
      }),
    );
    expect(decide(like, 's3:ListBucket', BUCKET, { 's3:prefix': 'shared/a' }).decision).toBe('Allow');
  });

  it('substituted values are literal, ${*} is a literal asterisk', () => {
    const doc = policy(allow({ Action: 's3:*', Resource: 'arn:aws:s3:::b/${s3:prefix}' }));
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/abc', { 's3:prefix': 'a*' }).allowed).toBe(false);
    expect(decide(doc, 's3:GetObject', 'arn:aws:s3:::b/a*', { 's3:prefix': 'a*' }).allowed).toBe(true);
    const star = policy(allow({ Action: 's3:*', Resource: 'arn:aws:s3:::b/${*}' }));
    expect(decide(star, 's3:GetObject', 'arn:aws:s3:::b/*').allowed).toBe(true);
    expect(decide(star, 's3:GetObject', 'arn:aws:s3:::b/x').allowed).toBe(false);
  });

  it('are substituted in string conditions', () => {
    const doc = policy(
      allow({
        Action: 's3:ListBucket',
        Resource: BUCKET,
        Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } },
      }),
    );
    const ctx = (prefix: string) => ({ 'aws:username': 'alice', 's3:prefix': prefix });
    expect(decide(doc, 's3:ListBucket', BUCKET, ctx('home/alice/x')).allowed).toBe(true);
    expect(decide(doc, 's3:ListBucket', BUCKET, ctx('home/')).allowed).toBe(true);
    expect(decide(doc, 's3:ListBucket', BUCKET, ctx('')).allowed).toBe(true);
    expect(decide(doc, 's3:ListBucket', BUCKET, ctx('home/bob/')).allowed).toBe(false);
  });

  it('are text under Version 2008-10-17 (or no Version), as in IAM', () => {
    const old = {
      Version: '2008-10-17',
      Statement: [allow({ Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' })],
    };
    expect(
      decide(old, 's3:GetObject', 'arn:aws:s3:::home/alice/x', { 'aws:username': 'alice' }).allowed,
    ).toBe(false);
    expect(decide(old, 's3:GetObject', 'arn:aws:s3:::home/${aws:username}/x').allowed).toBe(true);
    const none = { Statement: allow({ Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }) };
    expect(
      decide(none, 's3:GetObject', 'arn:aws:s3:::home/alice/x', { 'aws:username': 'alice' }).allowed,
    ).toBe(false);
  });
});

describe('decisions across statements and policies', () => {
  it('denies implicitly without policies or matching statements', () => {
    expect(decide([], 's3:GetObject', OBJ)).toMatchObject({
      decision: 'ImplicitDeny',
      allowed: false,
      decidedBy: undefined,
    });
    const doc = policy(allow({ Action: 's3:PutObject', Resource: '*' }));
    expect(decide(doc, 's3:GetObject', OBJ).reason).toMatch(
      /^implicit deny: no statement allows s3:GetObject/,
    );
  });

  it('an explicit deny wins over any allow, in any order and any policy', () => {
    const allowAll = policy(allow({ Sid: 'All', Action: '*', Resource: '*' }));
    const denyData = policy(
      allow({ Action: 's3:ListBucket', Resource: '*' }),
      deny({ Sid: 'NoData', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }),
    );
    for (const docs of [
      [allowAll, denyData],
      [denyData, allowAll],
    ]) {
      const decision = decide(docs, 's3:GetObject', OBJ);
      expect(decision.decision).toBe('ExplicitDeny');
      expect(decision.decidedBy).toMatchObject({ sid: 'NoData', index: 1, effect: 'Deny' });
      expect(decision.matched.map((s) => s.sid)).toContain('All');
    }
  });

  it('names the policy, Sid and index of the deciding statement', () => {
    const docs = [
      policy(allow({ Action: 's3:PutObject', Resource: '*' })),
      policy(
        allow({ Action: 's3:PutObject', Resource: '*' }),
        allow({ Sid: 'Read', Action: 's3:Get*', Resource: '*' }),
      ),
    ];
    const decision = decide(docs, 's3:GetObject', OBJ);
    expect(decision.decidedBy).toEqual({ policyName: 'p1', sid: 'Read', index: 1, effect: 'Allow' });
    expect(decision.reason).toBe(`allowed: policy "p1" statement 1 (Sid Read) allows s3:GetObject on ${OBJ}`);
  });

  it('a deny whose condition fails does not apply, and is reported as a near miss', () => {
    const doc = policy(
      allow({ Action: '*', Resource: '*' }),
      deny({
        Sid: 'Tls',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const decision = decide(doc, 's3:GetObject', OBJ, { 'aws:SecureTransport': true });
    expect(decision.decision).toBe('Allow');
    expect(decision.nearMisses).toEqual([
      expect.objectContaining({ sid: 'Tls', failed: expect.stringMatching(/Bool aws:SecureTransport/) }),
    ]);
    expect(decide(doc, 's3:GetObject', OBJ, { 'aws:SecureTransport': false }).decision).toBe('ExplicitDeny');
  });

  it('a lone Statement object works like a one-element array', () => {
    const doc = { Version: '2012-10-17', Statement: allow({ Action: 's3:GetObject', Resource: OBJ }) };
    expect(decide(doc, 's3:GetObject', OBJ).decidedBy).toMatchObject({ index: 0 });
  });

  it('AWS example: allow s3 access to one bucket, only over TLS, only from one network', () => {
    const doc = policy(
      allow({ Sid: 'List', Action: 's3:ListBucket', Resource: BUCKET }),
      allow({ Sid: 'Objects', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/*` }),
      deny({
        Sid: 'Tls',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      deny({
        Sid: 'Net',
        Action: '*',
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } },
      }),
    );
    const good = { 'aws:SecureTransport': true, 'aws:SourceIp': '10.1.2.3' };
    expect(decide(doc, 's3:GetObject', OBJ, good).decision).toBe('Allow');
    expect(decide(doc, 's3:ListBucket', BUCKET, good).decision).toBe('Allow');
    expect(decide(doc, 's3:DeleteObject', OBJ, good).decision).toBe('ImplicitDeny');
    expect(decide(doc, 's3:GetObject', OBJ, { ...good, 'aws:SecureTransport': false }).decidedBy?.sid).toBe(
      'Tls',
    );
    expect(decide(doc, 's3:GetObject', OBJ, { ...good, 'aws:SourceIp': '203.0.113.9' }).decidedBy?.sid).toBe(
      'Net',
    );
    // aws:SourceIp absent: NotIpAddress (a negated operator) is true, so the deny applies.
    expect(decide(doc, 's3:GetObject', OBJ, { 'aws:SecureTransport': true }).decidedBy?.sid).toBe('Net');
  });
});
