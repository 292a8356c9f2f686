// Layer names and ARNs as Lambda reads them, and the /opt folder a function's layers make when merged in order.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HOME } from '../../../src/kernel/arn.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { isSconesError } from '../../../src/kernel/errors.js';
import { parseLayerName, parseLayerVersionArn } from '../../../src/modules/functions/index.js';
import { mergedLayers } from '../../../src/modules/functions/layers/layer-merge.js';
import { DiskFileCache } from '../../../src/platform/file-cache/disk/disk-file-cache.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSconesError(error) ? error.code : 'not a SconesError';
  }
  return undefined;
}

describe('layer names and ARNs', () => {
  it("reads a name or this server's layer ARN; another account's layer does not exist here", () => {
    expect(parseLayerName('my_layer-1', DEFAULT_HOME)).toBe('my_layer-1');
    expect(parseLayerName('arn:aws:lambda:us-east-1:000000000000:layer:tools', DEFAULT_HOME)).toBe('tools');
    expect(
      code(() => parseLayerName('arn:aws:lambda:us-east-1:111111111111:layer:tools', DEFAULT_HOME)),
    ).toBe('FUNCTIONS_LAYER_NOT_FOUND');
    expect(code(() => parseLayerName('bad name', DEFAULT_HOME))).toBe('FUNCTIONS_VALIDATION_FAILED');
  });

  it('needs a version in a layer version ARN', () => {
    expect(parseLayerVersionArn('arn:aws:lambda:us-east-1:000000000000:layer:tools:3', DEFAULT_HOME)).toEqual(
      {
        name: 'tools',
        version: 3,
      },
    );
    expect(
      parseLayerVersionArn('arn:aws:lambda:eu-west-1:000000000000:layer:tools:3', DEFAULT_HOME),
    ).toBeUndefined();
    expect(
      code(() => parseLayerVersionArn('arn:aws:lambda:us-east-1:000000000000:layer:tools', DEFAULT_HOME)),
    ).toBe('FUNCTIONS_INVALID_PARAMETER');
  });
});

describe('merged layers', () => {
  it("lays layers in order, a later layer replacing an earlier one's files, once per set", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'scones-layers-'));
    dirs.push(root);
    const layer = async (name: string, files: Record<string, string>) => {
      const dir = path.join(root, 'content', name);
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      return dir;
    };
    const first = await layer('a', { 'python/shared.py': 'A', 'python/only_a.py': 'a' });
    const second = await layer('b', { 'python/shared.py': 'B' });
    const cache = new DiskFileCache({
      root: path.join(root, 'cache'),
      maxBytes: 1 << 20,
      clock: systemClock,
    });
    const opt = await mergedLayers(cache, [first, second]);
    expect(await readFile(path.join(opt, 'python/shared.py'), 'utf8')).toBe('B');
    expect(await readFile(path.join(opt, 'python/only_a.py'), 'utf8')).toBe('a');
    expect(await mergedLayers(cache, [first, second])).toBe(opt);
    const reversed = await mergedLayers(cache, [second, first]);
    expect(await readFile(path.join(reversed, 'python/shared.py'), 'utf8')).toBe('A');
  });
});
