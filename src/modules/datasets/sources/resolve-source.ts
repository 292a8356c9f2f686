// Turns a --source value (URL, archive path or image folder) into something a reader can open.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProgressReporter } from '../../../kernel/progress.js';
import { datasetError } from '../errors.js';
import type { SharedDownloads } from '../ports.js';
import { downloadToCache, md5OfFile } from './download.js';

export type ResolvedSource =
  | {
      readonly kind: 'archive';
      readonly file: string;
      readonly location: string;
      readonly md5: string;
      /** The MD5 the archive was checked against (known for published URLs), else undefined. */
      readonly expectedMd5: string | undefined;
      readonly fromCache: boolean;
    }
  | { readonly kind: 'folder'; readonly folder: string; readonly location: string };

export interface ResolveOptions {
  readonly cacheDir: string;
  /** Downloads shared with other nodes (see DownloadOptions). */
  readonly shared?: SharedDownloads;
  readonly cwd: string;
  readonly knownMd5: Readonly<Record<string, string>>;
  readonly progress: ProgressReporter;
  readonly fetch?: typeof fetch;
}

export async function resolveSource(source: string, options: ResolveOptions): Promise<ResolvedSource> {
  if (/^https?:\/\//i.test(source)) {
    const expectedMd5 = options.knownMd5[source];
    const fetched = await downloadToCache(source, {
      cacheDir: options.cacheDir,
      ...(options.shared ? { shared: options.shared } : {}),
      expectedMd5,
      progress: options.progress,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return {
      kind: 'archive',
      file: fetched.file,
      location: source,
      md5: fetched.md5,
      expectedMd5,
      fromCache: fetched.fromCache,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw datasetError(
      'INVALID_ARGUMENT',
      `unsupported --source scheme in ${source}: use http(s)://, a file path or a folder`,
    );
  }
  const location = path.resolve(options.cwd, source);
  const info = await stat(location).catch(() => undefined);
  if (!info)
    throw datasetError('SOURCE_NOT_FOUND', `--source ${source} does not exist (looked at ${location})`);
  if (info.isDirectory()) return { kind: 'folder', folder: location, location };
  // A local file the user names is trusted: its checksum is reported, not enforced.
  return {
    kind: 'archive',
    file: location,
    location,
    md5: await md5OfFile(location),
    expectedMd5: undefined,
    fromCache: false,
  };
}
