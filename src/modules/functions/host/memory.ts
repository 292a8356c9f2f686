// Reads a process's resident and peak memory from /proc (Linux), for limits and REPORT lines.
import { readFileSync } from 'node:fs';

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
