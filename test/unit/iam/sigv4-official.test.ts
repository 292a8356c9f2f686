// verifySigV4 against signatures made by the AWS SDK's own signer (@smithy/signature-v4), for many request shapes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IAM_ERROR_CODES as CODES, type SignedRequest, verifySigV4 } from '../../../src/modules/iam/index.js';
import { codeOf } from '../../support/error-code.js';
import {
  AKID,
  lookupFor,
  presign,
  type SdkRequest,
  SECRET,
  signer,
  signHeader,
  T0,
} from './sigv4-support.js';

const TEMP = 'ASIATESTTESTTESTTEST';
const TOKEN = 'FwoGZXIvYXdzEXAMPLEtoken/with+chars==';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const lookup = lookupFor({
  [AKID]: { secretAccessKey: SECRET },
  [TEMP]: { secretAccessKey: 'temp-secret', sessionTokenSha256: sha(TOKEN), expiresAt: T0 + 3600_000 },
  AKIAINACTIVE00000000: { secretAccessKey: SECRET, active: false },
});

const S3_UNSIGNED = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
const shapes: Array<[string, string, SdkRequest]> = [
  ['s3 list buckets', 's3', { method: 'GET', path: '/', headers: S3_UNSIGNED }],
  [
    's3 get with encoded key',
    's3',
    { method: 'GET', path: '/bucket/train/a%20b%2Bc.png', headers: S3_UNSIGNED },
  ],
  [
    's3 key with reserved characters',
    's3',
    { method: 'GET', path: '/bucket/%21%27%28%29%2A~-_./%24%26%40%3D%3B%3A', headers: S3_UNSIGNED },
  ],
  [
    's3 unicode key',
    's3',
    {
      method: 'GET',
      path: `/bucket/${encodeURIComponent('vélo/摩托车.png').replaceAll('%2F', '/')}`,
      headers: S3_UNSIGNED,
    },
  ],
  [
    's3 key with encoded slash and double slash',
    's3',
    { method: 'GET', path: '/bucket/a%2Fb//c', headers: S3_UNSIGNED },
  ],
  ['s3 dot segments kept', 's3', { method: 'GET', path: '/bucket/./a/../b', headers: S3_UNSIGNED }],
  [
    's3 list v2 with query',
    's3',
    {
      method: 'GET',
      path: '/bucket',
      query: {
        'list-type': '2',
        prefix: 'train/',
        delimiter: '/',
        'max-keys': '10',
        'continuation-token': 'a+b/c=',
      },
      headers: S3_UNSIGNED,
    },
  ],
  [
    's3 query needing encoding',
    's3',
    {
      method: 'GET',
      path: '/bucket',
      query: { prefix: 'with space/ü&=?', 'encoding-type': 'url' },
      headers: S3_UNSIGNED,
    },
  ],
  [
    's3 empty query value',
    's3',
    { method: 'POST', path: '/bucket/big.bin', query: { uploads: '' }, headers: S3_UNSIGNED },
  ],
  [
    's3 repeated query key',
    's3',
    { method: 'GET', path: '/bucket', query: { tag: ['b', 'a', 'c'] }, headers: S3_UNSIGNED },
  ],
  [
    's3 put with hashed body',
    's3',
    {
      method: 'PUT',
      path: '/bucket/k.json',
      body: '{"label":8}',
      headers: { 'content-type': 'application/json', 'x-amz-meta-note': '  two   spaces  inside ' },
    },
  ],
  [
    's3 put streaming',
    's3',
    {
      method: 'PUT',
      path: '/bucket/stream',
      headers: {
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '5',
      },
    },
  ],
  ['s3 delete', 's3', { method: 'DELETE', path: '/bucket/k', headers: S3_UNSIGNED }],
  ['s3 head with port', 's3', { method: 'HEAD', path: '/bucket/k', port: 8080, headers: S3_UNSIGNED }],
  [
    'lambda invoke',
    'lambda',
    {
      method: 'POST',
      path: '/2015-03-31/functions/bikes-filter/invocations',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    },
  ],
  [
    'lambda invoke by ARN (double encoding)',
    'lambda',
    {
      method: 'POST',
      path: `/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:f')}/invocations`,
      query: { Qualifier: '$LATEST' },
      body: '{}',
    },
  ],
  [
    'lambda list with dot segments',
    'lambda',
    { method: 'GET', path: '/2015-03-31/./functions/../functions/', query: { MaxItems: '5' }, body: '' },
  ],
  [
    'states json 1.0',
    'states',
    {
      method: 'POST',
      path: '/',
      body: '{"stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:m"}',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartExecution',
      },
    },
  ],
  [
    'sagemaker invoke endpoint',
    'sagemaker',
    {
      method: 'POST',
      path: '/endpoints/bikes/invocations',
      body: new Uint8Array([0, 1, 2, 255]),
      headers: { 'content-type': 'application/x-image', accept: 'application/json' },
    },
  ],
  ['sagemaker no body', 'sagemaker', { method: 'GET', path: '/endpoints/bikes', body: '' }],
];

