// `scones deploy`, `scones endpoints list|describe|delete` and `scones serve-model`: real-time endpoints.
import { type Command, InvalidArgumentError } from 'commander';
import type { CaptureConfig, DeployVariant, EndpointRecord } from '../../modules/inference/index.js';
import type { CliContext } from '../context.js';
import { parsePort } from '../options.js';
import { table as textTable } from '../text-table.js';
import { registerInvokeCommand } from './endpoint-invoke.js';

interface DeployFlags {
  endpoint: string;
  model?: string;
  variant?: DeployVariant[];
  capturePercent?: number;
  captureDestination?: string;
  captureContent?: string;
  executionRole?: string;
  wait: boolean;
  waitSeconds: number;
  json?: boolean;
}

export function registerEndpointCommands(program: Command, context: CliContext): void {
  registerDeployCommand(program, context);
  const endpoints = program.command('endpoints').description('real-time endpoints (list, describe, delete)');
  endpoints
    .command('list')
    .description('list endpoints with their status and variants')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const records = await (await context.app()).inference.endpoints.list();
      context.printAs(flags.json, records, () =>
        records.length === 0 ? 'no endpoints yet; run `scones deploy`' : table(records),
      );
    });
  endpoints
    .command('describe <name>')
    .description('show one endpoint: status, variants, data capture')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const record = await (await context.app()).inference.endpoints.describe(name);
      context.printAs(flags.json, record, () => describe(record));
    });
  endpoints
    .command('delete <name>')
    .description('delete an endpoint (a running server stops serving it)')
    .action(async (name: string) => {
      await (await context.app()).inference.endpoints.delete(name);
      context.print(`deleted endpoint ${name}`);
    });
  registerInvokeCommand(program, context);
  registerServeModelCommand(program, context);
}

function registerDeployCommand(program: Command, context: CliContext): void {
  program
    .command('deploy')
    .description('create or update an endpoint; a running `scones serve` switches to it without downtime')
    .requiredOption('--endpoint <name>', 'endpoint name (letters, digits, hyphens; up to 63)')
    .option('--model <ref>', 'model version for a single variant (AllTraffic): a number, latest or approved')
    .option(
      '--variant <name=ref:weight>',
      'a production variant (repeat for A/B), e.g. A=3:0.9',
      collectVariant,
    )
    .option(
      '--capture-percent <n>',
      'capture this share of invocations (0-100; 0 turns capture off)',
      percent,
    )
    .option('--capture-destination <s3-uri>', 'where capture files go (default s3://<bucket>/datacapture)')
    .option('--capture-content <parts>', 'what to capture: input, output or input,output (default both)')
    .option(
      '--execution-role <arn>',
      'IAM role ARN the endpoint writes its data capture as (with auth on, nothing is captured without one)',
    )
    .option('--no-wait', 'return at once instead of waiting for a running server to serve the new version')
    .option('--wait-seconds <n>', 'how long to wait for the server', Number, 120)
    .option('--json', 'print the endpoint as JSON')
    .action(async (flags: DeployFlags) => {
      const app = await context.app();
      const { endpoints } = app.inference;
      let record = await endpoints.deploy({
        name: flags.endpoint,
        variants: flags.variant ?? (flags.model ? [{ model: flags.model }] : []),
        capture: captureFlags(flags),
        executionRoleArn: flags.executionRole,
      });
      const served = flags.wait && (await endpoints.hasLiveHost());
      if (served)
        record = await endpoints.waitUntilServed(record.name, record.revision, flags.waitSeconds * 1000);
      context.printAs(flags.json, record, () => describe(record));
      if (!served) context.print('no running server picked it up yet; `scones serve` serves it');
      if (record.failureReason && (record.servedRevision ?? 0) < record.revision)
        throw new Error(`endpoint ${record.name}: deploy failed: ${record.failureReason}`);
    });
}

function registerServeModelCommand(program: Command, context: CliContext): void {
  program
    .command('serve-model')
    .description(
      'serve one model version with the SageMaker container contract: GET /ping, POST /invocations',
    )
    .requiredOption('--model <ref>', 'model version: a number, latest or approved')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)', parsePort)
    .action(async (flags: { model: string; host?: string; port?: number }) => {
      const app = await context.app({ 'server.host': flags.host, 'server.port': flags.port });
      const { startModelServer, untilSignal } = await import('../../app/server.js');
      const server = await startModelServer(app, flags.model, app.config.server);
      // Listen for the signal before saying we are ready: whoever waits for that line may signal at once.
      const signalled = untilSignal();
      context.print(
        `Scones model server: version ${server.version} at ${server.url} (GET /ping, POST /invocations)`,
      );
      const signal = await signalled;
      app.logger.info({ signal }, 'shutting down');
      await server.close();
    });
}

function captureFlags(flags: DeployFlags): Partial<CaptureConfig> | undefined {
  const parts = flags.captureContent?.split(',').map((p) => p.trim());
  if (parts?.some((p) => p !== 'input' && p !== 'output'))
    throw new InvalidArgumentError('--capture-content takes input, output or input,output');
  const capture: Partial<CaptureConfig> = {
    ...(flags.capturePercent === undefined
      ? {}
      : { enabled: flags.capturePercent > 0, samplingPercent: flags.capturePercent }),
    ...(flags.captureDestination ? { destination: flags.captureDestination } : {}),
    ...(parts ? { captureInput: parts.includes('input'), captureOutput: parts.includes('output') } : {}),
  };
  return Object.keys(capture).length > 0 ? capture : undefined;
}

/** `name=ref:weight` with the weight optional (1): `A=3:0.9`, `B=latest`. */
function collectVariant(value: string, previous: DeployVariant[] = []): DeployVariant[] {
  const match = /^([^=]+)=([^:]+)(?::([0-9.]+))?$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected name=model:weight, e.g. A=3:0.9');
  const weight = match[3] === undefined ? 1 : Number(match[3]);
  if (!Number.isFinite(weight)) throw new InvalidArgumentError(`weight ${match[3]} is not a number`);
  return [...previous, { name: match[1] as string, model: match[2] as string, weight }];
}

function percent(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 100)) throw new InvalidArgumentError('must be a number from 0 to 100');
  return n;
}

function variantsText(record: EndpointRecord): string {
  return record.variants.map((v) => `${v.name}=v${v.modelVersion} (weight ${v.weight})`).join(', ');
}

function table(records: readonly EndpointRecord[]): string {
  const rows = records.map((r) => [r.name, r.status, String(r.revision), variantsText(r)]);
  const header = ['NAME', 'STATUS', 'REVISION', 'VARIANTS'];
  return textTable(header, rows);
}

function describe(record: EndpointRecord): string {
  const capture = record.capture;
  return [
    `endpoint ${record.name}: ${record.status} (revision ${record.revision}, serving ${record.servedRevision ?? 'none'})`,
    `variants: ${variantsText(record)}`,
    capture.enabled
      ? `data capture: ${capture.samplingPercent}% of ${[capture.captureInput && 'input', capture.captureOutput && 'output'].filter(Boolean).join(' and ')} to ${capture.destination}`
      : 'data capture: off',
    ...(record.executionRoleArn ? [`execution role: ${record.executionRoleArn}`] : []),
    ...(record.failureReason ? [`failure: ${record.failureReason}`] : []),
  ].join('\n');
}
