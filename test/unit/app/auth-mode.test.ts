// server.auth: on/off as set, and auto = on unless the server listens on loopback only.
import { describe, expect, it } from 'vitest';
import { authEnabled, isLoopback } from '../../../src/app/auth-mode.js';
import { loadConfig } from '../../../src/app/config.js';

describe('auth mode', () => {
  it('defaults to auto, settable by SCONES_AUTH and flags', () => {
    expect(loadConfig({ cwd: '/tmp', env: {} }).server.auth).toBe('auto');
    expect(loadConfig({ cwd: '/tmp', env: { SCONES_AUTH: 'on' } }).server.auth).toBe('on');
    expect(() => loadConfig({ cwd: '/tmp', env: { SCONES_AUTH: 'maybe' } })).toThrow(/server.auth/);
  });

  it('auto is off on loopback addresses and on for every other host', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '', '10.0.0.5', 'scones.example.com', '128.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
    expect(authEnabled({ host: '0.0.0.0', auth: 'auto' })).toBe(true);
    expect(authEnabled({ host: '127.0.0.1', auth: 'auto' })).toBe(false);
    expect(authEnabled({ host: '0.0.0.0', auth: 'off' })).toBe(false);
    expect(authEnabled({ host: '127.0.0.1', auth: 'on' })).toBe(true);
  });
});
