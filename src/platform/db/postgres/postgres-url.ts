// Reading a postgres:// URL for messages: where it points, never its password.
import { dbError } from '../errors.js';

export interface PostgresTarget {
  /** Host name, or the socket folder given as `?host=/path`. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The URL with the password replaced by `***`. */
  readonly redacted: string;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw dbError('INVALID_URL', `not a valid URL: ${redactPassword(url)}`);
  }
  if (!isPostgresUrl(url)) throw dbError('INVALID_URL', `not a postgres:// URL: ${redactPassword(url)}`);
  const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
  if (!host) throw dbError('INVALID_URL', `no host in ${redactPassword(url)}`);
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
  if (parsed.password) parsed.password = '***';
  return { host, port, database, redacted: parsed.toString() };
}

/** Hides the password of a URL-shaped string even when it does not parse. */
export function redactPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
