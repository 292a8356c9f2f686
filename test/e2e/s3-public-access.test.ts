// Anonymous access, bucket policies, Block Public Access and canned ACLs against `scones serve --auth on`, with the
// AWS SDK for JavaScript v3 and unsigned fetch: what an anonymous caller gets (S3 XML, never the REST API's JSON),
// a bucket policy granting another user or everyone, explicit denies, a public policy refused by Block Public
// Access, S3's MalformedPolicy, and public-read objects once ACLs and Block Public Access allow them.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketCorsCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessKey, type AuthServe, s3Outcome, startAuthServe } from '../support/auth-serve.js';
import { runPython } from '../support/python.js';

const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/s3/boto3_public_access.py');
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const POLICIES = {
  alice: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  // No S3 permission of its own: only what bucket policies grant.
  bob: policy([{ Effect: 'Allow', Action: 'sagemaker:ListEndpoints', Resource: '*' }]),
};
const BOB = 'arn:aws:iam::000000000000:user/bob';

let cwd: string;
let url: string;
let server: AuthServe<'alice' | 'bob'> | undefined;
let keys: Record<'alice' | 'bob', AccessKey>;
let alice: S3Client;
let bob: S3Client;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-public-'));
  server = await startAuthServe(cwd, { SCONES_HOME: path.join(cwd, 'home') }, POLICIES);
  ({ url, keys } = server);
  ({ alice, bob } = server.s3);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await rm(cwd, { recursive: true, force: true });
});

async function anonymous(pathname: string, init: RequestInit = {}) {
  const response = await fetch(`${url}${pathname}`, init);
  const text = await response.text();
  return {
    status: response.status,
    code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
    text,
    headers: response.headers,
  };
}

const publicRead = (bucket: string) =>
  policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }]);

