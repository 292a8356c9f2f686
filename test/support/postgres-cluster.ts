// vitest globalSetup: one throwaway PostgreSQL cluster per test run (initdb in a temporary folder, on a free
// loopback port, stopped and deleted after), or the developer's own server named by SCONES_TEST_DATABASE_URL.
// Test files ask for a database of their own with `createTestDatabase()` (postgres.ts).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL whose user may CREATE DATABASE; empty when no PostgreSQL could be had. */
    postgresAdminUrl: string;
    /** Why `postgresAdminUrl` is empty. */
    postgresUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const own = process.env.SCONES_TEST_DATABASE_URL;
  if (own) {
    project.provide('postgresAdminUrl', own);
    project.provide('postgresUnavailable', '');
    return undefined;
  }
  try {
    const cluster = await startCluster();
    project.provide('postgresAdminUrl', cluster.url);
    project.provide('postgresUnavailable', '');
    return cluster.stop;
  } catch (error) {
    project.provide('postgresAdminUrl', '');
    project.provide('postgresUnavailable', (error as Error).message);
    return undefined;
  }
}

interface Cluster {
  readonly url: string;
  stop(): Promise<void>;
}

const PREFIX = 'scones-pg-';

async function startCluster(): Promise<Cluster> {
  const bin = findBinaries();
  const user = runAs();
  await stopAbandoned(bin.pgCtl, user);
  const root = await mkdtemp(path.join(os.tmpdir(), PREFIX));
  await writeFile(path.join(root, 'owner.pid'), String(process.pid));
  if (user) await chown(root, user.uid, user.gid);
  const data = path.join(root, 'data');
  try {
    // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
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
      // A throwaway cluster: durability costs time and buys nothing here.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
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

/** Clusters of runs that were killed before their teardown: their owner process is gone, the server may not be. */
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
