// Reading a cgroup's flat-keyed file through a kept descriptor: exact keys, fresh content on every read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupFile } from '../../../src/modules/functions/host/cgroup-file.js';

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
