// `scones ... | head`: a reader that closes the pipe early ends the real CLI quietly, with status 0 and no stack
// trace, as Unix tools end on SIGPIPE.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScones, SCONES_BIN } from '../support/cli.js';

const BUCKET = 'piped';
let cwd: string;
const env = () => ({ ...process.env, SCONES_HOME: path.join(cwd, 'home') });

/** Runs scones with stdout read by `reader`, which closes the pipe whenever it likes; resolves at exit. */
function pipedInto(
  args: readonly string[],
  reader: (stdout: NodeJS.ReadableStream & { destroy(): void }) => void,
) {
  const child = spawn(process.execPath, [SCONES_BIN, ...args], {
    cwd,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  reader(child.stdout);
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** `| head -c N`: reads one chunk, then closes the pipe while the CLI still has more to write. */
const headOneChunk = (stdout: NodeJS.ReadableStream & { destroy(): void }) =>
  stdout.once('data', () => stdout.destroy());

/** A reader that is gone before the CLI writes its first byte. */
const goneAtOnce = (stdout: NodeJS.ReadableStream & { destroy(): void }) => stdout.destroy();

function expectQuietExit(result: { code: number | null; signal: string | null; stderr: string }) {
  expect(result.stderr, 'no stack trace, no EPIPE message').toBe('');
  expect(result.signal).toBeNull();
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-epipe-'));
  const scones = (args: string[], input?: Buffer) =>
    runScones(args, { cwd, env: { SCONES_HOME: path.join(cwd, 'home') }, ...(input ? { input } : {}) });
  expect((await scones(['store', 'mb', `s3://${BUCKET}`])).code).toBe(0);
  // Far larger than a pipe's buffer, so `cat` is still writing when its reader goes away.
  const big = await scones(['store', 'cp', '-', `s3://${BUCKET}/big.bin`], randomBytes(4 * 1024 * 1024));
  expect(big.code, big.stderr).toBe(0);
  for (const key of ['a.txt', 'b.txt', 'dir/c.txt']) {
    const put = await scones(['store', 'cp', '-', `s3://${BUCKET}/${key}`], Buffer.from(key));
    expect(put.code, put.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('scones with its stdout closed early', () => {
  it('store ls into a reader that is already gone exits 0 quietly', { timeout: 60_000 }, async () => {
    expectQuietExit(await pipedInto(['store', 'ls', `s3://${BUCKET}`], goneAtOnce));
  });

  it('store ls --json --recursive into a reader that is already gone exits 0 quietly', {
    timeout: 60_000,
  }, async () => {
    expectQuietExit(await pipedInto(['store', 'ls', `s3://${BUCKET}`, '--recursive', '--json'], goneAtOnce));
  });

  it('store cat of a large object into `head -c` exits 0 quietly', { timeout: 60_000 }, async () => {
    expectQuietExit(await pipedInto(['store', 'cat', `s3://${BUCKET}/big.bin`], headOneChunk));
  });

  it('--help into a reader that is already gone exits 0 quietly', { timeout: 60_000 }, async () => {
    expectQuietExit(await pipedInto(['--help'], goneAtOnce));
  });
});
