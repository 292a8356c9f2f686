// The sandbox's command line: namespaces, what is bound where and read-only, the /tmp size, the hidden home.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bwrapLaunch, type GuestMounts } from '../../../src/modules/functions/host/bwrap-launch.js';

/** Host folders of the test: made-up paths under the temp folder, so no machine's layout is named. */
const HOST = path.join(os.tmpdir(), 'scones-bwrap-test');
const INTERPRETER = `${HOST}/pyenv/versions/3.11.7`;
const INSTALL = `${HOST}/install`;

const SANDBOX = {
  hostUid: 65534,
  stageDir: '/tmp/scones-sandbox-stage',
  systemDirs: new Map([
    ['/bin', 'usr/bin'],
    ['/lib', 'usr/lib'],
  ]),
};
const MOUNTS: GuestMounts = {
  taskRoot: `${HOST}/scones-home/functions/f/code/abc`,
  runtimeRoot: '/opt/scones/guest/python',
  sameTargets: [INTERPRETER, INSTALL],
  hidden: [`${INSTALL}/.scones`],
  tmpBytes: 512 * 1024 * 1024,
};
const PROCS = ['/sys/fs/cgroup/memory/g/cgroup.procs', '/sys/fs/cgroup/pids/g/cgroup.procs'];

/** The bwrap arguments of a launch (after the launcher's own). */
function bwrapArgs(args: readonly string[]): string[] {
  return args.slice(args.indexOf('bwrap') + 1);
}

function pairsAfter(args: readonly string[], flag: string): string[][] {
  return args.flatMap((arg, i) => (arg === flag ? [[args[i + 1] ?? '', args[i + 2] ?? '']] : []));
}

describe('bwrapLaunch', () => {
  it('joins the cgroups, stages the sources and drops to the unprivileged uid before bwrap (root)', () => {
    const { command, args } = bwrapLaunch(SANDBOX, PROCS, MOUNTS, [
      '/usr/bin/python3',
      '-u',
      '/var/runtime/b.py',
    ]);
    expect(command).toBe('unshare');
    expect(args.slice(0, 3)).toEqual(['--mount', '--propagation', 'private']);
    const script = args[args.indexOf('-c') + 1] ?? '';
    // Joining the cgroups comes first, then staging, then the uid drop that execs bwrap.
    expect(script.indexOf('echo $$')).toBeLessThan(script.indexOf('mount -t tmpfs'));
    expect(script.indexOf('mount -t tmpfs')).toBeLessThan(script.indexOf('setpriv'));
    expect(script).toMatch(/exec setpriv --reuid="\$uid" --regid="\$uid" --clear-groups "\$@"/);
    const launcherArgs = args.slice(args.indexOf('-c') + 3, args.indexOf('bwrap'));
    expect(launcherArgs.slice(0, 2)).toEqual(['65534', SANDBOX.stageDir]);
    expect(launcherArgs).toEqual(expect.arrayContaining(PROCS));
  });

  it('builds new namespaces with only the code, runtime, interpreter and system folders read-only', () => {
    const args = bwrapArgs(bwrapLaunch(SANDBOX, PROCS, MOUNTS, ['/usr/bin/true']).args);
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--die-with-parent',
    ])
      expect(args).toContain(flag);
    expect(args.slice(args.indexOf('--uid'), args.indexOf('--uid') + 2)).toEqual(['--uid', '993']);
    const roBinds = pairsAfter(args, '--ro-bind');
    expect(roBinds).toEqual([
      ['/usr', '/usr'],
      ['/etc', '/etc'],
      [`${SANDBOX.stageDir}/1`, '/var/task'],
      [`${SANDBOX.stageDir}/2`, '/var/runtime'],
      [`${SANDBOX.stageDir}/3`, INTERPRETER],
      [`${SANDBOX.stageDir}/4`, INSTALL],
    ]);
    expect(args).not.toContain('--bind');
    expect(pairsAfter(args, '--symlink')).toEqual([
      ['usr/bin', '/bin'],
      ['usr/lib', '/lib'],
    ]);
    expect(args.slice(args.indexOf('--size'), args.indexOf('--size') + 4)).toEqual([
      '--size',
      String(512 * 1024 * 1024),
      '--tmpfs',
      '/tmp',
    ]);
    // The home inside a bound install is covered; the root is read-only; the guest starts in /var/task.
    expect(args).toEqual(expect.arrayContaining(['--tmpfs', `${INSTALL}/.scones`]));
    expect(args.slice(args.indexOf('--remount-ro'), args.indexOf('--remount-ro') + 4)).toEqual([
      '--remount-ro',
      '/',
      '--chdir',
      '/var/task',
    ]);
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['/usr/bin/true']);
  });

  it('binds the sources directly when the server is not root', () => {
    const { command, args } = bwrapLaunch({ ...SANDBOX, hostUid: undefined }, PROCS, MOUNTS, [
      '/usr/bin/true',
    ]);
    expect(command).toBe('sh');
    expect(args).not.toContain('setpriv');
    expect(pairsAfter(bwrapArgs(args), '--ro-bind')).toContainEqual([MOUNTS.taskRoot, '/var/task']);
  });

  it("shows a function's merged layers read-only at /opt only, as Lambda extracts them", () => {
    const opt = `${HOST}/scones-home/functions/.layers/opt/abc`;
    const args = bwrapArgs(
      bwrapLaunch({ ...SANDBOX, hostUid: undefined }, PROCS, { ...MOUNTS, opt }, ['/usr/bin/true']).args,
    );
    const binds = pairsAfter(args, '--ro-bind');
    expect(binds).toContainEqual([opt, '/opt']);
    expect(binds.filter(([source]) => source === opt)).toHaveLength(1);
  });
});
