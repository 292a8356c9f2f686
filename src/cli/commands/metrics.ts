// `scones metrics get|list|put`: the metrics store (CloudWatch metrics of Scones) from the shell.
import type { Command } from 'commander';
import { formatDimensions, parseDimensions, parseInstant } from '../../modules/monitoring/index.js';
import type { CliContext } from '../context.js';
import { table } from '../text-table.js';
import { finiteNumber, shortTime, wholeNumber } from './monitor-flags.js';

interface GetFlags {
  dimensions?: string;
  statistics: string;
  period: number;
  start: string;
  end: string;
  json?: boolean;
}

export function registerMetricsCommands(program: Command, context: CliContext): void {
  const metrics = program
    .command('metrics')
    .description('metrics: endpoints, functions, workflows, monitoring reports');
  registerGetCommand(metrics, context);
  registerListCommand(metrics, context);
  registerPutCommand(metrics, context);
}

function registerGetCommand(metrics: Command, context: CliContext): void {
  metrics
    .command('get <namespace> <name>')
    .description(
      'statistics per period, e.g. `scones metrics get Scones/Endpoints Invocations --statistics Sum`',
    )
    .option(
      '--dimensions <Name=value,...>',
      'only series with these dimension values (merged when several match)',
    )
    .option(
      '--statistics <list>',
      'SampleCount, Average, Sum, Minimum, Maximum, p50, p90, p99 (comma-separated)',
      'Average',
    )
    .option('--period <seconds>', 'period length, a multiple of 60', wholeNumber, 60)
    .option('--start <time>', 'ISO 8601, epoch ms, or -1h', '-1h')
    .option('--end <time>', 'ISO 8601, epoch ms, or now', 'now')
    .option('--json', 'print the datapoints as JSON')
    .action(async (namespace: string, name: string, flags: GetFlags) => {
      const app = await context.app();
      const now = Date.now();
      const statistics = flags.statistics
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const result = await app.monitoring.metrics.query({
        namespace,
        name,
        dimensions: parseDimensions(flags.dimensions),
        statistics,
        periodSeconds: flags.period,
        start: parseInstant(flags.start, now),
        end: parseInstant(flags.end, now),
      });
      if (flags.json) {
        context.printJson({
          ...result,
          datapoints: result.datapoints.map((d) => ({
            ...d,
            timestamp: new Date(d.timestamp).toISOString(),
          })),
        });
        return;
      }
      if (result.datapoints.length === 0) {
        context.print(`no datapoints of ${namespace}/${name} in that range`);
        return;
      }
      const rows = result.datapoints.map((d) => [
        shortTime(d.timestamp),
        ...statistics.map((s) => format(d.values[s])),
      ]);
      context.print(table(['TIMESTAMP', ...statistics], rows));
    });
}

function registerListCommand(metrics: Command, context: CliContext): void {
  metrics
    .command('list')
    .description('metric series that have data')
    .option('--namespace <namespace>', 'only this namespace')
    .option('--name <name>', 'only this metric name')
    .option('--json', 'print a JSON array')
    .action(async (flags: { namespace?: string; name?: string; json?: boolean }) => {
      const filter = {
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
        ...(flags.name ? { name: flags.name } : {}),
      };
      const series = await (await context.app()).monitoring.metrics.list(filter);
      if (flags.json)
        context.printJson(series.map(({ namespace, name, dimensions }) => ({ namespace, name, dimensions })));
      else
        context.print(
          table(
            ['NAMESPACE', 'NAME', 'DIMENSIONS'],
            series.map((s) => [s.namespace, s.name, formatDimensions(s.dimensions)]),
          ),
        );
    });
}

function registerPutCommand(metrics: Command, context: CliContext): void {
  metrics
    .command('put <namespace> <name> <value>')
    .description('record one datapoint (PutMetricData)')
    .option('--dimensions <Name=value,...>', 'dimensions of the datapoint')
    .option('--timestamp <time>', 'ISO 8601, epoch ms, or -5m (default now)')
    .action(
      async (
        namespace: string,
        name: string,
        value: string,
        flags: { dimensions?: string; timestamp?: string },
      ) => {
        const app = await context.app();
        app.monitoring.metrics.put({
          namespace,
          name,
          value: finiteNumber(value),
          dimensions: parseDimensions(flags.dimensions),
          ...(flags.timestamp ? { at: parseInstant(flags.timestamp, Date.now()) } : {}),
        });
        await app.monitoring.metrics.flush();
        context.print(`recorded ${namespace}/${name} = ${value}`);
      },
    );
}

function format(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
