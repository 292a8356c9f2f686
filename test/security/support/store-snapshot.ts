// A fingerprint of everything a Scones home stores (files and database rows), to prove a refused request changed
// nothing. Tables that only record activity (metrics, log lines, heartbeats, monitoring runs) are left out.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Written by background work or as a record of any request, refused or not; never user state. */
const ACTIVITY_TABLES = new Set([
  'monitoring_metric_series',
  'monitoring_metric_minutes',
  'monitoring_alarm_history',
  'monitoring_runs',
  'inference_hosts',
  'fn_log_events',
  'sqlite_sequence',
]);
const DATABASE_FILES = /^scones\.db(-wal|-shm|-journal)?$/;

export interface StoreSnapshot {
  /** Relative path -> size and SHA-256 of every file under the home (the database files aside). */
  readonly files: Readonly<Record<string, string>>;
  /** Table -> SHA-256 of its rows (sorted). */
  readonly tables: Readonly<Record<string, string>>;
}

export async function snapshotHome(home: string, extraDirs: readonly string[] = []): Promise<StoreSnapshot> {
  const files: Record<string, string> = {};
  for (const root of [home, ...extraDirs]) await walk(root, root === home ? '' : `${root}:`, files);
  return { files, tables: tableDigests(path.join(home, 'scones.db')) };
}

async function walk(dir: string, prefix: string, out: Record<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const name = `${prefix}${entry.name}`;
    if (prefix === '' && DATABASE_FILES.test(entry.name)) continue;
    if (entry.isDirectory()) {
      out[`${name}/`] = 'dir';
      await walk(full, `${name}/`, out);
    } else if (entry.isSymbolicLink()) out[name] = 'symlink';
    else {
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      const bytes = await readFile(full).catch(() => Buffer.alloc(0));
      out[name] = `${info.size}:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
    }
  }
}

function tableDigests(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (ACTIVITY_TABLES.has(name)) continue;
      const rows = db
        .prepare(`SELECT * FROM "${name}"`)
        .raw()
        .all()
        .map((row) => JSON.stringify(row, bigints));
      // Row order is not part of the state (WITHOUT ROWID tables have no rowid to sort by).
      rows.sort();
      out[name] = createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
    }
    return out;
  } finally {
    db.close();
  }
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