describe('verifySigV4 with the official signer: header form', () => {
  it.each(shapes)('%s', async (_name, service, request) => {
    const signed = await signHeader(service, request, T0, { region: 'eu-west-1' });
    const verified = await verifySigV4(signed, lookup, T0 + 5000);
    expect(verified).toMatchObject({
      principal: AKID,
      accessKeyId: AKID,
      service,
      region: 'eu-west-1',
      form: 'header',
      signedAt: T0,
    });
  });

  it.each(shapes)('%s: a wrong secret fails', async (_name, service, request) => {
    const signed = await signHeader(service, request, T0, { secret: 'not-the-secret' });
    expect(await codeOf(verifySigV4(signed, lookup, T0))).toBe(CODES.SIGNATURE_MISMATCH);
  });
});

// The S3 presigner signs UNSIGNED-PAYLOAD (given as the x-amz-content-sha256 header before presigning).
describe('verifySigV4 with the official signer: presigned URLs', () => {
  const presignShapes = shapes.filter(([, service, r]) => service === 's3' && r.body === undefined);
  it.each(presignShapes)('%s', async (_name, service, request) => {
    const signed = await presign(service, request, 900);
    expect(await verifySigV4(signed, lookup, T0 + 899_000)).toMatchObject({
      form: 'presigned',
      service,
      accessKeyId: AKID,
    });
    expect(await codeOf(verifySigV4(signed, lookup, T0 + 901_000))).toBe(CODES.REQUEST_EXPIRED);
  });

  it('works for services other than S3 (hashed empty body)', async () => {
    const signed = await presign('lambda', { method: 'GET', path: '/2015-03-31/functions/f' }, 60);
    expect(await verifySigV4(signed, lookup, T0)).toMatchObject({ service: 'lambda', form: 'presigned' });
  });

  it('with temporary credentials carries and checks X-Amz-Security-Token', async () => {
    const signed = await presign('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED }, 300, T0, {
      akid: TEMP,
      secret: 'temp-secret',
      token: TOKEN,
    });
    expect(signed.query).toContain('X-Amz-Security-Token=');
    expect((await verifySigV4(signed, lookup, T0)).principal).toBe(TEMP);
  });

  it('refuses a URL signed in the future beyond the skew, and allows 7 days at most', async () => {
    const future = await presign(
      's3',
      { method: 'GET', path: '/b/k', headers: S3_UNSIGNED },
      60,
      T0 + 16 * 60_000,
    );
    expect(await codeOf(verifySigV4(future, lookup, T0))).toBe(CODES.REQUEST_TIME_SKEWED);
    const week = await presign('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED }, 604_800);
    expect((await verifySigV4(week, lookup, T0 + 604_799_000)).form).toBe('presigned');
    const tooLong = { ...week, query: week.query.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801') };
    expect(await codeOf(verifySigV4(tooLong, lookup, T0))).toBe(CODES.MALFORMED_AUTHORIZATION);
  });

  it('may be used many times until it expires', async () => {
    const signed = await presign('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED }, 60);
    await verifySigV4(signed, lookup, T0);
    expect((await verifySigV4(signed, lookup, T0 + 59_000)).form).toBe('presigned');
    expect(await codeOf(verifySigV4(signed, lookup, T0 + 61_000))).toBe(CODES.REQUEST_EXPIRED);
  });
});

describe('verifySigV4 refuses tampered requests', () => {
  let base: SignedRequest;
  const get = async () => {
    base ??= await signHeader('s3', {
      method: 'GET',
      path: '/bucket/key',
      query: { 'list-type': '2', prefix: 'a' },
      headers: { ...S3_UNSIGNED, 'x-amz-meta-a': 'one' },
    });
    return base;
  };
  const tampered: Array<[string, (r: SignedRequest) => SignedRequest]> = [
    ['method', (r) => ({ ...r, method: 'PUT' })],
    ['path', (r) => ({ ...r, path: '/bucket/other' })],
    ['path encoding of a different key', (r) => ({ ...r, path: '/bucket/key%20' })],
    ['query value', (r) => ({ ...r, query: r.query.replace('prefix=a', 'prefix=b') })],
    ['query added', (r) => ({ ...r, query: `${r.query}&extra=1` })],
    ['signed header value', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-meta-a': 'two' } })],
    ['host', (r) => ({ ...r, headers: { ...r.headers, host: 'evil.example' } })],
    ['payload hash', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-content-sha256': sha('x') } })],
    ['date (same day)', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20260115T120001Z' } })],
    [
      'signature',
      (r) => ({
        ...r,
        headers: {
          ...r.headers,
          authorization: String(r.headers.authorization).replace(/Signature=./, 'Signature=0'),
        },
      }),
    ],
  ];
  it.each(tampered)('%s', async (_name, change) => {
    expect(await codeOf(verifySigV4(change(await get()), lookup, T0))).toBe(CODES.SIGNATURE_MISMATCH);
    expect((await verifySigV4(await get(), lookup, T0)).form).toBe('header');
  });

  it('a presigned URL with a changed path, query or signature', async () => {
    const signed = await presign('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED }, 60);
    for (const bad of [
      { ...signed, path: '/b/k2' },
      { ...signed, query: `${signed.query}&x=1` },
      { ...signed, query: signed.query.replace('X-Amz-Expires=60', 'X-Amz-Expires=600') },
      { ...signed, method: 'PUT' },
    ])
      expect(await codeOf(verifySigV4(bad, lookup, T0))).toBe(CODES.SIGNATURE_MISMATCH);
  });

  it('a body that does not match its hash', async () => {
    const lambda = await signHeader('lambda', {
      method: 'POST',
      path: '/2015-03-31/functions/f/invocations',
      body: '{"a":1}',
    });
    const other = { ...lambda, bodySha256: sha('{"a":2}') };
    expect(await codeOf(verifySigV4(other, lookup, T0))).toBe(CODES.SIGNATURE_MISMATCH);
    const s3 = await signHeader('s3', { method: 'PUT', path: '/b/k', body: 'hello' });
    expect(await codeOf(verifySigV4({ ...s3, bodySha256: sha('HELLO') }, lookup, T0))).toBe(
      CODES.CONTENT_SHA256_MISMATCH,
    );
    expect((await verifySigV4(s3, lookup, T0)).payloadHash).toBe(sha('hello'));
  });

  it('an x-amz-* header that was not signed', async () => {
    const signed = await get();
    const extra = { ...signed, headers: { ...signed.headers, 'x-amz-acl': 'public-read' } };
    expect(await codeOf(verifySigV4(extra, lookup, T0))).toBe(CODES.HEADERS_NOT_SIGNED);
  });
});

describe('verifySigV4: time, keys, tokens, repeats', () => {
  const request = () => signHeader('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED });

  it('allows 15 minutes of clock skew either way, not more', async () => {
    const signed = await request();
    for (const now of [T0 - 15 * 60_000, T0 + 15 * 60_000])
      expect((await verifySigV4(signed, lookup, now)).form).toBe('header');
    for (const now of [T0 - 15 * 60_000 - 1, T0 + 15 * 60_000 + 1])
      expect(await codeOf(verifySigV4(signed, lookup, now))).toBe(CODES.REQUEST_TIME_SKEWED);
  });

  it('refuses unknown and inactive keys', async () => {
    const keys = [
      { akid: 'AKIAUNKNOWN000000000', code: CODES.INVALID_ACCESS_KEY_ID },
      { akid: 'AKIAINACTIVE00000000', code: CODES.INACTIVE_ACCESS_KEY },
    ];
    for (const { akid, code } of keys) {
      const signed = await signHeader('s3', { method: 'GET', path: '/' }, T0, { akid });
      expect(await codeOf(verifySigV4(signed, lookup, T0)), akid).toBe(code);
    }
  });

  it('accepts temporary credentials with their token and refuses them without it, with another, or expired', async () => {
    const temp = { akid: TEMP, secret: 'temp-secret' };
    const withToken = await signHeader('lambda', { method: 'POST', path: '/x', body: '' }, T0, {
      ...temp,
      token: TOKEN,
    });
    expect(withToken.headers['x-amz-security-token']).toBe(TOKEN);
    expect((await verifySigV4(withToken, lookup, T0)).principal).toBe(TEMP);
    const withoutToken = await signHeader('lambda', { method: 'POST', path: '/x', body: '' }, T0, temp);
    expect(await codeOf(verifySigV4(withoutToken, lookup, T0))).toBe(CODES.INVALID_TOKEN);
    const otherToken = await signHeader('lambda', { method: 'POST', path: '/x', body: '' }, T0, {
      ...temp,
      token: 'other',
    });
    expect(await codeOf(verifySigV4(otherToken, lookup, T0))).toBe(CODES.INVALID_TOKEN);
    const late = await signHeader('lambda', { method: 'POST', path: '/x', body: '' }, T0 + 3600_000, {
      ...temp,
      token: TOKEN,
    });
    expect(await codeOf(verifySigV4(late, lookup, T0 + 3600_000))).toBe(CODES.EXPIRED_TOKEN);
    const tokenOnLongTermKey = await signHeader('lambda', { method: 'POST', path: '/x', body: '' }, T0, {
      token: TOKEN,
    });
    expect(await codeOf(verifySigV4(tokenOnLongTermKey, lookup, T0))).toBe(CODES.INVALID_TOKEN);
  });

  it('accepts the same header signature again within the skew window, as AWS does', async () => {
    const signed = await request();
    for (const at of [T0, T0 + 1000, T0 + 14 * 60_000])
      expect((await verifySigV4(signed, lookup, at)).form).toBe('header');
    expect(await codeOf(verifySigV4(signed, lookup, T0 + 16 * 60_000))).toBe(CODES.REQUEST_TIME_SKEWED);
  });

  it('needs the body hash when there is no x-amz-content-sha256', async () => {
    const signed = await signHeader('lambda', { method: 'POST', path: '/x', body: '{}' });
    const { bodySha256: _, ...withoutHash } = signed;
    expect(await codeOf(verifySigV4(withoutHash, lookup, T0))).toBe(CODES.PAYLOAD_HASH_REQUIRED);
  });

  it('refuses unsigned, SigV2, both forms at once, and mismatched scope dates', async () => {
    expect(await codeOf(verifySigV4({ method: 'GET', path: '/', query: '', headers: {} }, lookup, T0))).toBe(
      CODES.MISSING_AUTHENTICATION,
    );
    expect(
      await codeOf(
        verifySigV4(
          { method: 'GET', path: '/', query: '', headers: { authorization: 'AWS AKID:sig' } },
          lookup,
          T0,
        ),
      ),
    ).toBe(CODES.UNSUPPORTED_ALGORITHM);
    const header = await request();
    const url = await presign('s3', { method: 'GET', path: '/b/k', headers: S3_UNSIGNED }, 60);
    expect(await codeOf(verifySigV4({ ...header, query: url.query }, lookup, T0))).toBe(
      CODES.MALFORMED_AUTHORIZATION,
    );
    const otherDay = { ...header, headers: { ...header.headers, 'x-amz-date': '20260116T120000Z' } };
    expect(await codeOf(verifySigV4(otherDay, lookup, T0))).toBe(CODES.MALFORMED_AUTHORIZATION);
    const badHash = { ...header, headers: { ...header.headers, 'x-amz-content-sha256': 'nonsense' } };
    expect(await codeOf(verifySigV4(badHash, lookup, T0))).toBe(CODES.INVALID_CONTENT_SHA256);
  });

  it('accepts repeated headers given as a list and the Date header instead of X-Amz-Date', async () => {
    const sdk = signer('s3');
    const date = new Date(T0);
    const signed = (await sdk.sign(
      {
        protocol: 'http:',
        hostname: 'h',
        method: 'GET',
        path: '/b',
        query: {},
        headers: { host: 'h', 'x-custom': 'a,b', ...S3_UNSIGNED },
      },
      { signingDate: date },
    )) as { headers: Record<string, string> };
    const headers: Record<string, string | string[]> = { ...signed.headers, 'x-custom': ['a', 'b'] };
    expect((await verifySigV4({ method: 'GET', path: '/b', query: '', headers }, lookup, T0)).form).toBe(
      'header',
    );
    const { 'x-amz-date': amzDate, ...rest } = signed.headers;
    const withDate = {
      ...rest,
      authorization: String(rest.authorization).replace('x-amz-date', 'date'),
      date: date.toUTCString(),
    };
    expect(amzDate).toBe('20260115T120000Z');
    expect(
      await codeOf(verifySigV4({ method: 'GET', path: '/b', query: '', headers: withDate }, lookup, T0)),
    ).toBe(CODES.SIGNATURE_MISMATCH);
  });
});

describe('chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  it('verifies each chunk against the SDK signer and refuses a changed chunk', async () => {
    const seed = await signHeader('s3', {
      method: 'PUT',
      path: '/b/stream',
      headers: {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
      },
    });
    const verified = await verifySigV4(seed, lookup, T0);
    const chunks = verified.chunks;
    if (!chunks) throw new Error('expected a chunk verifier');
    const seedSignature = /Signature=([0-9a-f]{64})/.exec(String(seed.headers.authorization))?.[1] as string;
    let prior = seedSignature;
    for (const data of ['hello ', 'world', '']) {
      const payload = new TextEncoder().encode(data);
      const signature = await signer('s3').sign(
        { headers: new Uint8Array(), payload },
        { signingDate: new Date(T0), priorSignature: prior },
      );
      chunks.verifyChunk(payload, signature);
      prior = signature;
    }
    const again = await verifySigV4(seed, lookup, T0);
    again.chunks?.verifyChunk(
      new TextEncoder().encode('hello '),
      await signer('s3').sign(
        { headers: new Uint8Array(), payload: new TextEncoder().encode('hello ') },
        { signingDate: new Date(T0), priorSignature: seedSignature },
      ),
    );
    expect(() => again.chunks?.verifyChunk(new TextEncoder().encode('WORLD'), prior)).toThrow(
      expect.objectContaining({ code: CODES.SIGNATURE_MISMATCH }),
    );
  });
});
