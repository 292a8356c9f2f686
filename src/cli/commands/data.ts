// `scones data prepare`: the dataset ETL into the object store.
import type { Command } from 'commander';
import type { PrepareReport } from '../../modules/datasets/index.js';
import type { CliContext } from '../context.js';

interface PrepareFlags {
  source?: string;
  classes?: string;
  bucket?: string;
  json?: boolean;
}

export function registerDataCommands(program: Command, context: CliContext): void {
  const data = program.command('data').description('datasets in the object store');
  data
    .command('prepare')
    .description(
      'read CIFAR-100 (python or binary archive, URL or path) or an image folder; store 32x32 PNGs, .lst files and dataset.json',
    )
    .option(
      '--source <url-or-path>',
      'archive URL, archive file or image folder (default: download the official CIFAR-100 archive)',
    )
    .option(
      '--classes <names>',
      'comma-separated class names, in class-index order (default bicycle,motorcycle)',
    )
    .option('--bucket <name>', 'destination bucket (default scones)')
    .option('--json', 'print one JSON object with counts and keys')
    .action(async (flags: PrepareFlags) => {
      const report = await runPrepare(context, flags);
      context.printAs(flags.json, summariseReport(report), () => describeReport(report));
    });
}

export async function runPrepare(context: CliContext, flags: PrepareFlags): Promise<PrepareReport> {
  const app = await context.app();
  const request = {
    ...(flags.source ? { source: flags.source } : {}),
    ...(flags.classes ? { classes: flags.classes.split(',') } : {}),
    ...(flags.bucket ? { bucket: flags.bucket } : {}),
  };
  return app.datasets.prepare(request, context.progress({ json: flags.json }));
}

export function summariseReport(report: PrepareReport) {
  const { manifest, bucket } = report;
  const uri = (key: string) => `s3://${bucket}/${key}`;
  const counts = Object.fromEntries(
    Object.entries(manifest.splits).map(([split, s]) => [split, { ...s.perClass, total: s.count }]),
  );
  return {
    bucket,
    classes: manifest.classes.map((c) => c.name),
    counts,
    prefixes: { train: uri(manifest.splits.train.prefix), test: uri(manifest.splits.test.prefix) },
    manifests: {
      dataset: uri(report.keys.manifest),
      train: uri(report.keys.train),
      test: uri(report.keys.test),
    },
    checksum: manifest.checksum,
    source: manifest.source,
    objects: report.objects,
  };
}

function describeReport(report: PrepareReport): string {
  const s = summariseReport(report);
  const lines = [`Prepared ${s.classes.join(' / ')} from ${s.source.format} (${s.source.location})`];
  for (const [split, counts] of Object.entries(s.counts)) {
    const { total, ...perClass } = counts;
    const classes = Object.entries(perClass)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    lines.push(
      `  ${split.padEnd(5)} ${String(total).padStart(6)} images (${classes}) in ${s.prefixes[split as 'train' | 'test']}`,
    );
  }
  lines.push(`  manifests  ${s.manifests.dataset}  ${s.manifests.train}  ${s.manifests.test}`);
  const md5 = s.source.md5
    ? `  source MD5 ${s.source.md5}${s.source.checksumVerified ? ' (verified)' : ''}`
    : '';
  lines.push(
    `  objects    ${s.objects.written} written, ${s.objects.unchanged} unchanged, ${s.objects.removed} removed${md5}`,
  );
  return lines.join('\n');
}
