// `scones models list|show|approve|reject|delete`: the model registry.
import type { Command } from 'commander';
import type { ModelStatus, ModelVersion } from '../../modules/models/index.js';
import type { CliContext } from '../context.js';
import { table as textTable, timestamp } from '../text-table.js';

export function registerModelCommands(program: Command, context: CliContext): void {
  const models = program.command('models').description('the model registry (versions, metrics, approval)');
  models
    .command('list')
    .description('list model versions, newest first')
    .option('--status <status>', 'only versions with this status (registered, approved, rejected)')
    .option('--json', 'print a JSON array')
    .action(async (flags: { status?: ModelStatus; json?: boolean }) => {
      const app = await context.app();
      const versions = await app.models.list(flags.status ? { status: flags.status } : {});
      if (flags.json) context.printJson(versions);
      else
        context.print(versions.length === 0 ? 'no model versions yet; run `scones train`' : table(versions));
    });
  models
    .command('show <ref>')
    .description('show one version (a number, "latest" or "approved")')
    .option('--json', 'print JSON')
    .action(async (ref: string, flags: { json?: boolean }) => {
      const version = await (await context.app()).models.resolve(ref);
      context.printAs(flags.json, version, () => describe(version));
    });
  for (const [verb, status] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    models
      .command(`${verb} <ref>`)
      .description(`mark a version ${status}`)
      .option('--reason <text>', 'why, kept with the version')
      .action(async (ref: string, flags: { reason?: string }) => {
        const app = await context.app();
        const version = await app.models.resolve(ref);
        await app.models.setStatus(version.version, status, flags.reason);
        context.print(`model version ${version.version} is ${status}`);
      });
  }
  models
    .command('delete <ref>')
    .description('delete a version and its artifacts')
    .action(async (ref: string) => {
      const app = await context.app();
      const version = await app.models.resolve(ref);
      await app.models.delete(version.version);
      context.print(`deleted model version ${version.version}`);
    });
}

function metric(version: ModelVersion, name: string): string {
  const value = version.metrics[name];
  return typeof value === 'number' ? value.toFixed(4) : '-';
}

function table(versions: readonly ModelVersion[]): string {
  const header = ['VERSION', 'STATUS', 'CREATED', 'ARCH', 'ACCURACY', 'COVERAGE@0.93', 'SELECTIVE_ACC'];
  const rows = versions.map((v) => [
    String(v.version),
    v.status,
    timestamp(v.createdAt),
    v.arch,
    metric(v, 'accuracy'),
    metric(v, 'coverage_at_threshold'),
    metric(v, 'selective_accuracy_at_threshold'),
  ]);
  return textTable(header, rows);
}

function describe(v: ModelVersion): string {
  const lines = [
    `version ${v.version} (${v.status}${v.statusReason ? `: ${v.statusReason}` : ''}), run ${v.runId}, arch ${v.arch}`,
    `created ${new Date(v.createdAt).toISOString()}, temperature ${v.temperature.toFixed(4)}`,
    `accuracy ${metric(v, 'accuracy')}, coverage@0.93 ${metric(v, 'coverage_at_threshold')}, selective accuracy ${metric(v, 'selective_accuracy_at_threshold')}`,
    'artifacts:',
    ...v.artifacts.map((a) => `  ${a.role.padEnd(14)} s3://${v.artifactBucket}/${a.key} (${a.size} bytes)`),
  ];
  return lines.join('\n');
}
