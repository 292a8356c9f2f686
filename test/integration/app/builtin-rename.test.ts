// A home made before the built-ins were renamed: its classic-named built-ins are retired at the next start (a
// user's replacement stays), and the image pipeline `scones up` saved is rewired onto the new names.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../../src/app/config.js';
import { createApp } from '../../../src/app/container.js';
import { IMAGE_PIPELINE, imagePipelineDefinition } from '../../../src/app/pipeline/definitions.js';
import { BUILTIN_FUNCTIONS } from '../../../src/modules/functions/index.js';
import { stateMachineArn } from '../../../src/modules/workflows/index.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';

let home: string;
let config: ResolvedConfig;
const legacyOf = new Map(BUILTIN_FUNCTIONS.map((b) => [b.name, b.legacyName]));

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'scones-rename-'));
  config = loadConfig({ cwd: home, env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'silent' } });
});
afterAll(() => rm(home, { recursive: true, force: true }));

it('retires the classic-named built-ins and rewires the saved image pipeline', async () => {
  // The older home: the pipeline names the classic functions, which hold Scones's own code.
  const before = await createApp(config, { cwd: home });
  const legacyDefinition = imagePipelineDefinition((name) =>
    before.functions.arn(legacyOf.get(name) ?? name),
  );
  await before.workflows.machines.create({ name: IMAGE_PIPELINE, definition: legacyDefinition });
  await before.close();
  const target = config.databaseTarget;
  if (target.adapter !== 'sqlite') throw new Error('this test runs on the embedded database');
  const database = openSqliteDatabase({ file: target.file });
  for (const builtin of BUILTIN_FUNCTIONS) {
    const fn = await database.db
      .selectFrom('fn_functions')
      .selectAll()
      .where('name', '=', builtin.name)
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('fn_functions')
      .values({ ...fn, name: builtin.legacyName })
      .execute();
    const versions = await database.db
      .selectFrom('fn_versions')
      .selectAll()
      .where('function_name', '=', builtin.name)
      .execute();
    for (const version of versions)
      await database.db
        .insertInto('fn_versions')
        .values({ ...version, function_name: builtin.legacyName })
        .execute();
  }
  await database.close();

  const after = await createApp(config, { cwd: home });
  try {
    const names = (await after.functions.list()).map((d) => d.fn.name).sort();
    expect(names).toEqual([
      'scones-classifyImage',
      'scones-filterLowConfidence',
      'scones-serializeImageData',
    ]);
    const machine = await after.workflows.machines.describe(
      stateMachineArn(after.workflows.scope, IMAGE_PIPELINE),
    );
    expect(machine.definition).toBe(imagePipelineDefinition((name) => after.functions.arn(name)));
    expect(machine.definition).toContain('function:scones-classifyImage');
  } finally {
    await after.close();
  }
}, 120_000);
