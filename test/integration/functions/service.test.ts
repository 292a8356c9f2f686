// The functions service on a real SQLite home: deploys and immutable versions, aliases, code storage, logs,
// the metrics seam and built-in seeding.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionsService, functionsError } from '../../../src/modules/functions/index.js';
import { codeOf } from '../../support/error-code.js';
import { json, openHome, PLATFORM_FIXTURES, removeTempDirs, type TestHome } from './support.js';

const codes = functionsError.codes;
let home: TestHome;
let service: FunctionsService;
const echo = (revision: 1 | 2) => ({
  kind: 'path' as const,
  path: path.join(PLATFORM_FIXTURES, `echo-v${revision}`),
});

beforeAll(async () => {
  home = await openHome();
  service = home.service;
});
afterAll(async () => {
  await home.close();
  await removeTempDirs();
});

describe('deploys and versions', () => {
  it('makes an immutable version per deploy; $LATEST moves and old versions keep their code', async () => {
    const first = await service.deploy({
      name: 'echo',
      runtime: 'nodejs',
      handler: 'index.handler',
      code: echo(1),
    });
    expect(first.record.version).toBe(1);
    expect(first.record.runtimeId).toBe('nodejs20.x');
    const warm = json((await service.invoke('echo', { payload: '{"a":1}' })).payload);
    expect(warm).toMatchObject({ revision: 1, event: { a: 1 }, version: '$LATEST' });

    const second = await service.deploy({ name: 'echo', code: echo(2), environment: { GREETING: 'hi' } });
    expect(second.record).toMatchObject({
      version: 2,
      handler: 'index.handler',
      environment: { GREETING: 'hi' },
    });
    expect(second.record.codeSha256).not.toBe(first.record.codeSha256);
    // The warm guest of the old revision was evicted: a new process serves the new code.
    const latest = await service.invoke('echo');
    expect(json(latest.payload)).toMatchObject({ revision: 2 });
    expect(json(latest.payload).guest).not.toBe(warm.guest);
    expect(latest.executedVersion).toBe('$LATEST');

    const old = await service.invoke('echo', { qualifier: '1', payload: '{"b":2}' });
    expect(old.executedVersion).toBe('1');
    expect(json(old.payload)).toMatchObject({ revision: 1, version: '1', greeting: null });
    expect(json(old.payload).arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo:1');
    expect((await service.listVersions('echo')).map((v) => v.version)).toEqual([1, 2]);
    expect((await service.publishVersion('echo')).version).toBe(2);
  });

  it('keeps code as an immutable content-addressed copy shared by configuration-only versions', async () => {
    const before = await service.describe('echo');
    const updated = await service.updateConfiguration('echo', { timeoutSeconds: 5, memoryMb: 256 });
    expect(updated.record).toMatchObject({ version: 3, timeoutSeconds: 5, memoryMb: 256 });
    expect(updated.record.code).toEqual(before.record.code);
    // One object per content in the store; the version runs from its unpacked copy in the node's file cache.
    const stored = await home.code.objects.list('functions/echo/');
    expect(stored).toHaveLength(2);
    expect(stored).toContain(`functions/echo/${before.record.code.ref}.tar`);
    const { codePath } = (await service.resolve('echo')).runnable;
    expect(codePath).toBe(
      path.join(home.home, 'cache', 'files', 'entries', `code-${before.record.code.ref}`),
    );
    expect(await readFile(path.join(codePath, 'index.js'), 'utf8')).toContain('revision: 2');
  });

  it('deploys a single Python file and applies the runtime rules before storing anything', async () => {
    const file = path.join(PLATFORM_FIXTURES, 'python-greeter', 'app.py');
    await service.deploy({
      name: 'greeter',
      runtime: 'python',
      handler: 'app.handler',
      code: { kind: 'path', path: file },
      environment: { GREETING: 'bonjour' },
      role: 'pipeline-role',
    });
    const result = await service.invoke('greeter', { payload: '{"name":"scones"}' });
    expect(json(result.payload)).toEqual({ greeting: 'bonjour, scones' });
    expect((await service.describe('greeter')).record.role).toBe('pipeline-role');

    const bad = (input: Record<string, unknown>) =>
      codeOf(
        service.deploy({
          name: 'bad',
          runtime: 'python',
          handler: 'app.handler',
          code: { kind: 'path', path: file },
          ...input,
        }),
      );
    expect(await bad({ handler: 'nodot' })).toBe(codes.INVALID_CONFIG);
    expect(await bad({ timeoutSeconds: 901 })).toBe(codes.INVALID_CONFIG);
    expect(await bad({ environment: { AWS_REGION: 'x' } })).toBe(codes.INVALID_CONFIG);
    expect(await bad({ runtime: 'ruby3.3' })).toBe(codes.INVALID_PARAMETER);
    expect(await codeOf(service.deploy({ name: 'bad', code: { kind: 'path', path: file } }))).toBe(
      codes.INVALID_PARAMETER,
    );
    expect(
      await codeOf(
        service.deploy({
          name: 'bad',
          runtime: 'python',
          handler: 'a.b',
          code: { kind: 'path', path: '/nope' },
        }),
      ),
    ).toBe(codes.INVALID_CODE);
    expect(await codeOf(service.describe('bad'))).toBe(codes.FUNCTION_NOT_FOUND);
    expect(await home.code.objects.list('functions/bad/')).toEqual([]);
    expect(await readdir(path.join(home.home, 'tmp', 'code-staging'))).toEqual([]);
    expect(
      await codeOf(
        service.create({
          name: 'greeter',
          runtime: 'python',
          handler: 'app.handler',
          code: { kind: 'path', path: file },
        }),
      ),
    ).toBe(codes.FUNCTION_EXISTS);
  });
});

describe('aliases and deletion', () => {
  it('runs an alias as its version and refuses deletes that would break a pointer', async () => {
    await service.aliases.create('echo', 'live', 1, 'the first revision');
    const live = await service.invoke('echo', { qualifier: 'live' });
    expect(live.executedVersion).toBe('1');
    expect(json(live.payload)).toMatchObject({
      revision: 1,
      arn: expect.stringMatching(/:function:echo:live$/),
    });
    await service.aliases.update('echo', 'live', { version: 2 });
    expect(json((await service.invoke('echo', { qualifier: 'live' })).payload)).toMatchObject({
      revision: 2,
    });
    expect(await codeOf(service.aliases.create('echo', 'live', 1))).toBe(codes.ALIAS_EXISTS);
    expect(await codeOf(service.aliases.create('echo', 'later', 9))).toBe(codes.QUALIFIER_NOT_FOUND);
    expect(await codeOf(service.invoke('echo', { qualifier: 'nope' }))).toBe(codes.QUALIFIER_NOT_FOUND);
    expect(await codeOf(service.invoke('echo', { qualifier: '42' }))).toBe(codes.QUALIFIER_NOT_FOUND);
    expect(await codeOf(service.delete('echo', '2'))).toBe(codes.RESOURCE_IN_USE);
    expect(await codeOf(service.delete('echo', '3'))).toBe(codes.RESOURCE_IN_USE);
  });

  it('deletes a version, its unused code, then the whole function', async () => {
    await service.delete('echo', '1');
    expect(await codeOf(service.invoke('echo', { qualifier: '1' }))).toBe(codes.QUALIFIER_NOT_FOUND);
    expect(await home.code.objects.list('functions/echo/')).toHaveLength(1);
    await service.delete('echo');
    expect(await codeOf(service.describe('echo'))).toBe(codes.FUNCTION_NOT_FOUND);
    expect(await codeOf(service.aliases.get('echo', 'live'))).toBe(codes.ALIAS_NOT_FOUND);
    expect(await home.code.objects.list('functions/echo/')).toEqual([]);
  });
});

describe('logs and the metrics seam', () => {
  it('stores every line per request, queryable by request id and time', async () => {
    await service.deploy({ name: 'logger', runtime: 'nodejs', handler: 'index.handler', code: echo(1) });
    const seen: string[] = [];
    const stop = service.addInvocationListener({
      onInvocation: (result) => seen.push(`${result.functionName}:${result.status}`),
      onThrottle: (name) => seen.push(`${name}:throttled`),
    });
    const first = await service.invoke('logger', { payload: '{"n":1}' });
    const second = await service.invoke('logger', { payload: '{"fail":"on purpose"}' });
    expect(second.functionError).toBe('Unhandled');
    const lines = await service.logs({ functionName: 'logger', requestId: first.requestId });
    const messages = lines.map((line) => line.message);
    expect(messages[0]).toMatch(/^START RequestId: .* Version: \$LATEST/);
    expect(messages.some((m) => m.includes('echo v1 got {"n":1}'))).toBe(true);
    expect(messages.at(-2)).toMatch(/^END RequestId:/);
    expect(messages.at(-1)).toMatch(/^REPORT RequestId: .*Duration/);
    expect(lines.every((line) => line.requestId === first.requestId && line.functionName === 'logger')).toBe(
      true,
    );
    const all = await service.logs({ functionName: 'logger' });
    expect(new Set(all.map((line) => line.requestId))).toEqual(new Set([first.requestId, second.requestId]));
    const after = await service.logs({
      functionName: 'logger',
      startTime: (lines.at(-1)?.timestamp ?? 0) + 1,
    });
    expect(after.every((line) => line.requestId === second.requestId)).toBe(true);
    const page = await service.logs({ functionName: 'logger', afterId: lines.at(-1)?.id ?? 0, limit: 2 });
    expect(page).toHaveLength(2);
    expect(page[0]?.message).toMatch(/^START RequestId/);
    const tail = await service.logs({ functionName: 'logger', newest: true, limit: 2 });
    expect(tail.map((line) => line.message)).toEqual(all.slice(-2).map((line) => line.message));

    await service.setReservedConcurrency('logger', 0);
    expect(await codeOf(service.invoke('logger'))).toBe(codes.TOO_MANY_REQUESTS);
    stop();
    expect(await codeOf(service.invoke('logger'))).toBe(codes.TOO_MANY_REQUESTS);
    expect(seen).toEqual(['logger:success', 'logger:error', 'logger:throttled']);
  });
});

describe('built-in functions', () => {
  const BUILTINS = ['scones-serializeImageData', 'scones-classifyImage', 'scones-filterLowConfidence'];

  it('seeds the pipeline functions once, keeps a replacement and restores a deleted one', async () => {
    const { created } = await service.seedBuiltins();
    expect(created).toEqual(BUILTINS);
    expect(await service.seedBuiltins()).toEqual({ created: [], retired: [] });
    const listed = await service.list();
    const builtins = listed.filter((d) => d.record.code.kind === 'builtin').map((d) => d.fn.name);
    expect(builtins.sort()).toEqual([...BUILTINS].sort());
    const classify = await service.describe('scones-classifyImage');
    expect(classify.record.environment).toMatchObject({ ENDPOINT_NAME: 'bikes' });
    expect((await service.describe('scones-filterLowConfidence')).record.environment).toEqual({
      THRESHOLD: '0.93',
    });

    await service.deploy({ name: 'scones-classifyImage', code: echo(2) });
    await service.delete('scones-filterLowConfidence');
    expect((await service.seedBuiltins()).created).toEqual(['scones-filterLowConfidence']);
    expect((await service.describe('scones-classifyImage')).record.code.kind).toBe('stored');
  });

  it('leaves the classic names free: a user creates all three', async () => {
    await service.seedBuiltins();
    for (const name of ['serializeImageData', 'classifyImage', 'filterLowConfidence'])
      expect(
        (await service.create({ name, runtime: 'nodejs', handler: 'index.handler', code: echo(1) })).fn.name,
      ).toBe(name);
    for (const name of ['serializeImageData', 'classifyImage', 'filterLowConfidence'])
      await service.delete(name);
  });

  it('retires the classic-named built-ins of an older home, but not a user replacement', async () => {
    // An older Scones seeded the built-ins under the classic names: copy today's rows under those names.
    await service.seedBuiltins();
    await copyFunction('scones-serializeImageData', 'serializeImageData');
    await copyFunction('scones-filterLowConfidence', 'filterLowConfidence');
    await copyFunction('scones-classifyImage', 'classifyImage');
    await service.deploy({ name: 'classifyImage', code: echo(2) });
    expect(await service.seedBuiltins()).toEqual({
      created: [],
      retired: ['serializeImageData', 'filterLowConfidence'],
    });
    const names = (await service.list()).map((d) => d.fn.name);
    expect(names).not.toContain('serializeImageData');
    expect(names).not.toContain('filterLowConfidence');
    expect((await service.describe('classifyImage')).record.code.kind).toBe('stored');
    await service.delete('classifyImage');
  });
});

/** Copies a function's rows under another name, as a home written by an older Scones holds them. */
async function copyFunction(from: string, to: string): Promise<void> {
  const db = home.database.db;
  const fn = await db
    .selectFrom('fn_functions')
    .selectAll()
    .where('name', '=', from)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fn_functions')
    .values({ ...fn, name: to })
    .execute();
  const versions = await db.selectFrom('fn_versions').selectAll().where('function_name', '=', from).execute();
  for (const version of versions)
    await db
      .insertInto('fn_versions')
      .values({ ...version, function_name: to })
      .execute();
}
