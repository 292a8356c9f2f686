// The SageMaker Python SDK subset Scones ships (`sdk/python`), published in every home as the Lambda layer
// `sagemaker-sdk`, so functions attach it by ARN as they attached the real SDK on AWS.
import { cp, lstat, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../kernel/logger.js';
import type { FunctionsService } from '../modules/functions/index.js';

export const SDK_LAYER_NAME = 'sagemaker-sdk';
/** The installable package (`pip install <this>`): two levels above this file both in src/ and in dist/. */
export const PYTHON_SDK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sdk/python');

/** Publishes the layer unless its newest version holds the same files; returns the version in force. */
export async function ensureSdkLayer(functions: FunctionsService, tmpDir: string, logger: Logger) {
  await mkdir(tmpDir, { recursive: true });
  const staging = await mkdtemp(path.join(tmpDir, 'sdk-layer-'));
  try {
    // Lambda puts `<layer>/python` on sys.path: the zip's layout.
    await cp(path.join(PYTHON_SDK_DIR, 'sagemaker'), path.join(staging, 'python', 'sagemaker'), {
      recursive: true,
      filter: sourceOnly,
    });
    const { record, published } = await functions.layers.publishFolderIfChanged({
      name: SDK_LAYER_NAME,
      folder: staging,
      description: 'SageMaker Python SDK subset shipped with Scones (import sagemaker)',
      compatibleRuntimes: ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13'],
      compatibleArchitectures: ['x86_64', 'arm64'],
      licenseInfo: 'Apache-2.0',
    });
    if (published)
      logger.debug({ layer: SDK_LAYER_NAME, version: record.version }, 'published the SDK layer');
    return record;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Python sources only: bytecode caches a local run left behind must not change the layer's content. */
async function sourceOnly(source: string): Promise<boolean> {
  if ((await lstat(source)).isDirectory()) return path.basename(source) !== '__pycache__';
  return source.endsWith('.py');
}
