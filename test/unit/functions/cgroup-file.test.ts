// Guest cgroups: flat-keyed files read through a kept descriptor (exact keys, fresh content on every read), and
// the per-process folder given back.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupFile } from '../../../src/modules/functions/host/cgroup-file.js';
import { openCgroups } from '../../../src/modules/functions/host/cgroups.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'scones-cgroup-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cgroup file', () => {
  it('reads exact keys on any line, 0 for absent ones, and sees the file change', () => {
    const file = path.join(dir, 'memory.stat');
    writeFileSync(file, 'rss 10\nrss_huge 20\ntotal_rss 30\ntotal_swap 4\n');
    const stat = new CgroupFile(file);
    expect(stat.read(['rss', 'total_rss', 'total_swap', 'swap', 'rss_huge'])).toEqual([10, 30, 4, 0, 20]);
    writeFileSync(file, 'total_rss 99\n');
    expect(stat.read(['total_rss', 'rss'])).toEqual([99, 0]);
    stat.close();
  });

  it('answers undefined once the file is gone, and again after close', () => {
    const file = path.join(dir, 'memory.events');
    writeFileSync(file, 'oom 1\noom_kill 2\n');
    const events = new CgroupFile(file);
    expect(events.read(['oom_kill'])).toEqual([2]);
    events.close();
    rmSync(file);
    expect(events.read(['oom_kill'])).toBeUndefined();
    expect(new CgroupFile(path.join(dir, 'missing')).read([])).toBeUndefined();
  });
});

describe('guest cgroups of a short-lived process', () => {
  it('leave no folder behind once released', async () => {
    const host = await openCgroups();
    if ('unavailable' in host) return expect(host.unavailable).toMatch(/cgroups/);
    const own = readFileSync('/proc/self/cgroup', 'utf8');
    const guest = await host.create('release-probe', { memoryBytes: 64 * 1024 * 1024, pidsMax: 8 });
    await guest.remove();
    await host.release();
    const leftovers = own
      .trim()
      .split('\n')
      .map((line) => line.split(':'))
      .flatMap(([, controllers = '', where = '/']) =>
        (controllers === '' ? [''] : controllers.split(',')).map((controller) =>
          path.join('/sys/fs/cgroup', controller, host.version === 'v2' ? path.dirname(where) : where),
        ),
      )
      .map((parent) => path.join(parent, `scones-guests-${process.pid}`))
      .filter((folder) => existsSync(folder));
    expect(leftovers).toEqual([]);
  });
});
