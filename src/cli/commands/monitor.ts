// `scones monitor baseline|constraints|run|reports|schedule|schedules`: Model Monitor of Scones (baselines,
// drift reports on captured traffic, schedules that `scones serve` runs).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  type BaselineResult,
  invokeEndpointPredictor,
  parseInstant,
  type ReportDocument,
  type ReportRun,
  type Schedule,
} from '../../modules/monitoring/index.js';
import type { CliContext } from '../context.js';
import { table } from '../text-table.js';
import { positiveNumber, shortTime, wholeNumber } from './monitor-flags.js';

interface RunFlags {
  endpoint: string;
  from?: string;
  to?: string;
  force?: boolean;
  capture?: string;
  json?: boolean;
}

export function registerMonitorCommands(program: Command, context: CliContext): void {
  const monitor = program
    .command('monitor')
    .description('model monitoring: baselines, drift reports, schedules');
  monitor
    .command('baseline')
    .description(
      "run the endpoint's model over validation images; store statistics.json and constraints.json",
    )
    .requiredOption('--endpoint <name>', 'the endpoint (answers through the running `scones serve`)')
    .option('--dataset <s3-uri>', 'a .lst manifest or a folder of images (default: the prepared test split)')
    .option(
      '--endpoint-url <url>',
      'SageMaker runtime API serving the endpoint (default: this Scones server)',
    )
    .option('--json', 'print the statistics, constraints and file locations as JSON')
    .action(async (flags: { endpoint: string; dataset?: string; endpointUrl?: string; json?: boolean }) => {
      const app = await context.app();
      const result = await app.monitoring.baseline(flags.endpoint, {
        ...(flags.dataset ? { dataset: flags.dataset } : {}),
        ...(flags.endpointUrl
          ? { predictor: invokeEndpointPredictor(flags.endpointUrl, flags.endpoint) }
          : {}),
        progress: context.progress(flags),
      });
      context.printAs(flags.json, result, () => describeBaseline(result));
    });
  monitor
    .command('constraints')
    .description("print an endpoint's constraints, or replace them with an edited file")
    .requiredOption('--endpoint <name>', 'the endpoint')
    .option('--set <file>', 'a constraints.json to check and store')
    .option('--json', 'print JSON (the constraints are JSON either way)')
    .action(async (flags: { endpoint: string; set?: string; json?: boolean }) => {
      const app = await context.app();
      if (!flags.set) {
        context.printJson(await app.monitoring.constraints(flags.endpoint));
        return;
      }
      const text = await readFile(path.resolve(context.io.cwd, flags.set), 'utf8');
      const { uri } = await app.monitoring.setConstraints(flags.endpoint, JSON.parse(text));
      context.print(`constraints of ${flags.endpoint} stored in ${uri}`);
    });
  registerRunCommands(monitor, context);
  registerScheduleCommands(monitor, context);
}

function registerRunCommands(monitor: Command, context: CliContext): void {
  monitor
    .command('run')
    .description('one report now over captured traffic: statistics, drift, constraint violations')
    .requiredOption('--endpoint <name>', 'the endpoint')
    .option('--from <time>', 'window start: ISO 8601, epoch ms, or -2h (default -1h)')
    .option('--to <time>', 'window end (default now)')
    .option('--force', 'recompute even if a report of this window exists')
    .option('--capture <s3-uri>', 'where the capture files are (default s3://<bucket>/datacapture)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: RunFlags) => {
      const app = await context.app();
      const now = Date.now();
      const window = {
        from: parseInstant(flags.from ?? '-1h', now),
        to: parseInstant(flags.to ?? 'now', now),
      };
      const options = {
        ...(flags.force ? { force: true } : {}),
        ...(flags.capture ? { capture: flags.capture } : {}),
      };
      const report = await app.monitoring.report(flags.endpoint, window, options);
      context.printAs(flags.json, report, () => describeReport(report));
    });
  monitor
    .command('reports')
    .description('report runs of an endpoint, newest window first')
    .requiredOption('--endpoint <name>', 'the endpoint')
    .option('--limit <n>', 'at most this many (default 100)', wholeNumber)
    .option('--json', 'print a JSON array')
    .action(async (flags: { endpoint: string; limit?: number; json?: boolean }) => {
      const runs = await (await context.app()).monitoring.runs(flags.endpoint, flags.limit);
      context.printAs(flags.json, runs, () =>
        runs.length === 0 ? `no reports of ${flags.endpoint} yet` : runTable(runs),
      );
    });
}

