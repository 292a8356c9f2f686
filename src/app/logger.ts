// Structured logs on stderr: JSON lines when not a terminal, short readable lines on one.
import { type Logger as PinoLogger, pino } from 'pino';
import type { Logger } from '../kernel/logger.js';
import type { ResolvedConfig } from './config.js';

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/** pino's logger: it is our kernel Logger and what Fastify logs with. */
export type AppLogger = PinoLogger;

export function createLogger(
  config: Pick<ResolvedConfig, 'log'>,
  stream: NodeJS.WritableStream = process.stderr,
): AppLogger {
  const pretty = config.log.format === 'pretty' || (config.log.format === 'auto' && isTty(stream));
  const destination = pretty ? prettyDestination(stream) : stream;
  const logger: AppLogger = pino({ level: config.log.level, base: null }, destination);
  return logger satisfies Logger;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/** Turns pino's JSON line into `HH:MM:SS INFO message key=value`. */
function prettyDestination(stream: NodeJS.WritableStream) {
  return {
    write(line: string) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const time = new Date(record.time as number).toISOString().slice(11, 19);
      const level = LEVEL_NAMES[record.level as number] ?? String(record.level);
      const extras = Object.entries(record)
        .filter(([key]) => !HIDDEN_FIELDS.has(key))
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      stream.write(
        `${`${time} ${level.padEnd(5)} ${String(record.msg ?? '')} ${extras.join(' ')}`.trimEnd()}\n`,
      );
    },
  };
}
