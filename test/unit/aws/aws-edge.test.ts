// The AWS edge helpers alone: SigV4 credential scopes, the routing rule, the aws-chunked decoder, checksums.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseDestination, OwnRoutes } from '../../../src/http/aws/edge-routing.js';
import { decodeAwsChunked } from '../../../src/http/aws/s3/aws-chunked.js';
import { createDigest } from '../../../src/http/aws/s3/checksums.js';
import { S3_ERROR_CODES } from '../../../src/http/aws/s3/s3-errors.js';
import { readAwsSignature } from '../../../src/http/aws/sigv4.js';
import { multipartEtag } from '../../../src/modules/storage/multipart/part-checks.js';

const v4 = (credential: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=abc`,
});

describe('readAwsSignature', () => {
  it('reads the access key, region and service of SigV4, SigV4a, SigV2 and presigned requests', () => {
    expect(readAwsSignature(v4('AKID/20260101/eu-west-1/s3/aws4_request'), '')).toEqual({
      kind: 'sigv4',
      scope: { accessKeyId: 'AKID', region: 'eu-west-1', service: 's3' },
    });
    expect(
      readAwsSignature(
        { authorization: 'AWS4-ECDSA-P256-SHA256 Credential=AKID/20260101/s3/aws4_request, Signature=x' },
        '',
      ),
    ).toEqual({ kind: 'sigv4', scope: { accessKeyId: 'AKID', region: '', service: 's3' } });
    expect(readAwsSignature({ authorization: 'AWS AKID:c2ln' }, '')).toEqual({
      kind: 'sigv2',
      accessKeyId: 'AKID',
    });
    const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('K/20260101/us-east-1/lambda/aws4_request')}`;
    expect(readAwsSignature({}, query)).toEqual({
      kind: 'sigv4',
      scope: { accessKeyId: 'K', region: 'us-east-1', service: 'lambda' },
    });
    expect(readAwsSignature({}, 'prefix=a')).toEqual({ kind: 'unsigned' });
  });

  it('calls unreadable credentials malformed', () => {
    expect(readAwsSignature(v4('AKID/2026/us-east-1/s3/aws4_request'), '').kind).toBe('malformed');
    expect(readAwsSignature({ authorization: 'AWS4-HMAC-SHA256 Signature=abc' }, '').kind).toBe('malformed');
    expect(readAwsSignature({ authorization: 'Bearer token' }, '').kind).toBe('malformed');
  });
});

describe('chooseDestination', () => {
  it('sends unsigned requests to S3 unless their first segment is one of Scones own routes', () => {
    const own = new OwnRoutes();
    for (const url of [
      '/api/v1/buckets',
      '/healthz',
      '/assets/app.js',
      '/',
      '/:param/x',
      '/__aws/s3/:bucket',
    ])
      own.add(url);
    const unsigned = (url: string) => chooseDestination({ url, headers: {} }, own);
    expect(unsigned('/photos/cat.png')).toBe('s3');
    expect(unsigned('/photos?cors')).toBe('s3');
    expect(unsigned('/api/v1/nothing')).toBe('routes');
    expect(unsigned('/healthz')).toBe('routes');
    expect(unsigned('/assets/x.js')).toBe('routes');
    expect(unsigned('/')).toBe('routes');
    expect(unsigned('/%61pi/v1')).toBe('routes');
    expect(chooseDestination({ url: '/', headers: { 'x-amz-target': 'AWSStepFunctions.X' } }, own)).toBe(
      'routes',
    );
  });

  const route = (url: string, headers: Record<string, string> = {}) => chooseDestination({ url, headers });

  it('sends requests signed for s3 to S3 whatever the path, and everything else to the routes', () => {
    expect(route('/healthz', v4('K/20260101/us-east-1/s3/aws4_request'))).toBe('s3');
    expect(route('/', { authorization: 'AWS K:c2ln' })).toBe('s3');
    expect(route(`/b/k?X-Amz-Credential=${encodeURIComponent('K/20260101/us-east-1/s3/aws4_request')}`)).toBe(
      's3',
    );
    expect(route('/bucket/key', v4('K/20260101/us-east-1/lambda/aws4_request'))).toBe('routes');
    expect(route('/', { 'x-amz-target': 'AWSStepFunctions.StartExecution' })).toBe('routes');
    expect(route('/bucket/key?uploads')).toBe('s3');
    expect(route('/__aws/s3/bucket', v4('K/20260101/us-east-1/s3/aws4_request'))).toBe('routes');
    expect(route('/bucket/key', { authorization: 'AWS4-HMAC-SHA256 Signature=00' })).toBe('routes');
  });
});

async function decode(pieces: readonly string[]) {
  const trailers = new Map<string, string>();
  const out: Buffer[] = [];
  const source = (async function* () {
    for (const piece of pieces) yield Buffer.from(piece, 'latin1');
  })();
  for await (const chunk of decodeAwsChunked(source, trailers)) out.push(Buffer.from(chunk));
  return { body: Buffer.concat(out).toString('latin1'), trailers: Object.fromEntries(trailers) };
}

describe('decodeAwsChunked', () => {
  const encoded = `4;chunk-signature=${'f'.repeat(64)}\r\nabcd\r\n3\r\nefg\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:00\r\n\r\n`;

  it('decodes the same body however the bytes are split', async () => {
    for (let cut = 1; cut < encoded.length; cut++) {
      const result = await decode([encoded.slice(0, cut), encoded.slice(cut)]);
      expect(result).toEqual({
        body: 'abcdefg',
        trailers: { 'x-amz-checksum-crc32': 'AAAAAA==', 'x-amz-trailer-signature': '00' },
      });
    }
    expect((await decode([...encoded])).body).toBe('abcdefg');
  });

  it('accepts a body that ends right after the final chunk, as the JS SDK sends without a checksum', async () => {
    expect(await decode(['2\r\nhi\r\n0\r\n'])).toEqual({ body: 'hi', trailers: {} });
  });

  it('refuses broken encodings with stable codes', async () => {
    await expect(decode(['2\r\nhi'])).rejects.toMatchObject({ code: S3_ERROR_CODES.INCOMPLETE_BODY });
    await expect(decode(['x\r\n'])).rejects.toMatchObject({ code: S3_ERROR_CODES.INVALID_CHUNK });
    await expect(decode(['1\r\nhi\r\n'])).rejects.toMatchObject({ code: S3_ERROR_CODES.INVALID_CHUNK });
    await expect(decode(['0\r\nnot a trailer\r\n\r\n'])).rejects.toMatchObject({
      code: S3_ERROR_CODES.INVALID_CHUNK,
    });
    await expect(decode(['f'.repeat(9000)])).rejects.toMatchObject({ code: S3_ERROR_CODES.INVALID_CHUNK });
  });
});

describe('checksums and ETags', () => {
  it('computes CRC-32C and CRC-64/NVME like their published check values, fed in pieces', async () => {
    for (const [algorithm, check] of [
      ['crc32c', 'e3069283'],
      ['crc64nvme', 'ae8b14860a799888'],
      ['crc32', 'cbf43926'],
    ] as const) {
      const digest = createDigest(algorithm);
      digest.update(Buffer.from('1234'));
      digest.update(Buffer.from('56789'));
      expect((await digest.digest()).toString('hex')).toBe(check);
    }
  });

  it('builds the multipart ETag from the part MD5s', () => {
    const parts = [Buffer.from('first part'), Buffer.from('second')];
    const md5s = parts.map((p) => createHash('md5').update(p).digest());
    const expected = `${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-2`;
    expect(multipartEtag(md5s.map((m) => m.toString('hex')))).toBe(expected);
  });
});
