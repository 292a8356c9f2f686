// How one guest is launched under the isolation in force: the command, the paths as the guest sees them, how its
// memory is read and its processes killed, and what to clean up after it.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FunctionConfig } from '../model.js';
import { bwrapLaunch, OPT_ROOT, RUNTIME_ROOT, TASK_ROOT } from './bwrap-launch.js';
import type { GuestCgroup } from './cgroups.js';
import type { Isolation } from './isolation.js';
import { type Launch, sandboxLaunch } from './sandbox.js';

const MIB = 1024 * 1024;
/** The runtime's own share above the function's memory (interpreter, bootstrap) before the kernel steps in. */
const RUNTIME_OVERHEAD_MB = 64;
/** Lambda's default ephemeral storage. */
export const GUEST_TMP_BYTES = 512 * MIB;

export interface GuestPaths {
  readonly workerId: string;
  readonly taskRoot: string;
  /** The folder holding the bootstrap (and, for Node, the protocol module it imports). */
  readonly runtimeRoot: string;
  readonly bootstrap: string;
  readonly interpreterDirs: readonly string[];
  /** Host folders no guest may see even inside a bound folder (the server's home). */
  readonly hidden: readonly string[];
  /** The guest cgroup's pids.max. */
  readonly pidsMax: number;
  /** The host's scratch folder for this guest (process isolation's /tmp). */
  readonly scratch: string;
}

export interface GuestLaunch {
  readonly launch: Launch;
  /** The task root, runtime folder, bootstrap and layer folders as the guest sees them. */
  readonly seen: {
    readonly taskRoot: string;
    readonly runtimeRoot: string;
    readonly bootstrap: string;
    readonly layers: readonly string[];
  };
  readonly tmpDir: string;
  /** The launcher's working folder on the host. */
  readonly cwd: string;
  readonly confinement: 'process' | 'tree' | GuestCgroup;
  /** Called once the guest has exited. */
  readonly cleanup: () => Promise<void>;
}

export async function prepareLaunch(
  isolation: Isolation,
  config: FunctionConfig,
  paths: GuestPaths,
  command: (bootstrap: string) => readonly string[],
): Promise<GuestLaunch> {
  const layers = config.layers ?? [];
  if (isolation.mode === 'process') {
    await mkdir(paths.scratch, { recursive: true });
    const readOnly = [paths.taskRoot, paths.runtimeRoot, ...layers];
    return {
      launch: sandboxLaunch(isolation.process, paths.scratch, readOnly, command(paths.bootstrap)),
      seen: { taskRoot: paths.taskRoot, runtimeRoot: paths.runtimeRoot, bootstrap: paths.bootstrap, layers },
      tmpDir: isolation.process.mode === 'mount-namespace' ? '/tmp' : paths.scratch,
      cwd: paths.taskRoot,
      confinement: 'process',
      cleanup: () => rm(paths.scratch, { recursive: true, force: true }),
    };
  }
  const cgroup = await isolation.cgroups?.create(paths.workerId, {
    memoryBytes: (config.memoryMb + RUNTIME_OVERHEAD_MB) * MIB,
    pidsMax: paths.pidsMax,
  });
  const bootstrap = path.join(RUNTIME_ROOT, path.relative(paths.runtimeRoot, paths.bootstrap));
  // The function's merged layers are shown only at /opt, as Lambda shows them; other layer folders (the built-ins')
  // at their own paths.
  const opt = config.opt;
  const seenLayer = (dir: string) => (opt !== undefined && dir === opt ? OPT_ROOT : dir);
  const hostModules = config.runtime === 'nodejs' ? layerNodeModules(layers) : undefined;
  const nodeModules =
    hostModules && opt && isUnder(hostModules, opt)
      ? path.join(OPT_ROOT, path.relative(opt, hostModules))
      : hostModules;
  const launch = bwrapLaunch(
    isolation.bwrap,
    cgroup?.procsFiles ?? [],
    {
      taskRoot: paths.taskRoot,
      runtimeRoot: paths.runtimeRoot,
      sameTargets: [
        ...paths.interpreterDirs.filter((dir) => !isUnder(dir, '/usr')),
        ...layers.filter((dir) => dir !== opt),
      ],
      hidden: paths.hidden,
      ...(nodeModules ? { nodeModules } : {}),
      ...(opt ? { opt } : {}),
      tmpBytes: GUEST_TMP_BYTES,
    },
    command(bootstrap),
  );
  return {
    launch,
    seen: { taskRoot: TASK_ROOT, runtimeRoot: RUNTIME_ROOT, bootstrap, layers: layers.map(seenLayer) },
    tmpDir: '/tmp',
    // Not the task root: the sandbox's init keeps the launcher's folder, and /proc/1/cwd would name a host path.
    cwd: '/',
    confinement: cgroup ?? 'tree',
    cleanup: async () => cgroup?.remove(),
  };
}

/** ES modules ignore NODE_PATH: the first layer holding packages is linked at /node_modules. */
function layerNodeModules(layers: readonly string[]): string | undefined {
  for (const layer of layers)
    for (const candidate of [path.join(layer, 'nodejs', 'node_modules'), path.join(layer, 'node_modules')])
      if (existsSync(candidate)) return candidate;
  return undefined;
}

function isUnder(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
