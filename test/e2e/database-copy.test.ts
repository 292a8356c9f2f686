// `scones db copy` as a user runs it (commands in-process; `serve` and the killed copy as real processes; a real
// PostgreSQL): a home filled through the CLI (functions, invocations and their logs, IAM users and keys, a state
// machine with executions and history, metrics) and the model registry's API is copied; `scones serve` on the copy
// shows the same data and keeps working (new executions get fresh ids). A copy killed mid-table, while blocked on a row
// lock this test holds, resumes to the same end state when rerun.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/kernel/clock.js';
import { ModelRegistry } from '../../src/modules/models/index.js';
import { ObjectStore } from '../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import { openSqliteDatabase } from '../../src/platform/db/sqlite/sqlite-database.js';
import { SCONES_BIN, startScones } from '../support/cli.js';
import { runSconesInProcess } from '../support/cli-in-process.js';
import { until } from '../support/eventually.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const FUNCTIONS = path.resolve(import.meta.dirname, '../fixtures/functions/platform');
let cwd: string;
let home: string;
const databases: TestDatabase[] = [];

const env = (databaseUrl?: string) => ({
  SCONES_HOME: home,
  SCONES_LOG_LEVEL: 'warn',
  ...(databaseUrl === undefined ? {} : { SCONES_DATABASE_URL: databaseUrl }),
});
const scones = (args: string[], databaseUrl?: string) =>
  runSconesInProcess(args, { cwd, env: env(databaseUrl) });

async function ok(args: string[], databaseUrl?: string): Promise<string> {
  const result = await scones(args, databaseUrl);
  expect(result.code, `scones ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout.toString();
}

async function newDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

const definition = {
  StartAt: 'fan',
  States: {
    fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'square', States: { square: { Type: 'Pass', End: true } } },
      ResultPath: '$.mapped',
      Next: 'echo',
    },
    echo: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
      ResultSelector: { 'revision.$': '$.Payload.revision' },
      End: true,
    },
  },
};

/** The home as a user would have it after some work. */
async function fillHome(): Promise<void> {
  await ok([
    ...['functions', 'deploy', 'echo', '--runtime', 'nodejs', '--handler', 'index.handler'],
    ...['--code', path.join(FUNCTIONS, 'echo-v1')],
  ]);
  await ok(['iam', 'users', 'create', 'alice']);
  await ok(['iam', 'keys', 'create', '--user', 'alice']);
  await writeFile(path.join(cwd, 'wf.json'), JSON.stringify(definition));
  await ok(['workflow', 'create', 'wf', '--definition', 'wf.json']);
  await ok(['workflow', 'start', 'wf', '--name', 'run-12', '--wait', '--input', items(12)]);
  await ok(['metrics', 'put', 'Copy/Test', 'Things', '42']);
  await registerModel();
}

const items = (n: number) => JSON.stringify({ items: Array.from({ length: n }, (_, i) => i) });

/** No CLI registers a model without training one; the registry's own API does, on the home's database. */
async function registerModel(): Promise<void> {
  const store = new ObjectStore(await openFsBlobStore(path.join(home, 'objects'), systemClock));
  const database = openSqliteDatabase({ file: path.join(home, 'scones.db') });
  try {
    await store.createBucket('models');
    const artifacts: Record<string, string> = {};
    for (const role of ['tfjs-model', 'tfjs-weights', 'report']) {
      artifacts[role] = `run-1/${role}`;
      await store.putObject('models', artifacts[role], Buffer.from(role));
    }
    await new ModelRegistry(database, store, systemClock).register({
      runId: 'run-1',
      arch: 'resnet-small',
      artifactBucket: 'models',
      artifacts,
      hyperparameters: { epochs: 2 },
      metrics: { accuracy: 0.93 },
      lineage: { dataset: 's3://data/train.lst' },
      preprocessing: { size: 32 },
      temperature: 1,
    });
  } finally {
    await database.close();
    await store.close();
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.json();
}

/** What a user sees of the home's data through a running server and the CLI. */
async function observe(databaseUrl?: string) {
  const server = await startScones(['serve', '--port', '0'], {
    cwd,
    env: env(databaseUrl),
    ready: /(http:\/\/\S+)/,
  });
  const api = `${server.match[1]}/api/v1`;
  try {
    const executions = (await getJson(`${api}/state-machines/wf/executions`)) as {
      executions: { name: string }[];
    };
    const histories = [];
    for (const { name } of executions.executions)
      histories.push(await getJson(`${api}/state-machines/wf/executions/${name}/history?maxResults=1000`));
    const seen = {
      executions,
      histories,
      functions: await getJson(`${api}/functions`),
      echo: await getJson(`${api}/functions/echo`),
      models: await getJson(`${api}/models`),
      metrics: await getJson(`${api}/metrics`),
      // Access keys name their user: one CLI run covers both tables (no HTTP route lists IAM).
      keys: JSON.parse(await ok(['iam', 'keys', 'list', '--json'], databaseUrl)),
    };
    return { seen, api };
  } finally {
    if (databaseUrl === undefined) await stop(server);
    else stopLater.push(server);
  }
}

const stopLater: { child: ChildProcess; exited: Promise<number | null> }[] = [];
async function stop(server: (typeof stopLater)[number]): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-db-copy-e2e-'));
  home = path.join(cwd, 'home');
  await fillHome();
}, 300_000);
afterAll(async () => {
  for (const server of stopLater.splice(0)) await stop(server);
  for (const database of databases) await database.drop();
  await rm(cwd, { recursive: true, force: true });
});

// Each CLI run is a Node process start (seconds on a loaded 2-core machine); the suite runs about twenty.
const WAIT = (what: string) => ({ what, timeoutMs: 60_000, intervalMs: 100 });

describe('scones db copy', { timeout: 300_000 }, () => {
  /** Rows per table the first copy reported (each line of its table: name, source rows, target rows). */
  let copiedCounts: { table: string; source: number; target: number }[];
  let firstTarget: TestDatabase;

  it('copies a home to PostgreSQL, where `scones serve` sees the same data and keeps working', async () => {
    const before = await observe();
    firstTarget = await newDatabase();
    const copied = await scones(['db', 'copy', '--to', firstTarget.url]);
    expect(copied.code, copied.stderr).toBe(0);
    const text = copied.stdout.toString();
    expect(text).toMatch(
      /^copied sqlite:.*scones\.db -> postgres:\/\/.*: \d+ rows in \d+ tables, counts verified\nTABLE\s+SOURCE\s+TARGET\n/,
    );
    copiedCounts = countLines(text);
    for (const table of copiedCounts) expect(table.target, table.table).toBe(table.source);
    const byTable = new Map(copiedCounts.map((t) => [t.table, t.source]));
    expect(byTable.get('iam_users')).toBe(1);
    expect(byTable.get('model_versions')).toBe(1);
    // Progress went to stderr while it ran (plain lines: no terminal here).
    expect(copied.stderr).toMatch(/db copy: done in [\d.]+s \(\d+ rows in \d+ tables\)/);

    const after = await observe(firstTarget.url);
    expect(after.seen).toEqual(before.seen);
    // The copy is a working database: a new execution runs, its rows get ids past the copied ones.
    const response = await fetch(`${after.api}/state-machines/wf/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after-copy', input: JSON.parse(items(2)) }),
    });
    expect(response.status).toBe(201);
    let run: { status?: string } = {};
    await until(async () => {
      run = (await getJson(`${after.api}/state-machines/wf/executions/after-copy`)) as { status: string };
      return run.status !== 'RUNNING';
    }, WAIT('the execution started on the copy to end'));
    expect(run.status, JSON.stringify(run)).toBe('SUCCEEDED');
  });

  // The other refusals (missing home, database.url on PostgreSQL, a finished copy) are in-process tests:
  // test/integration/db/database-copy-app.test.ts. Here: that the binary prints them as one line.
  it('gives one-line errors naming the setting for a bad target', async () => {
    const sqlite = await scones(['db', 'copy', '--to', `sqlite:${path.join(cwd, 'other.db')}`]);
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr.trim()).toMatch(/^scones: --to must be a postgres:\/\/.*\[DB_INVALID_URL\]$/);
    const unreachable = await scones(['db', 'copy', '--to', 'postgres://u:secret@127.0.0.1:1/x']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(
      /^scones: --to: cannot reach PostgreSQL at 127\.0\.0\.1:1\/x: .*\[DB_UNREACHABLE\]$/,
    );
    expect(unreachable.stderr).not.toContain('secret');
  });

  it('resumes a copy killed in the middle of a table, to the same end state', async () => {
    const target = await newDatabase();
    await ok(['db', 'migrate'], target.url);
    const { table, row } = blockingRow();
    // An uncommitted row with the key of the copy's second batch of `table`: the copy waits on it, mid-table.
    const blocker = new pg.Client({ connectionString: target.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      const columns = Object.keys(row);
      await blocker.query(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row),
      );
      const copy = startCopy(target.url);
      await until(
        async () => (await copyWaiting(target.url)) && (await rowsCopied(target.url, table)) === 5,
        WAIT('the copy to block on the row'),
      );
      copy.kill('SIGKILL');
      await new Promise((resolve) => copy.once('close', resolve));
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    const resumed = await scones(['db', 'copy', '--to', target.url, '--batch-rows', '5', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout.toString());
    expect(report.outcome).toBe('resumed');
    expect(report.tables).toEqual(copiedCounts);
  });
});

