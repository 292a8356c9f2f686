// Finds and loads a Node.js handler the way Lambda does: `[folder/]file.export[.nested]` under the task root.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isModuleScope } from './commonjs-scope.js';
import { runtimeError } from './error-payload.js';

export type Handler = (event: unknown, context: unknown, callback: unknown) => unknown;

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

export async function loadHandler(taskRoot: string, fullHandler: string): Promise<Handler> {
  if (fullHandler.includes('..'))
    throw runtimeError(
      'Runtime.MalformedHandlerName',
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - handlerString.length);
  const match = FUNCTION_EXPR.exec(handlerString);
  if (!match) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName = '', exportPath = ''] = match;
  const loaded = await importUserModule(taskRoot, moduleRoot, moduleName);
  const handler = exportPath.split('.').reduce<unknown>((target, key) => readProperty(target, key), loaded);
  if (typeof handler !== 'function')
    throw runtimeError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
  return handler as Handler;
}

async function importUserModule(taskRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  try {
    return await loadFirstExisting(taskRoot, base, moduleName);
  } catch (error) {
    throw classifyLoadError(error);
  }
}

async function loadFirstExisting(taskRoot: string, base: string, moduleName: string): Promise<unknown> {
  const require = createRequire(path.join(taskRoot, 'index.js'));
  if (existsSync(`${base}.js`))
    return isModuleScope(`${base}.js`, taskRoot) ? importFile(`${base}.js`) : require(`${base}.js`);
  if (existsSync(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (existsSync(`${base}.cjs`)) return require(`${base}.cjs`);
  // A package under node_modules, as Lambda falls back to.
  return require(moduleName);
}

async function importFile(file: string): Promise<unknown> {
  return import(pathToFileURL(file).href);
}

function readProperty(target: unknown, key: string): unknown {
  if (target === null || target === undefined) return undefined;
  const value = (target as Record<string, unknown>)[key];
  // A CommonJS module imported as ESM exposes module.exports as `default`.
  if (value === undefined && typeof target === 'object' && 'default' in target)
    return readProperty((target as { default: unknown }).default, key);
  return value;
}

function classifyLoadError(error: unknown): unknown {
  if (error instanceof SyntaxError) return runtimeError('Runtime.UserCodeSyntaxError', String(error), error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
    return runtimeError('Runtime.ImportModuleError', String(error), error);
  return error;
}
