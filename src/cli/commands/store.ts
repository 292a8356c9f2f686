// `scones store ls|cp|cat|rm|mb|rb|migrate`: the object store from the shell, with s3:// URIs.
import type { Command } from 'commander';
import { parseS3Uri } from '../../modules/storage/index.js';
import type { CliContext } from '../context.js';
import { copy } from './store-copy.js';
import { registerStoreMigrate } from './store-migrate.js';

export function registerStoreCommands(program: Command, context: CliContext): void {
  const store = program.command('store').description('the object store (the S3 of Scones)');
  store
    .command('ls [uri]')
    .description('list buckets, or the keys under s3://bucket/prefix')
    .option('-r, --recursive', 'list every key under the prefix instead of grouping by "/"')
    .option('--json', 'print one JSON object per line (key, size, etag, lastModified)')
    .action(async (uri: string | undefined, flags: { recursive?: boolean; json?: boolean }) =>
      listCommand(context, uri, flags),
    );
  store
    .command('cp <from> <to>')
    .description('copy between local files (or - for stdin/stdout) and s3:// URIs')
    .option('--content-type <type>', 'content type of the uploaded object (default: from the file extension)')
    .action(async (from: string, to: string, flags: { contentType?: string }) => {
      const app = await context.app();
      const result = await copy(app.store, from, to, context.io, flags.contentType);
      if (result) context.io.stderr.write(`copied ${from} -> ${result}\n`);
    });
  store
    .command('cat <uri>')
    .description("write an object's exact bytes to stdout")
    .action(async (uri: string) => {
      const app = await context.app();
      const location = parseS3Uri(uri);
      const { body } = await app.store.getObject(location.bucket, location.key);
      for await (const chunk of body) {
        if (!context.io.stdout.write(chunk))
          await new Promise((resolve) => context.io.stdout.once('drain', resolve));
      }
    });
  store
    .command('rm <uri>')
    .description('delete an object, or with --recursive every key under a prefix')
    .option('-r, --recursive', 'delete every key under the prefix')
    .action(async (uri: string, flags: { recursive?: boolean }) => {
      const app = await context.app();
      const location = parseS3Uri(uri);
      if (!flags.recursive) {
        await app.store.deleteObject(location.bucket, location.key);
        context.print(`deleted s3://${location.bucket}/${location.key}`);
        return;
      }
      let count = 0;
      for await (const object of app.store.listAllObjects(location.bucket, location.key)) {
        await app.store.deleteObject(location.bucket, object.key);
        count++;
      }
      context.print(`deleted ${count} objects under ${uri}`);
    });
  store
    .command('mb <uri>')
    .description('create a bucket')
    .action(async (uri: string) => {
      const app = await context.app();
      const { bucket } = parseS3Uri(uri);
      await app.store.createBucket(bucket);
      context.print(`created s3://${bucket}`);
    });
  store
    .command('rb <uri>')
    .description('delete an empty bucket')
    .action(async (uri: string) => {
      const app = await context.app();
      const { bucket } = parseS3Uri(uri);
      await app.store.deleteBucket(bucket);
      context.print(`deleted s3://${bucket}`);
    });
  registerStoreMigrate(store, context);
}

async function listCommand(
  context: CliContext,
  uri: string | undefined,
  flags: { recursive?: boolean; json?: boolean },
) {
  const app = await context.app();
  if (!uri) {
    for (const bucket of await app.store.listBuckets()) {
      const created = new Date(bucket.createdAt).toISOString();
      context.print(
        flags.json
          ? JSON.stringify({ bucket: bucket.name, createdAt: created })
          : `${created.slice(0, 19).replace('T', ' ')} ${bucket.name}`,
      );
    }
    return;
  }
  const { bucket, key: prefix } = parseS3Uri(uri);
  let token: string | undefined;
  do {
    const page = await app.store.listObjects(bucket, {
      prefix,
      ...(flags.recursive ? {} : { delimiter: '/' }),
      ...(token ? { continuationToken: token } : {}),
    });
    for (const common of page.commonPrefixes)
      context.print(flags.json ? JSON.stringify({ prefix: common }) : `${'PRE'.padStart(30)} ${common}`);
    for (const o of page.contents) {
      const time = new Date(o.lastModified).toISOString();
      const line = flags.json
        ? JSON.stringify({
            key: o.key,
            size: o.size,
            etag: o.etag,
            lastModified: time,
            contentType: o.contentType,
          })
        : `${time.slice(0, 19).replace('T', ' ')} ${String(o.size).padStart(10)} ${o.key}`;
      context.print(line);
    }
    token = page.nextContinuationToken;
  } while (token);
}
