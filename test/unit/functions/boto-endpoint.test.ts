// Python handlers' boto3 clients, made without an endpoint, call back into the server given to the host.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type FunctionRuntime } from '../../../src/modules/functions/index.js';
import { fixtureVersion, MemoryLogSink, removeTempDirs, tempDir } from './support.js';

const LISTING = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>scones</Name><Prefix></Prefix>
<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>
<Contents><Key>train/bike.png</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag>
<Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`;

let server: Server;
let endpoint: string;
let runtime: FunctionRuntime;
const requests: Array<{ method: string; url: string; host: string; authorization: string }> = [];

function record(request: IncomingMessage): void {
  requests.push({
    method: request.method ?? '',
    url: request.url ?? '',
    host: request.headers.host ?? '',
    authorization: request.headers.authorization ?? '',
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    record(request);
    request.resume();
    if (request.url?.startsWith('/endpoints/')) {
      response.setHeader('content-type', 'application/json');
      response.end('[0.05, 0.95]');
      return;
    }
    response.setHeader('content-type', 'application/xml');
    response.end(LISTING);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A host name, not an IP: botocore would address buckets as virtual hosts (scones.localhost) unless forced.
  endpoint = `http://localhost:${(server.address() as AddressInfo).port}`;
  runtime = createFunctionRuntime({
    workDir: await tempDir('fn-boto'),
    logSink: new MemoryLogSink(),
    aws: { region: 'us-east-1', endpointUrl: endpoint, accessKeyId: 'AKIDSCONES', secretAccessKey: 'secret' },
  });
});
afterAll(async () => {
  await runtime.close();
  await removeTempDirs();
  await new Promise((resolve) => server.close(resolve));
});

const boto = (handler: string, environment: Record<string, string> = {}) =>
  fixtureVersion('python', 'boto', `lambda_function.${handler}`, {
    timeoutSeconds: 30,
    memoryMb: 512,
    environment,
  });

describe('boto3 inside python handlers', () => {
  it('sends S3 client calls to AWS_ENDPOINT_URL with path-style addressing', async () => {
    requests.length = 0;
    const result = await runtime.invoke({ fn: boto('list_bucket'), payload: '{"bucket":"scones"}' });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.payload)).toEqual({ keys: ['train/bike.png'], endpoint });
    expect(requests[0]).toMatchObject({ method: 'GET', host: endpoint.slice('http://'.length) });
    expect(requests[0]?.url).toMatch(/^\/scones\?list-type=2/);
    expect(requests[0]?.authorization).toMatch(/Credential=AKIDSCONES\/\d{8}\/us-east-1\/s3\/aws4_request/);
  });

  it('injects the endpoint itself, as botocore older than 1.31 ignores AWS_ENDPOINT_URL', async () => {
    requests.length = 0;
    // This botocore's own reading of AWS_ENDPOINT_URL switched off: only the bootstrap's hook can route the call.
    const fn = boto('list_bucket', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    const result = await runtime.invoke({ fn, payload: '{"bucket":"scones"}' });
    expect(JSON.parse(result.payload)).toEqual({ keys: ['train/bike.png'], endpoint });
    expect(requests[0]?.url).toMatch(/^\/scones\?list-type=2/);
  });

  it('does the same for boto3.resource("s3")', async () => {
    requests.length = 0;
    const result = await runtime.invoke({ fn: boto('resource_bucket'), payload: '{"bucket":"scones"}' });
    expect(JSON.parse(result.payload)).toEqual(['train/bike.png']);
    expect(requests[0]?.url).toMatch(/^\/scones/);
  });

  it.each(['runtime.sagemaker', 'sagemaker-runtime'])('sends %s calls to the endpoint', async (service) => {
    requests.length = 0;
    const result = await runtime.invoke({
      fn: boto('invoke_endpoint'),
      payload: JSON.stringify({ service }),
    });
    expect(JSON.parse(result.payload)).toBe('[0.05, 0.95]');
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/endpoints/bikes/invocations' });
  });
});