function countLines(text: string): { table: string; source: number; target: number }[] {
  return [...text.matchAll(/^([a-z_]+)\s+(\d+)\s+(\d+)$/gm)].map((m) => ({
    table: m[1] as string,
    source: Number(m[2]),
    target: Number(m[3]),
  }));
}

/** The 8th row (in key order) of the biggest table without foreign keys: in the second batch of 5. */
function blockingRow(): { table: string; row: Record<string, unknown> } {
  const db = new BetterSqlite3(path.join(home, 'scones.db'), { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'",
        )
        .pluck()
        .all() as string[]
    )
      .filter((name) => (db.pragma(`foreign_key_list("${name}")`) as unknown[]).length === 0)
      .map((name) => ({ name, rows: Number(db.prepare(`select count(*) from "${name}"`).pluck().get()) }))
      .sort((a, b) => b.rows - a.rows);
    const table = tables[0]?.name as string;
    expect(tables[0]?.rows).toBeGreaterThan(20);
    const key = (db.pragma(`table_info("${table}")`) as { name: string; pk: number }[])
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => `"${c.name}"`);
    const row = db
      .prepare(`select * from "${table}" order by ${key.join(', ')} limit 1 offset 7`)
      .get() as Record<string, unknown>;
    return { table, row };
  } finally {
    db.close();
  }
}

function startCopy(url: string) {
  return spawn(process.execPath, [SCONES_BIN, 'db', 'copy', '--to', url, '--batch-rows', '5'], {
    cwd,
    env: { ...process.env, ...env() },
    stdio: 'ignore',
  });
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Another session of this database waits on a lock (the copy's insert, on the test's uncommitted row). */
const copyWaiting = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    return rows[0].n > 0;
  });

const rowsCopied = (url: string, table: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query(
      'select rows::int as n from scones_copy_tables where table_name = $1',
      [table],
    );
    return rows[0]?.n as number | undefined;
  });
