// `scones functions logs NAME [--request-id ID] [--since 10m] [--follow]`: a function's stored log lines.
import { type Command, InvalidArgumentError } from 'commander';
import type { LogEvent } from '../../modules/functions/index.js';
import type { CliContext } from '../context.js';

interface LogsFlags {
  requestId?: string;
  since?: number;
  limit?: number;
  follow?: boolean;
  json?: boolean;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const FOLLOW_POLL_MS = 500;

export function registerLogsCommand(functions: Command, context: CliContext): void {
  functions
    .command('logs <name>')
    .description('print a function log (START, END and REPORT included), oldest line first')
    .option('--request-id <id>', 'only the lines of this invocation')
    .option(
      '--since <when>',
      'only lines from this long ago (30s, 10m, 2h, 1d) or since an ISO time',
      sinceTime,
    )
    .option(
      '--limit <n>',
      'at most this many lines: the last ones, or the first ones after --since (default 1000)',
      (value) => Number.parseInt(value, 10),
    )
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .option('--json', 'print one JSON object per line')
    .action(async (name: string, flags: LogsFlags) => {
      const app = await context.app();
      const query = {
        functionName: name,
        ...(flags.requestId === undefined ? {} : { requestId: flags.requestId }),
        ...(flags.since === undefined ? {} : { startTime: flags.since }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      };
      // Listen for Ctrl-C before the first line: a reader that stops us on a line it sees must not kill us.
      const stopped = flags.follow
        ? (await import('../../app/server.js')).untilSignal().then(() => true as const)
        : undefined;
      // Without --since the most recent lines are the interesting ones.
      const first = await app.functions.logs({ ...query, newest: flags.since === undefined });
      let lastId = printAll(context, first, flags.json);
      if (!stopped) return;
      while (!(await Promise.race([stopped, delay(FOLLOW_POLL_MS)]))) {
        const events = await app.functions.logs({
          ...query,
          ...(lastId === undefined ? {} : { afterId: lastId }),
        });
        lastId = printAll(context, events, flags.json) ?? lastId;
      }
    });
}

function printAll(
  context: CliContext,
  events: readonly LogEvent[],
  json: boolean | undefined,
): number | undefined {
  for (const event of events) {
    const time = new Date(event.timestamp).toISOString();
    context.print(json ? JSON.stringify({ ...event, time }) : `${time} ${event.message}`);
  }
  return events.at(-1)?.id;
}

function sinceTime(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
  if (match) return Date.now() - Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new InvalidArgumentError('must be a duration such as 10m, 2h, 1d, or an ISO time');
  return time;
}

function delay(ms: number): Promise<false> {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms));
}
