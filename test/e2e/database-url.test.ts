// `database.url` as a user meets it through the `scones` program: `scones db migrate` on SQLite and on a real
// PostgreSQL (two processes at once migrate exactly once), an unreachable server, a bad URL, `scones config`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/app/migrations.js';
import { runScones } from '../support/cli.js';
import { runSconesInProcess } from '../support/cli-in-process.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { freePort } from '../support/postgres-server.js';

let cwd: string;
let postgres: TestDatabase;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-db-cli-'));
  postgres = await createTestDatabase();
});
afterAll(async () => {
  await postgres?.drop();
  await rm(cwd, { recursive: true, force: true });
});

const env = (databaseUrl?: string) => ({
  SCONES_HOME: path.join(cwd, 'home'),
  ...(databaseUrl === undefined ? {} : { SCONES_DATABASE_URL: databaseUrl }),
});
/** In-process (no node start-up per command); the two-at-once migration below uses real processes. */
const scones = (args: string[], databaseUrl?: string) =>
  runSconesInProcess(args, { cwd, env: env(databaseUrl) });

describe('scones db migrate', () => {
  it('migrates the embedded SQLite database by default, then finds it up to date', async () => {
    const first = await scones(['db', 'migrate', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout.toString());
    expect(report.adapter).toBe('sqlite');
    expect(report.database).toBe(`sqlite:${path.join(cwd, 'home', 'scones.db')}`);
    expect([...report.applied].sort()).toEqual(Object.keys(allMigrations).sort());
    const again = await scones(['db', 'migrate', '--json']);
    expect(JSON.parse(again.stdout.toString()).applied).toEqual([]);
  });

  it('migrates PostgreSQL exactly once when two processes start together', async () => {
    const [a, b] = await Promise.all([
      runScones(['db', 'migrate', '--json'], { cwd, env: env(postgres.url) }),
      runScones(['db', 'migrate', '--json'], { cwd, env: env(postgres.url) }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const applied = [a, b].flatMap((r) => JSON.parse(r.stdout.toString()).applied as string[]);
    expect(applied.sort()).toEqual(Object.keys(allMigrations).sort());
    expect(JSON.parse(a.stdout.toString()).adapter).toBe('postgres');
  });

  it('fails start-up on an unreachable server with host and reason, one line, no password', async () => {
    const port = await freePort();
    const result = await scones(['db', 'migrate'], `postgres://scones:hunter2@127.0.0.1:${port}/scones`);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(lines[0]).toContain('[DB_UNREACHABLE]');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses a URL it does not understand, naming the setting', async () => {
    const result = await scones(['db', 'migrate'], 'mysql://root:hunter2@db/scones');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database.url (SCONES_DATABASE_URL)');
    expect(result.stderr).toContain('[CONFIG_INVALID]');
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('scones config', () => {
  it('shows which database is in force, password hidden', async () => {
    const result = await scones(['config'], 'postgres://scones:hunter2@db.internal:6432/scones');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.toString()).not.toContain('hunter2');
    expect(JSON.parse(result.stdout.toString()).database).toEqual({
      url: 'postgres://scones:***@db.internal:6432/scones',
      adapter: 'postgres',
    });
  });
});