describe('anonymous requests', () => {
  beforeAll(async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'closed' }));
    await alice.send(new PutObjectCommand({ Bucket: 'closed', Key: 'secret.txt', Body: 'shh' }));
  });

  it('reach S3 and are answered in its XML: NoSuchBucket, else AccessDenied', async () => {
    const missing = await anonymous('/no-such-bucket/x');
    expect([missing.status, missing.code]).toEqual([404, 'NoSuchBucket']);
    expect(missing.headers.get('content-type')).toBe('application/xml');
    expect(await anonymous('/closed/secret.txt')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await anonymous('/closed/absent')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await anonymous('/closed', { method: 'PUT' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    expect(await anonymous('/closed/new', { method: 'PUT', body: 'x' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    // Scones's own paths keep their routes.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await anonymous('/api/v1/nothing')).headers.get('content-type')).toContain('application/json');
  });
});

describe('bucket policies', () => {
  beforeAll(async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'shared' }));
    await alice.send(new PutObjectCommand({ Bucket: 'shared', Key: 'a.txt', Body: 'a' }));
  });

  it('gives new buckets S3 defaults: Block Public Access on, ACLs off, no policy', async () => {
    const block = await alice.send(new GetPublicAccessBlockCommand({ Bucket: 'shared' }));
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const ownership = await alice.send(new GetBucketOwnershipControlsCommand({ Bucket: 'shared' }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(await s3Outcome(alice.send(new GetBucketPolicyCommand({ Bucket: 'shared' })))).toEqual({
      name: 'NoSuchBucketPolicy',
      status: 404,
    });
  });

  it('grants another user what its identity policies do not, and an explicit deny wins over an allow', async () => {
    expect(await s3Outcome(bob.send(new GetObjectCommand({ Bucket: 'shared', Key: 'a.txt' })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    const document = policy([
      {
        Sid: 'BobReads',
        Effect: 'Allow',
        Principal: { AWS: BOB },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::shared/*',
      },
      {
        Sid: 'NoDeletes',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: 'arn:aws:s3:::shared/*',
      },
    ]);
    await alice.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: document }));
    expect(
      JSON.parse((await alice.send(new GetBucketPolicyCommand({ Bucket: 'shared' }))).Policy ?? ''),
    ).toEqual(JSON.parse(document));
    const read = await bob.send(new GetObjectCommand({ Bucket: 'shared', Key: 'a.txt' }));
    expect(await read.Body?.transformToString()).toBe('a');
    expect(
      await s3Outcome(bob.send(new PutObjectCommand({ Bucket: 'shared', Key: 'b', Body: 'b' }))),
    ).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(await s3Outcome(alice.send(new DeleteObjectCommand({ Bucket: 'shared', Key: 'a.txt' })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect((await alice.send(new GetBucketPolicyStatusCommand({ Bucket: 'shared' }))).PolicyStatus).toEqual({
      IsPublic: false,
    });
    await alice.send(new DeleteBucketPolicyCommand({ Bucket: 'shared' }));
    expect(await s3Outcome(bob.send(new GetObjectCommand({ Bucket: 'shared', Key: 'a.txt' })))).toMatchObject(
      {
        name: 'AccessDenied',
      },
    );
  });

  it('refuses a public policy while Block Public Access is on, and serves anonymous reads once it is off', async () => {
    expect(
      await s3Outcome(
        alice.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: publicRead('shared') })),
      ),
    ).toEqual({ name: 'AccessDenied', status: 403 });
    await alice.send(new DeletePublicAccessBlockCommand({ Bucket: 'shared' }));
    expect(await s3Outcome(alice.send(new GetPublicAccessBlockCommand({ Bucket: 'shared' })))).toEqual({
      name: 'NoSuchPublicAccessBlockConfiguration',
      status: 404,
    });
    await alice.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: publicRead('shared') }));
    expect((await alice.send(new GetBucketPolicyStatusCommand({ Bucket: 'shared' }))).PolicyStatus).toEqual({
      IsPublic: true,
    });
    const read = await anonymous('/shared/a.txt');
    expect([read.status, read.text]).toEqual([200, 'a']);
    expect(await anonymous('/shared/missing')).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect(await anonymous('/shared/a.txt', { method: 'DELETE' })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    expect(await anonymous('/shared')).toMatchObject({ status: 403, code: 'AccessDenied' });
    // RestrictPublicBuckets: the public policy no longer serves anonymous callers; users of the account keep theirs.
    await alice.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'shared',
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    );
    expect(await anonymous('/shared/a.txt')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect((await alice.send(new GetObjectCommand({ Bucket: 'shared', Key: 'a.txt' }))).ContentLength).toBe(
      1,
    );
  });

  it("validates a policy as S3 does, with S3's MalformedPolicy messages", async () => {
    const put = async (text: string) => {
      try {
        await alice.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: text }));
        return 'ok';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    expect(await put('not json')).toBe(
      "MalformedPolicy: Policies must be valid JSON and the first byte must be '{'",
    );
    expect(
      await put(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }])),
    ).toBe('MalformedPolicy: Missing required field Principal');
    expect(
      await put(
        policy([
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
        ]),
      ),
    ).toBe('MalformedPolicy: Policy has invalid resource');
    expect(
      await put(
        policy([
          {
            Effect: 'Allow',
            Principal: { AWS: 'nobody' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::shared/*',
          },
        ]),
      ),
    ).toBe('MalformedPolicy: Invalid principal in policy');
    expect(
      await put(
        policy([
          { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared' },
        ]),
      ),
    ).toBe('MalformedPolicy: Action does not apply to any resource(s) in statement');
  });
});

describe('canned ACLs', () => {
  it('are refused while the bucket enforces ownership (the default), as S3 does', async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'enforced' }));
    expect(
      await s3Outcome(
        alice.send(new PutObjectCommand({ Bucket: 'enforced', Key: 'k', Body: 'x', ACL: 'public-read' })),
      ),
    ).toEqual({ name: 'AccessControlListNotSupported', status: 400 });
    await alice.send(
      new PutObjectCommand({ Bucket: 'enforced', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }),
    );
    expect(
      await s3Outcome(alice.send(new CreateBucketCommand({ Bucket: 'acl-enforced', ACL: 'public-read' }))),
    ).toEqual({ name: 'InvalidBucketAclWithObjectOwnership', status: 400 });
  });

  it('serve public-read objects and buckets anonymously once Block Public Access allows it', async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'acls', ObjectOwnership: 'ObjectWriter' }));
    // BlockPublicAcls (on by default) refuses a public ACL.
    expect(
      await s3Outcome(
        alice.send(new PutObjectCommand({ Bucket: 'acls', Key: 'p', Body: 'p', ACL: 'public-read' })),
      ),
    ).toEqual({ name: 'AccessDenied', status: 403 });
    await alice.send(new DeletePublicAccessBlockCommand({ Bucket: 'acls' }));
    await alice.send(new PutObjectCommand({ Bucket: 'acls', Key: 'p', Body: 'p', ACL: 'public-read' }));
    await alice.send(new PutObjectCommand({ Bucket: 'acls', Key: 'q', Body: 'q' }));
    expect(await anonymous('/acls/p')).toMatchObject({ status: 200, text: 'p' });
    expect(await anonymous('/acls/q')).toMatchObject({ status: 403, code: 'AccessDenied' });
    const acl = await alice.send(new GetObjectAclCommand({ Bucket: 'acls', Key: 'p' }));
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI, g.Permission])).toEqual([
      ['CanonicalUser', undefined, 'FULL_CONTROL'],
      ['Group', 'http://acs.amazonaws.com/groups/global/AllUsers', 'READ'],
    ]);
    expect(acl.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    // An overwrite gets a fresh (private) ACL, as in S3.
    await alice.send(new PutObjectCommand({ Bucket: 'acls', Key: 'p', Body: 'p2' }));
    expect(await anonymous('/acls/p')).toMatchObject({ status: 403 });
    await alice.send(new PutObjectAclCommand({ Bucket: 'acls', Key: 'q', ACL: 'public-read' }));
    expect(await anonymous('/acls/q')).toMatchObject({ status: 200, text: 'q' });
    // A public-read bucket lists anonymously.
    expect(await anonymous('/acls')).toMatchObject({ status: 403 });
    await alice.send(new PutBucketAclCommand({ Bucket: 'acls', ACL: 'public-read' }));
    expect((await alice.send(new GetBucketAclCommand({ Bucket: 'acls' }))).Grants).toHaveLength(2);
    expect(await anonymous('/acls')).toMatchObject({ status: 200 });
    // IgnorePublicAcls turns every public grant off at once; BucketOwnerEnforced turns ACLs off.
    await alice.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'acls',
        PublicAccessBlockConfiguration: { IgnorePublicAcls: true },
      }),
    );
    expect(await anonymous('/acls/q')).toMatchObject({ status: 403 });
    await alice.send(new DeletePublicAccessBlockCommand({ Bucket: 'acls' }));
    expect(await anonymous('/acls/q')).toMatchObject({ status: 200 });
    await alice.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: 'acls',
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    );
    expect(await anonymous('/acls/q')).toMatchObject({ status: 403 });
  });
});

describe('CORS', () => {
  const preflight = (pathname: string, headers: Record<string, string>) =>
    anonymous(pathname, { method: 'OPTIONS', headers });

  it('keeps rules, answers preflights per rule, and adds the headers to actual requests', async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'web' }));
    await alice.send(new PutObjectCommand({ Bucket: 'web', Key: 'x', Body: 'x' }));
    const ask = { origin: 'https://app.example', 'access-control-request-method': 'PUT' };
    const disabled = await preflight('/web/x', ask);
    expect([disabled.status, disabled.code]).toEqual([403, 'AccessForbidden']);
    expect(disabled.text).toContain('CORSResponse: CORS is not enabled for this bucket.');
    expect(await s3Outcome(alice.send(new GetBucketCorsCommand({ Bucket: 'web' })))).toEqual({
      name: 'NoSuchCORSConfiguration',
      status: 404,
    });
    const rules = [
      {
        ID: 'app',
        AllowedOrigins: ['https://*.example'],
        AllowedMethods: ['PUT', 'GET'],
        AllowedHeaders: ['content-type', 'x-amz-*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 600,
      },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    ];
    await alice.send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: rules } }));
    expect((await alice.send(new GetBucketCorsCommand({ Bucket: 'web' }))).CORSRules).toEqual(rules);
    const allowed = await preflight('/web/x', {
      ...ask,
      'access-control-request-headers': 'Content-Type, X-Amz-Date',
    });
    expect(allowed.status).toBe(200);
    expect(
      Object.fromEntries([...allowed.headers].filter(([name]) => name.startsWith('access-control'))),
    ).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'PUT, GET',
      'access-control-allow-headers': 'Content-Type, X-Amz-Date',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '600',
    });
    const refused = await preflight('/web/x', { ...ask, origin: 'https://evil.test' });
    expect([refused.status, refused.code]).toEqual([403, 'AccessForbidden']);
    expect(refused.text).toContain('<Method>PUT</Method>');
    expect(refused.text).toContain('<ResourceType>OBJECT</ResourceType>');
    expect((await preflight('/web/x', { ...ask, 'access-control-request-headers': 'x-other' })).status).toBe(
      403,
    );
    expect(
      (
        await preflight('/web/x', { origin: 'https://evil.test', 'access-control-request-method': 'GET' })
      ).headers.get('access-control-allow-origin'),
    ).toBe('*');
    expect((await preflight('/web/x', { 'access-control-request-method': 'GET' })).status).toBe(400);
    // An actual (here signed) request with an Origin gets the headers of the rule its method matches.
    const signedGet = await alice.send(new GetObjectCommand({ Bucket: 'web', Key: 'x' }));
    expect(await signedGet.Body?.transformToString()).toBe('x');
    const actual = await anonymous('/web/x', { headers: { origin: 'https://app.example' } });
    expect(actual.status).toBe(403);
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(actual.headers.get('access-control-expose-headers')).toBe('ETag');
    await alice.send(new DeleteBucketCorsCommand({ Bucket: 'web' }));
    expect((await preflight('/web/x', ask)).status).toBe(403);
  });
});

describe('POST object', () => {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const credential = () => `${keys.alice.accessKeyId}/${date}/us-east-1/s3/aws4_request`;

  /** What @aws-sdk/s3-presigned-post builds: the base64 policy and its SigV4 signature, as form fields. */
  function presignedFields(
    conditions: unknown[],
    expiresInMs = 600_000,
    secret = keys.alice.secretAccessKey,
  ) {
    const base = {
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': credential(),
      'x-amz-date': `${date}T000000Z`,
    };
    const document = {
      expiration: new Date(Date.now() + expiresInMs).toISOString(),
      conditions: [...conditions, ...Object.entries(base).map(([k, v]) => ({ [k]: v }))],
    };
    const policy = Buffer.from(JSON.stringify(document)).toString('base64');
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), 'us-east-1'), 's3'), 'aws4_request');
    return { ...base, policy, 'x-amz-signature': createHmac('sha256', key).update(policy).digest('hex') };
  }

  async function post(bucket: string, fields: Record<string, string>, file: string, fileName = 'photo.png') {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file], { type: 'image/png' }), fileName);
    return anonymous(`/${bucket}`, { method: 'POST', body: form, redirect: 'manual' });
  }

  beforeAll(async () => {
    await alice.send(new CreateBucketCommand({ Bucket: 'inbox' }));
  });

  it('stores a browser upload under a signed policy, with the file name in the key and success_action_status 201', async () => {
    const fields = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder, not a template.
      key: 'uploads/${filename}',
      success_action_status: '201',
      'Content-Type': 'image/png',
      ...presignedFields([
        { bucket: 'inbox' },
        ['starts-with', '$key', 'uploads/'],
        ['content-length-range', 1, 100],
        { success_action_status: '201' },
        ['starts-with', '$Content-Type', 'image/'],
      ]),
    };
    const created = await post('inbox', fields, 'png-bytes');
    expect([created.status, created.text]).toEqual([
      201,
      expect.stringContaining('<Key>uploads/photo.png</Key>'),
    ]);
    expect(created.text).toContain('<Bucket>inbox</Bucket>');
    const stored = await alice.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'uploads/photo.png' }));
    expect([await stored.Body?.transformToString(), stored.ContentType]).toEqual(['png-bytes', 'image/png']);
  });

  it('refuses an expired policy, a failed condition, an extra field, a file too large and a bad signature', async () => {
    const conditions = [
      { bucket: 'inbox' },
      ['starts-with', '$key', 'uploads/'],
      ['content-length-range', 1, 10],
    ];
    const expired = await post('inbox', { key: 'uploads/a', ...presignedFields(conditions, -60_000) }, 'x');
    expect([expired.status, expired.code]).toEqual([403, 'AccessDenied']);
    expect(expired.text).toContain('Invalid according to Policy: Policy expired.');
    const outside = await post('inbox', { key: 'elsewhere/a', ...presignedFields(conditions) }, 'x');
    expect([outside.status, outside.code]).toEqual([403, 'AccessDenied']);
    expect(outside.text).toContain('Policy Condition failed');
    const extra = await post(
      'inbox',
      { key: 'uploads/a', 'x-amz-meta-note': 'n', ...presignedFields(conditions) },
      'x',
    );
    expect(extra.text).toContain('Extra input fields: x-amz-meta-note');
    const large = await post(
      'inbox',
      { key: 'uploads/large', ...presignedFields(conditions) },
      'x'.repeat(11),
    );
    expect([large.status, large.code]).toEqual([400, 'EntityTooLarge']);
    expect(
      await s3Outcome(alice.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'uploads/large' }))),
    ).toMatchObject({
      name: 'NoSuchKey',
    });
    const forged = await post(
      'inbox',
      { key: 'uploads/a', ...presignedFields(conditions, 600_000, 'not-the-secret') },
      'x',
    );
    expect([forged.status, forged.code]).toEqual([403, 'SignatureDoesNotMatch']);
    // No policy at all: an anonymous upload, which this private bucket refuses.
    expect(await post('inbox', { key: 'uploads/a' }, 'x')).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });

  it('redirects to success_action_redirect with the bucket, key and ETag, and answers 204 by default', async () => {
    const redirect = 'https://app.example/done';
    const conditions = [
      { bucket: 'inbox' },
      ['starts-with', '$key', ''],
      { success_action_redirect: redirect },
    ];
    const moved = await post(
      'inbox',
      { key: 'r', success_action_redirect: redirect, ...presignedFields(conditions) },
      'r',
    );
    expect(moved.status).toBe(303);
    const location = new URL(moved.headers.get('location') ?? '');
    expect([location.origin + location.pathname, location.searchParams.get('key')]).toEqual([redirect, 'r']);
    expect(location.searchParams.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const plain = await post(
      'inbox',
      { key: 'plain', ...presignedFields([{ bucket: 'inbox' }, ['eq', '$key', 'plain']]) },
      'p',
    );
    expect(plain.status).toBe(204);
  });
});

it('serves boto3 bucket policy, Block Public Access and ACL calls, refusals included', async () => {
  const result = await runPython(SCRIPT, [url, keys.alice.accessKeyId, keys.alice.secretAccessKey], {
    HOME: cwd,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    publicBlocked: [403, 'AccessDenied'],
    malformed: [400, 'MalformedPolicy'],
    status: true,
    anonymous: [200, 'hello'],
    aclRefused: [400, 'AccessControlListNotSupported'],
    objectAcl: ['READ'],
    anonymousAcl: [200, 'public'],
    presignedPost: [204, 'posted'],
    presignedExpired: 403,
    deniedByPolicy: [403, 'AccessDenied', 'kept'],
    preflight: { allowed: [200, 'https://app.example'], refused: [403, true] },
  });
});
