// functions.isolation: what each setting amounts to on this machine, as `scones config` shows it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { isolationInForce } from '../../../src/cli/commands/config.js';

const config = (settings: Record<string, unknown>) =>
  loadConfig({ env: { SCONES_HOME: '/nonexistent-home' }, cwd: '/', overrides: settings });

describe('functions.isolation', () => {
  it('defaults to auto, which is the sandbox where bubblewrap works (CI and this machine)', async () => {
    expect(config({}).functions.isolation).toBe('auto');
    const inForce = await isolationInForce(config({ 'server.auth': 'on' }));
    expect(inForce.mode).toBe('sandbox');
  });

  it('runs plain processes only when asked, and says what that means', async () => {
    const inForce = await isolationInForce(config({ 'functions.isolation': 'process' }));
    expect(inForce.mode).toBe('process');
    expect(inForce.notes.join(' ')).toMatch(/server's own user/);
  });

  it('is set by SCONES_FUNCTIONS_ISOLATION and refuses unknown modes', () => {
    const fromEnv = loadConfig({ env: { SCONES_FUNCTIONS_ISOLATION: 'process' }, cwd: '/' });
    expect(fromEnv.functions.isolation).toBe('process');
    expect(() => config({ 'functions.isolation': 'none' })).toThrow(/functions\.isolation/);
  });
});
