// Seeds the built-in functions into a home: each is created unless a function of that name exists.
import { hashFolder } from '../registry/code-store.js';
import type { FunctionRegistry } from '../registry/function-registry.js';
import { versionSettings } from '../registry/version-spec.js';
import { BUILTIN_CODE_ID, BUILTIN_FUNCTIONS } from './catalog.js';
import { BUILTIN_HANDLERS_DIR } from './locate-builtins.js';

/** Names of the built-ins created now; existing functions (a user's replacement too) are left alone. */
export async function seedBuiltins(functions: FunctionRegistry): Promise<string[]> {
  const { digest, size } = await hashFolder(BUILTIN_HANDLERS_DIR);
  const code = {
    code: { kind: 'builtin', ref: BUILTIN_CODE_ID } as const,
    codeSha256: digest.toString('base64'),
    codeSize: size,
  };
  const created: string[] = [];
  for (const builtin of BUILTIN_FUNCTIONS) {
    const spec = { ...versionSettings(builtin.name, undefined, builtin), ...code };
    if (await functions.ensure(builtin.name, spec)) created.push(builtin.name);
  }
  return created;
}

/**
 * Homes made before the built-ins were renamed hold them under the classic exercise's names, which users need.
 * Those still running Scones's own code are the old built-ins: their names are returned to be deleted. One whose
 * `$LATEST` a user replaced with code of their own is the user's function and stays.
 */
export async function legacyBuiltins(functions: FunctionRegistry): Promise<string[]> {
  const legacy: string[] = [];
  for (const builtin of BUILTIN_FUNCTIONS) {
    if (!(await functions.find(builtin.legacyName))) continue;
    const { latest } = await functions.latest(builtin.legacyName);
    if (latest.code.kind === 'builtin') legacy.push(builtin.legacyName);
  }
  return legacy;
}
