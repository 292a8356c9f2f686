// `scones store migrate --to s3://bucket[/prefix]`: the home's objects copied to an S3-compatible backend.
import { type Command, Option } from 'commander';
import type { BlobCopyProgress, StoreMigrateReport } from '../../app/storage-migration.js';
import type { CliContext } from '../context.js';
import { parseInteger } from '../options.js';

interface MigrateFlags {
  to: string;
  endpoint?: string;
  region?: string;
  pathStyle: boolean;
  mode?: 'prefix' | 'bucket-per-bucket';
  bucketPrefix?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  concurrency?: number;
  every?: number;
  switch?: boolean;
  json?: boolean;
}

export function registerStoreMigrate(store: Command, context: CliContext): void {
  store
    .command('migrate')
    .description(
      'copy every bucket and object of the home (internal ones included, records and encryption intact) to an S3-compatible backend; reruns skip what is already there, every copied object is read back and checked. Stop the server first: objects written meanwhile may be missed',
    )
    .requiredOption(
      '--to <uri>',
      'the backend bucket (must exist) and optional key prefix: s3://bucket[/prefix]',
    )
    .option('--endpoint <url>', 'the backend, e.g. http://127.0.0.1:9000 (default: AWS S3 of the region)')
    .option('--region <region>', 'the backend region (default us-east-1)')
    .option('--path-style', 'path-style URLs', true)
    .option('--no-path-style', 'virtual-hosted-style URLs')
    .addOption(new Option('--mode <mode>', 'layout on the backend').choices(['prefix', 'bucket-per-bucket']))
    .option('--bucket-prefix <prefix>', 'bucket-per-bucket: backend bucket name prefix')
    .option('--access-key-id <id>', 'backend key (default: the AWS SDK default credential chain)')
    .option('--secret-access-key <secret>', "the key's secret")
    .option('--concurrency <n>', 'objects copied at once (default 4)', parseInteger(1, 64))
    .option('--every <n>', 'print a progress line every n objects (default 100)', parseInteger(1, 1_000_000))
    .option('--switch', 'write the new storage settings into the config file once everything is verified')
    .option('--json', 'print the report as JSON (no progress lines)')
    .action(async (flags: MigrateFlags) => {
      const { migrateHomeObjects } = await import('../../app/storage-migration.js');
      const report = await migrateHomeObjects(context.config(), {
        ...flags,
        switch: flags.switch === true,
        cwd: context.io.cwd,
        ...(flags.json ? {} : { onProgress: (p) => context.io.stderr.write(`${progressLine(p)}\n`) }),
      });
      context.printAs(flags.json, report, () => describe(report));
    });
}

function progressLine(p: BlobCopyProgress): string {
  return `store migrate: ${p.objects} objects, ${mebibytes(p.bytes)} (copied ${p.copied}, already there ${p.skipped}${p.vanished > 0 ? `, deleted meanwhile ${p.vanished}` : ''}) [${p.bucket}]`;
}

function describe(report: StoreMigrateReport): string {
  const secret =
    report.settings.storage.s3.secretAccessKey === undefined
      ? ''
      : ' (put the secret key in place of "(hidden)")';
  const next = report.switched
    ? `switched: ${report.switched} now sets storage.backend to s3; start Scones again to use it`
    : `to run the home on it, put these settings in scones.config.json${secret}, or rerun with --switch:\n${JSON.stringify(report.settings, null, 2)}`;
  return [
    `migrated ${report.source} -> ${report.target}: ${report.objects} objects in ${report.buckets.length} buckets, ${mebibytes(report.bytes)}; ${report.copied} copied and read back verified, ${report.skipped} already there`,
    next,
  ].join('\n');
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
