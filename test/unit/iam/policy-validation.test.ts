// Policy validation as IAM does it on attach: every problem, each located by a JSON pointer.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
import { describe, expect, it } from 'vitest';
import {
  IAM_ERROR_CODES,
  type PolicyProblem,
  parsePolicy,
  validatePolicy,
} from '../../../src/modules/iam/index.js';
import { allow, policy } from './policy-support.js';

const pointers = (problems: readonly PolicyProblem[]) => problems.map((p) => p.pointer);

describe('policy validation', () => {
  it('accepts valid identity policies of every shape', () => {
    const docs = [
      policy(allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })),
      { Version: '2008-10-17', Statement: allow({ Action: ['s3:*'], Resource: ['*'] }) },
      { Statement: [allow({ NotAction: 'iam:*', NotResource: 'arn:aws:iam::000000000000:user/*' })] },
      policy({
        Sid: 'All1',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] },
          NumericLessThanEquals: { 's3:max-keys': 10 },
          Bool: { 'aws:SecureTransport': false },
          IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
          DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:000000000000:function:*' },
          Null: { 'aws:TokenIssueTime': 'true' },
          StringEquals: { 's3:prefix': 'home/${aws:username}/' },
        },
      }),
    ];
    for (const doc of docs) expect(validatePolicy(doc)).toEqual([]);
    expect(validatePolicy(JSON.stringify(docs[0]))).toEqual([]);
  });

  it('reports every problem of a bad document with its pointer', () => {
    const problems = validatePolicy({
      Version: '2012-10-18',
      Extra: 1,
      Statement: [
        { Effect: 'allow', Action: 's3Get', Resource: 'bucket', Foo: 1 },
        { Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' },
        { Effect: 'Allow', Resource: '*' },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: ['*', 'arn:aws:s3'],
          Condition: {
            StringEqualz: { a: 'b' },
            NumericLessThan: { 's3:max-keys': 'ten' },
            IpAddress: { 'aws:SourceIp': '10.0.0.0/33' },
          },
        },
      ],
    });
    expect(pointers(problems)).toEqual([
      '/Extra',
      '/Version',
      '/Statement/0/Foo',
      '/Statement/0/Effect',
      '/Statement/0/Action',
      '/Statement/0/Resource',
      '/Statement/1/NotAction',
      '/Statement/2',
      '/Statement/3/Resource/1',
      '/Statement/3/Condition/StringEqualz',
      '/Statement/3/Condition/NumericLessThan/s3:max-keys',
      '/Statement/3/Condition/IpAddress/aws:SourceIp',
    ]);
    expect(problems[0]?.message).toMatch(/unknown policy element Extra/);
    expect(problems[7]?.message).toMatch(/needs Action or NotAction/);
  });

  it.each([
    ['not JSON', '{"Statement": [', ''],
    ['not an object', '[1]', ''],
    ['no Statement', { Version: '2012-10-17' }, ''],
    ['empty Statement', { Version: '2012-10-17', Statement: [] }, '/Statement'],
    ['statement not an object', policy('x' as never), '/Statement/0'],
    ['missing Effect', policy({ Action: '*', Resource: '*' }), '/Statement/0'],
    ['missing Resource', policy(allow({ Action: '*' })), '/Statement/0'],
    [
      'Resource and NotResource',
      policy(allow({ Action: '*', Resource: '*', NotResource: '*' })),
      '/Statement/0/NotResource',
    ],
    ['empty Action list', policy(allow({ Action: [], Resource: '*' })), '/Statement/0/Action'],
    [
      'non-string action',
      policy(allow({ Action: ['s3:GetObject', 3], Resource: '*' })),
      '/Statement/0/Action/1',
    ],
    [
      'Principal in an identity policy',
      policy(allow({ Principal: '*', Action: '*', Resource: '*' })),
      '/Statement/0/Principal',
    ],
    ['bad Sid', policy(allow({ Sid: 'has space', Action: '*', Resource: '*' })), '/Statement/0/Sid'],
    [
      'Condition not an object',
      policy(allow({ Action: '*', Resource: '*', Condition: 'x' })),
      '/Statement/0/Condition',
    ],
    [
      'empty operator block',
      policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: {} } })),
      '/Statement/0/Condition/StringEquals',
    ],
    [
      'bad set prefix',
      policy(allow({ Action: '*', Resource: '*', Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } })),
      '/Statement/0/Condition/ForSomeValues:StringEquals',
    ],
    [
      'Null with IfExists',
      policy(allow({ Action: '*', Resource: '*', Condition: { NullIfExists: { k: 'true' } } })),
      '/Statement/0/Condition/NullIfExists',
    ],
    [
      'Null value',
      policy(allow({ Action: '*', Resource: '*', Condition: { Null: { k: 'yes' } } })),
      '/Statement/0/Condition/Null/k',
    ],
    [
      'Bool value',
      policy(allow({ Action: '*', Resource: '*', Condition: { Bool: { k: 'yes' } } })),
      '/Statement/0/Condition/Bool/k',
    ],
    [
      'Date value',
      policy(
        allow({ Action: '*', Resource: '*', Condition: { DateLessThan: { k: ['2026-01-01', 'soon'] } } }),
      ),
      '/Statement/0/Condition/DateLessThan/k/1',
    ],
    [
      'Arn value',
      policy(allow({ Action: '*', Resource: '*', Condition: { ArnLike: { k: 'lambda:fn' } } })),
      '/Statement/0/Condition/ArnLike/k',
    ],
    [
      'object condition value',
      policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { k: { a: 1 } } } })),
      '/Statement/0/Condition/StringEquals/k',
    ],
    [
      'empty condition values',
      policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { k: [] } } })),
      '/Statement/0/Condition/StringEquals/k',
    ],
    [
      'bad key name',
      policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'bad key': 'v' } } })),
      '/Statement/0/Condition/StringEquals/bad key',
    ],
    [
      'Id not a string',
      { Version: '2012-10-17', Id: 3, Statement: allow({ Action: '*', Resource: '*' }) },
      '/Id',
    ],
  ])('%s', (_name, doc, pointer) => {
    const problems = validatePolicy(doc);
    expect(problems.length).toBeGreaterThan(0);
    expect(pointers(problems)).toContain(pointer);
  });

  it('reports duplicate Sids', () => {
    const problems = validatePolicy(
      policy(
        allow({ Sid: 'A', Action: '*', Resource: '*' }),
        allow({ Sid: 'A', Action: '*', Resource: '*' }),
      ),
    );
    expect(problems).toEqual([{ pointer: '/Statement/1/Sid', message: 'duplicate Sid "A"' }]);
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    const problems = validatePolicy(
      policy(allow({ Action: '*', Resource: '*', Condition: { NumericEquals: { 'a/b~c': 'x' } } })),
    );
    expect(pointers(problems)).toEqual(['/Statement/0/Condition/NumericEquals/a~1b~0c']);
  });

  it('checks trust policies: Principal required, no Resource', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    };
    expect(validatePolicy(trust, 'trust')).toEqual([]);
    expect(
      pointers(validatePolicy(policy(allow({ Action: 'sts:AssumeRole', Resource: '*' })), 'trust')),
    ).toEqual(['/Statement/0/Resource', '/Statement/0']);
    const badType = { Statement: [{ Effect: 'Allow', Principal: { Robot: 'x' }, Action: 'sts:AssumeRole' }] };
    expect(pointers(validatePolicy(badType, 'trust'))).toEqual(['/Statement/0/Principal/Robot']);
  });

  it('parsePolicy throws IAM_MALFORMED_POLICY with every problem in details', () => {
    try {
      parsePolicy({ Version: 'x', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: IAM_ERROR_CODES.MALFORMED_POLICY, kind: 'invalid' });
      expect(pointers((error as { details: { problems: PolicyProblem[] } }).details.problems)).toEqual([
        '/Version',
        '/Statement/0/Effect',
      ]);
    }
  });

  it('refuses documents longer than the limit', () => {
    expect(validatePolicy(' '.repeat(200_000))[0]?.message).toMatch(/longer than/);
  });
});
