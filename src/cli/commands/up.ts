// `scones up`: the main job. The whole pipeline on the embedded defaults, then serving until Ctrl-C.
import type { Command } from 'commander';
import type { UpSummary } from '../../app/pipeline/up.js';
import { TRAINING_DEFAULTS } from '../../modules/training/index.js';
import type { CliContext } from '../context.js';
import { parseInteger, parsePort } from '../options.js';

interface UpFlags {
  source?: string;
  retrain?: boolean;
  epochs?: number;
  once?: boolean;
  host?: string;
  port?: number;
  json?: boolean;
}

export function registerUpCommand(program: Command, context: CliContext): void {
  program
    .command('up')
    .description(
      'run the whole pipeline: prepare data, train, deploy the endpoint, run the workflow on every test image; then serve',
    )
    .option(
      '--source <url-or-path>',
      'dataset archive URL, archive file or image folder (default: download CIFAR-100)',
    )
    .option('--retrain', 'train a new model even if one was trained on this dataset')
    .option(
      '--epochs <n>',
      `epochs of a new model (default: the recipe's ${TRAINING_DEFAULTS.epochs})`,
      parseInteger(1, 10_000),
    )
    .option('--once', 'exit after the summary instead of serving')
    .option('--host <host>', 'interface the server listens on (default 127.0.0.1)')
    .option('--port <port>', 'server port (default 8080; 0 picks a free one)', parsePort)
    .option('--json', 'print the summary as one JSON object')
    .action(async (flags: UpFlags) => {
      const app = await context.app({ 'server.host': flags.host, 'server.port': flags.port });
      // Imported here, not at the top: the pipeline and the server are the heaviest part of the module graph.
      const [{ runUp }, { describeAccess }, { BATCH_CONCURRENCY }, { untilSignal }] = await Promise.all([
        import('../../app/pipeline/up.js'),
        import('../../app/pipeline/access-stage.js'),
        import('../../app/pipeline/stages.js'),
        import('../../app/server.js'),
      ]);
      if (!flags.json) context.print(await describeIsolation(app.functions));
      const { server, summary } = await runUp(
        app,
        {
          source: flags.source,
          retrain: flags.retrain === true,
          training: flags.epochs === undefined ? {} : { epochs: flags.epochs },
          listen: app.config.server,
        },
        {
          stage: (index, count, label) => {
            if (!flags.json) context.print(`[${index}/${count}] ${label}`);
          },
          progress: context.progress({ json: flags.json }),
        },
      );
      if (flags.json) context.printJson(summary);
      else {
        context.print(describe(summary, app.config.paths.home, BATCH_CONCURRENCY));
        context.print(describeAccess(summary.access, summary.url, app.authEnabled).join('\n'));
      }
      if (!flags.once) {
        const signalled = untilSignal();
        context.print(`Serving at ${server.url} (Ctrl-C stops)`);
        await signalled;
      }
      await server.close();
    });
}

/** One line on how function code is isolated; says plainly when it is not, and what to install. */
async function describeIsolation(functions: {
  isolation(): Promise<{ mode: string; notes: readonly string[] }>;
}): Promise<string> {
  try {
    const { mode, notes } = await functions.isolation();
    if (mode === 'sandbox') return `Functions run sandboxed (bubblewrap; ${notes.join('; ')})`;
    return `WARNING: functions are NOT sandboxed (${notes.join('; ')}). Install bubblewrap (apt-get install bubblewrap) to sandbox them.`;
  } catch (error) {
    return `WARNING: functions cannot run: ${(error as Error).message}`;
  }
}

function describe(s: UpSummary, home: string, batchConcurrency: number): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const classes = Object.keys(s.model.precision)
    .map(
      (name) =>
        `${name} precision ${pct(s.model.precision[name] ?? null)} recall ${pct(s.model.recall[name] ?? null)}`,
    )
    .join(', ');
  const other = Object.entries(s.workflow.failures)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return [
    '',
    `Scones is up (${s.seconds.toFixed(0)} s)`,
    `  dataset   s3://${s.dataset.bucket}/: ${s.dataset.train} train, ${s.dataset.test} test images`,
    `  model     version ${s.model.version}${s.model.trained ? ' (trained now)' : ' (reused)'}: test accuracy ${pct(s.model.accuracy)}; ${classes}`,
    `            at confidence >= 0.93: coverage ${pct(s.model.coverageAtThreshold)}, accuracy ${pct(s.model.selectiveAccuracyAtThreshold)}`,
    `  endpoint  ${s.endpoint.name} at ${s.url}/endpoints/${s.endpoint.name}/invocations, data capture in ${s.endpoint.capture}`,
    `  workflow  ${s.workflow.images} images: ${s.workflow.passed} passed, ${s.workflow.filtered} filtered out (THRESHOLD_CONFIDENCE_NOT_MET), ${s.workflow.failed} failed${other ? ` (${other})` : ''}`,
    `            batch ${s.workflow.seconds.toFixed(1)} s, per-image execution time p50 ${s.workflow.latencyMs.p50} ms, p99 ${s.workflow.latencyMs.p99} ms (${batchConcurrency} at a time)`,
    `            one image at a time, end to end: p50 ${s.workflow.singleImageMs.p50} ms, p99 ${s.workflow.singleImageMs.p99} ms (${s.workflow.singleImageMs.runs} runs)`,
    `  monitor   ${s.monitoring.records} captured inferences, low-confidence rate ${pct(s.monitoring.lowConfidenceRate)}, ${s.monitoring.violations} constraint violations${s.monitoring.baselined ? ' (new baseline)' : ''}`,
    `            report ${s.monitoring.report}`,
    `  state     ${home}`,
    `  try       scones invoke --endpoint ${s.endpoint.name} --file <image.png>   |   scones workflow list`,
    '',
    `Dashboard: ${s.dashboard}`,
  ].join('\n');
}
