// Settings: defaults < config file < environment < flags, validated once, frozen.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-config-'));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('applies defaults and derives absolute state paths', () => {
    const config = loadConfig({ cwd, env: {} });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.data).toMatchObject({ bucket: 'scones', classes: ['bicycle', 'motorcycle'] });
    expect(config.paths.objects).toBe(path.join(cwd, '.scones', 'objects'));
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('layers the config file, then environment variables, then flags', async () => {
    await writeFile(
      path.join(cwd, 'scones.config.json'),
      JSON.stringify({ server: { port: 9000, host: '0.0.0.0' }, data: { bucket: 'file-bucket' } }),
    );
    const config = loadConfig({
      cwd,
      env: { SCONES_PORT: '9100', SCONES_HOME: '/tmp/h', SCONES_BUCKET: 'env-bucket' },
      overrides: { 'server.port': 9200 },
    });
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 9200 });
    expect(config.data.bucket).toBe('env-bucket');
    expect(config.paths.home).toBe('/tmp/h');
    expect(config.configFile).toBe(path.join(cwd, 'scones.config.json'));
  });

  it('names every wrong setting and what is allowed', async () => {
    try {
      loadConfig({ cwd, env: { SCONES_PORT: '70000', SCONES_LOG_FORMAT: 'xml' } });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toMatch(/server\.port: must be <= 65535 \(got 70000\)/);
      expect((error as Error).message).toMatch(
        /log\.format: must be one of "auto", "json", "pretty" \(got "xml"\)/,
      );
    }
  });

  it('refuses an unreadable config file and a missing SCONES_CONFIG', async () => {
    await writeFile(path.join(cwd, 'scones.config.json'), '{ not json');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/cannot read config file/);
    expect(() => loadConfig({ cwd, env: { SCONES_CONFIG: 'missing.json' } })).toThrow(/does not exist/);
  });
});
