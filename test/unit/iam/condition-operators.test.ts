// Every condition operator family, ...IfExists, Null, ForAnyValue:/ForAllValues:, absent keys, as IAM documents.
import { describe, expect, it } from 'vitest';
import type { ContextInput } from '../../../src/modules/iam/index.js';
import { conditionHolds } from './policy-support.js';

type Case = readonly [
  operator: string,
  policyValue: unknown,
  contextValue: ContextInput[string],
  expected: boolean,
];

function check(key: string, cases: readonly Case[]) {
  it.each(cases)('%s %j vs %j -> %s', (operator, policyValue, contextValue, expected) => {
    expect(conditionHolds({ [operator]: { [key]: policyValue } }, { [key]: contextValue })).toBe(expected);
  });
}

describe('string operators', () => {
  check('aws:username', [
    ['StringEquals', 'alice', 'alice', true],
    ['StringEquals', 'alice', 'Alice', false],
    ['StringEquals', ['bob', 'alice'], 'alice', true],
    ['StringEquals', 'ali*', 'alice', false],
    ['StringNotEquals', 'alice', 'bob', true],
    ['StringNotEquals', ['bob', 'alice'], 'alice', false],
    ['StringEqualsIgnoreCase', 'ALICE', 'alice', true],
    ['StringEqualsIgnoreCase', 'ALICE', 'bob', false],
    ['StringNotEqualsIgnoreCase', 'ALICE', 'alice', false],
    ['StringNotEqualsIgnoreCase', 'ALICE', 'bob', true],
    ['StringLike', 'ali*', 'alice', true],
    ['StringLike', 'a?ice', 'alice', true],
    ['StringLike', 'a?ice', 'allice', false],
    ['StringLike', 'Ali*', 'alice', false],
    ['StringLike', '*', '', true],
    ['StringNotLike', 'ali*', 'alice', false],
    ['StringNotLike', ['b*', 'c*'], 'alice', true],
    ['StringEquals', 'true', true, true],
    ['StringEquals', 5, '5', true],
  ]);
});

describe('numeric operators', () => {
  check('s3:max-keys', [
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', 10, '11', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericNotEquals', '10', '10', false],
    ['NumericLessThan', '10', '9', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericLessThanEquals', '10', '11', false],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThanEquals', '10', '10', true],
    ['NumericGreaterThanEquals', '-1.5', '-2', false],
    ['NumericLessThan', '10', 'ten', false],
    ['NumericEquals', ['1', '2', '3'], '2', true],
  ]);
});

