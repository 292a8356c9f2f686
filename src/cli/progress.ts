// ProgressReporter for the terminal: cli-progress bars with ETA on a TTY, one plain line per step otherwise.
import cliProgress from 'cli-progress';
import type { ProgressReporter, ProgressTask } from '../kernel/progress.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

export function createProgressReporter(stream: Stream, options: { quiet?: boolean } = {}): ProgressReporter {
  if (options.quiet) return { start: () => ({ update: () => {}, finish: () => {} }) };
  return { start: (label, total, unit) => (stream.isTTY ? barTask : lineTask)(stream, label, total, unit) };
}

function barTask(stream: Stream, label: string, total: number, unit: string): ProgressTask {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted} {extra}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { extra: '' });
  return {
    update: (done, fields) => bar.update(done, { extra: formatFields(fields) }),
    finish: (summary) => {
      bar.update(Math.max(total, 1));
      bar.stop();
      if (summary) stream.write(`${label}: ${summary}\n`);
    },
  };
}

/** Without a terminal: a line at most every 10% (and at the end), so logs stay readable. */
function lineTask(stream: Stream, label: string, total: number, unit: string): ProgressTask {
  const started = Date.now();
  let lastDecile = -1;
  return {
    update: (done, fields) => {
      const decile = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (decile === lastDecile || done >= total) return;
      lastDecile = decile;
      const eta = done > 0 ? ((Date.now() - started) / done) * (total - done) : undefined;
      const etaText = eta === undefined ? '' : ` eta ${(eta / 1000).toFixed(1)}s`;
      stream.write(`${`${label}: ${done}/${total} ${unit}${etaText} ${formatFields(fields)}`.trimEnd()}\n`);
    },
    finish: (summary) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${label}: done in ${seconds}s${summary ? ` (${summary})` : ''}\n`);
    },
  };
}

function formatFields(fields: Readonly<Record<string, string | number>> | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : v}`)
    .join(' ');
}
