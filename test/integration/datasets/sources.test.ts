// Dataset sources: download with cache and checksum against a real local HTTP server, and every bad input.

import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { internalObjects } from '../../../src/app/internal-objects.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { silentLogger } from '../../../src/kernel/logger.js';
import { silentProgress } from '../../../src/kernel/progress.js';
import { DATASET_ERROR_CODES as CODES, prepareDataset } from '../../../src/modules/datasets/index.js';
import { INTERNAL_BUCKET, ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { packTarGz, unpackTarGz } from '../../support/archives.js';
import { BINARY_ARCHIVE, PNG_FOLDER, PYTHON_ARCHIVE } from '../../support/shared-data.js';

let root: string;
let store: ObjectStore;
let server: Server;
let baseUrl: string;
const requests: string[] = [];
let archive: Buffer;

beforeAll(async () => {
  archive = await readFile(PYTHON_ARCHIVE);
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/cifar-100-python.tar.gz') {
      response.writeHead(200, { 'content-length': archive.length }).end(archive);
    } else if (request.url === '/cut.tar.gz') {
      response.writeHead(200, { 'content-length': archive.length });
      response.write(archive.subarray(0, 100_000));
      setTimeout(() => response.destroy(), 20);
    } else response.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-sources-'));
  store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
  requests.length = 0;
});

function prepare(
  source: string,
  options: { knownMd5?: Record<string, string>; classes?: string[]; node?: string; shared?: boolean } = {},
) {
  return prepareDataset(
    { source, classes: options.classes ?? ['bicycle', 'motorcycle'], bucket: 'scones' },
    {
      store,
      cacheDir: path.join(root, options.node ?? 'cache'),
      ...(options.shared ? { shared: internalObjects(store, 'datasets/') } : {}),
      cwd: root,
      knownMd5: options.knownMd5 ?? {},
      progress: silentProgress,
      logger: silentLogger,
    },
  );
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

/** Nothing partial: the bucket is absent or holds no object at all. */
async function expectNothingStored() {
  const buckets = await store.listBuckets();
  for (const bucket of buckets) expect((await store.listObjects(bucket.name)).keyCount).toBe(0);
}

async function writeFixture(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, bytes);
  return file;
}

