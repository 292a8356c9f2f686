// Starts a worker thread on a module of ours, also when running from TypeScript sources (tests, benches).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Built code runs `entry` (a .js file) directly. From sources (vitest), `entry` is a .ts file, which Node 20
 * cannot load: the worker then registers loader hooks that strip types with rolldown's transformer (which
 * vitest brings along) and map `./x.js` imports to `./x.ts`.
 */
export function spawnWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const code = [
    "const { register } = require('node:module');",
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(typeScriptHooks())}`)});`,
    `import(${JSON.stringify(entry.href)});`,
  ].join('\n');
  return new Worker(code, { ...options, eval: true });
}

/** Loader hooks (module source) that let Node 20 run our .ts sources: also for child processes of tests. */
export function typeScriptHooks(): string {
  const transformer = pathToFileURL(createRequire(import.meta.url).resolve('rolldown/utils')).href;
  return `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from ${JSON.stringify(transformer)};
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts'))
      return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const { code, errors } = transformSync(path, readFileSync(path, 'utf8'));
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\\n'));
  return { format: 'module', source: code, shortCircuit: true };
}`;
}

/** The sibling module `name` in the form this code runs as (.ts from sources, .js when built). */
export function siblingModule(base: string, name: string): URL {
  const extension = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, base);
}
