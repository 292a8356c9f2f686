// A throwaway Ceph RADOS Gateway for tests: one monitor and one memstore OSD (no disks) plus radosgw, all child
// processes in a temp folder on free loopback ports, with one S3 user. Debian's radosgw is Pacific (16.2), which
// has no `dbstore` backend, so a one-OSD cluster on memstore is the smallest thing it runs on.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RadosGateway {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Milliseconds from the first command to the gateway answering HTTP. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Whether Debian's radosgw and the cluster tools are installed (CI installs them; see .ci/run). */
export async function radosgwInstalled(): Promise<boolean> {
  try {
    await run('sh', [
      '-c',
      'command -v radosgw && command -v ceph-mon && command -v ceph-osd && command -v monmaptool',
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a gateway; a daemon that dies while starting (seen once in a while with ceph-osd on a loaded machine) gets
 * one more try in a fresh folder, and the error then carries the tail of its log.
 */
export async function startRadosGateway(): Promise<RadosGateway> {
  try {
    return await startOnce();
  } catch {
    return startOnce();
  }
}

async function startOnce(): Promise<RadosGateway> {
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scones-rgw-'));
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'ceph.conf');
  const fsid = randomUUID();
  await writeFile(conf, cephConf(dir, fsid, monPort, rgwPort));
  for (const sub of ['run', 'log', 'mon/mon.a', 'osd/osd.0'])
    await mkdir(path.join(dir, sub), { recursive: true });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const monmap = path.join(dir, 'monmap');
    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, monmap]);
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', monmap]);
    children.push(daemon('ceph-mon', ['-c', conf, '-i', 'a', '-f']));
    await run('ceph', ['-c', conf, '--connect-timeout', '60', 'osd', 'create']);
    await run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs']);
    children.push(daemon('ceph-osd', ['-c', conf, '-i', '0', '-f']));
    children.push(daemon('radosgw', ['-c', conf, '-n', 'client.rgw', '-f']));
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(endpoint, children);
    const credentials = { accessKeyId: `AK${fsid.slice(0, 8)}`, secretAccessKey: `SK${fsid}` };
    await run('radosgw-admin', [
      ...['-c', conf, '-n', 'client.rgw', 'user', 'create', '--uid=scones', '--display-name=scones'],
      `--access-key=${credentials.accessKeyId}`,
      `--secret-key=${credentials.secretAccessKey}`,
    ]);
    return { endpoint, credentials, startMs: performance.now() - started, stop };
  } catch (error) {
    const logs = await logTails(path.join(dir, 'log'));
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
  }
}

async function logTails(folder: string): Promise<string> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const tails = await Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(folder, name), 'utf8').catch(() => '');
      return `--- ${name}\n${text.split('\n').slice(-15).join('\n')}`;
    }),
  );
  return tails.join('\n');
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
auth cluster required = none
auth service required = none
auth client required = none
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
osd crush chooseleaf type = 0
mon data = ${dir}/mon/$name
osd data = ${dir}/osd/$name
ms bind msgr2 = false
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
`;
}

function daemon(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: 'ignore' });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(timer);
}

/** Polls until the gateway answers; fails at once if a daemon died. */
async function waitForHttp(endpoint: string, children: readonly ChildProcess[]): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode}) while the gateway was starting`);
    try {
      await fetch(endpoint);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`radosgw did not answer at ${endpoint}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
