// Downloads an archive into the cache (atomic, MD5-checked, with progress) or reuses the cached copy.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isSconesError } from '../../../kernel/errors.js';
import type { ProgressReporter } from '../../../kernel/progress.js';
import { fileCacheError } from '../../../platform/file-cache/errors.js';
import { writeVerified } from '../../../platform/file-cache/verified-write.js';
import { datasetError } from '../errors.js';
import type { SharedDownloads } from '../ports.js';

export interface DownloadOptions {
  /** This node's copies of downloads. */
  readonly cacheDir: string;
  /** Where downloads are shared with other nodes; without it each node downloads on its own. */
  readonly shared?: SharedDownloads;
  readonly expectedMd5: string | undefined;
  readonly progress: ProgressReporter;
  readonly fetch?: typeof fetch;
}

export interface Downloaded {
  readonly file: string;
  readonly md5: string;
  readonly fromCache: boolean;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
]);

export async function downloadToCache(url: string, options: DownloadOptions): Promise<Downloaded> {
  await mkdir(options.cacheDir, { recursive: true });
  const file = path.join(options.cacheDir, cacheName(url));
  const cached = await reuseCached(file, options.expectedMd5);
  if (cached) return { file, md5: cached, fromCache: true };
  const part = path.join(options.cacheDir, `.part-${randomUUID()}`);
  try {
    const shared =
      options.shared && (await fromShared(options.shared, cacheName(url), part, options.expectedMd5));
    if (shared) {
      await rename(part, file);
      return { file, md5: shared, fromCache: true };
    }
    const md5 = await fetchTo(url, part, options);
    if (options.expectedMd5 && md5 !== options.expectedMd5) {
      throw datasetError(
        'CHECKSUM_MISMATCH',
        `download of ${url} has MD5 ${md5}, expected ${options.expectedMd5}; nothing was kept`,
        {
          url,
          md5,
          expected: options.expectedMd5,
        },
      );
    }
    await rename(part, file);
    await options.shared?.putFile(cacheName(url), file, { [MD5_FIELD]: md5 });
    return { file, md5, fromCache: false };
  } finally {
    await rm(part, { force: true });
  }
}

export async function md5OfFile(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The object metadata field holding a shared download's hex MD5. */
const MD5_FIELD = 'md5';

/**
 * Copies a download another node shared into `target`, verified against the MD5 recorded with it (and the expected
 * one, when known); undefined when there is none or it does not verify (then it is downloaded again).
 */
async function fromShared(
  shared: SharedDownloads,
  key: string,
  target: string,
  expectedMd5: string | undefined,
): Promise<string | undefined> {
  const found = await shared.get(key);
  const md5 = found?.metadata[MD5_FIELD];
  if (!found || !md5 || (expectedMd5 !== undefined && md5 !== expectedMd5)) return undefined;
  try {
    await writeVerified(found.body, target, { algorithm: 'md5', hex: md5 });
    return md5;
  } catch (error) {
    if (isSconesError(error) && error.code === fileCacheError.codes.CHECKSUM_MISMATCH) return undefined;
    throw error;
  }
}

function cacheName(url: string): string {
  const base = path.basename(new URL(url).pathname).replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  return `${createHash('sha256').update(url).digest('hex').slice(0, 12)}-${base}`;
}

/** The cached file's MD5 when it can be reused; a copy with the wrong checksum is thrown away. */
async function reuseCached(file: string, expectedMd5: string | undefined): Promise<string | undefined> {
  if (!(await stat(file).catch(() => undefined))) return undefined;
  const md5 = await md5OfFile(file);
  if (expectedMd5 && md5 !== expectedMd5) {
    await rm(file, { force: true });
    return undefined;
  }
  return md5;
}

async function fetchTo(url: string, target: string, options: DownloadOptions): Promise<string> {
  const response = await request(url, options.fetch ?? fetch);
  const total = Number(response.headers.get('content-length') ?? 0);
  const task = options.progress.start(`download ${path.basename(new URL(url).pathname)}`, total, 'bytes');
  const hash = createHash('md5');
  const handle = await open(target, 'wx');
  let received = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      await handle.write(chunk);
      received += chunk.byteLength;
      task.update(received);
    }
    await handle.sync();
  } catch (error) {
    throw datasetError(
      'DOWNLOAD_FAILED',
      `download of ${url} broke off after ${received} bytes: ${(error as Error).message}`,
      { url },
    );
  } finally {
    await handle.close();
  }
  if (total > 0 && received !== total) {
    throw datasetError('DOWNLOAD_FAILED', `download of ${url} ended after ${received} of ${total} bytes`, {
      url,
    });
  }
  task.finish(`${received} bytes`);
  return hash.digest('hex');
}

async function request(url: string, fetchImpl: typeof fetch): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, { redirect: 'follow' });
  } catch (error) {
    const code = ((error as { cause?: { code?: string } }).cause?.code ?? '') as string;
    if (NETWORK_CODES.has(code)) {
      throw datasetError(
        'OFFLINE',
        `cannot reach ${new URL(url).host} (${code}): no network? Download the archive elsewhere and pass --source <path-to-archive>`,
        { url, code },
      );
    }
    throw datasetError('DOWNLOAD_FAILED', `download of ${url} failed: ${(error as Error).message}`, { url });
  }
  if (!response.ok || !response.body) {
    throw datasetError(
      'DOWNLOAD_FAILED',
      `download of ${url} failed: HTTP ${response.status} ${response.statusText}`,
      {
        url,
        status: response.status,
      },
    );
  }
  return response;
}
