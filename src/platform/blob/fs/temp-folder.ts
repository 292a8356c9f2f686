// The temp area of the fs store: one folder per process, so start-up can sweep what dead processes left behind.
//
// Folder names are `p<pid>-<random>`. A folder whose process no longer runs holds only leftovers of a crash
// (half-written uploads, staged buckets, trash of a deleted bucket): swept at once. Folders of live processes
// (a CLI beside the server) are in use and never touched. Entries of the older flat layout keep the 24-hour rule,
// since a process of an older version may still be writing them.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const OWNER_FOLDER = /^p(\d+)-[0-9a-f-]+$/;
const STALE_LEGACY_MS = 24 * 60 * 60 * 1000;

/** Creates this process's temp folder under `tmpRoot` after sweeping the leftovers of dead processes. */
export async function openTempFolder(tmpRoot: string, now: number): Promise<string> {
  await mkdir(tmpRoot, { recursive: true });
  await sweepLeftovers(tmpRoot, now);
  const own = path.join(tmpRoot, `p${process.pid}-${randomUUID()}`);
  await mkdir(own);
  return own;
}

async function sweepLeftovers(tmpRoot: string, now: number): Promise<void> {
  for (const name of await readdir(tmpRoot)) {
    const entry = path.join(tmpRoot, name);
    const owner = OWNER_FOLDER.exec(name);
    if (owner ? !isRunning(Number(owner[1])) : await isStale(entry, now)) {
      await rm(entry, { recursive: true, force: true });
    }
  }
}

/**
 * Whether another process with this ID runs. Our own ID on a folder that is not ours means a previous process
 * that had the same ID (a container restarted as PID 1 again): it is gone.
 */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user
  }
}

async function isStale(entry: string, now: number): Promise<boolean> {
  const info = await stat(entry).catch(() => undefined);
  return info !== undefined && info.mtimeMs < now - STALE_LEGACY_MS;
}
