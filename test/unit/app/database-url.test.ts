// `database.url` (SCONES_DATABASE_URL): which adapter, validated at load with the setting named, password hidden.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError, loadConfig } from '../../../src/app/config.js';
import { isSconesError } from '../../../src/kernel/errors.js';

const cwd = '/srv/app';

function refusal(url: string) {
  try {
    loadConfig({ cwd, env: { SCONES_DATABASE_URL: url } });
  } catch (error) {
    if (isSconesError(error)) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('database.url', () => {
  it('defaults to SQLite in the home folder', () => {
    const config = loadConfig({ cwd, env: {} });
    const file = path.join(cwd, '.scones', 'scones.db');
    expect(config.databaseTarget).toEqual({ adapter: 'sqlite', file, shown: `sqlite:${file}` });
    expect(config.paths.database).toBe(file);
  });

  it('takes a sqlite: path relative to the working folder, and :memory:', () => {
    const relative = loadConfig({ cwd, env: { SCONES_DATABASE_URL: 'sqlite:data/s.db' } });
    expect(relative.databaseTarget).toMatchObject({ adapter: 'sqlite', file: '/srv/app/data/s.db' });
    expect(relative.paths.database).toBe('/srv/app/data/s.db');
    const memory = loadConfig({ cwd, env: { SCONES_DATABASE_URL: 'sqlite::memory:' } });
    expect(memory.databaseTarget).toMatchObject({ adapter: 'sqlite', file: ':memory:' });
  });

  it('takes a postgres:// URL and shows it without the password', () => {
    const url = 'postgres://scones:s3cr%40t@db.internal:6432/scones';
    const config = loadConfig({ cwd, env: { SCONES_DATABASE_URL: url } });
    expect(config.databaseTarget).toMatchObject({ adapter: 'postgres', url });
    expect(config.databaseTarget.shown).toBe('postgres://scones:***@db.internal:6432/scones');
  });

  it('refuses other schemes naming the setting, without echoing the password', () => {
    const error = refusal('mysql://root:hunter2@db/scones');
    expect(error.code).toBe(configError.codes.INVALID);
    expect(error.message).toContain('database.url (SCONES_DATABASE_URL)');
    expect(error.message).toContain('postgres://');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a postgres URL without a host', () => {
    const error = refusal('postgres://user:hunter2@/scones');
    expect(error.code).toBe(configError.codes.INVALID);
    expect(error.message).toContain('database.url');
    expect(error.message).not.toContain('hunter2');
  });
});