describe('date operators', () => {
  check('aws:CurrentTime', [
    ['DateEquals', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z', true],
    ['DateEquals', '2026-01-15T12:00:00Z', '2026-01-15T13:00:00+01:00', true],
    ['DateNotEquals', '2026-01-15T12:00:00Z', '2026-01-15T12:00:01Z', true],
    ['DateNotEquals', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z', false],
    ['DateLessThan', '2026-01-15T12:00:00Z', '2026-01-15T11:59:59Z', true],
    ['DateLessThan', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z', false],
    ['DateLessThanEquals', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z', true],
    ['DateGreaterThan', '2026-01-15', '2026-01-15T00:00:01Z', true],
    ['DateGreaterThan', '2026-01-15', '2026-01-14T23:59:59Z', false],
    ['DateGreaterThanEquals', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z', true],
    ['DateGreaterThan', '1768478400', '2026-01-15T12:00:01Z', true],
    ['DateLessThan', '2026-01-15T12:00:00Z', 1768478399, true],
    ['DateLessThan', '2026-01-15T12:00:00Z', 'yesterday', false],
  ]);

  it('compares aws:CurrentTime and aws:EpochTime as the authorizer fills them (AWS example: time window)', () => {
    const window = {
      DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
      DateLessThan: { 'aws:CurrentTime': '2026-06-30T23:59:59Z', 'aws:EpochTime': '1782864000' },
    };
    expect(
      conditionHolds(window, { 'aws:CurrentTime': '2026-03-01T00:00:00Z', 'aws:EpochTime': 1772323200 }),
    ).toBe(true);
    expect(
      conditionHolds(window, { 'aws:CurrentTime': '2026-07-01T00:00:00Z', 'aws:EpochTime': 1782864000 }),
    ).toBe(false);
  });
});

describe('Bool and BinaryEquals', () => {
  check('aws:SecureTransport', [
    ['Bool', 'true', true, true],
    ['Bool', 'true', 'TRUE', true],
    ['Bool', 'false', true, false],
    ['Bool', true, 'true', true],
    ['Bool', 'false', 'false', true],
  ]);
  check('custom:blob', [
    ['BinaryEquals', 'QmluYXJ5VmFsdWU=', 'QmluYXJ5VmFsdWU=', true],
    ['BinaryEquals', 'QmluYXJ5VmFsdWU=', 'T3RoZXI=', false],
  ]);
});

describe('IP address operators', () => {
  check('aws:SourceIp', [
    ['IpAddress', '203.0.113.0/24', '203.0.113.7', true],
    ['IpAddress', '203.0.113.0/24', '203.0.114.7', false],
    ['IpAddress', '203.0.113.7', '203.0.113.7', true],
    ['IpAddress', '203.0.113.7/32', '203.0.113.8', false],
    ['IpAddress', '0.0.0.0/0', '198.51.100.1', true],
    ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true],
    ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
    ['IpAddress', '127.0.0.0/8', '::ffff:127.0.0.1', true],
    ['IpAddress', '10.0.0.0/8', '2001:db8::1', false],
    ['IpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.4.4', true],
    ['IpAddress', '10.0.0.0/8', 'not-an-ip', false],
    ['NotIpAddress', '10.0.0.0/8', '11.0.0.1', true],
    ['NotIpAddress', '10.0.0.0/8', '10.0.0.1', false],
  ]);
});

describe('ARN operators', () => {
  const fn = 'arn:aws:lambda:us-east-1:000000000000:function:bikes-filter';
  check('aws:SourceArn', [
    ['ArnEquals', fn, fn, true],
    ['ArnEquals', 'arn:aws:lambda:*:000000000000:function:*', fn, true],
    ['ArnLike', 'arn:aws:lambda:*:000000000000:function:bikes-*', fn, true],
    ['ArnLike', 'arn:aws:lambda:*:111111111111:function:*', fn, false],
    ['ArnLike', 'arn:aws:lambda:us-east-?:000000000000:function:*', fn, true],
    ['ArnLike', 'arn:aws:lambda:*:000000000000:function:*', 'not-an-arn', false],
    ['ArnNotEquals', fn, 'arn:aws:lambda:us-east-1:000000000000:function:other', true],
    ['ArnNotLike', 'arn:aws:lambda:*:*:function:bikes-*', fn, false],
    ['ArnNotLike', 'arn:aws:s3:::*', fn, true],
  ]);
});

describe('absent keys', () => {
  it.each([
    ['StringEquals', false],
    ['StringLike', false],
    ['NumericLessThan', false],
    ['DateGreaterThan', false],
    ['Bool', false],
    ['IpAddress', false],
    ['ArnLike', false],
    ['StringNotEquals', true],
    ['StringNotLike', true],
    ['StringNotEqualsIgnoreCase', true],
    ['NumericNotEquals', true],
    ['DateNotEquals', true],
    ['NotIpAddress', true],
    ['ArnNotEquals', true],
    ['ArnNotLike', true],
  ])('%s on an absent key -> %s', (operator, expected) => {
    const values: Record<string, string> = {
      NumericLessThan: '1',
      NumericNotEquals: '1',
      DateGreaterThan: '2026-01-01',
      DateNotEquals: '2026-01-01',
      Bool: 'true',
      IpAddress: '10.0.0.0/8',
      NotIpAddress: '10.0.0.0/8',
      ArnLike: 'arn:aws:s3:::*',
      ArnNotEquals: 'arn:aws:s3:::*',
      ArnNotLike: 'arn:aws:s3:::*',
    };
    expect(conditionHolds({ [operator]: { 'aws:Missing': values[operator] ?? 'x' } }, {})).toBe(expected);
  });
});

describe('...IfExists', () => {
  it.each([
    ['StringEqualsIfExists', 'alice', undefined, true],
    ['StringEqualsIfExists', 'alice', 'alice', true],
    ['StringEqualsIfExists', 'alice', 'bob', false],
    ['StringNotEqualsIfExists', 'alice', undefined, true],
    ['StringNotEqualsIfExists', 'alice', 'alice', false],
    ['StringLikeIfExists', 'a*', 'bob', false],
    ['NumericLessThanIfExists', '10', undefined, true],
    ['NumericLessThanIfExists', '10', '20', false],
    ['DateLessThanIfExists', '2026-01-01', undefined, true],
    ['BoolIfExists', 'true', undefined, true],
    ['BoolIfExists', 'true', 'false', false],
    ['IpAddressIfExists', '10.0.0.0/8', undefined, true],
    ['IpAddressIfExists', '10.0.0.0/8', '11.0.0.1', false],
    ['NotIpAddressIfExists', '10.0.0.0/8', '10.0.0.1', false],
    ['ArnLikeIfExists', 'arn:aws:s3:::*', undefined, true],
    ['ArnLikeIfExists', 'arn:aws:s3:::*', 'arn:aws:sqs:us-east-1:000000000000:q', false],
    ['BinaryEqualsIfExists', 'QQ==', undefined, true],
  ] as const)('%s %j vs %j -> %s', (operator, policyValue, contextValue, expected) => {
    expect(conditionHolds({ [operator]: { 'k:key': policyValue } }, { 'k:key': contextValue })).toBe(
      expected,
    );
  });

  it('AWS example: StringEqualsIfExists on an instance type that only some requests carry', () => {
    const condition = { StringEqualsIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
    expect(conditionHolds(condition, {})).toBe(true);
    expect(conditionHolds(condition, { 'ec2:InstanceType': 'm3.*' })).toBe(true);
    expect(conditionHolds(condition, { 'ec2:InstanceType': 'c5.large' })).toBe(false);
  });
});

describe('Null', () => {
  it.each([
    ['true', undefined, true],
    ['true', '2026-01-01T00:00:00Z', false],
    ['false', '2026-01-01T00:00:00Z', true],
    ['false', undefined, false],
    [true, undefined, true],
  ] as const)('Null %j with value %j -> %s', (policyValue, contextValue, expected) => {
    expect(
      conditionHolds({ Null: { 'aws:TokenIssueTime': policyValue } }, { 'aws:TokenIssueTime': contextValue }),
    ).toBe(expected);
  });
});

describe('set operators on multi-valued keys', () => {
  const tags = (...values: string[]) => ({ 'aws:TagKeys': values });
  it.each([
    ['ForAllValues:StringEquals', ['env', 'team'], tags('env'), true],
    ['ForAllValues:StringEquals', ['env', 'team'], tags('env', 'team'), true],
    ['ForAllValues:StringEquals', ['env', 'team'], tags('env', 'cost'), false],
    ['ForAllValues:StringEquals', ['env', 'team'], {}, true],
    ['ForAllValues:StringEquals', ['env', 'team'], tags(), true],
    ['ForAnyValue:StringEquals', ['env', 'team'], tags('cost', 'team'), true],
    ['ForAnyValue:StringEquals', ['env', 'team'], tags('cost'), false],
    ['ForAnyValue:StringEquals', ['env', 'team'], {}, false],
    ['ForAllValues:StringLike', ['team-*'], tags('team-a', 'team-b'), true],
    ['ForAllValues:StringLike', ['team-*'], tags('team-a', 'env'), false],
    ['ForAnyValue:StringLike', ['team-*'], tags('env', 'team-a'), true],
    ['ForAllValues:StringNotEquals', ['secret'], tags('env', 'team'), true],
    ['ForAllValues:StringNotEquals', ['secret'], tags('env', 'secret'), false],
    ['ForAnyValue:StringNotEquals', ['secret'], tags('secret', 'env'), true],
    ['ForAnyValue:StringNotEquals', ['secret'], tags('secret'), false],
    ['ForAllValues:StringEqualsIgnoreCase', ['ENV'], tags('env', 'Env'), true],
    ['ForAnyValue:StringEqualsIfExists', ['env'], {}, true],
    ['ForAllValues:NumericLessThan', ['10'], { 'aws:TagKeys': ['1', '9'] }, true],
    [
      'ForAnyValue:ArnLike',
      ['arn:aws:s3:::a*'],
      { 'aws:TagKeys': ['arn:aws:s3:::b', 'arn:aws:s3:::ab'] },
      true,
    ],
  ] as const)('%s %j with %j -> %s', (operator, policyValue, context, expected) => {
    expect(conditionHolds({ [operator]: { 'aws:TagKeys': policyValue } }, context)).toBe(expected);
  });

  it('AWS example: ForAllValues with a Null guard refuses requests without tags', () => {
    const condition = {
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
      Null: { 'aws:TagKeys': 'false' },
    };
    expect(conditionHolds(condition, {})).toBe(false);
    expect(conditionHolds(condition, tags('env'))).toBe(true);
  });

  it('without a set operator, a multi-valued key matches when any value matches (negation: none)', () => {
    expect(conditionHolds({ StringEquals: { 'aws:TagKeys': 'env' } }, tags('team', 'env'))).toBe(true);
    expect(conditionHolds({ StringNotEquals: { 'aws:TagKeys': 'env' } }, tags('team', 'env'))).toBe(false);
  });
});

describe('combining', () => {
  it('values of one key are ORed, keys of one operator ANDed, operators ANDed', () => {
    const condition = {
      StringEquals: { 'aws:username': ['alice', 'bob'], 'aws:RequestedRegion': 'us-east-1' },
      Bool: { 'aws:SecureTransport': 'true' },
    };
    const ok = { 'aws:username': 'bob', 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': true };
    expect(conditionHolds(condition, ok)).toBe(true);
    expect(conditionHolds(condition, { ...ok, 'aws:RequestedRegion': 'eu-west-1' })).toBe(false);
    expect(conditionHolds(condition, { ...ok, 'aws:SecureTransport': false })).toBe(false);
    expect(conditionHolds(condition, { ...ok, 'aws:username': 'carol' })).toBe(false);
  });

  it('condition keys are case-insensitive, operator names too; values are not', () => {
    expect(conditionHolds({ stringequals: { 'AWS:USERNAME': 'alice' } }, { 'aws:username': 'alice' })).toBe(
      true,
    );
    expect(conditionHolds({ StringEquals: { 'aws:username': 'alice' } }, { 'aws:UserName': 'ALICE' })).toBe(
      false,
    );
  });
});
