// Per-guest control groups: memory, pids and CPU limits on a guest's whole process tree, and a kill that reaches
// every process in it (double-forked and setsid grandchildren included). cgroup v2 where the host has it, v1
// otherwise; created under the server's own cgroup (a container usually lets it write there).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { CgroupFile } from './cgroup-file.js';

const ROOT = '/sys/fs/cgroup';
/** Lambda's limit on processes and threads of one execution environment. */
export const GUEST_PIDS_MAX = 1024;
/** CPU bandwidth of one guest: one core at most, so a busy loop cannot take the whole machine. */
const CPU_PERIOD_US = 100_000;
const CPU_QUOTA_US = 100_000;

export interface GuestLimits {
  /** Hard cap of the tree's memory, /tmp's pages (tmpfs) included. */
  readonly memoryBytes: number;
  readonly pidsMax: number;
}

export interface TreeMemory {
  /** Anonymous memory of the whole tree (what the function's MemorySize limits). */
  readonly usedBytes: number;
}

/** One guest's cgroup(s). */
export interface GuestCgroup {
  /** `cgroup.procs` files the launcher writes its own pid into before it starts anything. */
  readonly procsFiles: readonly string[];
  memory(): TreeMemory | undefined;
  /** How many processes the kernel's OOM killer has killed in this cgroup. */
  oomKills(): number;
  /** SIGKILLs every process in the cgroup, repeatedly until none is left (or a bounded number of rounds). */
  killAll(): void;
  /** Removes the cgroup once its processes are gone. */
  remove(): Promise<void>;
}

export interface CgroupHost {
  readonly version: 'v1' | 'v2';
  create(id: string, limits: GuestLimits): Promise<GuestCgroup>;
  /** Removes this process's (empty) folder of guest cgroups: a short-lived process leaves nothing behind. */
  release(): Promise<void>;
}

/** Where the guests' cgroups go, or why they cannot be used. */
export async function openCgroups(): Promise<CgroupHost | { readonly unavailable: string }> {
  try {
    const own = ownCgroups();
    const host = existsSync(path.join(ROOT, 'cgroup.controllers')) ? await openV2(own) : await openV1(own);
    // Prove it before any guest relies on it.
    const probe = await host.create(`probe-${process.pid}`, { memoryBytes: 64 * 1024 * 1024, pidsMax: 8 });
    await probe.remove();
    return host;
  } catch (error) {
    return { unavailable: `cgroups are not writable: ${(error as Error).message}` };
  }
}

/** controller (or '' for v2) -> the server's cgroup path, from /proc/self/cgroup. */
function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers = '', cgroupPath = '/'] = line.split(':');
    for (const controller of controllers.split(',')) own.set(controller, cgroupPath);
  }
  return own;
}

const V1_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

async function openV1(own: Map<string, string>): Promise<CgroupHost> {
  const bases = new Map<string, string>();
  for (const controller of V1_CONTROLLERS) {
    const mount = path.join(ROOT, controller);
    if (!existsSync(path.join(mount, 'cgroup.procs'))) throw new Error(`no v1 ${controller} hierarchy`);
    const parent = path.join(mount, own.get(controller) ?? '/');
    await sweepStale(parent);
    const base = path.join(parent, `scones-guests-${process.pid}`);
    await mkdir(base, { recursive: true });
    bases.set(controller, base);
  }
  return {
    version: 'v1',
    release: () => removeEmpty([...bases.values()]),
    async create(id, limits) {
      const dirs = V1_CONTROLLERS.map((controller) => path.join(bases.get(controller) ?? '', id));
      const [memory = '', pids = '', cpu = ''] = dirs;
      for (const dir of dirs) await mkdir(dir, { recursive: true });
      writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // Without swap headroom the limit is the limit (memsw exists only with swap accounting).
      tryWrite(path.join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
      writeFileSync(path.join(pids, 'pids.max'), String(limits.pidsMax));
      tryWrite(path.join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
      tryWrite(path.join(cpu, 'cpu.cfs_quota_us'), String(CPU_QUOTA_US));
      const stat = new CgroupFile(path.join(memory, 'memory.stat'));
      const oom = new CgroupFile(path.join(memory, 'memory.oom_control'));
      const procs = dirs.map((dir) => path.join(dir, 'cgroup.procs'));
      return {
        procsFiles: procs,
        memory: () => {
          const values = stat.read(['total_rss', 'total_swap']);
          return values && { usedBytes: (values[0] ?? 0) + (values[1] ?? 0) };
        },
        oomKills: () => oom.read(['oom_kill'])?.[0] ?? 0,
        killAll: () => killListed(procs),
        remove: () => {
          stat.close();
          oom.close();
          return removeDirs(dirs, () => killListed(procs));
        },
      };
    },
  };
}

async function openV2(own: Map<string, string>): Promise<CgroupHost> {
  const parent = path.join(ROOT, own.get('') ?? '/');
  // A v2 cgroup with processes cannot hand controllers down ("no internal processes"): guests go in a sibling.
  await sweepStale(path.dirname(parent));
  const base = path.join(path.dirname(parent), `scones-guests-${process.pid}`);
  await mkdir(base, { recursive: true });
  writeFileSync(path.join(base, 'cgroup.subtree_control'), '+memory +pids +cpu');
  return {
    version: 'v2',
    release: () => removeEmpty([base]),
    async create(id, limits) {
      const dir = path.join(base, id);
      await mkdir(dir, { recursive: true });
      writeFileSync(path.join(dir, 'memory.max'), String(limits.memoryBytes));
      tryWrite(path.join(dir, 'memory.swap.max'), '0');
      writeFileSync(path.join(dir, 'pids.max'), String(limits.pidsMax));
      tryWrite(path.join(dir, 'cpu.max'), `${CPU_QUOTA_US} ${CPU_PERIOD_US}`);
      const procs = path.join(dir, 'cgroup.procs');
      const kill = () => {
        if (!tryWrite(path.join(dir, 'cgroup.kill'), '1')) killListed([procs]);
      };
      const stat = new CgroupFile(path.join(dir, 'memory.stat'));
      const events = new CgroupFile(path.join(dir, 'memory.events'));
      return {
        procsFiles: [procs],
        memory: () => {
          const values = stat.read(['anon']);
          return values && { usedBytes: values[0] ?? 0 };
        },
        oomKills: () => events.read(['oom_kill'])?.[0] ?? 0,
        killAll: kill,
        remove: () => {
          stat.close();
          events.close();
          return removeDirs([dir], kill);
        },
      };
    },
  };
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

/** Kills what the files list until they list nothing: a process forking meanwhile is caught next round. */
function killListed(procsFiles: readonly string[]): void {
  for (let round = 0; round < 50; round++) {
    let seen = 0;
    for (const file of procsFiles) {
      for (const pid of listPids(file)) {
        seen += 1;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }
    if (seen === 0) return;
  }
}

function listPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** rmdir fails while killed processes are still being reaped; retries for a while. */
async function removeDirs(dirs: readonly string[], kill: () => void): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; ; attempt++) {
      try {
        await rmdir(dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || attempt >= 40) break;
        kill();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}

async function removeEmpty(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) await rmdir(dir).catch(() => {});
}

/** Removes the empty guest cgroups a server that died (kill -9) left behind; busy ones stay. */
async function sweepStale(parent: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^scones-guests-(\d+)$/.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    const base = path.join(parent, name);
    for (const guest of readdirSync(base, { withFileTypes: true }))
      if (guest.isDirectory()) await rmdir(path.join(base, guest.name)).catch(() => {});
    await rmdir(base).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
