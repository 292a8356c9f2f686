// The functions service as the app runs it: built-ins seeded, guests calling this server with role credentials.
import path from 'node:path';
import type { Logger } from '../kernel/logger.js';
import { FunctionsService } from '../modules/functions/index.js';
import type { IamService } from '../modules/iam/index.js';
import type { ObjectStore } from '../modules/storage/index.js';
import type { SqlDatabase } from '../platform/db/port.js';
import type { FileCache } from '../platform/file-cache/port.js';
import type { ResolvedConfig } from './config.js';
import { executionRoleCredentials } from './execution-roles.js';
import { internalObjects } from './internal-objects.js';
import { localUrl } from './local-url.js';

/**
 * The functions service with the built-in pipeline functions present; guests call the configured server, signed
 * with their execution role's temporary credentials when `iam` is given (auth on).
 */
export async function openFunctions(
  config: ResolvedConfig,
  { database, store, files }: { database: SqlDatabase; store: ObjectStore; files: FileCache },
  logger: Logger,
  iam: IamService | undefined,
) {
  const functions = new FunctionsService({
    database,
    // PublishLayerVersion's Content.S3Bucket/S3Key name objects of this store.
    objects: store,
    // Kept in the object store (every node sees it), run from this node's file cache.
    code: {
      objects: internalObjects(store, 'code/'),
      cache: files,
      stagingDir: path.join(config.paths.tmp, 'code-staging'),
    },
    workDir: path.join(config.paths.tmp, 'functions'),
    logger,
    // Guests sign for the server's region and see its ARNs: one region and account everywhere.
    aws: { endpointUrl: localUrl(config.server), region: config.workflows.region },
    accountId: config.workflows.accountId,
    runtime: {
      isolation: config.functions.isolation,
      pidsMax: config.functions.pidsMax,
      // With auth on, deploying code must not make anyone the server: never unsandboxed unless set so.
      requireSandbox: iam !== undefined,
      hiddenPaths: [config.paths.home],
      ...(iam ? { credentials: executionRoleCredentials(iam) } : {}),
    },
  });
  if (iam && config.functions.isolation === 'process')
    logger.warn(
      { isolation: 'process' },
      "functions.isolation is 'process' with authentication on: function code runs as the server's user and can read its home (credentials, iam.key, scones.db); anyone allowed to deploy code can become admin",
    );
  const moved = await functions.migrateOldCode(path.join(config.paths.home, 'functions'));
  if (moved > 0)
    logger.info({ moved }, 'moved function and layer code from the home folder into the object store');
  const { retired } = await functions.seedBuiltins();
  if (retired.length > 0)
    logger.info(
      { retired },
      'deleted the built-in functions an older Scones made under the classic exercise names; they are now scones-<name>',
    );
  return { functions, retired };
}
