// Gives each guest its own /tmp. Where mount namespaces work (root in a container, CI), the guest runs in a
// private mount namespace with its scratch folder bind-mounted on /tmp and its code mounted read-only; elsewhere
// it falls back to TMPDIR pointing at the scratch folder (literal /tmp paths then reach the shared /tmp).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export type SandboxMode = 'mount-namespace' | 'tmpdir';

export interface SandboxCapabilities {
  readonly mode: SandboxMode;
  /** Whether guests can be tied to the host with a parent-death signal (setpriv), so none outlives it. */
  readonly parentDeathSignal: boolean;
}

/** Exit status the launcher uses when it cannot set the sandbox up. */
export const SANDBOX_FAILURE_EXIT = 97;

// Arguments: <scratch> <read-only dir>... -- <command> <args>...
// Folders under /tmp are first bound inside the scratch folder, so they keep their paths once it covers /tmp.
const MOUNT_SCRIPT = `scratch=$1; shift
while [ "$1" != -- ]; do
  case $1 in
    /tmp/*) target=$scratch/\${1#/tmp/}; mkdir -p "$target" || exit ${SANDBOX_FAILURE_EXIT} ;;
    *) target=$1 ;;
  esac
  mount --bind "$1" "$target" && mount -o remount,bind,ro "$target" || exit ${SANDBOX_FAILURE_EXIT}
  shift
done
shift
mount --rbind "$scratch" /tmp || exit ${SANDBOX_FAILURE_EXIT}
exec "$@" 2>&1`;

const PLAIN_SCRIPT = 'exec "$@" 2>&1';

export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
}

/** The command that runs `argv` in the sandbox, with stderr merged into stdout as Lambda's log does. */
export function sandboxLaunch(
  capabilities: SandboxCapabilities,
  scratch: string,
  readOnlyDirs: readonly string[],
  command: readonly string[],
): Launch {
  const argv = capabilities.parentDeathSignal ? ['setpriv', '--pdeathsig', 'KILL', ...command] : command;
  if (capabilities.mode === 'tmpdir') return { command: 'sh', args: ['-c', PLAIN_SCRIPT, 'sh', ...argv] };
  const dirs = [...new Set(readOnlyDirs.map((dir) => path.resolve(dir)))].filter((dir) => dir !== '/tmp');
  return {
    command: 'unshare',
    args: [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      MOUNT_SCRIPT,
      'sh',
      scratch,
      ...dirs,
      '--',
      ...argv,
    ],
  };
}

let probed: Promise<SandboxCapabilities> | undefined;

/** What this machine lets us build; checked once per process. */
export function probeSandbox(): Promise<SandboxCapabilities> {
  probed ??= Promise.all([tryMountNamespace(), tryParentDeathSignal()]).then(([mode, parentDeathSignal]) => ({
    mode,
    parentDeathSignal,
  }));
  return probed;
}

async function tryParentDeathSignal(): Promise<boolean> {
  try {
    await promisify(execFile)('setpriv', ['--pdeathsig', 'KILL', 'true'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function tryMountNamespace(): Promise<SandboxMode> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'scones-sandbox-probe-'));
  const codeDir = await mkdtemp(path.join(os.tmpdir(), 'scones-sandbox-code-'));
  try {
    const { command, args } = sandboxLaunch(
      { mode: 'mount-namespace', parentDeathSignal: false },
      scratch,
      [codeDir],
      ['true'],
    );
    await promisify(execFile)(command, [...args], { timeout: 5000 });
    return 'mount-namespace';
  } catch {
    return 'tmpdir';
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(codeDir, { recursive: true, force: true });
  }
}
