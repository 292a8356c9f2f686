// `database.url` read once at start: which adapter, where, and how to show it without the password.
import path from 'node:path';
import { isPostgresUrl, parsePostgresUrl } from '../platform/db/postgres/postgres-url.js';

export type DatabaseTarget =
  | { readonly adapter: 'sqlite'; readonly file: string; readonly shown: string }
  | { readonly adapter: 'postgres'; readonly url: string; readonly shown: string };

/** Why a `database.url` is refused, as a config problem line (the password never appears). */
export class DatabaseUrlProblem extends Error {}

const FORMS = 'must be sqlite:<path> or postgres://user:password@host:port/database';

/**
 * `''` and `sqlite:` mean the embedded default `<home>/scones.db`; `sqlite:<path>` is resolved against `cwd`
 * like `home` is (`sqlite::memory:` for a database that lives as long as the process).
 */
export function resolveDatabaseTarget(url: string, home: string, cwd: string): DatabaseTarget {
  const defaultFile = path.join(home, 'scones.db');
  if (url === '') return { adapter: 'sqlite', file: defaultFile, shown: `sqlite:${defaultFile}` };
  if (url.startsWith('sqlite:')) {
    const given = url.slice('sqlite:'.length);
    const file = given === '' ? defaultFile : given === ':memory:' ? given : path.resolve(cwd, given);
    return { adapter: 'sqlite', file, shown: `sqlite:${file}` };
  }
  if (isPostgresUrl(url)) {
    try {
      return { adapter: 'postgres', url, shown: parsePostgresUrl(url).redacted };
    } catch (error) {
      throw new DatabaseUrlProblem(`${FORMS} (${(error as Error).message})`);
    }
  }
  throw new DatabaseUrlProblem(`${FORMS} (got a value starting "${url.split(':')[0]?.slice(0, 20)}:")`);
}
