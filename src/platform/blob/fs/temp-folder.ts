// The temp area of the fs store: one folder per store, named after its process, so start-up can sweep what dead
// processes left behind.
//
// Folder names are `p<pid>-<process start, s>-<random>`. A folder whose process no longer runs holds only
// leftovers of a crash (half-written uploads, staged buckets, trash of a deleted bucket): swept at once. Folders of
// running processes (a CLI beside the server, another store in this process) are in use: only files untouched for
// 24 hours go (a reused PID must not keep leftovers forever). Entries of the older flat layout keep the 24-hour rule.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const OWNER_FOLDER = /^p(\d+)-(\d+)-[0-9a-f-]+$/;
const STALE_MS = 24 * 60 * 60 * 1000;
/** Process start times are derived from the uptime; two readings of one process differ by far less than this. */
const START_TOLERANCE_S = 2;

/** Creates this store's temp folder under `tmpRoot` after sweeping the leftovers of dead processes. */
export async function openTempFolder(tmpRoot: string, now: number): Promise<string> {
  await mkdir(tmpRoot, { recursive: true });
  await sweepLeftovers(tmpRoot, now);
  const own = path.join(tmpRoot, `p${process.pid}-${processStart()}-${randomUUID()}`);
  await mkdir(own);
  return own;
}

async function sweepLeftovers(tmpRoot: string, now: number): Promise<void> {
  for (const name of await readdir(tmpRoot)) {
    const entry = path.join(tmpRoot, name);
    const owner = OWNER_FOLDER.exec(name);
    if (!owner) {
      if (await isStale(entry, now)) await rm(entry, { recursive: true, force: true });
    } else if (!isRunning(Number(owner[1]), Number(owner[2]))) {
      await rm(entry, { recursive: true, force: true });
    } else {
      await removeStaleFiles(entry, now);
    }
  }
}

/** Seconds since the epoch at which this process started. */
function processStart(): number {
  return Math.round(Date.now() / 1000 - process.uptime());
}

/**
 * Whether the process that made the folder still runs. Our own PID with another start time is a previous process
 * that had the same ID (a container restarted as PID 1 again): it is gone.
 */
function isRunning(pid: number, start: number): boolean {
  if (pid === process.pid) return Math.abs(start - processStart()) <= START_TOLERANCE_S;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user
  }
}

async function removeStaleFiles(folder: string, now: number): Promise<void> {
  for (const name of await readdir(folder).catch(() => [])) {
    const entry = path.join(folder, name);
    const info = await stat(entry).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < now - STALE_MS) await rm(entry, { force: true });
  }
}

async function isStale(entry: string, now: number): Promise<boolean> {
  const info = await stat(entry).catch(() => undefined);
  return info !== undefined && info.mtimeMs < now - STALE_MS;
}
