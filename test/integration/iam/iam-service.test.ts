// IamService on each real database (SQLite file, PostgreSQL) and a key file: users, keys at rest, roles, sessions, authentication, authorization.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IAM_ERROR_CODES as CODES,
  IamService,
  iamMigrations,
  type SignedRequest,
  s3Access,
} from '../../../src/modules/iam/index.js';
import type { SqlDatabase } from '../../../src/platform/db/port.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import { codeOf } from '../../support/error-code.js';
import { presign, signHeader, T0 } from '../../unit/iam/sigv4-support.js';

let root: string;
let underTest: DbUnderTest;
let database: SqlDatabase;
let iam: IamService;
let now = T0;
const clock = { now: () => now };

async function open() {
  database = await underTest.open();
  await database.migrate(iamMigrations);
  iam = new IamService({ database, keyFile: path.join(root, 'iam.key'), clock });
}

for (const engine of DB_MATRIX) {
  describe(`IamService on ${engine.name}`, () => {
    beforeEach(async () => {
      now = T0;
      root = await mkdtemp(path.join(os.tmpdir(), 'scones-iam-'));
      underTest = await engine.create(root);
      await open();
    });
    afterEach(async () => {
      await database.close();
      await underTest.drop();
      await rm(root, { recursive: true, force: true });
    });

    const READ_DATA = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Own', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/${aws:username}/*' },
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
        },
      ],
    });

    async function userWithKey(name = 'alice') {
      await iam.users.createUser(name);
      return iam.users.createAccessKey(name);
    }

    const sign = (key: { accessKeyId: string; secretAccessKey: string }, at = now, token?: string) =>
      signHeader(
        's3',
        { method: 'GET', path: '/data/k', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
        at,
        { akid: key.accessKeyId, secret: key.secretAccessKey, ...(token ? { token } : {}) },
      );

    describe('users and access keys', () => {
      it('creates, lists and refuses duplicates and bad names', async () => {
        const user = await iam.users.createUser('alice');
        expect(user).toMatchObject({
          name: 'alice',
          arn: 'arn:aws:iam::000000000000:user/alice',
          id: expect.stringMatching(/^AIDA[A-Z2-7]{16}$/),
        });
        expect(await codeOf(iam.users.createUser('alice'))).toBe(CODES.ALREADY_EXISTS);
        expect(await codeOf(iam.users.createUser('no spaces'))).toBe(CODES.INVALID_NAME);
        expect(await codeOf(iam.users.createUser('x'.repeat(65)))).toBe(CODES.INVALID_NAME);
        expect((await iam.users.listUsers()).map((u) => u.name)).toEqual(['alice']);
      });

      it('returns a secret once and stores it only encrypted (not in the database file)', async () => {
        const key = await userWithKey();
        expect(key.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
        expect(key.secretAccessKey).toHaveLength(40);
        const listed = await iam.users.listAccessKeys('alice');
        expect(listed).toEqual([
          { accessKeyId: key.accessKeyId, userName: 'alice', status: 'Active', createdAt: T0 },
        ]);
        expect(JSON.stringify(listed)).not.toContain(key.secretAccessKey);
        const row = await database.db.selectFrom('iam_access_keys').selectAll().executeTakeFirstOrThrow();
        expect(row.secret_sealed).not.toContain(key.secretAccessKey);
        expect(row.secret_sealed).toMatch(/^v1\./);
        await database.close();
        for (const file of ['scones.db', 'scones.db-wal']) {
          const bytes = await readFile(path.join(root, file)).catch(() => Buffer.alloc(0));
          expect(bytes.includes(Buffer.from(key.secretAccessKey))).toBe(false);
        }
        await open();
        expect((await iam.users.credentialFor(key.accessKeyId))?.secretAccessKey).toBe(key.secretAccessKey);
      });

      it('keeps the encryption key in a 0600 file and refuses a readable one', async () => {
        await userWithKey();
        expect((await stat(path.join(root, 'iam.key'))).mode & 0o777).toBe(0o600);
        await chmod(path.join(root, 'iam.key'), 0o644);
        await database.close();
        await open();
        expect(await codeOf(iam.users.createAccessKey('alice'))).toBe(CODES.KEY_FILE_INSECURE);
      });

      it('cannot decrypt with another key file, nor a secret moved to another key id', async () => {
        const a = await userWithKey('alice');
        const b = await iam.users.createAccessKey('alice');
        const { secret_sealed: sealedOfB } = await database.db
          .selectFrom('iam_access_keys')
          .select('secret_sealed')
          .where('access_key_id', '=', b.accessKeyId)
          .executeTakeFirstOrThrow();
        await database.db
          .updateTable('iam_access_keys')
          .set({ secret_sealed: sealedOfB })
          .where('access_key_id', '=', a.accessKeyId)
          .execute();
        expect(await codeOf(iam.users.credentialFor(a.accessKeyId))).toBe(CODES.SECRET_UNREADABLE);
        await writeFile(path.join(root, 'iam.key'), `${Buffer.alloc(32, 7).toString('base64')}\n`, {
          mode: 0o600,
        });
        await database.close();
        await open();
        expect(await codeOf(iam.users.credentialFor(b.accessKeyId))).toBe(CODES.SECRET_UNREADABLE);
      });

      it('allows two keys per user; deactivated and deleted keys stop working', async () => {
        const key = await userWithKey();
        await iam.users.createAccessKey('alice');
        expect(await codeOf(iam.users.createAccessKey('alice'))).toBe(CODES.LIMIT_EXCEEDED);
        expect((await iam.verifySigV4(await sign(key))).principal).toMatchObject({
          type: 'user',
          name: 'alice',
        });
        await iam.users.setAccessKeyStatus(key.accessKeyId, 'Inactive');
        expect(await codeOf(iam.verifySigV4(await sign(key, now + 1000)))).toBe(CODES.INACTIVE_ACCESS_KEY);
        await iam.users.deleteAccessKey(key.accessKeyId);
        expect(await codeOf(iam.verifySigV4(await sign(key, now + 2000)))).toBe(CODES.INVALID_ACCESS_KEY_ID);
        expect(await codeOf(iam.users.deleteAccessKey(key.accessKeyId))).toBe(CODES.NO_SUCH_KEY);
      });

      it('refuses to delete a user with keys or policies unless forced', async () => {
        await userWithKey();
        await iam.policies.attach({ type: 'user', name: 'alice' }, 'read', READ_DATA);
        expect(await codeOf(iam.users.deleteUser('alice'))).toBe(CODES.DELETE_CONFLICT);
        expect((await iam.users.deleteUser('alice', { force: true })).policies).toEqual(['read']);
        expect(await iam.policies.list()).toEqual([]);
        expect(await iam.users.listAccessKeys()).toEqual([]);
        expect(await codeOf(iam.users.getUser('alice'))).toBe(CODES.NO_SUCH_USER);
      });
    });

    describe('authentication', () => {
      it('verifies SigV4 from a user key, and the same signature again (no replay refusal)', async () => {
        const key = await userWithKey();
        const request = await sign(key);
        const verified = await iam.verifySigV4(request);
        expect(verified.principal).toMatchObject({ type: 'user', name: 'alice' });
        expect((await iam.verifySigV4(request)).principal).toMatchObject({ type: 'user', name: 'alice' });
        const url = await presign(
          's3',
          { method: 'GET', path: '/data/k', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
          60,
          now,
          {
            akid: key.accessKeyId,
            secret: key.secretAccessKey,
          },
        );
        expect((await iam.authenticate(url)).scheme).toBe('sigv4');
      });

      it('accepts the Bearer API key and refuses a wrong or malformed one', async () => {
        const key = await userWithKey();
        const bearer = `Bearer ${key.accessKeyId}:${key.secretAccessKey}`;
        expect(await iam.verifyApiKey(bearer)).toMatchObject({ type: 'user', name: 'alice' });
        const request: SignedRequest = {
          method: 'GET',
          path: '/api/v1/models',
          query: '',
          headers: { authorization: bearer },
        };
        expect(await iam.authenticate(request)).toMatchObject({
          scheme: 'api-key',
          accessKeyId: key.accessKeyId,
        });
        expect(await codeOf(iam.verifyApiKey(`Bearer ${key.accessKeyId}:${key.secretAccessKey}x`))).toBe(
          CODES.SIGNATURE_MISMATCH,
        );
        expect(await codeOf(iam.verifyApiKey(`Bearer ${key.accessKeyId}`))).toBe(
          CODES.MALFORMED_AUTHORIZATION,
        );
        expect(await codeOf(iam.verifyApiKey('Bearer AKIANOPE:secret'))).toBe(CODES.INVALID_ACCESS_KEY_ID);
      });
    });

    describe('roles and temporary credentials', () => {
      it('lets a trusted service assume a role; credentials carry a token and expire', async () => {
        const role = await iam.roles.createRole('pipeline-exec');
        expect(JSON.parse(role.trustPolicy).Statement[0].Principal.Service).toEqual([
          'lambda.amazonaws.com',
          'states.amazonaws.com',
        ]);
        await iam.policies.attach({ type: 'role', name: 'pipeline-exec' }, 'read', READ_DATA);
        const creds = await iam.assumeRole({
          roleName: 'pipeline-exec',
          caller: { service: 'lambda.amazonaws.com' },
          sessionName: 'fn-1',
          durationSeconds: 900,
        });
        expect(creds).toMatchObject({
          accessKeyId: expect.stringMatching(/^ASIA/),
          expiration: T0 + 900_000,
        });
        expect(creds.principal.arn).toBe('arn:aws:sts::000000000000:assumed-role/pipeline-exec/fn-1');
        const verified = await iam.verifySigV4(await sign(creds, now, creds.sessionToken));
        expect(verified.principal).toMatchObject({
          type: 'assumed-role',
          roleName: 'pipeline-exec',
          sessionName: 'fn-1',
        });
        expect(await codeOf(iam.verifySigV4(await sign(creds, now + 1)))).toBe(CODES.INVALID_TOKEN);
        expect((await iam.authorize(verified.principal, 's3:GetObject', 'arn:aws:s3:::data/x')).allowed).toBe(
          true,
        );
        expect(
          await iam.verifyApiKey(
            `Bearer ${creds.accessKeyId}:${creds.secretAccessKey}:${creds.sessionToken}`,
          ),
        ).toMatchObject({ type: 'assumed-role' });
        now = T0 + 900_000;
        expect(await codeOf(iam.verifySigV4(await sign(creds, now, creds.sessionToken)))).toBe(
          CODES.EXPIRED_TOKEN,
        );
        const row = await database.db.selectFrom('iam_sessions').selectAll().executeTakeFirstOrThrow();
        expect(JSON.stringify(row)).not.toContain(creds.secretAccessKey);
        expect(JSON.stringify(row)).not.toContain(creds.sessionToken);
      });

      it('refuses untrusted callers, bad durations, and sessions of deleted roles', async () => {
        await iam.roles.createRole('fn-only', {
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        });
        const refusals = [
          { roleName: 'fn-only', service: 'states.amazonaws.com', code: CODES.ASSUME_ROLE_DENIED },
          {
            roleName: 'fn-only',
            service: 'lambda.amazonaws.com',
            durationSeconds: 7200,
            code: CODES.INVALID_ARGUMENT,
          },
          { roleName: 'nope', service: 'lambda.amazonaws.com', code: CODES.NO_SUCH_ROLE },
        ];
        for (const { roleName, service, code, ...duration } of refusals) {
          const request = { roleName, caller: { service }, sessionName: 'x1', ...duration };
          expect(await codeOf(iam.assumeRole(request)), `${roleName} by ${service}`).toBe(code);
        }
        const creds = await iam.assumeRole({
          roleName: 'fn-only',
          caller: { service: 'lambda.amazonaws.com' },
          sessionName: 'x1',
        });
        await iam.roles.deleteRole('fn-only');
        expect(await codeOf(iam.verifySigV4(await sign(creds, now, creds.sessionToken)))).toBe(
          CODES.INVALID_ACCESS_KEY_ID,
        );
        expect(
          await codeOf(
            iam.roles.createRole('bad', {
              trustPolicy: '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}',
            }),
          ),
        ).toBe(CODES.MALFORMED_POLICY);
      });

      it('lets a user assume a role when the trust names the account and the user may call sts:AssumeRole', async () => {
        const key = await userWithKey();
        const trust = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::000000000000:root' },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        await iam.roles.createRole('admin', { trustPolicy: trust });
        const alice = (await iam.verifySigV4(await sign(key))).principal;
        const input = {
          roleName: 'admin',
          caller: { arn: alice.arn, accountId: '000000000000' },
          sessionName: 'alice-admin',
        };
        expect(await codeOf(iam.assumeRole(input, alice))).toBe(CODES.ACCESS_DENIED);
        await iam.policies.attach({ type: 'user', name: 'alice' }, 'assume', {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::000000000000:role/admin' },
          ],
        });
        expect((await iam.assumeRole(input, alice)).principal.roleName).toBe('admin');
      });
    });

    describe('policies and authorization', () => {
      it('validates on attach, replaces by name, detaches', async () => {
        await iam.users.createUser('alice');
        const bad = await iam.policies
          .attach({ type: 'user', name: 'alice' }, 'bad', '{"Statement":[{"Effect":"allow"}]}')
          .catch((e) => e);
        expect(bad.code).toBe(CODES.MALFORMED_POLICY);
        expect(bad.details.problems.map((p: { pointer: string }) => p.pointer)).toEqual([
          '/Statement/0/Effect',
          '/Statement/0',
          '/Statement/0',
        ]);
        expect(await codeOf(iam.policies.attach({ type: 'user', name: 'bob' }, 'p', READ_DATA))).toBe(
          CODES.NO_SUCH_USER,
        );
        expect(
          await codeOf(iam.policies.attach({ type: 'user', name: 'alice' }, 'bad name', READ_DATA)),
        ).toBe(CODES.INVALID_NAME);
        await iam.policies.attach({ type: 'user', name: 'alice' }, 'p', READ_DATA);
        now += 1000;
        const replaced = await iam.policies.attach({ type: 'user', name: 'alice' }, 'p', {
          Statement: { Effect: 'Deny', Action: '*', Resource: '*' },
        });
        expect(replaced).toMatchObject({ createdAt: T0, updatedAt: T0 + 1000 });
        expect(
          (await iam.policies.list({ type: 'user', name: 'alice' })).map(
            (p) => JSON.parse(p.document).Statement.Effect,
          ),
        ).toEqual(['Deny']);
        await iam.policies.detach({ type: 'user', name: 'alice' }, 'p');
        expect(await codeOf(iam.policies.detach({ type: 'user', name: 'alice' }, 'p'))).toBe(
          CODES.NO_SUCH_POLICY,
        );
      });

      it('fills aws:username from the principal (callers cannot override it) and enforces every permission of a call', async () => {
        const key = await userWithKey();
        await iam.policies.attach({ type: 'user', name: 'alice' }, 'read', READ_DATA);
        const alice = (await iam.verifySigV4(await sign(key))).principal;
        expect((await iam.authorize(alice, 's3:PutObject', 'arn:aws:s3:::data/alice/x')).decidedBy?.sid).toBe(
          'Own',
        );
        expect(
          (await iam.authorize(alice, 's3:PutObject', 'arn:aws:s3:::data/bob/x', { 'aws:username': 'bob' }))
            .allowed,
        ).toBe(false);
        await iam.enforce(
          alice,
          s3Access('CopyObject', {
            bucket: 'data',
            key: 'alice/copy',
            copySource: { bucket: 'data', key: 'shared/a' },
          }),
        );
        const denied = await iam
          .enforce(
            alice,
            s3Access('CopyObject', {
              bucket: 'data',
              key: 'alice/copy',
              copySource: { bucket: 'other', key: 'a' },
            }),
          )
          .catch((e) => e);
        expect(denied).toMatchObject({
          code: CODES.ACCESS_DENIED,
          kind: 'forbidden',
          details: { action: 's3:GetObject', resource: 'arn:aws:s3:::other/a', decision: 'ImplicitDeny' },
        });
        expect(denied.message).toBe(
          'User: arn:aws:iam::000000000000:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::other/a because no identity-based policy allows the s3:GetObject action',
        );
      });

      it('uses the clock for aws:CurrentTime unless the caller gives it', async () => {
        await iam.users.createUser('alice');
        await iam.policies.attach({ type: 'user', name: 'alice' }, 'window', {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { DateLessThan: { 'aws:CurrentTime': '2026-01-15T12:30:00Z' } },
            },
          ],
        });
        expect((await iam.simulate('user/alice', 's3:GetObject', '*')).decision.allowed).toBe(true);
        now = T0 + 3600_000;
        expect((await iam.simulate('user/alice', 's3:GetObject', '*')).decision.allowed).toBe(false);
        expect(
          (
            await iam.simulate('user/alice', 's3:GetObject', '*', {
              'aws:CurrentTime': '2026-01-15T12:00:00Z',
            })
          ).decision.allowed,
        ).toBe(true);
      });

      it('simulates roles as one of their sessions and rejects bad references', async () => {
        await iam.roles.createRole('exec');
        await iam.policies.attach({ type: 'role', name: 'exec' }, 'invoke', {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: '*',
              Condition: { Null: { 'aws:username': 'true' } },
            },
          ],
        });
        const result = await iam.simulate(
          'role/exec',
          'lambda:InvokeFunction',
          'arn:aws:lambda:us-east-1:000000000000:function:f',
        );
        expect(result.principal.arn).toBe('arn:aws:sts::000000000000:assumed-role/exec/simulation');
        expect(result.decision.decision).toBe('Allow');
        expect(await codeOf(iam.simulate('group/x', 'a:b', '*'))).toBe(CODES.INVALID_ARGUMENT);
        expect(await codeOf(iam.simulate('user/ghost', 'a:b', '*'))).toBe(CODES.NO_SUCH_USER);
      });
    });
  });
}
