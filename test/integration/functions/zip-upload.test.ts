// Zip uploads are extracted safely: no path escapes, no links, no lying sizes, entry limits; good zips run.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionsError } from '../../../src/modules/functions/index.js';
import { extractZip } from '../../../src/modules/functions/registry/zip-extract.js';
import { codeOf } from '../../support/error-code.js';
import { zipOf } from '../../support/zip.js';
import { json, openHome, removeTempDirs, type TestHome, tempDir } from './support.js';

const codes = functionsError.codes;
let home: TestHome;

beforeAll(async () => {
  home = await openHome();
});
afterAll(async () => {
  await home.close();
  await removeTempDirs();
});

const handler =
  'exports.handler = async (event) => ({ zipped: true, event, helper: require("./lib/helper").value });';

describe('zip uploads', () => {
  it('extracts folders, keeps CodeSha256 of the zip, and runs the code', async () => {
    const zip = zipOf([
      ['index.js', handler],
      { name: 'lib/', content: '' },
      ['lib/helper.js', 'exports.value = 42;'],
    ]);
    const created = await home.service.create({
      name: 'zipped',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code: { kind: 'zip', bytes: zip },
    });
    expect(created.record.codeSize).toBe(zip.length);
    const sha = (await import('node:crypto')).createHash('sha256').update(zip).digest('base64');
    expect(created.record.codeSha256).toBe(sha);
    const result = await home.service.invoke('zipped', { payload: '{"x":1}' });
    expect(json(result.payload)).toEqual({ zipped: true, event: { x: 1 }, helper: 42 });
  });

  it('refuses entries that escape the folder, links, lying sizes and broken archives', async () => {
    const upload = (bytes: Buffer) =>
      codeOf(
        home.service.create({
          name: 'evil',
          runtime: 'nodejs',
          handler: 'index.handler',
          code: { kind: 'zip', bytes },
        }),
      );
    expect(await upload(zipOf([['../escaped.js', 'x']]))).toBe(codes.INVALID_CODE);
    expect(await upload(zipOf([['a/../../escaped.js', 'x']]))).toBe(codes.INVALID_CODE);
    expect(await upload(zipOf([['/etc/escaped.js', 'x']]))).toBe(codes.INVALID_CODE);
    expect(await upload(zipOf([{ name: 'link', content: '/etc/passwd', mode: 0o120777 }]))).toBe(
      codes.INVALID_CODE,
    );
    const bomb = zipOf([{ name: 'index.js', content: 'x'.repeat(100_000), declaredSize: 10 }]);
    expect(await upload(bomb)).toBe(codes.INVALID_CODE);
    expect(await upload(Buffer.from('not a zip at all'))).toBe(codes.INVALID_CODE);
    expect(await upload(zipOf([]))).toBe(codes.INVALID_CODE);
    expect(existsSync(path.join(home.home, 'tmp', 'escaped.js'))).toBe(false);
    expect(existsSync(path.join(home.home, 'escaped.js'))).toBe(false);
    expect(await codeOf(home.service.describe('evil'))).toBe(codes.FUNCTION_NOT_FOUND);
    // Nothing half-written is left behind: no object stored, no staging folder kept.
    expect(await home.code.objects.list('functions/evil/')).toEqual([]);
    expect(await readdir(path.join(home.home, 'tmp', 'code-staging'))).toEqual([]);
  });

  it('stops at the entry and byte limits on what is actually inflated', async () => {
    const target = await tempDir('fn-zip');
    const many = zipOf(Array.from({ length: 11 }, (_, i) => [`f${i}.js`, 'x'] as [string, string]));
    expect(await codeOf(extractZip(many, target, { maxEntries: 10, maxUncompressedBytes: 1000 }))).toBe(
      codes.CODE_TOO_LARGE,
    );
    const big = zipOf([['big.bin', Buffer.alloc(5000)]]);
    expect(
      await codeOf(extractZip(big, await tempDir('fn-zip'), { maxEntries: 10, maxUncompressedBytes: 4096 })),
    ).toBe(codes.CODE_TOO_LARGE);
    const duplicate = zipOf([
      ['index.js', 'a'],
      ['index.js', 'b'],
    ]);
    expect(
      await codeOf(
        extractZip(duplicate, await tempDir('fn-zip'), { maxEntries: 10, maxUncompressedBytes: 1000 }),
      ),
    ).toBe(codes.INVALID_CODE);
  });
});
