// Decides, once per runtime, how guests are isolated: `sandbox` (bubblewrap + per-guest cgroups) where this
// machine allows it, or `process` (today's plain child processes with a private /tmp where mount namespaces work).
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { functionsError } from '../errors.js';
import { type BwrapSandbox, bwrapLaunch } from './bwrap-launch.js';
import { type CgroupHost, openCgroups } from './cgroups.js';
import { probeSandbox, type SandboxCapabilities } from './sandbox.js';

/** `auto`: the sandbox wherever it works, else `process` (refused with authentication on, see `requireSandbox`). */
export type IsolationSetting = 'auto' | 'sandbox' | 'process';

export type Isolation =
  | {
      readonly mode: 'sandbox';
      readonly bwrap: BwrapSandbox;
      /** Absent when cgroups are not writable (`cgroupsUnavailable` says why): limits are then per process. */
      readonly cgroups: CgroupHost | undefined;
      readonly cgroupsUnavailable?: string;
    }
  | { readonly mode: 'process'; readonly process: SandboxCapabilities; readonly sandboxUnavailable?: string };

/** The unprivileged host uid sandboxed guests run as when the server is root ("nobody"). */
const GUEST_HOST_UID = 65534;

export interface IsolationChoice {
  readonly setting: IsolationSetting;
  /** With `auto`, a missing sandbox is an error rather than a fallback (authentication on). */
  readonly requireSandbox?: boolean;
}

export async function resolveIsolation(choice: IsolationChoice): Promise<Isolation> {
  if (choice.setting === 'process') return { mode: 'process', process: await probeSandbox() };
  const bwrap = await probeBwrap();
  if ('unavailable' in bwrap) {
    if (choice.setting === 'sandbox' || choice.requireSandbox)
      throw functionsError(
        'RUNTIME_UNAVAILABLE',
        `the function sandbox is not available: ${bwrap.unavailable} (install bubblewrap, or set functions.isolation to "process" to run guests unsandboxed)`,
        { reason: bwrap.unavailable },
      );
    return { mode: 'process', process: await probeSandbox(), sandboxUnavailable: bwrap.unavailable };
  }
  const cgroups = await openCgroups();
  return 'unavailable' in cgroups
    ? { mode: 'sandbox', bwrap, cgroups: undefined, cgroupsUnavailable: cgroups.unavailable }
    : { mode: 'sandbox', bwrap, cgroups };
}

export interface IsolationSummary {
  readonly mode: 'sandbox' | 'process';
  /** What is weaker than the full sandbox here, and why (cgroups not writable, bwrap missing ...). */
  readonly notes: readonly string[];
}

export function summarizeIsolation(isolation: Isolation): IsolationSummary {
  if (isolation.mode === 'process') {
    const notes = [`guests run as the server's own user (/tmp: ${isolation.process.mode})`];
    if (isolation.sandboxUnavailable) notes.push(isolation.sandboxUnavailable);
    return { mode: 'process', notes };
  }
  const notes = isolation.cgroupsUnavailable
    ? [`${isolation.cgroupsUnavailable}; memory is limited per process tree by polling, no pids or CPU limit`]
    : [`cgroup ${isolation.cgroups?.version ?? ''}: memory, pids and CPU limits per guest`];
  if (isolation.bwrap.hostUid === undefined) notes.push("guests run under the server's uid (it is not root)");
  return { mode: 'sandbox', notes };
}

let probed: Promise<BwrapSandbox | { readonly unavailable: string }> | undefined;

/** Whether bubblewrap can build a sandbox here: checked once per process with a real (empty) one. */
export function probeBwrap(): Promise<BwrapSandbox | { readonly unavailable: string }> {
  probed ??= tryBwrap();
  return probed;
}

async function tryBwrap(): Promise<BwrapSandbox | { readonly unavailable: string }> {
  if (!onPath('bwrap')) return { unavailable: 'bwrap (Debian package bubblewrap) is not installed' };
  const isRoot = process.getuid?.() === 0;
  const sandbox: BwrapSandbox = {
    hostUid: isRoot ? GUEST_HOST_UID : undefined,
    stageDir: path.join(os.tmpdir(), 'scones-sandbox-stage'),
    systemDirs: systemLayout(),
  };
  const code = await mkdtemp(path.join(os.tmpdir(), 'scones-sandbox-probe-'));
  try {
    // A task root must be readable by the guest's uid, as Lambda wants deployment packages world-readable.
    await chmod(code, 0o755);
    if (isRoot) await stageDir(sandbox.stageDir);
    const mounts = { taskRoot: code, runtimeRoot: code, sameTargets: [], hidden: [], tmpBytes: 1024 * 1024 };
    const { command, args } = bwrapLaunch(sandbox, [], mounts, ['/usr/bin/env', 'true']);
    await promisify(execFile)(command, [...args], { timeout: 10_000 });
    return sandbox;
  } catch (error) {
    const failure = error as Error & { stdout?: string };
    const said = String(failure.stdout ?? '').trim() || failure.message;
    return { unavailable: `bwrap cannot create namespaces here: ${said.slice(0, 300)}` };
  } finally {
    await rm(code, { recursive: true, force: true });
  }
}

/** The staging mount point must be a real folder of root's, never a link someone else planted. */
async function stageDir(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const info = lstatSync(dir);
  if (!info.isDirectory() || info.uid !== 0) throw new Error(`${dir} is not a folder owned by root`);
}

/** /bin, /lib ... as links into /usr (merged /usr) or real folders. */
function systemLayout(): ReadonlyMap<string, string> {
  const layout = new Map<string, string>();
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      layout.set(dir, lstatSync(dir).isSymbolicLink() ? readlinkSync(dir) : '');
    } catch {}
  }
  return layout;
}

function onPath(command: string): boolean {
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter);
  return dirs.some((dir) => dir !== '' && existsSync(path.join(dir, command)));
}
