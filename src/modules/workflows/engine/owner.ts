// Who drives an execution: one engine instance at a time, identified by host, process and a random suffix.
import { randomUUID } from 'node:crypto';
import os from 'node:os';

export interface EngineOwner {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

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

export interface Ownership {
  readonly owner: string | null;
  readonly owner_host: string | null;
  readonly owner_pid: number | null;
  readonly lease_until: number;
}

/**
 * Whether another engine may take the execution over: nobody drives it, its lease ran out, or its owner was an
 * engine on this host that no longer runs (its process was killed, or, in this process, it was closed): a
 * restarted server resumes at once instead of waiting for leases to run out.
 */
export function isOrphaned(row: Ownership, me: EngineOwner, now: number): boolean {
  if (row.owner === null) return true;
  if (row.owner === me.id) return false;
  if (row.lease_until < now) return true;
  if (row.owner_host !== me.host || row.owner_pid === null) return false;
  return row.owner_pid === me.pid ? !openHere.has(row.owner) : !alive(row.owner_pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
