// What authentication costs per request: S3 GetObject (1 KiB) through the SDK against a server with auth off and on
// (SigV4 verification, key lookup and decryption, policy evaluation). Run on purpose:
// `npx vitest bench --run bench/authz`.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, bench, describe } from 'vitest';
import { startTestServer } from '../../test/support/scones-app.js';

const off = await startTestServer({ 'server.auth': 'off' });
const on = await startTestServer({ 'server.auth': 'on' });
await on.app.iam.users.createUser('bench');
await on.app.iam.policies.attach({ type: 'user', name: 'bench' }, 'read', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bench/*' }],
});
const key = await on.app.iam.users.createAccessKey('bench');
for (const server of [off, on]) {
  await server.app.store.createBucket('bench');
  await server.app.store.putObject('bench', 'one-kib', Buffer.alloc(1024, 7));
}

function client(url: string): S3Client {
  return new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
}
const clients = { off: client(off.server.url), on: client(on.server.url) };

async function get(s3: S3Client): Promise<void> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'one-kib' }));
  await answer.Body?.transformToByteArray();
}

afterAll(async () => {
  await off.close();
  await on.close();
});

describe('S3 GetObject, 1 KiB, one client in sequence', () => {
  bench('auth off', () => get(clients.off), { iterations: 500, warmupIterations: 50 });
  bench('auth on', () => get(clients.on), { iterations: 500, warmupIterations: 50 });
});
