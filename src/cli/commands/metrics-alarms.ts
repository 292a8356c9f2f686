// `scones alarms put|list|show|history|delete|set-state|defaults`: CloudWatch-style alarms on Scones metrics;
// `scones serve` evaluates them and runs their actions.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  type AlarmStateValue,
  type HistoryItem,
  parseAction,
  parseDimensions,
  type StoredAlarm,
} from '../../modules/monitoring/index.js';
import type { CliContext } from '../context.js';
import { table } from '../text-table.js';
import { collect, finiteNumber, shortTime, wholeNumber } from './monitor-flags.js';

interface PutFlags {
  file?: string;
  namespace?: string;
  metric?: string;
  dimensions?: string;
  statistic: string;
  period: number;
  evaluationPeriods: number;
  datapoints?: number;
  threshold?: number;
  comparison: string;
  missing: string;
  description?: string;
  action: string[];
  okAction: string[];
  insufficientAction: string[];
  json?: boolean;
}

export function registerAlarmCommands(program: Command, context: CliContext): void {
  const alarms = program.command('alarms').description('alarms on metrics (evaluated by `scones serve`)');
  alarms
    .command('put <name>')
    .description('create or change an alarm (its state is kept on change)')
    .option('--file <alarm.json>', 'the whole definition as JSON (the flags below override it)')
    .option('--namespace <namespace>', 'e.g. Scones/Endpoints')
    .option('--metric <name>', 'e.g. LowConfidencePredictions')
    .option('--dimensions <Name=value,...>', 'e.g. EndpointName=bikes')
    .option('--statistic <statistic>', 'Average, Sum, Minimum, Maximum, SampleCount or pNN', 'Average')
    .option('--period <seconds>', 'a multiple of 60', wholeNumber, 300)
    .option('--evaluation-periods <n>', 'how many periods are evaluated (N)', wholeNumber, 1)
    .option('--datapoints <m>', 'breaching periods that raise the alarm (M of N; default N)', wholeNumber)
    .option('--threshold <value>', 'the threshold', finiteNumber)
    .option(
      '--comparison <operator>',
      'GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThan...',
      'GreaterThanThreshold',
    )
    .option('--missing <treatment>', 'missing, notBreaching, breaching or ignore', 'missing')
    .option('--description <text>', 'what the alarm means')
    .option(
      '--action <action>',
      'on ALARM: log, webhook:<url>, function:<name>, workflow:<name> (repeatable)',
      collect,
      [],
    )
    .option('--ok-action <action>', 'on OK (repeatable)', collect, [])
    .option('--insufficient-action <action>', 'on INSUFFICIENT_DATA (repeatable)', collect, [])
    .option('--json', 'print the alarm as JSON')
    .action(async (name: string, flags: PutFlags) => {
      const app = await context.app();
      const input = { ...(await fromFile(context, flags.file)), ...fromFlags(flags), name };
      const alarm = await app.monitoring.alarms.put(input);
      context.printAs(flags.json, alarm, () => `alarm ${name} stored (${alarm.state})`);
    });
  alarms
    .command('list')
    .description('alarms and their states')
    .option('--state <state>', 'only alarms in OK, ALARM or INSUFFICIENT_DATA')
    .option('--json', 'print a JSON array')
    .action(async (flags: { state?: AlarmStateValue; json?: boolean }) => {
      const list = await (await context.app()).monitoring.alarms.list(
        flags.state ? { state: flags.state } : {},
      );
      context.printAs(flags.json, list, () => (list.length === 0 ? 'no alarms' : alarmTable(list)));
    });
  registerInspectCommands(alarms, context);
}

function registerInspectCommands(alarms: Command, context: CliContext): void {
  alarms
    .command('show <name>')
    .description('one alarm: definition, state and reason')
    .action(async (name: string) =>
      context.printJson(await (await context.app()).monitoring.alarms.get(name)),
    );
  alarms
    .command('history <name>')
    .description('state changes, actions and configuration updates, newest first')
    .option('--limit <n>', 'at most this many (default 100)', wholeNumber)
    .option('--json', 'print a JSON array')
    .action(async (name: string, flags: { limit?: number; json?: boolean }) => {
      const app = await context.app();
      await app.monitoring.alarms.get(name);
      const items = await app.monitoring.alarms.history(name, flags.limit ? { limit: flags.limit } : {});
      context.printAs(flags.json, items, () => historyTable(items));
    });
  alarms
    .command('delete <name>')
    .description('delete an alarm and its history')
    .action(async (name: string) => {
      await (await context.app()).monitoring.alarms.delete(name);
      context.print(`alarm ${name} deleted`);
    });
  alarms
    .command('set-state <name> <state>')
    .description(
      'set OK, ALARM or INSUFFICIENT_DATA until the next evaluation (runs the actions: to test them)',
    )
    .requiredOption('--reason <text>', 'why')
    .action(async (name: string, state: AlarmStateValue, flags: { reason: string }) => {
      const app = await context.app();
      const alarm = await app.monitoring.alarms.setState(name, state, flags.reason);
      await app.monitoring.actionsIdle();
      context.print(`alarm ${name} is ${alarm.state}`);
    });
  alarms
    .command('defaults')
    .description(
      "create an endpoint's default alarms (low confidence over 5 minutes, drift) unless they exist",
    )
    .requiredOption('--endpoint <name>', 'the endpoint')
    .action(async (flags: { endpoint: string }) => {
      const result = await (await context.app()).monitoring.ensureDefaultAlarms(flags.endpoint);
      context.print(
        `created: ${result.created.join(', ') || 'none'}; already there: ${result.existing.join(', ') || 'none'}`,
      );
    });
}

async function fromFile(context: CliContext, file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  return JSON.parse(await readFile(path.resolve(context.io.cwd, file), 'utf8')) as Record<string, unknown>;
}

function fromFlags(flags: PutFlags): Record<string, unknown> {
  const actions = (list: string[]) => list.map(parseAction);
  return {
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.metric ? { metricName: flags.metric } : {}),
    ...(flags.dimensions ? { dimensions: parseDimensions(flags.dimensions) } : {}),
    ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
    ...(flags.datapoints === undefined ? {} : { datapointsToAlarm: flags.datapoints }),
    ...(flags.description ? { description: flags.description } : {}),
    ...(flags.action.length > 0 ? { alarmActions: actions(flags.action) } : {}),
    ...(flags.okAction.length > 0 ? { okActions: actions(flags.okAction) } : {}),
    ...(flags.insufficientAction.length > 0
      ? { insufficientDataActions: actions(flags.insufficientAction) }
      : {}),
    statistic: flags.statistic,
    periodSeconds: flags.period,
    evaluationPeriods: flags.evaluationPeriods,
    comparison: flags.comparison,
    treatMissingData: flags.missing,
  };
}

function alarmTable(alarms: readonly StoredAlarm[]): string {
  return table(
    ['NAME', 'STATE', 'SINCE', 'METRIC', 'CONDITION'],
    alarms.map(({ definition: d, state, stateUpdatedAt }) => [
      d.name,
      state,
      shortTime(stateUpdatedAt),
      `${d.namespace}/${d.metricName}`,
      `${d.statistic} ${d.comparison.replace('Threshold', '')} ${d.threshold} (${d.datapointsToAlarm} of ${d.evaluationPeriods} x ${d.periodSeconds}s)`,
    ]),
  );
}

function historyTable(items: readonly HistoryItem[]): string {
  return table(
    ['TIME', 'TYPE', 'SUMMARY'],
    items.map((i) => [shortTime(i.at), i.type, i.summary]),
  );
}
