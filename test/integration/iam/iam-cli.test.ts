// The real `scones iam` commands as a user runs them: users, keys, policies, roles, simulate.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { IamService } from '../../../src/modules/iam/index.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';
import { runScones } from '../../support/cli.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import { signHeader } from '../../unit/iam/sigv4-support.js';

let cwd: string;
const home = () => path.join(cwd, 'home');
const scones = async (...args: string[]) => {
  const result = await runSconesInProcess(args, { cwd, env: { SCONES_HOME: home() } });
  return { ...result, out: result.stdout.toString() };
};

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-iam-cli-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

const READ_OWN = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadData', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::data/secret/*' },
  ],
};

describe('scones iam', () => {
  let key: { accessKeyId: string; secretAccessKey: string };

  it('creates and lists users, refusing a duplicate with a one-line error', async () => {
    expect((await scones('iam', 'users', 'create', 'alice')).out).toBe(
      'created user alice (arn:aws:iam::000000000000:user/alice)\n',
    );
    // A real process: the exit code and the one-line error as `main` leaves them.
    const again = await runScones(['iam', 'users', 'create', 'alice'], { cwd, env: { SCONES_HOME: home() } });
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n').at(-1)).toMatch(
      /^scones: user alice already exists \[IAM_ALREADY_EXISTS\]$/,
    );
    const list = JSON.parse((await scones('iam', 'users', 'list', '--json')).out);
    expect(list).toEqual([
      expect.objectContaining({ name: 'alice', arn: 'arn:aws:iam::000000000000:user/alice' }),
    ]);
  });

  it('prints a new secret once; lists keys without it; stores it only encrypted', async () => {
    const created = await scones('iam', 'keys', 'create', '--user', 'alice', '--json');
    expect(created.code, created.stderr).toBe(0);
    key = JSON.parse(created.out);
    expect(key).toMatchObject({
      accessKeyId: expect.stringMatching(/^AKIA/),
      secretAccessKey: expect.any(String),
      userName: 'alice',
    });
    const text = await scones('iam', 'keys', 'create', '--user', 'alice');
    expect(text.out).toMatch(
      /^accessKeyId: +AKIA[A-Z2-7]{16}\nsecretAccessKey: +\S{40}\nThe secret is shown only now/,
    );
    const listed = await scones('iam', 'keys', 'list', '--user', 'alice', '--json');
    expect(JSON.parse(listed.out)).toHaveLength(2);
    expect(listed.out).not.toContain(key.secretAccessKey);
    const db = await readFile(path.join(home(), 'scones.db'));
    const wal = await readFile(path.join(home(), 'scones.db-wal')).catch(() => Buffer.alloc(0));
    expect(Buffer.concat([db, wal]).includes(Buffer.from(key.secretAccessKey))).toBe(false);
    expect((await stat(path.join(home(), 'iam.key'))).mode & 0o777).toBe(0o600);
  });

  it('the printed key signs requests the server side accepts', async () => {
    // The CLI has migrated the database; this process only reads it.
    const database = openSqliteDatabase({ file: path.join(home(), 'scones.db') });
    try {
      const iam = new IamService({ database, keyFile: path.join(home(), 'iam.key'), clock: systemClock });
      const request = await signHeader(
        's3',
        { method: 'GET', path: '/data/a', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
        Date.now(),
        {
          akid: key.accessKeyId,
          secret: key.secretAccessKey,
        },
      );
      expect((await iam.verifySigV4(request)).principal).toMatchObject({ type: 'user', name: 'alice' });
    } finally {
      await database.close();
    }
  });

  it('attaches a policy from a file and refuses an invalid one, naming every problem by pointer', async () => {
    await writeFile(path.join(cwd, 'read.json'), JSON.stringify(READ_OWN));
    const attachToAlice = (name: string, document: string, ...rest: string[]) =>
      scones('iam', 'policies', 'attach', '--user', 'alice', '--name', name, '--document', document, ...rest);
    const attached = await attachToAlice('read', '@read.json');
    expect(attached.out).toBe('attached policy read to user alice\n');
    const bad = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'bucket',
          Condition: { StringEqualz: { k: 'v' } },
        },
      ],
    });
    const refused = await attachToAlice('bad', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/Statement/0/Resource: resource "bucket" is not * or an ARN');
    expect(refused.stderr).toContain('/Statement/0/Condition/StringEqualz: unknown condition operator');
    const validated = await scones('iam', 'policies', 'validate', '--document', bad, '--json');
    expect(validated.code).toBe(1);
    expect(JSON.parse(validated.out).map((p: { pointer: string }) => p.pointer)).toEqual([
      '/Statement/0/Resource',
      '/Statement/0/Condition/StringEqualz',
    ]);
    const listed = JSON.parse((await scones('iam', 'policies', 'list', '--user', 'alice', '--json')).out);
    expect(listed).toEqual([
      expect.objectContaining({
        name: 'read',
        principal: { type: 'user', name: 'alice' },
        document: READ_OWN,
      }),
    ]);
  });

  it('simulates and explains allow, explicit deny and implicit deny', async () => {
    const simulateAlice = (action: string, resource: string, ...rest: string[]) =>
      scones(
        'iam',
        'simulate',
        '--principal',
        'user/alice',
        '--action',
        action,
        '--resource',
        resource,
        ...rest,
      );
    const allowed = await simulateAlice('s3:GetObject', 'arn:aws:s3:::data/train/1.png', '--json');
    expect(JSON.parse(allowed.out)).toMatchObject({
      decision: 'Allow',
      allowed: true,
      principal: 'arn:aws:iam::000000000000:user/alice',
      decidedBy: { policyName: 'read', sid: 'ReadData', index: 0, effect: 'Allow' },
    });
    const denied = await simulateAlice('s3:GetObject', 'arn:aws:s3:::data/secret/k');
    expect(denied.out).toContain('decision:   ExplicitDeny');
    expect(denied.out).toContain('decided by: policy "read" statement 1 (Sid NoSecrets) (Deny)');
    expect(denied.out).toContain('also matched:\n  policy "read" statement 0 (Sid ReadData) (Allow)');
    const implicit = await simulateAlice('s3:PutObject', 'arn:aws:s3:::data/k', '--json');
    expect(JSON.parse(implicit.out)).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'implicit deny: no statement allows s3:PutObject on arn:aws:s3:::data/k',
    });
  });

  it('creates roles with a service trust, attaches a conditioned policy and simulates with context', async () => {
    const created = await scones('iam', 'roles', 'create', 'exec', '--trust', 'lambda', '--json');
    expect(JSON.parse(JSON.parse(created.out).trustPolicy).Statement[0].Principal).toEqual({
      Service: 'lambda.amazonaws.com',
    });
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sagemaker:InvokeEndpoint',
          Resource: '*',
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
            IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          },
        },
      ],
    });
    expect(
      (await scones('iam', 'policies', 'attach', '--role', 'exec', '--name', 'invoke', '--document', doc))
        .code,
    ).toBe(0);
    const simulate = (...context: string[]) =>
      scones(
        'iam',
        'simulate',
        '--principal',
        'role/exec',
        '--action',
        'sagemaker:InvokeEndpoint',
        '--resource',
        'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes',
        '--json',
        ...context.flatMap((c) => ['--context', c]),
      );
    expect(
      JSON.parse((await simulate('aws:SourceIp=10.1.1.1', 'aws:TagKeys=env', 'aws:TagKeys=team')).out)
        .decision,
    ).toBe('Allow');
    const outside = JSON.parse((await simulate('aws:SourceIp=192.0.2.1')).out);
    expect(outside).toMatchObject({
      decision: 'ImplicitDeny',
      nearMisses: [expect.objectContaining({ failed: expect.stringContaining('IpAddress aws:SourceIp') })],
    });
  });

  it('detaches, deletes keys and refuses to delete a user that still has some', async () => {
    expect((await scones('iam', 'policies', 'detach', '--user', 'alice', '--name', 'read')).code).toBe(0);
    const conflict = await scones('iam', 'users', 'delete', 'alice');
    expect(conflict.stderr).toMatch(/\[IAM_DELETE_CONFLICT\]/);
    expect((await scones('iam', 'keys', 'delete', key.accessKeyId)).out).toBe(
      `deleted access key ${key.accessKeyId}\n`,
    );
    expect((await scones('iam', 'users', 'delete', 'alice', '--force')).out).toBe(
      'deleted user alice (1 key(s), 0 policy(ies))\n',
    );
    const usage = await scones('iam', 'policies', 'attach', '--name', 'x', '--document', '{}');
    expect(usage.stderr).toMatch(/give --user NAME or --role NAME \[CLI_USAGE\]/);
  });
});
