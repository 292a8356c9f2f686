// Who drives an execution: one engine instance at a time, identified by host, process and a random suffix.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JournalOwner, Ownership } from './journal/execution-journal.js';

export type EngineOwner = JournalOwner;

/** Engines open in this process: an owner of this pid that is not among them is gone. */
const openHere = new Set<string>();

export function newOwner(): EngineOwner {
  const host = os.hostname();
  const owner = { id: `${host}:${process.pid}:${randomUUID().slice(0, 8)}`, host, pid: process.pid };
  openHere.add(owner.id);
  return owner;
}

export function ownerClosed(owner: EngineOwner): void {
  openHere.delete(owner.id);
}

/** How long past its lease an owner that still seems alive (its pid exists, maybe reused) keeps an execution. */
const GRACE_MS = 5 * 60_000;

/**
 * Whether another engine may take the execution over: nobody drives it, or its owner is gone. On this host an
 * owner is gone when its process no longer exists (killed: a restarted server resumes at once) or, in this
 * process, when its engine was closed; a live owner only loses executions long after its lease ran out. On
 * other hosts the lease decides.
 */
export function isOrphaned(row: Ownership, me: EngineOwner, now: number): boolean {
  if (row.owner === null) return true;
  if (row.owner === me.id) return false;
  if (row.owner_host !== me.host || row.owner_pid === null) return row.lease_until < now;
  const gone = row.owner_pid === me.pid ? !openHere.has(row.owner) : !alive(row.owner_pid);
  return gone || row.lease_until + GRACE_MS < now;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
