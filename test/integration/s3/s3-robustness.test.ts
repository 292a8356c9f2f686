// Hostile and broken S3 requests over raw HTTP: the server answers S3 errors, stores nothing, and keeps serving.
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles } from '../../support/store-temp.js';
import { type S3TestServer, s3Auth, startS3TestServer } from './s3-server.js';

let server: S3TestServer;
let s3: S3Client;
/** One socket for every raw request, so a request that broke the connection would fail the next one. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = await startS3TestServer();
  s3 = server.client();
  await s3.send(new CreateBucketCommand({ Bucket: 'tough' }));
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

interface RawResponse {
  readonly status: number;
  /** Whether the request went over a kept-alive connection that earlier requests used. */
  readonly reused?: boolean;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Reads a whole response and hands its status, headers and body (as text) to `done`. */
function readAll(response: http.IncomingMessage, done: (read: RawResponse) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () =>
    done({
      status: response.statusCode ?? 0,
      headers: response.headers,
      body: Buffer.concat(chunks).toString(),
    }),
  );
}

function send(
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(target, server.url);
    const request = http.request(url, { method, headers: { ...s3Auth(), ...headers }, agent }, (response) =>
      readAll(response, (read) => resolve({ ...read, reused: request.reusedSocket })),
    );
    request.on('error', reject);
    request.end(body);
  });
}

const errorCode = (response: RawResponse) => /<Code>([^<]*)<\/Code>/.exec(response.body)?.[1];

async function exists(key: string): Promise<boolean> {
  return (await send('HEAD', `/tough/${key}`, {})).status === 200;
}

/** A refused request must leave the connection usable: the next request goes over the same socket. */
async function connectionStillUsable(): Promise<boolean> {
  const response = await send('GET', '/tough?list-type=2&max-keys=1', {});
  return response.status === 200 && response.reused === true;
}

function chunked(body: string, headers: Record<string, string> = {}) {
  return {
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  };
}

const crc32Base64 = (data: string) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out.toString('base64');
};

