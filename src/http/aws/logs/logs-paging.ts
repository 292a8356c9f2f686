// CloudWatch Logs paging: GetLogEvents' `f/`/`b/` tokens carry the event id to continue after (forward) or before
// (backward), and a page that is empty hands the caller's token back, which is how clients see the end. The
// listing operations' `nextToken` is opaque (base64url JSON), as AWS's is.
import { invalidParameter } from './logs-wire.js';

const DIGITS = 56;

export type Direction = 'f' | 'b';

export function eventToken(direction: Direction, id: number): string {
  return `${direction}/${String(id).padStart(DIGITS, '0')}`;
}

export function parseEventToken(token: string): { direction: Direction; id: number } {
  const match = /^([fb])\/(\d{1,56})$/.exec(token);
  if (!match) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: match[1] as Direction, id: Number(match[2]) };
}

export function listToken(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function parseListToken(token: string | undefined): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through: not one of ours
  }
  throw invalidParameter('The specified nextToken is invalid.');
}
