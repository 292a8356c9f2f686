// Test helpers for the function runtime: fixture versions and in-memory adapters of its ports.
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type AsyncInvocationQueue,
  type AsyncInvocationRecord,
  defineFunctionConfig,
  type FunctionConfigInput,
  type FunctionRuntime,
  type FunctionVersion,
  type LogRecord,
  type LogSink,
} from '../../../src/modules/functions/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/functions');

/** A version of a fixture folder; each folder+handler pair is its own function (its own warm pool). */
export function fixtureVersion(
  runtime: 'nodejs' | 'python',
  folder: string,
  handler: string,
  overrides: Partial<FunctionConfigInput> = {},
): FunctionVersion {
  const name = `${runtime}-${folder}-${handler}`.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 64);
  const codePath = path.isAbsolute(folder)
    ? folder
    : path.join(FIXTURES, runtime === 'nodejs' ? 'node' : 'python', folder);
  return codeVersion(codePath, { name, runtime, handler, ...overrides });
}

export function codeVersion(
  codePath: string,
  input: FunctionConfigInput,
  version = '$LATEST',
): FunctionVersion {
  const config = defineFunctionConfig(input);
  const revision = createHash('sha256')
    .update(JSON.stringify([codePath, config]))
    .digest('hex');
  return { config, version, codePath, revision };
}

const madeDirs: string[] = [];

/** The host pid of a function's (first) warm guest; inside its sandbox every guest is pid 2. */
export function hostPid(runtime: FunctionRuntime, functionName: string): number {
  const pool = runtime.stats().pools.find((candidate) => candidate.functionName === functionName);
  return pool?.workers[0]?.pid ?? -1;
}

/**
 * A fresh folder under the system temp folder, removed by `removeTempDirs`. World-readable, as Lambda wants task
 * roots: a sandboxed guest reads its code as an unprivileged user.
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `scones-${prefix}-`));
  await chmod(dir, 0o755);
  madeDirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const dirs = madeDirs.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

export class MemoryLogSink implements LogSink {
  readonly records: LogRecord[] = [];

  write(records: readonly LogRecord[]): void {
    this.records.push(...records);
  }

  messages(requestId: string): string[] {
    return this.records.filter((r) => r.requestId === requestId).map((r) => r.message);
  }
}

export class MemoryAsyncQueue implements AsyncInvocationQueue {
  readonly records = new Map<string, AsyncInvocationRecord>();

  async add(record: AsyncInvocationRecord): Promise<void> {
    this.records.set(record.requestId, record);
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<AsyncInvocationRecord[]> {
    const due = [...this.records.values()]
      .filter(
        (r) =>
          (r.status === 'queued' && r.notBefore <= now) ||
          (r.status === 'running' && r.leaseUntil !== undefined && r.leaseUntil <= now),
      )
      .slice(0, limit)
      .map((r) => ({ ...r, status: 'running' as const, leaseUntil: now + leaseMs }));
    for (const record of due) this.records.set(record.requestId, record);
    return due;
  }

  async update(record: AsyncInvocationRecord): Promise<void> {
    this.records.set(record.requestId, record);
  }

  async get(requestId: string): Promise<AsyncInvocationRecord | undefined> {
    return this.records.get(requestId);
  }

  async nextDueAt(): Promise<number | undefined> {
    const times = [...this.records.values()].flatMap((r) => {
      if (r.status === 'queued') return [r.notBefore];
      if (r.status === 'running' && r.leaseUntil !== undefined) return [r.leaseUntil];
      return [];
    });
    return times.length > 0 ? Math.min(...times) : undefined;
  }
}

export function parse(payload: string): Record<string, unknown> {
  return JSON.parse(payload) as Record<string, unknown>;
}