describe('S3 bodies', () => {
  it('decodes unsigned chunks with a checksum trailer and signed chunks', async () => {
    const trailer = `5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:${crc32Base64('hello world')}\r\n\r\n`;
    const put = await send(
      'PUT',
      '/tough/unsigned-chunks',
      chunked(trailer, { 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': '11' }),
      trailer,
    );
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-checksum-crc32']).toBe(crc32Base64('hello world'));
    const signature = 'a'.repeat(64);
    const signed = `5;chunk-signature=${signature}\r\nhello\r\n0;chunk-signature=${signature}\r\n\r\n`;
    const signedPut = await send(
      'PUT',
      '/tough/signed-chunks',
      chunked(signed, {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'x-amz-decoded-content-length': '5',
      }),
      signed,
    );
    expect(signedPut.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'tough', Key: 'signed-chunks' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    expect((await send('GET', '/tough/unsigned-chunks', {})).body).toBe('hello world');
  });

  it.each([
    ['a bad chunk size', 'zz\r\nhello\r\n0\r\n\r\n', {}, 'InvalidRequest'],
    ['a chunk longer than declared', '3\r\nhello\r\n0\r\n\r\n', {}, 'InvalidRequest'],
    ['a body cut inside a chunk', 'a\r\nhello', {}, 'IncompleteBody'],
    ['bytes after the final chunk', '5\r\nhello\r\n0\r\n\r\nextra', {}, 'InvalidRequest'],
    [
      'a decoded length that does not match',
      '5\r\nhello\r\n0\r\n\r\n',
      { 'x-amz-decoded-content-length': '9' },
      'IncompleteBody',
    ],
    [
      'a wrong checksum trailer',
      `5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${crc32Base64('other')}\r\n\r\n`,
      { 'x-amz-trailer': 'x-amz-checksum-crc32' },
      'BadDigest',
    ],
  ])('refuses %s and stores nothing', async (_why, body, headers, code) => {
    const key = `refused-${code}-${Buffer.byteLength(body)}`;
    const response = await send('PUT', `/tough/${key}`, chunked(body, headers), body);
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe(code);
    expect(await connectionStillUsable()).toBe(true);
    expect(await exists(key)).toBe(false);
  });

  it('checks Content-MD5, x-amz-checksum-* and x-amz-content-sha256 headers', async () => {
    const wrongMd5 = await send(
      'PUT',
      '/tough/md5',
      { 'content-md5': createHash('md5').update('x').digest('base64') },
      'y',
    );
    expect([wrongMd5.status, errorCode(wrongMd5)]).toEqual([400, 'BadDigest']);
    const badMd5 = await send('PUT', '/tough/md5', { 'content-md5': 'not-base64!' }, 'y');
    expect(errorCode(badMd5)).toBe('InvalidDigest');
    const wrongCrc = await send('PUT', '/tough/crc', { 'x-amz-checksum-crc32': crc32Base64('x') }, 'y');
    expect(errorCode(wrongCrc)).toBe('BadDigest');
    const wrongSha = await send(
      'PUT',
      '/tough/sha',
      { 'x-amz-content-sha256': createHash('sha256').update('x').digest('hex') },
      'y',
    );
    expect(errorCode(wrongSha)).toBe('XAmzContentSHA256Mismatch');
    expect(await exists('md5')).toBe(false);
    expect(await exists('crc')).toBe(false);
    expect(await exists('sha')).toBe(false);
    const right = await send(
      'PUT',
      '/tough/ok',
      {
        'content-md5': createHash('md5').update('y').digest('base64'),
        'x-amz-checksum-crc32': crc32Base64('y'),
      },
      'y',
    );
    expect(right.status).toBe(200);
  });

  it('refuses malformed XML documents', async () => {
    const cases = [
      ['POST', '/tough?delete', '<Delete><Object><Key>a</Key></Delete>'],
      [
        'POST',
        '/tough?delete',
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><Delete><Object><Key>&e;</Key></Object></Delete>',
      ],
      ['POST', '/tough?delete', '<Other/>'],
      ['POST', '/tough?delete', ''],
      ['POST', '/tough/key?uploadId=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '<CompleteMultipartUpload><Part>'],
      ['PUT', '/new-bucket-xml', '<CreateBucketConfiguration><LocationConstraint>'],
    ] as const;
    for (const [method, target, body] of cases) {
      const response = await send(method, target, { 'content-type': 'application/xml' }, body);
      expect([target, response.status, errorCode(response)]).toEqual([target, 400, 'MalformedXML']);
      expect(await connectionStillUsable()).toBe(true);
    }
  });

  it('survives a connection dropped in the middle of an upload, leaving no object and no temp file', async () => {
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `PUT /tough/dropped HTTP/1.1\r\nHost: x\r\nAuthorization: ${s3Auth().authorization}\r\nContent-Length: 1000000\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 7));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    const objects = path.join(server.root, 'objects');
    for (let i = 0; i < 100 && (await tempFiles(objects)).length > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await tempFiles(objects)).toEqual([]);
    expect(await exists('dropped')).toBe(false);
  });

  it('still serves SDK requests afterwards', async () => {
    const got = await s3.send(new GetObjectCommand({ Bucket: 'tough', Key: 'ok' }));
    expect(await got.Body?.transformToString()).toBe('y');
  });
});

describe('routing on the shared port', () => {
  const plain = (target: string, headers: Record<string, string> = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      http
        .get(new URL(target, server.url), { headers }, (response) => readAll(response, resolve))
        .on('error', reject);
    });

  it('sends S3-signed requests to S3 whatever the path, and leaves unsigned ones to their routes', async () => {
    expect(JSON.parse((await plain('/healthz')).body)).toMatchObject({ status: 'ok' });
    const signed = await send('GET', '/healthz', {});
    expect([signed.status, errorCode(signed)]).toEqual([404, 'NoSuchBucket']);
    expect((await send('PUT', '/healthz', {})).status).toBe(200);
    expect((await send('HEAD', '/healthz', {})).status).toBe(200);
    expect(JSON.parse((await plain('/healthz')).body)).toMatchObject({ status: 'ok' });
    const rest = JSON.parse((await plain('/api/v1/buckets')).body);
    expect(rest.buckets.map((b: { name: string }) => b.name)).toContain('healthz');
    expect((await send('DELETE', '/healthz', {})).status).toBe(204);
  });

  it('serves presigned and unsigned bucket paths as S3, and leaves Scones paths to their routes', async () => {
    const credential = encodeURIComponent('AKIDPRESIGN/20260101/us-east-1/s3/aws4_request');
    const presigned = await plain(
      `/tough/ok?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=00`,
    );
    expect([presigned.status, presigned.body]).toEqual([200, 'y']);
    // Auth is off here: an anonymous caller may do anything, as every caller may.
    const anonymous = await plain('/tough/ok');
    expect([anonymous.status, anonymous.body]).toEqual([200, 'y']);
    const missing = await plain('/no-such-bucket-here/k');
    expect([missing.status, missing.body]).toEqual([
      404,
      expect.stringContaining('<Code>NoSuchBucket</Code>'),
    ]);
    const scones = await plain('/api/nothing-here');
    expect(scones.status).toBe(404);
    expect(JSON.parse(scones.body).error.code).toBe('HTTP_NOT_FOUND');
  });

  it('leaves requests signed for other services and X-Amz-Target requests to the other routes', async () => {
    const lambda = await plain('/tough/ok', s3Auth('lambda'));
    expect(lambda.status).toBe(404);
    expect(JSON.parse(lambda.body).error.code).toBe('HTTP_NOT_FOUND');
    const target = await plain('/tough/ok', { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' });
    expect(JSON.parse(target.body).error.code).toBe('HTTP_NOT_FOUND');
  });
});
