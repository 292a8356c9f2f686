// The command line of a sandboxed guest: bubblewrap with new user, PID, IPC, UTS and mount namespaces, the
// function's code read-only at /var/task, the bootstrap at /var/runtime, the system's /usr and /etc read-only, a
// private size-limited /tmp, and nothing else of the host. The guest's whole tree is put in its cgroups first.
import path from 'node:path';
import { type Launch, SANDBOX_FAILURE_EXIT } from './sandbox.js';

export const TASK_ROOT = '/var/task';
export const RUNTIME_ROOT = '/var/runtime';
/** Where Lambda extracts a function's layers. */
export const OPT_ROOT = '/opt';
/** Lambda's user inside the sandbox (sbx_user1051). */
const SANDBOX_UID = 993;
const SANDBOX_GID = 990;

export interface BwrapSandbox {
  /** Host uid the guest runs as when the server is root (never the server's own uid). */
  readonly hostUid: number | undefined;
  /** An empty host folder the launcher mounts its private staging tmpfs on (root only). */
  readonly stageDir: string;
  /** /bin, /lib ...: a link into /usr (merged-/usr systems) or '' for a real folder, bound read-only. */
  readonly systemDirs: ReadonlyMap<string, string>;
}

export interface GuestMounts {
  readonly taskRoot: string;
  readonly runtimeRoot: string;
  /** Host folders the guest sees read-only at their own paths: interpreter installs, layers. */
  readonly sameTargets: readonly string[];
  /** Host folders that must stay invisible even when a bound folder holds them (the server's home). */
  readonly hidden: readonly string[];
  /** Where `/node_modules` points, so ES modules find a layer's packages (they ignore NODE_PATH). */
  readonly nodeModules?: string;
  /** The function's merged layers, shown read-only at /opt. */
  readonly opt?: string;
  readonly tmpBytes: number;
}

// As root: <uid> <stage> <cgroup.procs>... -- <source>... -- <bwrap argv>...
// The launcher joins the cgroups before anything else runs, so every later process is counted and killable. It
// then binds the sources on a private staging tmpfs (its mount namespace is its own), because the unprivileged
// uid it drops to could not traverse a 0700 parent such as /root to reach them.
const ROOT_SCRIPT = `uid=$1; stage=$2; shift 2
while [ "$1" != -- ]; do echo $$ > "$1" || exit ${SANDBOX_FAILURE_EXIT}; shift; done; shift
mount -t tmpfs -o mode=0755,size=64k scones-stage "$stage" || exit ${SANDBOX_FAILURE_EXIT}
i=0
while [ "$1" != -- ]; do
  i=$((i+1)); mkdir "$stage/$i" && mount --bind "$1" "$stage/$i" || exit ${SANDBOX_FAILURE_EXIT}
  shift
done
shift
exec setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@" 2>&1`;

// Not root: <cgroup.procs>... -- <bwrap argv>... (bwrap reaches the sources as the server's user).
const USER_SCRIPT = `while [ "$1" != -- ]; do echo $$ > "$1" || exit ${SANDBOX_FAILURE_EXIT}; shift; done; shift
exec "$@" 2>&1`;

/** The launch of `command` (paths as the guest sees them) in a fresh sandbox. */
export function bwrapLaunch(
  sandbox: BwrapSandbox,
  procsFiles: readonly string[],
  mounts: GuestMounts,
  command: readonly string[],
): Launch {
  const sources = unique([
    mounts.taskRoot,
    mounts.runtimeRoot,
    ...(mounts.opt ? [mounts.opt] : []),
    ...mounts.sameTargets,
  ]);
  const staged = sandbox.hostUid !== undefined;
  const from = (source: string) =>
    staged ? path.join(sandbox.stageDir, String(sources.indexOf(source) + 1)) : source;
  const argv = ['bwrap', ...bwrapArgs(sandbox, mounts, sources, from), '--', ...command];
  if (!staged) return { command: 'sh', args: ['-c', USER_SCRIPT, 'sh', ...procsFiles, '--', ...argv] };
  return {
    command: 'unshare',
    args: [
      ...['--mount', '--propagation', 'private', 'sh', '-c', ROOT_SCRIPT, 'sh'],
      ...[String(sandbox.hostUid), sandbox.stageDir, ...procsFiles, '--', ...sources, '--', ...argv],
    ],
  };
}

function bwrapArgs(
  sandbox: BwrapSandbox,
  mounts: GuestMounts,
  sources: readonly string[],
  from: (source: string) => string,
): string[] {
  const args = [
    ...['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'],
    ...['--die-with-parent', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_GID)],
    ...['--ro-bind', '/usr', '/usr', '--ro-bind', '/etc', '/etc'],
    ...[...sandbox.systemDirs].flatMap(([dir, link]) =>
      link === '' ? ['--ro-bind', dir, dir] : ['--symlink', link, dir],
    ),
    ...['--proc', '/proc', '--dev', '/dev'],
    ...['--perms', '1777', '--size', String(mounts.tmpBytes), '--tmpfs', '/tmp'],
  ];
  for (const source of sources) {
    const target =
      source === mounts.taskRoot
        ? TASK_ROOT
        : source === mounts.runtimeRoot
          ? RUNTIME_ROOT
          : mounts.opt !== undefined && source === path.resolve(mounts.opt)
            ? OPT_ROOT
            : source;
    args.push('--ro-bind', from(source), target);
  }
  // Only folders bound at their own paths can hold the home where the guest would see it.
  const same = new Set(mounts.sameTargets.map((dir) => path.resolve(dir)));
  for (const hidden of mounts.hidden)
    if ([...same].some((source) => source !== hidden && isInside(hidden, source)))
      args.push('--tmpfs', hidden);
  if (mounts.nodeModules) args.push('--symlink', mounts.nodeModules, '/node_modules');
  // The sandbox's own root (bwrap's tmpfs holding the mount points) is not a place to leave files either.
  args.push('--remount-ro', '/', '--chdir', TASK_ROOT);
  return args;
}

function unique(dirs: readonly string[]): string[] {
  return [...new Set(dirs.map((dir) => path.resolve(dir)))];
}

function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
