// One region and one account: ARNs of any other partition, region or account resolve to nothing, permissions are
// checked on canonical ARNs, and SigV4 signatures for another region are refused (table-driven, per service).
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { foreignPart, parseArn } from '../../../src/kernel/arn.js';
import { assertHomeFunctionName, parseFunctionName } from '../../../src/modules/functions/index.js';
import {
  canonicalRoleArn,
  canonicalStatesArn,
  lambdaAccess,
  roleNameOf,
  statesAccess,
} from '../../../src/modules/iam/index.js';
import { EMPTY_SHA256 } from '../../../src/modules/iam/sigv4/canonical-request.js';
import { verifySigV4 } from '../../../src/modules/iam/sigv4/sigv4-verify.js';
import { parseMachineRef } from '../../../src/modules/workflows/index.js';
import { NodeSha256 } from '../../support/node-sha256.js';

const HOME = { partition: 'aws', region: 'us-east-1', accountId: '000000000000' };
const SPELLINGS = [
  ['another region', 'aws', 'eu-west-1', '000000000000', 'region'],
  ['a made-up region', 'aws', 'xx-fake-9', '000000000000', 'region'],
  ['another account', 'aws', 'us-east-1', '123456789012', 'account'],
  ['another partition', 'aws-cn', 'us-east-1', '000000000000', 'partition'],
] as const;

const codeOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'no error';
};

describe('kernel ARN scope', () => {
  it('splits ARNs, keeping colons of the resource', () => {
    expect(parseArn('arn:aws:states:us-east-1:000000000000:execution:m:e')).toEqual({
      partition: 'aws',
      service: 'states',
      region: 'us-east-1',
      accountId: '000000000000',
      resource: 'execution:m:e',
    });
    expect(parseArn('victim-fn')).toBeUndefined();
    expect(parseArn('arn:aws:s3')).toBeUndefined();
  });

  it.each(SPELLINGS)('tells an ARN in %s from a home one', (_, partition, region, accountId, part) => {
    expect(foreignPart(HOME, { partition, region, accountId })).toBe(part);
    expect(
      foreignPart(HOME, { partition: 'aws', region: 'us-east-1', accountId: '000000000000' }),
    ).toBeUndefined();
  });
});

describe.each(SPELLINGS)('an ARN in %s', (_, partition, region, account) => {
  const arn = (service: string, resource: string) =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`;

  it('names no Lambda function of this server (ResourceNotFoundException)', () => {
    expect(codeOf(() => assertHomeFunctionName(arn('lambda', 'function:f'), HOME))).toBe(
      'FUNCTIONS_FUNCTION_NOT_FOUND',
    );
    expect(codeOf(() => assertHomeFunctionName(arn('lambda', 'function:f:prod'), HOME))).toBe(
      'FUNCTIONS_FUNCTION_NOT_FOUND',
    );
    // Workflow definitions stay portable: the name is still readable for mapping onto this server's function.
    expect(parseFunctionName(arn('lambda', 'function:f')).name).toBe('f');
  });

  it('names no state machine of this server (StateMachineDoesNotExist)', () => {
    const scope = { region: HOME.region, accountId: HOME.accountId };
    for (const resource of ['stateMachine:m', 'stateMachine:m:1', 'stateMachine:m:prod'])
      expect(codeOf(() => parseMachineRef(scope, arn('states', resource)))).toBe(
        'WORKFLOW_STATE_MACHINE_NOT_FOUND',
      );
  });

  it("is authorized as this server's resource of that name (a Deny on the real ARN applies)", () => {
    const target = { region: HOME.region, accountId: HOME.accountId };
    expect(
      statesAccess('UpdateStateMachine', { ...target, stateMachineArn: arn('states', 'stateMachine:m') }),
    ).toEqual([
      {
        action: 'states:UpdateStateMachine',
        resource: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
        context: {},
      },
    ]);
    expect(
      statesAccess('DescribeExecution', { ...target, executionArn: arn('states', 'execution:m:e') })[0]
        ?.resource,
    ).toBe('arn:aws:states:us-east-1:000000000000:execution:m:e');
    expect(canonicalStatesArn(arn('states', 'stateMachine:m:prod'), target)).toBe(
      'arn:aws:states:us-east-1:000000000000:stateMachine:m:prod',
    );
  });
});

describe('roles', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/admin', undefined],
    ['arn:aws-cn:iam::000000000000:role/admin', undefined],
    ['arn:aws:iam::000000000000:role/admin', 'admin'],
    ['arn:aws:iam::000000000000:role/a/b/admin', 'admin'],
  ])('%s names role %s of this account', (arn, name) => {
    expect(roleNameOf(arn)).toBe(name);
  });

  it('checks iam:PassRole on the canonical ARN of the role passed, whatever its path', () => {
    expect(canonicalRoleArn('arn:aws:iam::000000000000:role/evil/admin')).toBe(
      'arn:aws:iam::000000000000:role/admin',
    );
    const passed = lambdaAccess('CreateFunction', {
      region: 'us-east-1',
      functionName: 'f',
      roleArn: 'arn:aws:iam::000000000000:role/x/admin',
    });
    expect(passed[1]?.resource).toBe('arn:aws:iam::000000000000:role/admin');
  });

  it("takes a configured account's role ARN as IAM's role (and checks PassRole on IAM's ARN of it)", () => {
    const configured = 'arn:aws:iam::111122223333:role/admin';
    expect(roleNameOf(configured)).toBeUndefined();
    expect(roleNameOf(configured, '111122223333')).toBe('admin');
    const passed = statesAccess('CreateStateMachine', {
      region: 'us-east-1',
      accountId: '111122223333',
      stateMachineName: 'm',
      roleArn: configured,
    });
    expect(passed[1]?.resource).toBe('arn:aws:iam::000000000000:role/admin');
  });

  it('builds Lambda ARNs in the configured account', () => {
    expect(
      lambdaAccess('Invoke', { region: 'eu-west-1', accountId: '111122223333', functionName: 'f' })[0],
    ).toMatchObject({
      resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
    });
  });
});

describe('SigV4 scoped to a region', () => {
  const credentials = { accessKeyId: 'AKIAHOMESCOPE0000001', secretAccessKey: 'secret' };
  const lookup = async () => ({ secretAccessKey: credentials.secretAccessKey, principal: 'p', active: true });
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);

  async function signedFor(region: string) {
    const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: NodeSha256 });
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'localhost',
        path: '/x',
        headers: { host: 'localhost' },
        query: {},
      },
      { signingDate: new Date(now) },
    );
    return { method: 'GET', path: '/x', query: '', headers: signed.headers, bodySha256: EMPTY_SHA256 };
  }

  it.each(['eu-west-1', 'xx-fake-9', 'US-EAST-1'])(
    'refuses a signature for %s on a us-east-1 server',
    async (region) => {
      const request = await signedFor(region);
      await expect(verifySigV4(request, lookup, now, { region: 'us-east-1' })).rejects.toMatchObject({
        code: 'IAM_WRONG_REGION',
        details: { region, expected: 'us-east-1', form: 'header' },
      });
    },
  );

  it('accepts one for its own region', async () => {
    const request = await signedFor('us-east-1');
    await expect(verifySigV4(request, lookup, now, { region: 'us-east-1' })).resolves.toMatchObject({
      region: 'us-east-1',
    });
  });
});
