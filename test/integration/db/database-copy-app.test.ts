// `copyHomeDatabase` (app/database-copy.ts) refusing bad input with typed errors that name the setting to fix,
// before anything is written anywhere.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { copyHomeDatabase } from '../../../src/app/database-copy.js';
import { silentProgress } from '../../../src/kernel/progress.js';
import { dbError } from '../../../src/platform/db/errors.js';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-db-copy-app-'));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

const config = (env: Record<string, string>) =>
  loadConfig({ env: { SCONES_HOME: path.join(cwd, 'home'), ...env }, cwd });
const copy = (env: Record<string, string>, to: string) =>
  copyHomeDatabase(config(env), { to, progress: silentProgress });

describe('scones db copy: bad input', () => {
  it('names SCONES_HOME when the home has no database', async () => {
    await expect(copy({}, 'postgres://u@127.0.0.1:5432/x')).rejects.toMatchObject({
      code: dbError.codes.COPY_SOURCE_MISSING,
      message: expect.stringContaining(`set SCONES_HOME (now ${path.join(cwd, 'home')})`),
    });
  });

  it('names database.url when it already points at PostgreSQL', async () => {
    await expect(
      copy({ SCONES_DATABASE_URL: 'postgres://u:pw@db.example:5432/scones' }, 'postgres://u@h/x'),
    ).rejects.toMatchObject({
      code: dbError.codes.INVALID_URL,
      message: expect.stringMatching(/^database\.url \(SCONES_DATABASE_URL\) is postgres:\/\/u:\*\*\*@db/),
    });
  });

  it('names --to for a SQLite or malformed target, without its password', async () => {
    await expect(copy({}, 'sqlite:/tmp/other.db')).rejects.toMatchObject({
      code: dbError.codes.INVALID_URL,
      message: expect.stringMatching(/^--to must be a postgres:\/\//),
    });
    const malformed = copy({}, 'postgres://user:hunter2@/');
    await expect(malformed).rejects.toMatchObject({
      code: dbError.codes.INVALID_URL,
      message: expect.stringMatching(/^--to: not a valid URL: postgres:\/\/user:\*\*\*@\/$/),
    });
  });
});
