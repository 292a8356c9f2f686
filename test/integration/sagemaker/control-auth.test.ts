// The SageMaker control plane under authentication: SigV4 verified over the body (scope `sagemaker`) and each call
// authorized as `sagemaker:<Operation>` on the resource's ARN, as the other AWS APIs on the port are.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AuthServer, allowOnly, runPython, startAuthServer } from '../authz/support.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/sagemaker/boto3_control_auth.py');
let t: AuthServer;
let scoped: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  t = await startAuthServer();
  await t.app.iam.users.createUser('scoped');
  await t.app.iam.policies.attach(
    { type: 'user', name: 'scoped' },
    'one-model',
    allowOnly('sagemaker:DescribeModel', 'arn:aws:sagemaker:us-east-1:000000000000:model/mine'),
  );
  scoped = await t.app.iam.users.createAccessKey('scoped');
}, 60_000);
afterAll(() => t?.close());

it('verifies signatures and enforces IAM per operation and resource', async () => {
  const run = await runPython(SCRIPT, [
    t.server.url,
    t.admin.accessKeyId,
    t.admin.secretAccessKey,
    scoped.accessKeyId,
    scoped.secretAccessKey,
  ]);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({
    adminCreate: 'ok',
    scopedDescribeAllowed: 'ok',
    scopedDescribeOther: ['AccessDeniedException', 403],
    scopedCreate: ['AccessDeniedException', 403],
    scopedList: ['AccessDeniedException', 403],
    wrongSecret: [expect.stringMatching(/SignatureDoesNotMatch|InvalidSignature/), expect.any(Number)],
  });
  const unsigned = await fetch(t.server.url, {
    method: 'POST',
    headers: { 'x-amz-target': 'SageMaker.ListModels', 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  expect(unsigned.status).toBeGreaterThanOrEqual(400);
  expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
    /MissingAuthenticationToken|AccessDenied|Unrecognized/,
  );
}, 120_000);
