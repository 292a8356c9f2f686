// A chunk-signed streaming upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) with auth on, signed by the AWS SDK's own
// signer: stored when every chunk signature holds, refused (SignatureDoesNotMatch, nothing stored) when one does not.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signer, signHeader } from '../../unit/iam/sigv4-support.js';
import { type AuthServer, startAuthServer } from './support.js';

let server: AuthServer;
beforeAll(async () => {
  server = await startAuthServer();
  await server.app.store.createBucket('shared');
});
afterAll(() => server?.close());

async function upload(key: string, parts: readonly string[], sent: readonly string[] = parts) {
  const url = new URL(server.server.url);
  const at = Date.now();
  const credentials = { akid: server.admin.accessKeyId, secret: server.admin.secretAccessKey };
  const seed = await signHeader(
    's3',
    {
      method: 'PUT',
      hostname: url.hostname,
      port: Number(url.port),
      path: `/shared/${key}`,
      headers: {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(sent.join('').length),
      },
    },
    at,
    credentials,
  );
  let prior = /Signature=([0-9a-f]{64})/.exec(String(seed.headers.authorization))?.[1] as string;
  let body = '';
  for (const [index, data] of [...parts, ''].entries()) {
    const signature = await signer('s3', credentials).sign(
      { headers: new Uint8Array(), payload: new TextEncoder().encode(data) },
      { signingDate: new Date(at), priorSignature: prior },
    );
    const wire = index < sent.length ? (sent[index] as string) : '';
    body += `${wire.length.toString(16)};chunk-signature=${signature}\r\n${wire}\r\n`;
    prior = signature;
  }
  const { host: _host, ...headers } = seed.headers as Record<string, string>;
  return fetch(`${server.server.url}/shared/${key}`, { method: 'PUT', headers, body });
}

it('stores a chunk-signed upload whose signatures hold', async () => {
  const response = await upload('public/chunked.txt', ['hello ', 'world']);
  expect(response.status, await response.text()).toBe(200);
  const stored = await server.app.store.getObject('shared', 'public/chunked.txt');
  const chunks: Uint8Array[] = [];
  for await (const chunk of stored.body) chunks.push(chunk);
  expect(Buffer.concat(chunks).toString()).toBe('hello world');
});

it('refuses an upload with a chunk changed after signing, storing nothing', async () => {
  const response = await upload('public/tampered.txt', ['hello ', 'world'], ['hello ', 'WORLD']);
  expect(response.status).toBe(403);
  expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  const listed = await server.app.store.listObjects('shared');
  expect(listed.contents.map((o) => o.key)).toEqual(['public/chunked.txt']);
});