describe('downloaded sources', () => {
  it('downloads over HTTP once, verifies a known MD5 and reuses the cached copy', async () => {
    const url = `${baseUrl}/cifar-100-python.tar.gz`;
    const md5 = (await import('node:crypto')).createHash('md5').update(archive).digest('hex');
    const first = await prepare(url, { knownMd5: { [url]: md5 } });
    expect(first.downloaded).toBe(true);
    expect(first.manifest.source).toMatchObject({
      location: url,
      md5,
      expectedMd5: md5,
      checksumVerified: true,
    });
    expect(first.manifest.splits.train.count).toBe(1000);
    const second = await prepare(url, { knownMd5: { [url]: md5 } });
    expect(second.downloaded).toBe(false);
    expect(requests).toEqual(['/cifar-100-python.tar.gz']);
  });

  it('shares a download with other nodes through the store, and downloads again when that copy is damaged', async () => {
    const url = `${baseUrl}/cifar-100-python.tar.gz`;
    const md5 = (await import('node:crypto')).createHash('md5').update(archive).digest('hex');
    await store.ensureBucket(INTERNAL_BUCKET);
    const first = await prepare(url, { knownMd5: { [url]: md5 }, node: 'node-a', shared: true });
    expect(first.downloaded).toBe(true);
    // Another node (its own cache folder) takes the archive from the store: no second request.
    const second = await prepare(url, { knownMd5: { [url]: md5 }, node: 'node-b', shared: true });
    expect(second.downloaded).toBe(false);
    expect(second.manifest.source).toMatchObject({ md5, checksumVerified: true });
    expect(requests).toEqual(['/cifar-100-python.tar.gz']);
    const [key] = (await store.listObjects(INTERNAL_BUCKET, { prefix: 'datasets/' })).contents.map(
      (o) => o.key,
    );
    expect(key).toMatch(/^datasets\/[0-9a-f]{12}-cifar-100-python\.tar\.gz$/);
    // A shared copy that no longer matches its recorded MD5 is not used: the next node downloads.
    const shared = await store.headObject(INTERNAL_BUCKET, key as string);
    await store.putObject(INTERNAL_BUCKET, key as string, Buffer.from('damaged'), {
      metadata: shared.metadata,
    });
    const third = await prepare(url, { knownMd5: { [url]: md5 }, node: 'node-c', shared: true });
    expect(third.downloaded).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('refuses a download whose MD5 differs from the published one, keeping nothing', async () => {
    const url = `${baseUrl}/cifar-100-python.tar.gz`;
    const error = await failure(prepare(url, { knownMd5: { [url]: '0'.repeat(32) } }));
    expect(error.code).toBe(CODES.CHECKSUM_MISMATCH);
    expect(await readdir(path.join(root, 'cache'))).toEqual([]);
    await expectNothingStored();
  });

  it('says it is offline and how to pass --source when the host cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(prepare(`http://127.0.0.1:${port}/cifar-100-python.tar.gz`));
    expect(error.code).toBe(CODES.OFFLINE);
    expect(error.message).toContain('--source');
  });

  it('reports HTTP errors and downloads that break off', async () => {
    expect((await failure(prepare(`${baseUrl}/missing.tar.gz`))).code).toBe(CODES.DOWNLOAD_FAILED);
    expect((await failure(prepare(`${baseUrl}/cut.tar.gz`))).code).toBe(CODES.DOWNLOAD_FAILED);
    expect(await readdir(path.join(root, 'cache'))).toEqual([]);
    await expectNothingStored();
  });
});

describe('bad archives', () => {
  it('refuses a truncated archive', async () => {
    const file = await writeFixture(
      'truncated.tar.gz',
      archive.subarray(0, Math.floor(archive.length * 0.6)),
    );
    const error = await failure(prepare(file));
    expect(error.code).toBe(CODES.CORRUPT_ARCHIVE);
    expect(error.message).toMatch(/ends early/);
    await expectNothingStored();
  });

  it('refuses corrupt gzip data', async () => {
    const bytes = Buffer.from(archive);
    for (let i = 5000; i < 5400; i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
    const error = await failure(prepare(await writeFixture('corrupt.tar.gz', bytes)));
    expect(error.code).toBe(CODES.CORRUPT_ARCHIVE);
    await expectNothingStored();
  });

  it('refuses a pickle naming a forbidden global, without running it', async () => {
    const marker = path.join(root, 'pwned');
    const evil = Buffer.concat([
      Buffer.from('\x80\x02cos\nsystem\nq\x00X', 'latin1'),
      lengthPrefixed(`touch ${marker}`),
      Buffer.from('\x85R.', 'latin1'),
    ]);
    const members = (await unpackTarGz(PYTHON_ARCHIVE)).map((m) =>
      m.name.endsWith('/meta') ? { ...m, bytes: evil } : m,
    );
    const error = await failure(prepare(await writeFixture('evil.tar.gz', await packTarGz(members))));
    expect(error.code).toBe(CODES.PICKLE_FORBIDDEN_GLOBAL);
    expect(error.message).toContain('os.system');
    await expect(readFile(marker)).rejects.toThrow();
    await expectNothingStored();
  });

  it('refuses an archive without images of the requested classes', async () => {
    const members = (await unpackTarGz(BINARY_ARCHIVE)).map((m) =>
      m.name.endsWith('.bin') ? { ...m, bytes: withoutLabels(m.bytes, [8, 48]) } : m,
    );
    const error = await failure(prepare(await writeFixture('others.tar.gz', await packTarGz(members))));
    expect(error.code).toBe(CODES.NO_MATCHING_CLASS);
    await expectNothingStored();
  });

  it('names an unknown class and lists some that exist', async () => {
    const error = await failure(prepare(PYTHON_ARCHIVE, { classes: ['bicycle', 'unicycle'] }));
    expect(error.code).toBe(CODES.UNKNOWN_CLASS);
    expect(error.message).toMatch(/unicycle.*apple/);
    expect((await failure(prepare(PYTHON_ARCHIVE, { classes: ['bicycle'] }))).code).toBe(
      CODES.INVALID_ARGUMENT,
    );
  });

  it('refuses files that are not CIFAR archives', async () => {
    expect((await failure(prepare(await writeFixture('x.tar.gz', Buffer.from('plain text'))))).code).toBe(
      CODES.CORRUPT_ARCHIVE,
    );
    const other = await packTarGz([{ name: 'readme.txt', bytes: Buffer.from('hi') }]);
    expect((await failure(prepare(await writeFixture('y.tar.gz', other)))).code).toBe(CODES.UNKNOWN_FORMAT);
    expect((await failure(prepare(path.join(root, 'nothing-here')))).code).toBe(CODES.SOURCE_NOT_FOUND);
    expect((await failure(prepare('ftp://example.com/x.tar.gz'))).code).toBe(CODES.INVALID_ARGUMENT);
    await expectNothingStored();
  });
});

describe('bad image folders', () => {
  async function folder(trainCsv: string, files: Record<string, Buffer> = {}): Promise<string> {
    const dir = path.join(root, 'folder');
    await mkdir(path.join(dir, 'train'), { recursive: true });
    await mkdir(path.join(dir, 'test'), { recursive: true });
    await writeFile(path.join(dir, 'train.csv'), trainCsv);
    await writeFile(path.join(dir, 'test.csv'), await readFile(path.join(PNG_FOLDER, 'test.csv')));
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, name), bytes);
    return dir;
  }

  it('refuses label files without the needed columns or with paths for names', async () => {
    expect((await failure(prepare(await folder('name,kind\na.png,bicycle\n')))).code).toBe(
      CODES.INVALID_LABELS,
    );
    const traversal = await failure(prepare(await folder('filename,class\n../../etc/passwd,bicycle\n')));
    expect(traversal.code).toBe(CODES.INVALID_LABELS);
    await expectNothingStored();
  });

  it('names an image that cannot be decoded', async () => {
    const dir = await folder('filename,class\nbroken.png,bicycle\n', {
      'train/broken.png': Buffer.from('\x89PNG\r\n\x1a\nnot really'),
    });
    const error = await failure(prepare(dir));
    expect(error.code).toBe(CODES.INVALID_IMAGE);
    expect(error.message).toContain('train/broken.png');
    await expectNothingStored();
  });
});

function lengthPrefixed(text: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(Buffer.byteLength(text));
  return Buffer.concat([length, Buffer.from(text)]);
}

function withoutLabels(bytes: Buffer, labels: number[]): Buffer {
  const kept: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 3074) {
    const record = bytes.subarray(i, i + 3074);
    if (!labels.includes(record[1] as number)) kept.push(record);
  }
  return Buffer.concat(kept);
}
