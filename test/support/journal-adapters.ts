// The execution-journal adapters the contract suite runs against: memory, and SQL on every database of the matrix.
// `another()` is a second engine's handle on the same journal: for a database with concurrent writers another
// connection pool (another process); for SQLite the same connection, since two synchronous handles in one process
// would wait on each other's lock while holding the thread (other processes wait on it without harm).
import {
  type ExecutionJournal,
  memoryExecutionJournal,
  sqlExecutionJournal,
  workflowMigrations,
} from '../../src/modules/workflows/index.js';
import { SQL_ADAPTERS } from './sql-adapters.js';

export interface OpenedJournal {
  readonly journal: ExecutionJournal;
  another(): Promise<ExecutionJournal>;
  cleanup(): Promise<void>;
}

export interface JournalAdapter {
  readonly name: string;
  create(): Promise<OpenedJournal>;
}

export const JOURNAL_ADAPTERS: readonly JournalAdapter[] = [
  {
    name: 'memory',
    async create() {
      const journal = memoryExecutionJournal();
      return { journal, another: async () => journal, cleanup: async () => {} };
    },
  },
  ...SQL_ADAPTERS.map(
    (sqlAdapter): JournalAdapter => ({
      name: `sql (${sqlAdapter.name})`,
      async create() {
        const opened = await sqlAdapter.create();
        await opened.database.migrate(workflowMigrations);
        return {
          journal: sqlExecutionJournal(opened.database),
          another: async () =>
            sqlExecutionJournal(
              opened.database.traits.concurrentWriters ? await opened.another() : opened.database,
            ),
          cleanup: () => opened.cleanup(),
        };
      },
    }),
  ),
];
