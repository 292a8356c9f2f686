// `scones db migrate`: the database named by `database.url` brought to the current schema, nothing else started.
// `scones db copy --to postgres://...`: the home's SQLite database moved to PostgreSQL (resumable, verified).
import type { Command } from 'commander';
import type { DatabaseCopyReport } from '../../app/database-copy.js';
import type { CliContext } from '../context.js';
import { parseInteger } from '../options.js';
import { table, timestamp } from '../text-table.js';

export function registerDbCommands(program: Command, context: CliContext): void {
  const db = program
    .command('db')
    .description('the database (database.url: SQLite by default, or PostgreSQL)');
  db.command('migrate')
    .description(
      'apply pending migrations (every start does too; safe to run from several processes at once)',
    )
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const { migrateDatabase } = await import('../../app/database-open.js');
      const result = await migrateDatabase(context.config());
      if (flags.json) context.printJson(result);
      else if (result.applied.length === 0) context.print(`${result.database}: up to date`);
      else context.print(`${result.database}: applied ${result.applied.join(', ')}`);
    });
  db.command('copy')
    .description(
      "copy the home's SQLite database into an empty PostgreSQL database, from one snapshot; an interrupted copy resumes when rerun, row counts are verified at the end",
    )
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:port/database')
    .option('--batch-rows <n>', 'rows per insert (default 500)', parseInteger(1, 100_000))
    .option('--json', 'print JSON')
    .action(async (flags: { to: string; batchRows?: number; json?: boolean }) => {
      const { copyHomeDatabase } = await import('../../app/database-copy.js');
      const report = await copyHomeDatabase(context.config(), {
        to: flags.to,
        progress: context.progress({ json: flags.json }),
        ...(flags.batchRows === undefined ? {} : { batchRows: flags.batchRows }),
      });
      context.printAs(flags.json, report, () => describe(report));
    });
}

function describe(report: DatabaseCopyReport): string {
  const rows = report.tables.reduce((sum, t) => sum + t.target, 0);
  const headline =
    report.outcome === 'already-done'
      ? `${report.target} already holds the finished copy of ${report.source} (snapshot of ${timestamp(report.snapshotAt)} UTC); nothing to do`
      : `${report.outcome === 'resumed' ? 'resumed and finished' : 'copied'} ${report.source} -> ${report.target}: ${rows} rows in ${report.tables.length} tables, counts verified`;
  const counts = table(
    ['TABLE', 'SOURCE', 'TARGET'],
    report.tables.map((t) => [t.table, t.source === null ? '-' : String(t.source), String(t.target)]),
  );
  const note =
    report.outcome === 'already-done'
      ? ''
      : `\nThe copy holds the source as of ${timestamp(report.snapshotAt)} UTC; writes after that moment are not in it. Start Scones on the copy with SCONES_DATABASE_URL (keep SCONES_HOME: objects, keys and function code stay there).`;
  return `${headline}\n${counts}${note}`;
}
