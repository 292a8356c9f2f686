// boto3 (the machine's python3) against the real listening server: transfers, multipart, paginators, errors.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { type S3TestServer, startS3TestServer } from './s3-server.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/s3/boto3_client.py');

let server: S3TestServer;
let work: string;

beforeAll(async () => {
  server = await startS3TestServer();
  work = await mkdtemp(path.join(os.tmpdir(), 'scones-boto3-'));
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

it('serves boto3 client and resource calls, upload_file multipart and download_file', async () => {
  const result = await runPython(SCRIPT, [server.url, work], { HOME: work });
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({
    buckets: ['boto'],
    get: { body: 'hello from boto3', contentType: 'text/plain', metadata: { origin: 'boto3' } },
    range: 'hello',
    headMissingStatus: 404,
    getMissingCode: 'NoSuchKey',
    uploadedSize: 20 * 1024 * 1024,
    downloadsMatch: true,
    downloadMissingStatus: 404,
    listed: ['list/%41.txt', 'list/a+b c.txt', 'list/x/y.txt', 'list/z.txt', 'list/ü/ñ.txt'],
    listPages: 3,
    prefixes: ['list/x/', 'list/ü/'],
    resourceKeys: ['list/%41.txt', 'list/a+b c.txt', 'list/x/y.txt', 'list/z.txt', 'list/ü/ñ.txt'],
    copied: 'hello from boto3',
    deleted: ['list/%41.txt', 'list/a+b c.txt', 'list/x/y.txt', 'list/z.txt', 'list/ü/ñ.txt'],
    bucketNotEmpty: 409,
  });
  expect(report.multipartEtag).toMatch(/^"[0-9a-f]{32}-4"$/);
});
