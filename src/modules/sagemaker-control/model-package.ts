// `model.tar.gz` as SageMaker stores a model: Scones's artifacts (ONNX, tfjs, report, preprocessing) and
// `scones-model.json`, the metadata that lets any Scones home register the model again.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { sagemakerControlError } from './errors.js';

export const METADATA_FILE = 'scones-model.json';
export const PACKAGE_FORMAT = 'scones-model/1';
/** A Scones model is a few MiB; anything far bigger is not one of ours. */
const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

export interface PackageMetadata {
  readonly format: typeof PACKAGE_FORMAT;
  readonly runId: string;
  readonly arch: string;
  readonly temperature: number;
  /** Artifact role -> file name in the archive. */
  readonly files: Readonly<Record<string, string>>;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly lineage: Readonly<Record<string, unknown>>;
  readonly preprocessing: Readonly<Record<string, unknown>>;
}

export interface PackageFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export async function packModel(metadata: PackageMetadata, files: readonly PackageFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const all = [...files, { name: METADATA_FILE, bytes: Buffer.from(JSON.stringify(metadata, null, 2)) }];
  for (const file of all) pack.entry({ name: file.name, size: file.bytes.length }, Buffer.from(file.bytes));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks));
}

/** The archive's regular files by name (`./` prefixes dropped); `what` names it in errors. */
export async function unpackModel(bytes: Uint8Array, what: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  let total = 0;
  extract.on('entry', (header, stream, next) => {
    stream.on('error', () => {});
    total += header.size ?? 0;
    if (total > MAX_PACKAGE_BYTES) {
      extract.destroy(new Error(`more than ${MAX_PACKAGE_BYTES} bytes unpacked`));
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') files.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks));
      next();
    });
  });
  try {
    await pipeline(Readable.from([Buffer.from(bytes)]), createGunzip(), extract);
  } catch (error) {
    throw sagemakerControlError(
      'VALIDATION',
      `${what} is not a readable model.tar.gz: ${(error as Error).message}`,
    );
  }
  return files;
}

/** The metadata of an unpacked archive, or a reason it is not a Scones model. */
export function readMetadata(files: ReadonlyMap<string, Buffer>, what: string): PackageMetadata {
  const text = files.get(METADATA_FILE);
  const metadata = text ? (JSON.parse(text.toString('utf8')) as Partial<PackageMetadata>) : undefined;
  if (metadata?.format !== PACKAGE_FORMAT || typeof metadata.runId !== 'string')
    throw sagemakerControlError(
      'VALIDATION',
      `${what} holds no ${METADATA_FILE} of format ${PACKAGE_FORMAT}: Scones serves only models it trained (an image-classification training job's output)`,
    );
  return metadata as PackageMetadata;
}
