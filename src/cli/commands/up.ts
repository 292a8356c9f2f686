// `scones up`: the main job. Today: dataset preparation; later stages join as they land.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { runPrepare, summariseReport } from './data.js';

interface UpFlags {
  source?: string;
  json?: boolean;
}

export function registerUpCommand(program: Command, context: CliContext): void {
  program
    .command('up')
    .description(
      'run the pipeline on the embedded defaults: prepare the CIFAR-100 bicycle/motorcycle dataset',
    )
    .option(
      '--source <url-or-path>',
      'dataset archive URL, archive file or image folder (default: download CIFAR-100)',
    )
    .option('--json', 'print one JSON object describing what was done')
    .action(async (flags: UpFlags) => {
      const started = Date.now();
      if (!flags.json) context.print('scones up: stage 1/1, prepare the dataset');
      const report = await runPrepare(context, flags);
      const summary = {
        dataset: summariseReport(report),
        home: context.config().paths.home,
        seconds: (Date.now() - started) / 1000,
      };
      if (flags.json) {
        context.printJson(summary);
        return;
      }
      const { dataset } = summary;
      context.print(
        [
          `Dataset ready in ${dataset.prefixes.train} (${dataset.counts.train?.total} images) and ${dataset.prefixes.test} (${dataset.counts.test?.total} images)`,
          `Manifests: ${dataset.manifests.dataset}, ${dataset.manifests.train}, ${dataset.manifests.test}`,
          `State folder: ${summary.home} (done in ${summary.seconds.toFixed(1)} s)`,
          `Look at it: scones store ls ${dataset.prefixes.train}   or   scones serve, then GET /api/v1/buckets/${dataset.bucket}/objects`,
        ].join('\n'),
      );
    });
}