function registerScheduleCommands(monitor: Command, context: CliContext): void {
  monitor
    .command('schedule')
    .description('report on a cron schedule (UTC); `scones serve` runs it and catches up missed windows')
    .requiredOption('--endpoint <name>', 'the endpoint')
    .option(
      '--cron <expression>',
      'when windows close, e.g. "0 * * * *" (the default, hourly) or "*/15 * * * *"',
    )
    .option('--capture <s3-uri>', 'where the capture files are (default s3://<bucket>/datacapture)')
    .option(
      '--settle <seconds>',
      'wait this long after a window ends before reporting it (default 120)',
      positiveNumber,
    )
    .option('--delete', 'remove the schedule')
    .option('--json', 'print the schedule as JSON')
    .action(
      async (flags: {
        endpoint: string;
        cron?: string;
        capture?: string;
        settle?: number;
        delete?: boolean;
        json?: boolean;
      }) => {
        const app = await context.app();
        if (flags.delete) {
          await app.monitoring.unschedule(flags.endpoint);
          context.print(`monitoring schedule of ${flags.endpoint} removed`);
          return;
        }
        const schedule = await app.monitoring.schedule(flags.endpoint, {
          ...(flags.cron ? { cron: flags.cron } : {}),
          ...(flags.capture ? { capture: flags.capture } : {}),
          ...(flags.settle === undefined ? {} : { settleMs: flags.settle * 1000 }),
        });
        if (flags.json) context.printJson(schedule);
        else
          context.print(
            `${flags.endpoint}: reports on "${schedule.cron}" (UTC) over ${schedule.captureUri}; \`scones serve\` runs them`,
          );
      },
    );
  monitor
    .command('schedules')
    .description('list monitoring schedules')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const schedules = await (await context.app()).monitoring.schedules();
      context.printAs(flags.json, schedules, () =>
        schedules.length === 0 ? 'no monitoring schedules' : scheduleTable(schedules),
      );
    });
}

function describeBaseline(result: BaselineResult): string {
  const { statistics: s } = result;
  const confidence = s.prediction.confidence;
  const classes = Object.entries(s.prediction.classDistribution).map(
    ([name, c]) => `${name} ${(c.share * 100).toFixed(1)}%`,
  );
  return [
    `baseline of ${result.endpoint} over ${s.counts.predictions} images of ${result.dataset}`,
    `top-1 confidence: mean ${confidence?.mean.toFixed(4)}, median ${confidence?.quantiles.p50?.toFixed(4)}, under ${s.threshold}: ${percent(s.prediction.lowConfidence.rate)}`,
    `predicted classes: ${classes.join(', ')}`,
    `statistics ${result.files.statistics}`,
    `constraints ${result.files.constraints} (edit, then \`scones monitor constraints --endpoint ${result.endpoint} --set <file>\`)`,
  ].join('\n');
}

function describeReport(report: ReportDocument): string {
  const lines = [
    `report of ${report.endpoint} for ${report.window.from} .. ${report.window.to}: ${report.counts.records} records, ${report.counts.predictions} predictions`,
    `low-confidence rate ${percent(report.lowConfidenceRate)}, mean confidence ${report.meanConfidence?.toFixed(4) ?? '-'}`,
  ];
  const embedding = report.drift.embedding;
  if (embedding)
    lines.push(
      `embedding drift (${embedding.source}): MMD^2 ${embedding.mmd2.toFixed(4)}, p = ${embedding.pValue.toFixed(4)}`,
    );
  for (const skipped of report.drift.skipped) lines.push(`skipped ${skipped}`);
  lines.push(
    report.violations.length === 0
      ? 'no constraint violations'
      : `${report.violations.length} constraint violations:`,
  );
  for (const v of report.violations)
    lines.push(`  ${v.feature_name} [${v.constraint_check_type}] ${v.description}`);
  lines.push(`report ${report.files.report}`);
  return lines.join('\n');
}

function runTable(runs: readonly ReportRun[]): string {
  return table(
    ['FROM', 'TO', 'STATUS', 'RECORDS', 'VIOLATIONS', 'REPORT'],
    runs.map((r) => [
      shortTime(r.windowStart),
      shortTime(r.windowEnd),
      r.status,
      String(r.records ?? '-'),
      String(r.violations ?? '-'),
      r.reportUri ?? r.error ?? '',
    ]),
  );
}

function scheduleTable(schedules: readonly Schedule[]): string {
  return table(
    ['ENDPOINT', 'CRON', 'CAPTURE', 'REPORTED UNTIL'],
    schedules.map((s) => [s.endpoint, s.cron, s.captureUri, shortTime(s.lastWindowEnd)]),
  );
}

function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}
