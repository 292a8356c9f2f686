// `scones config`: shows the resolved settings and where they came from, and the function isolation in force.
import type { Command } from 'commander';
import { authEnabled } from '../../app/auth-mode.js';
import type { ResolvedConfig } from '../../app/config.js';
import { shownStorage } from '../../app/storage-target.js';
import {
  type IsolationSummary,
  resolveIsolation,
  summarizeIsolation,
} from '../../modules/functions/index.js';
import type { CliContext } from '../context.js';

export function registerConfigCommand(program: Command, context: CliContext): void {
  program
    .command('config')
    .description('print the resolved settings (defaults < scones.config.json < SCONES_* env vars)')
    .action(async () => {
      const config = context.config();
      const inForce = await isolationInForce(config);
      const settings = shown(config);
      context.printJson({ ...settings, functions: { ...config.functions, inForce } });
    });
}

/** The settings as printed: the database in force, its password hidden, and the S3 secret key hidden. */
function shown(config: ResolvedConfig): Record<string, unknown> {
  const { databaseTarget, ...rest } = config;
  return {
    ...rest,
    database: { url: databaseTarget.shown, adapter: databaseTarget.adapter },
    storage: shownStorage(config.storage),
  };
}

/** What `functions.isolation` amounts to on this machine (probes bubblewrap and cgroups). */
export async function isolationInForce(
  config: ResolvedConfig,
): Promise<IsolationSummary | { readonly mode: 'unavailable'; readonly notes: readonly string[] }> {
  try {
    const isolation = await resolveIsolation({
      setting: config.functions.isolation,
      requireSandbox: authEnabled(config.server),
    });
    // Only the summary is wanted: give back the cgroup folder the probe made.
    if (isolation.mode === 'sandbox') await isolation.cgroups?.release();
    return summarizeIsolation(isolation);
  } catch (error) {
    return { mode: 'unavailable', notes: [(error as Error).message] };
  }
}
