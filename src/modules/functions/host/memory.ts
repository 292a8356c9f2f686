// Reads a process's resident and peak memory from /proc (Linux), for limits and REPORT lines.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryUse {
  readonly rssBytes: number;
  readonly peakBytes: number;
}

export function readMemoryUse(pid: number): MemoryUse | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const rss = kilobytes(status, 'VmRSS');
  if (rss === undefined) return undefined;
  return { rssBytes: rss * 1024, peakBytes: (kilobytes(status, 'VmHWM') ?? rss) * 1024 };
}

function kilobytes(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The summed resident memory of `pid` and all its descendants (a sandbox's launcher and what runs inside). */
export function readTreeMemoryUse(pid: number): MemoryUse | undefined {
  let rssBytes = 0;
  let peakBytes = 0;
  let found = false;
  const pending = [pid];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const use = readMemoryUse(next);
    if (!use) continue;
    found = true;
    rssBytes += use.rssBytes;
    peakBytes += use.peakBytes;
    pending.push(...childrenOf(next));
  }
  return found ? { rssBytes, peakBytes } : undefined;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
