// Settings resolved once, in order defaults < config file < environment < CLI flags, then frozen.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import { defineErrors } from '../kernel/errors.js';
import { type Config, ConfigSchema, ENV_SETTINGS } from './config-schema.js';
import { type DatabaseTarget, DatabaseUrlProblem, resolveDatabaseTarget } from './database-target.js';
import { storageProblems } from './storage-target.js';

export type { Config } from './config-schema.js';

export const configError = defineErrors('CONFIG', { INVALID: 'invalid', UNREADABLE: 'invalid' });

export type ResolvedConfig = Readonly<Config> & {
  /** Absolute paths derived from `home`. */
  readonly paths: {
    readonly home: string;
    readonly objects: string;
    readonly cache: string;
    /** The per-node file cache (`<cache>/files`). */
    readonly fileCache: string;
    readonly tmp: string;
    /** The SQLite file when the database is SQLite, else where the embedded default would be. */
    readonly database: string;
  };
  /** The database in force, from `database.url`: the only input `container.ts` picks the adapter from. */
  readonly databaseTarget: DatabaseTarget;
  /** Where the settings came from, for `scones config`. */
  readonly configFile: string | undefined;
};

export interface ConfigInputs {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Overrides from CLI flags, as dotted paths: `{ 'server.port': 9000 }`. */
  overrides?: Readonly<Record<string, unknown>>;
}

export function loadConfig(inputs: ConfigInputs = {}): ResolvedConfig {
  const env = inputs.env ?? process.env;
  const cwd = inputs.cwd ?? process.cwd();
  const configFile = findConfigFile(env, cwd);
  const raw: Record<string, unknown> = configFile ? readConfigFile(configFile) : {};
  for (const [name, setting] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, setting, value);
  }
  for (const [setting, value] of Object.entries(inputs.overrides ?? {})) {
    if (value !== undefined) setPath(raw, setting, value);
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const problems = describeProblems(converted);
  if (problems.length === 0) problems.push(...storageProblems((converted as Config).storage));
  if (problems.length > 0) {
    const where = configFile ? ` (config file ${configFile}, environment and flags)` : '';
    throw configError('INVALID', `invalid settings${where}: ${problems.join('; ')}`, { problems });
  }
  const config = converted as Config;
  const home = path.resolve(cwd, config.home);
  const databaseTarget = resolveDatabase(config.database.url, home, cwd, configFile);
  return deepFreeze({
    ...config,
    paths: {
      home,
      objects: path.join(home, 'objects'),
      cache: path.join(home, 'cache'),
      fileCache: path.join(home, 'cache', 'files'),
      tmp: path.join(home, 'tmp'),
      database: databaseTarget.adapter === 'sqlite' ? databaseTarget.file : path.join(home, 'scones.db'),
    },
    databaseTarget,
    configFile,
  });
}

function resolveDatabase(url: string, home: string, cwd: string, configFile: string | undefined) {
  try {
    return resolveDatabaseTarget(url, home, cwd);
  } catch (error) {
    if (!(error instanceof DatabaseUrlProblem)) throw error;
    const where = configFile ? ` (config file ${configFile}, environment and flags)` : '';
    const problem = `database.url (SCONES_DATABASE_URL): ${error.message}`;
    throw configError('INVALID', `invalid settings${where}: ${problem}`, { problems: [problem] });
  }
}

function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const explicit = env.SCONES_CONFIG;
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file))
      throw configError('UNREADABLE', `SCONES_CONFIG points to ${file}, which does not exist`);
    return file;
  }
  const local = path.join(cwd, 'scones.config.json');
  return existsSync(local) ? local : undefined;
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw configError('UNREADABLE', `cannot read config file ${file}: ${(error as Error).message}`, { file });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw configError('INVALID', `config file ${file} must hold a JSON object`, { file });
  }
  return parsed as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts.at(-1) as string;
  node[last] = typeof value === 'string' && dotted === 'data.classes' ? value.split(',') : value;
}

/** One readable line per offending setting: `server.port: must be <= 65535 (got 70000)`. */
function describeProblems(value: unknown): string[] {
  const byPath = new Map<string, { messages: Set<string>; allowed: unknown[] }>();
  for (const error of Value.Errors(ConfigSchema, value)) {
    const setting = error.instancePath.slice(1).replaceAll('/', '.') || '(root)';
    const entry = byPath.get(setting) ?? { messages: new Set<string>(), allowed: [] };
    byPath.set(setting, entry);
    const params = error.params as Record<string, unknown>;
    if ('allowedValue' in params) entry.allowed.push(params.allowedValue);
    else if (error.keyword === 'additionalProperties') {
      const names = (params.additionalProperties as string[] | undefined) ?? [];
      for (const name of names) {
        const at = setting === '(root)' ? name : `${setting}.${name}`;
        byPath.set(at, { messages: new Set(['is not a known setting']), allowed: [] });
      }
    } else if (error.keyword !== 'anyOf' && error.keyword !== 'boolean') entry.messages.add(error.message);
  }
  const lines: string[] = [];
  for (const [setting, { messages, allowed }] of byPath) {
    if (allowed.length > 0)
      messages.add(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    if (messages.size === 0) continue;
    const got = setting === '(root)' ? undefined : readPath(value, setting);
    const shown = got === undefined || typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
    lines.push(`${setting}: ${[...messages].join(', ')}${shown}`);
  }
  return lines;
}

function readPath(value: unknown, dotted: string): unknown {
  let node = value;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
