// A throwaway PostgreSQL server: `initdb` in a temporary folder (as the `postgres` user when run as root, since
// PostgreSQL refuses root), started on a free loopback port, stopped and deleted by `stop()`. Used by the test
// run's globalSetup (postgres-cluster.ts) and by the benches, which keep durability on.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** A superuser URL on the `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Extra `-c name=value` server settings. */
  readonly settings?: readonly string[];
}

const PREFIX = 'scones-pg-';

export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = findBinaries();
  const user = runAs();
  await stopAbandoned(bin.pgCtl, user);
  const root = await mkdtemp(path.join(os.tmpdir(), PREFIX));
  await writeFile(path.join(root, 'owner.pid'), String(process.pid));
  if (user) await chown(root, user.uid, user.gid);
  const data = path.join(root, 'data');
  try {
    await run(
      bin.initdb,
      ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-locale', '-E', 'UTF8', '--no-sync'],
      user,
    );
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      ...(options.settings ?? []).map((s) => `-c ${s}`),
    ].join(' ');
    const log = path.join(root, 'server.log');
    await run(bin.pgCtl, ['-D', data, '-l', log, '-o', settings, '-w', '-t', '120', 'start'], user).catch(
      async (error: Error) => {
        const tail = await readFile(log, 'utf8').catch(() => '');
        throw new Error(`${error.message}\n${tail.slice(-2000)}`);
      },
    );
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await run(bin.pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => {});
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/** Servers of runs that were killed before their teardown: their owner process is gone, the server may not be. */
async function stopAbandoned(pgCtl: string, user: { uid: number; gid: number } | undefined): Promise<void> {
  const names = (await readdir(os.tmpdir())).filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    const root = path.join(os.tmpdir(), name);
    const owner = Number(await readFile(path.join(root, 'owner.pid'), 'utf8').catch(() => 'NaN'));
    if (!Number.isInteger(owner) || isAlive(owner)) continue;
    await run(pgCtl, ['-D', path.join(root, 'data'), '-m', 'immediate', '-w', 'stop'], user).catch(() => {});
    await rm(root, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On PATH (this image, or a developer's install), else Debian's versioned folder (`apt-get install postgresql`). */
function findBinaries(): { initdb: string; pgCtl: string } {
  const folders = (process.env.PATH ?? '').split(path.delimiter);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse())
      folders.push(path.join(debian, version, 'bin'));
  }
  const folder = folders.find(
    (f) => f && existsSync(path.join(f, 'initdb')) && existsSync(path.join(f, 'pg_ctl')),
  );
  if (!folder) throw new Error('initdb and pg_ctl not found (install the postgresql package)');
  return { initdb: path.join(folder, 'initdb'), pgCtl: path.join(folder, 'pg_ctl') };
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(file: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      // The server inherits the environment: a HOME it can read, and no variables of ours.
      env: { PATH: process.env.PATH ?? '', LANG: 'C', HOME: os.tmpdir() },
      ...(user ?? {}),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(file)} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/** A loopback port nothing listens on (taken, then released): for a server to start on, or to find closed. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One statement on its own connection (CREATE/DROP DATABASE cannot run inside a pool's transaction). */
export async function adminQuery(admin: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
