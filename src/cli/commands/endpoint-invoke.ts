// `scones invoke`: InvokeEndpoint through the running server, as a client would call it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { signRequest } from '../../modules/iam/index.js';
import type { CliContext } from '../context.js';

interface InvokeFlags {
  endpoint: string;
  file: string[];
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
    .requiredOption('--file <images...>', 'image files (PNG, JPEG, ...); several are sent one after another')
    .option(
      '--content-type <type>',
      'default from the extension: image/png, image/jpeg, else application/x-image',
    )
    .option('--target-variant <name>', 'send to this production variant')
    .option('--inference-id <id>', 'id recorded with the data capture record')
    .option('--url <url>', 'server URL (default http://<server.host>:<server.port>)')
    .option('--json', 'print {file, variant, probabilities, predictedClass, confidence}, one line per file')
    .action(async (flags: InvokeFlags) => {
      const config = context.config();
      const base = (flags.url ?? `http://${config.server.host}:${config.server.port}`).replace(/\/+$/, '');
      const url = `${base}/endpoints/${encodeURIComponent(flags.endpoint)}/invocations`;
      const classes = new ClassNames(context, flags.endpoint);
      for (const file of flags.file) {
        const body = await readFile(path.resolve(context.io.cwd, file)).catch(() => {
          throw new Error(`cannot read ${file}`);
        });
        const response = await send(url, body, file, flags, context.io.env);
        const text = await response.text();
        if (!response.ok) throw new Error(`${file}: ${describeFailure(response, text)}`);
        if (!flags.json) {
          context.print(text);
          continue;
        }
        const variant = response.headers.get('x-amzn-invoked-production-variant') ?? '';
        const probabilities = JSON.parse(text) as number[];
        const best = probabilities.indexOf(Math.max(...probabilities));
        context.print(
          JSON.stringify({
            file,
            endpoint: flags.endpoint,
            variant,
            probabilities,
            predictedIndex: best,
            predictedClass: await classes.name(variant, best),
            confidence: probabilities[best],
          }),
        );
      }
    });
}

async function send(
  url: string,
  body: Buffer,
  file: string,
  flags: InvokeFlags,
  env: NodeJS.ProcessEnv,
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': flags.contentType ?? TYPES[path.extname(file).toLowerCase()] ?? 'application/x-image',
    accept: 'application/json',
    ...(flags.targetVariant ? { 'x-amzn-sagemaker-target-variant': flags.targetVariant } : {}),
    ...(flags.inferenceId ? { 'x-amzn-sagemaker-inference-id': flags.inferenceId } : {}),
  };
  try {
    return await fetch(url, {
      method: 'POST',
      body,
      headers: signedWithEnvironmentKeys(url, headers, body, env),
    });
  } catch {
    throw new Error(
      `no Scones server answers at ${new URL(url).origin}; start one with \`scones serve\` or pass --url`,
    );
  }
}

/**
 * With AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set (a server with auth on), the request is SigV4-signed as the
 * SDKs sign InvokeEndpoint; without them it goes unsigned (a loopback server without auth).
 */
function signedWithEnvironmentKeys(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  env: NodeJS.ProcessEnv,
) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return headers;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return signRequest({
    method: 'POST',
    url: new URL(url),
    headers,
    body,
    service: 'sagemaker',
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    now: Date.now(),
  });
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

/** Class names from the registry, when this Scones home knows the endpoint's variants (looked up once each). */
class ClassNames {
  readonly #byVariant = new Map<string, Promise<readonly string[]>>();

  constructor(
    private readonly context: CliContext,
    private readonly endpoint: string,
  ) {}

  async name(variant: string, index: number): Promise<string | null> {
    let classes = this.#byVariant.get(variant);
    if (!classes) {
      classes = this.#lookup(variant);
      this.#byVariant.set(variant, classes);
    }
    return (await classes)[index] ?? null;
  }

  async #lookup(variant: string): Promise<readonly string[]> {
    try {
      const app = await this.context.app();
      const record = await app.inference.endpoints.describe(this.endpoint);
      const version = record.variants.find((v) => v.name === variant)?.modelVersion;
      if (version === undefined) return [];
      const classes = (await app.models.get(version)).preprocessing.classes;
      return Array.isArray(classes) ? classes.filter((c): c is string => typeof c === 'string') : [];
    } catch {
      return [];
    }
  }
}
