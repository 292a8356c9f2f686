// The log store's CloudWatch Logs queries on each database (SQLite, PostgreSQL): groups and streams with their
// extents, and lines by stream, stream prefix and id bounds in both directions.
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/kernel/logger.js';
import { SqlLogStore } from '../../../src/modules/functions/registry/log-store.js';
import type { FunctionTables } from '../../../src/modules/functions/registry/schema.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { openHome, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

const line = (functionName: string, logStream: string, timestamp: number, message: string) => ({
  functionName,
  version: '$LATEST',
  logStream,
  requestId: 'r',
  timestamp,
  message,
});

for (const engine of DB_MATRIX) {
  describe(`function log groups on ${engine.name}`, () => {
    it('lists groups and streams with extents, and pages lines by stream and id', async () => {
      const home = await openHome(undefined, {}, engine);
      const store = new SqlLogStore(home.database.db as Kysely<FunctionTables>, console as unknown as Logger);
      store.write([
        line('a', '2026/12/07/[$LATEST]one', 10, 'a1'),
        line('a', '2026/12/07/[$LATEST]one', 20, 'a22'),
        line('a', '2026/12/08/[$LATEST]two', 30, 'a333'),
        line('b', '2026/12/07/[$LATEST]one', 5, 'b'),
      ]);
      expect(await store.loggedFunctions()).toEqual([
        { name: 'a', firstTimestamp: 10, lastTimestamp: 30, storedBytes: 9 },
        { name: 'b', firstTimestamp: 5, lastTimestamp: 5, storedBytes: 1 },
      ]);
      expect((await store.logStreams('a')).map((s) => [s.name, s.firstTimestamp, s.lastTimestamp])).toEqual([
        ['2026/12/07/[$LATEST]one', 10, 20],
        ['2026/12/08/[$LATEST]two', 30, 30],
      ]);
      const messages = async (query: Parameters<SqlLogStore['query']>[0]) =>
        (await store.query(query)).map((event) => event.message);
      expect(await messages({ functionName: 'a', logStreamPrefix: '2026/12/08/' })).toEqual(['a333']);
      expect(await messages({ functionName: 'a', logStreams: ['2026/12/07/[$LATEST]one'] })).toEqual([
        'a1',
        'a22',
      ]);
      const all = await store.query({ functionName: 'a' });
      const last = all.at(-1)?.id ?? 0;
      expect(await messages({ functionName: 'a', beforeId: last, limit: 1, newest: true })).toEqual(['a22']);
      await home.close();
    });
  });
}
