// `scones invoke`: InvokeEndpoint through the running server, as a client would call it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

interface InvokeFlags {
  endpoint: string;
  file: string;
  contentType?: string;
  targetVariant?: string;
  inferenceId?: string;
  url?: string;
  json?: boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

export function registerInvokeCommand(program: Command, context: CliContext): void {
  program
    .command('invoke')
    .description('send an image to an endpoint of the running server; prints the class probabilities')
    .requiredOption('--endpoint <name>', 'endpoint name')
    .requiredOption('--file <image>', 'image file (PNG, JPEG, ...)')
    .option(
      '--content-type <type>',
      'default from the extension: image/png, image/jpeg, else application/x-image',
    )
    .option('--target-variant <name>', 'send to this production variant')
    .option('--inference-id <id>', 'id recorded with the data capture record')
    .option('--url <url>', 'server URL (default http://<server.host>:<server.port>)')
    .option('--json', 'print {endpoint, variant, probabilities, predictedClass, confidence}')
    .action(async (flags: InvokeFlags) => {
      const body = await readFile(flags.file).catch(() => {
        throw new Error(`cannot read ${flags.file}`);
      });
      const config = context.config();
      const base = (flags.url ?? `http://${config.server.host}:${config.server.port}`).replace(/\/+$/, '');
      const response = await send(
        `${base}/endpoints/${encodeURIComponent(flags.endpoint)}/invocations`,
        body,
        flags,
      );
      const text = await response.text();
      if (!response.ok) throw new Error(describeFailure(response, text));
      const variant = response.headers.get('x-amzn-invoked-production-variant') ?? '';
      if (!flags.json) return context.print(text);
      const probabilities = JSON.parse(text) as number[];
      const best = probabilities.indexOf(Math.max(...probabilities));
      context.printJson({
        endpoint: flags.endpoint,
        variant,
        probabilities,
        predictedIndex: best,
        predictedClass: await className(context, flags.endpoint, variant, best),
        confidence: probabilities[best],
      });
    });
}

async function send(url: string, body: Buffer, flags: InvokeFlags): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type':
      flags.contentType ?? TYPES[path.extname(flags.file).toLowerCase()] ?? 'application/x-image',
    accept: 'application/json',
    ...(flags.targetVariant ? { 'x-amzn-sagemaker-target-variant': flags.targetVariant } : {}),
    ...(flags.inferenceId ? { 'x-amzn-sagemaker-inference-id': flags.inferenceId } : {}),
  };
  try {
    return await fetch(url, { method: 'POST', body, headers });
  } catch {
    throw new Error(
      `no Scones server answers at ${new URL(url).origin}; start one with \`scones serve\` or pass --url`,
    );
  }
}

function describeFailure(response: Response, text: string): string {
  const type = response.headers.get('x-amzn-errortype') ?? 'Error';
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: string; Message?: string };
    message = parsed.message ?? parsed.Message ?? text;
  } catch {}
  return `${type} (HTTP ${response.status}): ${message}`;
}

/** The class name from the registry, when this Scones home knows the endpoint's variant. */
async function className(context: CliContext, endpoint: string, variant: string, index: number) {
  try {
    const app = await context.app();
    const record = await app.inference.endpoints.describe(endpoint);
    const version = record.variants.find((v) => v.name === variant)?.modelVersion;
    if (version === undefined) return null;
    const classes = (await app.models.get(version)).preprocessing.classes;
    return Array.isArray(classes) ? ((classes[index] as string | undefined) ?? null) : null;
  } catch {
    return null;
  }
}
