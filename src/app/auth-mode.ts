// Whether the server authenticates requests: `server.auth` on/off, or auto (on unless it listens on loopback only).
import { isIP } from 'node:net';

export function authEnabled(server: {
  readonly host: string;
  readonly auth: 'auto' | 'on' | 'off';
}): boolean {
  if (server.auth !== 'auto') return server.auth === 'on';
  return !isLoopback(server.host);
}

/** 127.0.0.0/8, ::1 and `localhost`; every other address (0.0.0.0 included) is reachable from the network. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (bare.startsWith('::ffff:')) return isLoopback(bare.slice('::ffff:'.length));
  return isIP(bare) === 4 && bare.startsWith('127.');
}
